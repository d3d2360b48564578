//! Generalizability theory for the panel (docs/generalizability.md, `panel.generalizability`):
//! how much of the score variance is the candidate, and how much is interviewers disagreeing or
//! questions sampling different skills; then the D-study: the reliability of any number of questions
//! and interviewers, and the smallest designs reaching the target.
//!
//! Steps: detect the design from the data ([`detect`]: `nested` when every interviewer rates a single
//! question, else `crossed`); switch off components the data cannot separate from the residual (e.g.
//! candidate × question when no candidate hears a question from two interviewers: then it is folded into
//! the residual and listed in `not_estimable`); estimate by ANOVA expected mean squares when the data are
//! balanced (Brennan 2001) and by sparse REML otherwise (`stats::reml`); set negative estimates to 0
//! (listed in `zeroed`); compute the D-study grid and the panel's G as staffed (Putka et al. 2008).

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::collections::HashMap;

use crate::dataset::ByCandidate;
use crate::dataset::Dataset;
use crate::stats::gtheory::{
    self, anova_crossed, anova_nested, clamp_negative, coefficients, Components, DCell, GDesign,
};
use crate::stats::reml::{self, Effects, RemlError};

/// Options of the G study.
#[derive(Debug, Clone, Copy)]
pub struct GOptions {
    /// Reliability target for the smallest designs (default .80).
    pub target: f64,
    /// D-study questions 1..=max_questions (12).
    pub max_questions: usize,
    /// D-study interviewers 1..=max_interviewers (6).
    pub max_interviewers: usize,
    /// Largest dense system of shared levels (questions + interviewers + question–interviewer pairs) REML
    /// accepts; beyond it the components are not estimated and the output says why.
    pub max_shared_levels: usize,
    /// Most candidates REML uses; above it, a fixed pseudo-random subset of candidates (all their
    /// ratings) is used, so the cost stays bounded: the dense REML step grew from seconds at 2,000
    /// candidates to about a minute at 10,000 (issue 19's growth curve). 3,000 candidates estimate the
    /// variance components to a few hundredths (tests/generalizability.rs recovers them from a
    /// subsample); `n_candidates_estimated` says how many were used.
    pub max_reml_candidates: usize,
}

impl Default for GOptions {
    fn default() -> Self {
        GOptions {
            target: 0.80,
            max_questions: 12,
            max_interviewers: 6,
            max_shared_levels: 800,
            max_reml_candidates: 3_000,
        }
    }
}

/// One variance component.
#[derive(Debug, Clone, Serialize)]
pub struct Component {
    /// Estimated variance (score points²); `null` when the data cannot separate it from the residual.
    pub variance: Option<f64>,
    /// Share of the total variance of a single rating.
    pub share: Option<f64>,
    /// The estimate was negative and is reported as 0.
    pub zeroed: bool,
    /// Whether the data can estimate it (false: folded into `residual`).
    pub estimable: bool,
}

/// Components in the design's order, serialized as a JSON object keyed by component name.
#[derive(Debug, Clone)]
pub struct ComponentMap(pub Vec<(&'static str, Component)>);

impl ComponentMap {
    /// The component called `name`.
    pub fn get(&self, name: &str) -> Option<&Component> {
        self.0.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }
}

impl Serialize for ComponentMap {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// One D-study design.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct DStudyCell {
    /// Questions (each interviewer asks them all when crossed).
    pub questions: usize,
    /// Interviewers (crossed design).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interviewers: Option<usize>,
    /// Interviewers per question (nested design).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interviewers_per_question: Option<usize>,
    /// G (relative, Eρ²): reliability for ranking candidates.
    pub g: Option<f64>,
    /// Phi (absolute): reliability for comparing a candidate with a fixed bar.
    pub phi: Option<f64>,
}

impl DStudyCell {
    fn of(c: &DCell, design: GDesign) -> DStudyCell {
        let nested = design == GDesign::Nested;
        DStudyCell {
            questions: c.questions,
            interviewers: (!nested).then_some(c.interviewers),
            interviewers_per_question: nested.then_some(c.interviewers),
            g: c.g,
            phi: c.phi,
        }
    }

    /// Interviewers (per question when nested).
    pub fn n_interviewers(&self) -> usize {
        self.interviewers.or(self.interviewers_per_question).unwrap_or(0)
    }
}

/// The design as actually staffed.
#[derive(Debug, Clone, Serialize)]
pub struct CurrentDesign {
    /// Mean number of questions an interviewer rated per candidate (crossed) or questions per candidate
    /// (nested).
    pub questions: f64,
    /// Mean number of interviewers per candidate (crossed) or per candidate and question (nested).
    pub interviewers: f64,
    /// D-study G at those sizes (rounded to whole numbers).
    pub g: Option<f64>,
    /// D-study Phi at those sizes.
    pub phi: Option<f64>,
    /// Putka et al. (2008) G(q,k) of candidates' panel scores as staffed: shared interviewers and questions
    /// cancel between candidates who share them.
    pub g_qk: Option<f64>,
}

/// `panel.generalizability`.
#[derive(Debug, Clone, Serialize)]
pub struct Generalizability {
    /// `crossed` or `nested`.
    pub design: &'static str,
    /// Why that design was detected.
    pub design_reason: String,
    /// `anova` (balanced data, expected mean squares) or `reml`.
    pub method: &'static str,
    /// Ratings used.
    pub n_ratings: usize,
    /// Candidates with ratings.
    pub n_candidates: usize,
    /// Candidates whose ratings REML used (all of them up to `max_reml_candidates`, 3,000 by default;
    /// above, a fixed pseudo-random subset).
    pub n_candidates_estimated: usize,
    /// The variance components.
    pub components: ComponentMap,
    /// Components whose estimate was negative and is reported as 0.
    pub zeroed: Vec<&'static str>,
    /// Components the data cannot separate from the residual (folded into `residual`).
    pub not_estimable: Vec<&'static str>,
    /// Reliability target of `reaching_target`.
    pub target: f64,
    /// G and Phi for every 1–12 questions × 1–6 interviewers.
    pub d_study: Vec<DStudyCell>,
    /// For each number of interviewers, the fewest questions whose G reaches the target.
    pub reaching_target: Vec<DStudyCell>,
    /// The design as staffed.
    pub current: CurrentDesign,
}

/// Why no G study could be made.
#[derive(Debug, Clone, Serialize)]
pub struct NotEstimated {
    /// The reason, in words.
    pub reason: String,
}

/// The detected design and its reason.
pub fn detect(ds: &Dataset) -> (GDesign, String) {
    let r = &ds.ratings;
    let mut first_q: Vec<u32> = vec![u32::MAX; ds.interviewers.len()];
    let mut multi = 0usize;
    let mut seen = vec![false; ds.interviewers.len()];
    for j in 0..r.len() {
        let i = r.interviewer[j] as usize;
        if i >= first_q.len() {
            continue;
        }
        if first_q[i] == u32::MAX {
            first_q[i] = r.question[j];
        } else if first_q[i] != r.question[j] && !seen[i] {
            seen[i] = true;
            multi += 1;
        }
    }
    if multi == 0 {
        (
            GDesign::Nested,
            "every interviewer rates a single question, so interviewers are nested in questions".into(),
        )
    } else {
        (
            GDesign::Crossed,
            format!(
                "{multi} interviewers rate more than one question, so interviewers and questions are crossed"
            ),
        )
    }
}

/// The scored ratings in dense codes, each numbered in order of first use, with the numbers of levels.
struct Codes {
    c: Vec<u32>,
    q: Vec<u32>,
    i: Vec<u32>,
    y: Vec<f64>,
    nc: usize,
    nq: usize,
    ni: usize,
}

/// Dense codes in order of first use, through a lookup table over the original codes.
struct FirstUse {
    table: Vec<u32>,
    n: u32,
}

impl FirstUse {
    fn new(levels: usize) -> FirstUse {
        FirstUse { table: vec![u32::MAX; levels], n: 0 }
    }

    /// The dense code of `x` (a new one the first time `x` is seen).
    #[inline]
    fn code(&mut self, x: u32) -> u32 {
        let x = x as usize;
        if x >= self.table.len() {
            self.table.resize(x + 1, u32::MAX);
        }
        let t = &mut self.table[x];
        if *t == u32::MAX {
            *t = self.n;
            self.n += 1;
        }
        *t
    }
}

/// One pass over the ratings: those with a finite score, in dense codes.
fn codes(ds: &Dataset) -> Codes {
    let r = &ds.ratings;
    let (mut fc, mut fq, mut fi) = (
        FirstUse::new(ds.candidates.len()),
        FirstUse::new(ds.questions.len()),
        FirstUse::new(ds.interviewers.len()),
    );
    let n = r.len();
    let (mut c, mut q, mut i, mut y) =
        (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
    for j in 0..n {
        if r.score[j].is_finite() {
            c.push(fc.code(r.candidate[j]));
            q.push(fq.code(r.question[j]));
            i.push(fi.code(r.interviewer[j]));
            y.push(r.score[j]);
        }
    }
    Codes { c, q, i, y, nc: fc.n as usize, nq: fq.n as usize, ni: fi.n as usize }
}

/// What one pass over each candidate's ratings tells: which candidate interactions the data can separate
/// from the residual, and the distinct cells of the design as staffed.
struct Staffing {
    /// Some candidate hears a question from two interviewers (candidate × question is estimable).
    question_twice: bool,
    /// Some candidate's interviewer rates two questions (candidate × interviewer is estimable).
    interviewer_twice: bool,
    /// Distinct (candidate, interviewer) cells.
    ci: usize,
    /// Distinct (candidate, question) cells.
    cq: usize,
    /// Distinct (candidate, question, interviewer) cells.
    cqi: usize,
}

impl Staffing {
    fn of(by_c: &ByCandidate, q: &[u32], i: &[u32]) -> Staffing {
        let mut s = Staffing { question_twice: false, interviewer_twice: false, ci: 0, cq: 0, cqi: 0 };
        let mut rows: Vec<(u32, u32)> = Vec::with_capacity(64);
        for k in 0..by_c.starts().len() - 1 {
            rows.clear();
            rows.extend(by_c.ratings(k).iter().map(|&j| (q[j as usize], i[j as usize])));
            // By question: distinct questions and cells; a question with two interviewers.
            rows.sort_unstable();
            for (n, w) in rows.iter().enumerate() {
                let prev = n.checked_sub(1).map(|p| rows[p]);
                if prev.is_none_or(|p| p.0 != w.0) {
                    s.cq += 1;
                }
                if prev != Some(*w) {
                    s.cqi += 1;
                    s.question_twice |= prev.is_some_and(|p| p.0 == w.0);
                }
            }
            // By interviewer: distinct interviewers; an interviewer with two questions.
            rows.sort_unstable_by_key(|w| (w.1, w.0));
            for (n, w) in rows.iter().enumerate() {
                let prev = n.checked_sub(1).map(|p| rows[p]);
                if prev.is_none_or(|p| p.1 != w.1) {
                    s.ci += 1;
                } else if prev.is_some_and(|p| p.0 != w.0) {
                    s.interviewer_twice = true;
                }
            }
        }
        s
    }
}

/// Whether some question × interviewer cell holds ratings of two different candidates (so the
/// question × interviewer effect is estimable). A dense table of each cell's first candidate when the
/// cells are few enough, else a hash map.
fn pair_has_two_candidates(c: &[u32], q: &[u32], i: &[u32], nq: usize, ni: usize) -> bool {
    if nq.saturating_mul(ni) > 1 << 22 {
        return some_key_has_two(q, i, c);
    }
    let mut first = vec![u32::MAX; nq * ni];
    for j in 0..c.len() {
        let f = &mut first[q[j] as usize * ni + i[j] as usize];
        if *f == u32::MAX {
            *f = c[j];
        } else if *f != c[j] {
            return true;
        }
    }
    false
}

/// Counts of cells with ≥ 2 distinct values of a third code: "some key has two different partners".
fn some_key_has_two(a: &[u32], b: &[u32], partner: &[u32]) -> bool {
    let mut first: HashMap<(u32, u32), u32> = HashMap::new();
    for j in 0..a.len() {
        match first.get(&(a[j], b[j])) {
            Some(&p) if p != partner[j] => return true,
            Some(_) => {}
            None => {
                first.insert((a[j], b[j]), partner[j]);
            }
        }
    }
    false
}

/// The balanced layout `y[(p·n_q + q)·n_r + r]` when every candidate has exactly one rating in every
/// cell (crossed: every question × every interviewer; nested: every question × each of its own n_r
/// interviewers).
fn balanced(
    design: GDesign,
    c: &[u32],
    q: &[u32],
    i: &[u32],
    y: &[f64],
    (nc, nq, ni): (usize, usize, usize),
) -> Option<(Vec<f64>, usize, usize, usize)> {
    let n = y.len();
    let (nr, slot): (usize, Vec<u32>) = match design {
        GDesign::Crossed => (ni, (0..ni as u32).collect()),
        GDesign::Nested => {
            // Each interviewer's question is unique; number interviewers within their question.
            let mut per_q = vec![0u32; nq];
            let mut slot = vec![u32::MAX; ni];
            for j in 0..n {
                let ii = i[j] as usize;
                if slot[ii] == u32::MAX {
                    slot[ii] = per_q[q[j] as usize];
                    per_q[q[j] as usize] += 1;
                }
            }
            let nr = per_q[0] as usize;
            if per_q.iter().any(|&k| k as usize != nr) {
                return None;
            }
            (nr, slot)
        }
    };
    if nc * nq * nr != n {
        return None;
    }
    let mut out = vec![f64::NAN; n];
    for j in 0..n {
        let k = (c[j] as usize * nq + q[j] as usize) * nr + slot[i[j] as usize] as usize;
        if !out[k].is_nan() {
            return None;
        }
        out[k] = y[j];
    }
    Some((out, nc, nq, nr))
}

/// Candidates below which a G study's components are too unstable to plan panel sizes from: the
/// report shows the numbers but gives no D-study advice (the same 30 as the fewest hires for a
/// question verdict, `[analysis] min_n`'s default).
pub const MIN_PLANNING_CANDIDATES: usize = 30;

/// Runs the G study and the D-study. `Err` says why the components could not be estimated.
///
/// Steps: the scored ratings in dense codes ([`codes`]); the design ([`detect`]); one pass per candidate
/// for what the data can separate and the design as staffed ([`Staffing`]); the components by ANOVA
/// when balanced, else by REML ([`estimate`]); the D-study and the design as staffed.
pub fn analyse(ds: &Dataset, opts: &GOptions) -> Result<Generalizability, NotEstimated> {
    let codes = codes(ds);
    let (nc, n) = (codes.nc, codes.y.len());
    if nc < 3 || n < 10 {
        return Err(NotEstimated { reason: format!("{nc} candidates and {n} ratings: too few") });
    }
    let (design, design_reason) = detect(ds);
    let nested = design == GDesign::Nested;
    let by_c = ByCandidate::of_codes(&codes.c, nc);
    let staffing = Staffing::of(&by_c, &codes.q, &codes.i);
    let (effects, not_estimable) = separable(&codes, &staffing, nested);
    let (raw, method, n_est) = estimate(&codes, design, effects, &not_estimable, opts)?;
    let (comp, zeroed) = clamp_negative(&raw, design);
    let components = component_map(&comp, design, &zeroed, &not_estimable);
    let grid = gtheory::d_study(&comp, design, opts.max_questions, opts.max_interviewers);
    let reaching = gtheory::smallest_reaching(&grid, opts.target);
    let current = current_design(design, &comp, &by_c, &staffing, &codes);
    Ok(Generalizability {
        design: if nested { "nested" } else { "crossed" },
        design_reason,
        method,
        n_ratings: n,
        n_candidates: nc,
        n_candidates_estimated: n_est,
        components,
        zeroed,
        not_estimable,
        target: opts.target,
        d_study: grid.iter().map(|x| DStudyCell::of(x, design)).collect(),
        reaching_target: reaching.iter().map(|x| DStudyCell::of(x, design)).collect(),
        current,
    })
}

/// The random effects the data can separate from the residual, and the names of those it cannot.
fn separable(codes: &Codes, staffing: &Staffing, nested: bool) -> (Effects, Vec<&'static str>) {
    let pq = staffing.question_twice;
    let pr = !nested && staffing.interviewer_twice;
    let qr = pair_has_two_candidates(&codes.c, &codes.q, &codes.i, codes.nq, codes.ni);
    let effects = Effects {
        candidate: true,
        candidate_x_question: pq,
        candidate_x_interviewer: pr,
        question: codes.nq >= 2,
        interviewer: !nested && codes.ni >= 2,
        question_x_interviewer: qr && (nested || codes.nq >= 2),
    };
    let mut not_estimable: Vec<&'static str> = Vec::new();
    if !effects.question {
        not_estimable.push("question");
    }
    if !nested && !effects.interviewer {
        not_estimable.push("interviewer");
    }
    if !effects.question_x_interviewer {
        not_estimable.push(if nested { "interviewer_within_question" } else { "question_x_interviewer" });
    }
    if !pq {
        not_estimable.push("candidate_x_question");
    }
    if !nested && !pr {
        not_estimable.push("candidate_x_interviewer");
    }
    (effects, not_estimable)
}

/// The raw variance components, the method (`anova` or `reml`) and the candidates used: ANOVA expected
/// mean squares when the data are balanced and every component is estimable, else REML on at most
/// `max_reml_candidates` candidates.
fn estimate(
    codes: &Codes,
    design: GDesign,
    effects: Effects,
    not_estimable: &[&'static str],
    opts: &GOptions,
) -> Result<(Components, &'static str, usize), NotEstimated> {
    let Codes { c, q, i, y, nc, nq, ni } = codes;
    let nc = *nc;
    let anova = balanced(design, c, q, i, y, (nc, *nq, *ni)).and_then(|(b, np, nq, nr)| match design {
        GDesign::Crossed => anova_crossed(&b, np, nq, nr),
        GDesign::Nested => anova_nested(&b, np, nq, nr),
    });
    if let Some(a) = anova.filter(|_| not_estimable.is_empty()) {
        return Ok((a.raw, "anova", nc));
    }
    let sub = subsample(c, q, i, y, nc, opts.max_reml_candidates);
    let n_est = nc.min(opts.max_reml_candidates.max(3));
    let (c, q, i, y) = match &sub {
        Some((a, b, d, e)) => (a.as_slice(), b.as_slice(), d.as_slice(), e.as_slice()),
        None => (c.as_slice(), q.as_slice(), i.as_slice(), y.as_slice()),
    };
    let fit = reml::fit(c, q, i, y, effects, opts.max_shared_levels).map_err(|e| NotEstimated {
        reason: match e {
            RemlError::TooFewRatings => "too few ratings".into(),
            RemlError::TooManyLevels(k) => format!(
                "{k} question, interviewer and question × interviewer levels exceed the {} the dense \
                 REML step accepts",
                opts.max_shared_levels
            ),
            RemlError::Singular => "the REML system is singular (constant scores?)".into(),
        },
    })?;
    let nested = design == GDesign::Nested;
    let comp = Components {
        candidate: fit.candidate,
        question: fit.question,
        interviewer: if nested { fit.question_x_interviewer } else { fit.interviewer },
        candidate_x_question: fit.candidate_x_question,
        candidate_x_interviewer: fit.candidate_x_interviewer,
        question_x_interviewer: if nested { 0.0 } else { fit.question_x_interviewer },
        residual: fit.residual,
    };
    Ok((comp, "reml", n_est))
}

/// The components as reported: variance and share when estimable, and whether zeroed.
fn component_map(
    comp: &Components,
    design: GDesign,
    zeroed: &[&'static str],
    not_estimable: &[&'static str],
) -> ComponentMap {
    let total = comp.total(design);
    ComponentMap(
        comp.named(design)
            .into_iter()
            .map(|(name, v)| {
                let estimable = !not_estimable.contains(&name);
                let share = (estimable && total > 0.0).then(|| v / total);
                (
                    name,
                    Component {
                        variance: estimable.then_some(v),
                        share,
                        zeroed: zeroed.contains(&name),
                        estimable,
                    },
                )
            })
            .collect(),
    )
}

type Long = (Vec<u32>, Vec<u32>, Vec<u32>, Vec<f64>);

/// The ratings of at most `cap` candidates, chosen by a fixed hash of their code (deterministic, no
/// relation to their scores); `None` when all candidates fit.
fn subsample(c: &[u32], q: &[u32], i: &[u32], y: &[f64], nc: usize, cap: usize) -> Option<Long> {
    let cap = cap.max(3);
    if nc <= cap {
        return None;
    }
    let mix = |x: u64| {
        let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut order: Vec<u32> = (0..nc as u32).collect();
    order.sort_unstable_by_key(|&k| (mix(k as u64), k));
    let mut keep = vec![false; nc];
    for &k in &order[..cap] {
        keep[k as usize] = true;
    }
    let (mut a, mut b, mut d, mut e) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for j in 0..c.len() {
        if keep[c[j] as usize] {
            a.push(c[j]);
            b.push(q[j]);
            d.push(i[j]);
            e.push(y[j]);
        }
    }
    Some((a, b, d, e))
}

/// Sizes of the design as staffed (from the distinct cells), its D-study coefficients and G(q,k).
fn current_design(
    design: GDesign,
    comp: &Components,
    by_c: &ByCandidate,
    staffing: &Staffing,
    codes: &Codes,
) -> CurrentDesign {
    let (ci, cq, cqi) = (staffing.ci as f64, staffing.cq as f64, staffing.cqi as f64);
    let n = codes.nc as f64;
    let (nq, nr) = match design {
        GDesign::Crossed => (cqi / ci, ci / n),
        GDesign::Nested => (cq / n, cqi / cq),
    };
    let (g, phi) = coefficients(comp, design, nq.round().max(1.0), nr.round().max(1.0));
    let qs: Vec<u32> = by_c.order().iter().map(|&j| codes.q[j as usize]).collect();
    let is: Vec<u32> = by_c.order().iter().map(|&j| codes.i[j as usize]).collect();
    let g_qk = gtheory::g_as_staffed(comp, design, by_c.starts(), &qs, &is).map(|x| x.0);
    CurrentDesign { questions: nq, interviewers: nr, g, phi, g_qk }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One pass per candidate finds what the hash-map checks found and counts the distinct cells.
    #[test]
    fn staffing_counts_cells_and_finds_the_separable_interactions() {
        // (candidate, question, interviewer): candidate 0 hears question 0 from interviewers 0 and 1;
        // candidate 1's interviewer 2 rates questions 0 and 1 (and question 1 twice).
        let rows = [(0u32, 0u32, 0u32), (1, 0, 2), (0, 0, 1), (1, 1, 2), (1, 1, 2), (2, 1, 0)];
        let c: Vec<u32> = rows.iter().map(|r| r.0).collect();
        let q: Vec<u32> = rows.iter().map(|r| r.1).collect();
        let i: Vec<u32> = rows.iter().map(|r| r.2).collect();
        let by_c = ByCandidate::of_codes(&c, 3);
        assert_eq!(by_c.starts(), [0, 2, 5, 6]);
        assert_eq!(by_c.order(), [0, 2, 1, 3, 4, 5], "stable within a candidate");
        let s = Staffing::of(&by_c, &q, &i);
        assert!(s.question_twice && s.interviewer_twice);
        assert_eq!((s.ci, s.cq, s.cqi), (4, 4, 5));
        assert_eq!(s.question_twice, some_key_has_two(&c, &q, &i));
        assert_eq!(s.interviewer_twice, some_key_has_two(&c, &i, &q));
        assert_eq!(pair_has_two_candidates(&c, &q, &i, 2, 3), some_key_has_two(&q, &i, &c));
        // Without the first rating no question is heard twice, and no cell has two candidates.
        let by_c = ByCandidate::of_codes(&c[1..], 3);
        let s = Staffing::of(&by_c, &q[1..], &i[1..]);
        assert!(!s.question_twice && s.interviewer_twice);
        assert!(!pair_has_two_candidates(&c[1..], &q[1..], &i[1..], 2, 3));
    }

    #[test]
    fn first_use_codes_follow_first_appearance() {
        let mut f = FirstUse::new(2);
        let got: Vec<u32> = [5u32, 1, 5, 0, 1, 7].iter().map(|&x| f.code(x)).collect();
        assert_eq!((got, f.n), (vec![0, 1, 0, 2, 1, 3], 4));
    }
}
