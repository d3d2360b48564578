//! The two graphs the interviewer statistics rely on (docs/methods.md, "Interviewers"):
//! connected components of the candidate–interviewer graph, and interviewer peer groups —
//! interviewers linked through the questions they ask.

use serde::Serialize;

use crate::dataset::Dataset;

/// Disjoint-set forest with path halving and union by size.
#[derive(Debug, Clone)]
pub struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    /// `n` singletons.
    pub fn new(n: usize) -> Self {
        UnionFind { parent: (0..n as u32).collect(), size: vec![1; n] }
    }

    /// The root of `x`.
    pub fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = self.parent[x as usize];
        }
        x
    }

    /// Joins the sets of `a` and `b`.
    pub fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        let (big, small) = if self.size[ra as usize] >= self.size[rb as usize] { (ra, rb) } else { (rb, ra) };
        self.parent[small as usize] = big;
        self.size[big as usize] += self.size[small as usize];
    }

    /// Dense labels `0..k` per element, numbered by decreasing set size (ties by first element).
    pub fn labels(&mut self) -> (Vec<u32>, Vec<usize>) {
        let n = self.parent.len();
        let roots: Vec<u32> = (0..n as u32).map(|x| self.find(x)).collect();
        let mut sizes: Vec<(usize, u32)> = Vec::new();
        let mut seen = vec![u32::MAX; n];
        for (x, &r) in roots.iter().enumerate() {
            if seen[r as usize] == u32::MAX {
                seen[r as usize] = sizes.len() as u32;
                sizes.push((0, x as u32));
            }
            sizes[seen[r as usize] as usize].0 += 1;
        }
        let mut order: Vec<usize> = (0..sizes.len()).collect();
        order.sort_by(|&a, &b| sizes[b].0.cmp(&sizes[a].0).then(sizes[a].1.cmp(&sizes[b].1)));
        let mut rank = vec![0u32; sizes.len()];
        for (new, &old) in order.iter().enumerate() {
            rank[old] = new as u32;
        }
        let labels = roots.iter().map(|&r| rank[seen[r as usize] as usize]).collect();
        let counts = order.iter().map(|&o| sizes[o].0).collect();
        (labels, counts)
    }
}

/// Graph structure of a data set.
#[derive(Debug, Clone, Serialize)]
pub struct Design {
    /// Component of each interviewer in the candidate–interviewer graph (0 = largest).
    pub component_of_interviewer: Vec<u32>,
    /// Interviewers per component, largest first.
    pub component_interviewers: Vec<usize>,
    /// Candidates per component, same order.
    pub component_candidates: Vec<usize>,
    /// Peer group of each interviewer (linked by shared questions; 0 = largest).
    pub peer_group_of_interviewer: Vec<u32>,
    /// Interviewers per peer group, largest first.
    pub peer_group_sizes: Vec<usize>,
}

impl Design {
    /// Components with at least one interviewer. A candidate whose every row was dropped (after its id
    /// was read) is a component of its own with no interviewer; it links nothing and is not counted.
    pub fn components(&self) -> usize {
        self.component_interviewers.iter().filter(|&&n| n > 0).count()
    }

    /// Builds both graphs in one pass over the ratings: O(ratings · α).
    pub fn of(ds: &Dataset) -> Design {
        let (nc, ni, nq) = (ds.candidates.len(), ds.interviewers.len(), ds.questions.len());
        // Candidate–interviewer graph: nodes are interviewers then candidates.
        let mut ci = UnionFind::new(ni + nc);
        for s in 0..ds.scorecards.len() {
            ci.union(ds.scorecards.interviewer[s], (ni + ds.scorecards.candidate[s] as usize) as u32);
        }
        let (labels, _) = ci.labels();
        let k = labels.iter().copied().max().map_or(0, |m| m as usize + 1);
        let mut comp_i = vec![0usize; k];
        let mut comp_c = vec![0usize; k];
        for (x, &l) in labels.iter().enumerate() {
            if x < ni {
                comp_i[l as usize] += 1;
            } else {
                comp_c[l as usize] += 1;
            }
        }
        // Interviewer–question graph: nodes are interviewers then questions.
        let mut iq = UnionFind::new(ni + nq);
        let r = &ds.ratings;
        for k in 0..r.len() {
            iq.union(r.interviewer[k], (ni + r.question[k] as usize) as u32);
        }
        // Label only the interviewer nodes, numbered by interviewer count.
        let roots: Vec<u32> = (0..ni as u32).map(|x| iq.find(x)).collect();
        let mut uf = UnionFind::new(ni);
        let mut first_of_root: std::collections::HashMap<u32, u32> = Default::default();
        for (x, &root) in roots.iter().enumerate() {
            let f = *first_of_root.entry(root).or_insert(x as u32);
            uf.union(f, x as u32);
        }
        let (peer, peer_sizes) = uf.labels();
        Design {
            component_of_interviewer: labels[..ni].to_vec(),
            component_interviewers: comp_i,
            component_candidates: comp_c,
            peer_group_of_interviewer: peer,
            peer_group_sizes: peer_sizes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_find_labels_by_size() {
        let mut u = UnionFind::new(6);
        u.union(4, 5);
        u.union(5, 3);
        u.union(0, 1);
        let (l, c) = u.labels();
        assert_eq!(c, vec![3, 2, 1]);
        assert_eq!(l[3], 0);
        assert_eq!(l[4], 0);
        assert_eq!(l[0], 1);
        assert_eq!(l[2], 2);
    }
}
