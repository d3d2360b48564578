//! Hiring on the panel score and outcomes.csv: the top [`HIRE_SHARE`] on S are hired (ties broken by
//! a random key); hires whose onsite falls in the last [`PENDING_SHARE`] of the span have no outcome yet.

use anyhow::Result;
use std::io::Write;

use super::scorecards::Drawn;
use super::{push_id, Acc, Chunked, Setup, HIRE_SHARE, PENDING_SHARE};

/// Who was hired.
pub(super) struct Hiring {
    /// Per candidate.
    pub hired: Vec<bool>,
    /// Number hired.
    pub n_hire: usize,
}

/// What a naive analysis of the hires sees (range-restricted validity sums).
#[derive(Default)]
pub(super) struct HireSums {
    /// Hires whose outcome is known.
    pub known: usize,
    /// Question score with perf_rating_12m among them.
    pub perf: [Acc; 10],
    /// S with perf_rating_12m among them.
    pub panel_perf: Acc,
}

/// Hires the top [`HIRE_SHARE`] of candidates on S, ties broken by `ties`.
pub(super) fn hire(panel: &[f64], ties: &[u32]) -> Hiring {
    let n = panel.len();
    let n_hire = ((n as f64) * HIRE_SHARE).round() as usize;
    let mut hired = vec![false; n];
    if n_hire > 0 {
        let mut idx: Vec<u32> = (0..n as u32).collect();
        let cmp = |&x: &u32, &y: &u32| {
            let (x, y) = (x as usize, y as usize);
            panel[y].total_cmp(&panel[x]).then(ties[y].cmp(&ties[x]))
        };
        if n_hire < n {
            idx.select_nth_unstable_by(n_hire - 1, cmp);
        }
        for &i in &idx[..n_hire] {
            hired[i as usize] = true;
        }
    }
    Hiring { hired, n_hire }
}

/// Writes outcomes.csv (one row per candidate; outcomes only for hires whose outcome is known) and
/// returns the hires' validity sums.
pub(super) fn write<W: Write>(
    setup: &Setup,
    days: &[u16],
    drawn: &Drawn,
    hiring: &Hiring,
    w: W,
) -> Result<HireSums> {
    let pending_from = ((setup.span as f64) * (1.0 - PENDING_SHARE)).ceil() as usize;
    let c_width = super::digits(setup.n as u64).max(7);
    let mut ow = Chunked::new(w, "outcomes.csv");
    ow.buf.extend_from_slice(b"candidate_id,hired,perf_rating_12m,retained_12m\n");
    let mut sums = HireSums::default();
    for (c, &day) in days.iter().enumerate() {
        push_id(&mut ow.buf, b'C', c as u64 + 1, c_width);
        if !hiring.hired[c] {
            ow.buf.extend_from_slice(b",false,,\n");
        } else if (day as usize) >= pending_from && setup.span > 1 {
            ow.buf.extend_from_slice(b",true,,\n");
        } else {
            let tenths = drawn.perf_ret[c] & 0x7f;
            ow.buf.extend_from_slice(b",true,");
            ow.buf.extend_from_slice(&[b'0' + tenths / 10, b'.', b'0' + tenths % 10]);
            ow.buf.extend_from_slice(if drawn.perf_ret[c] & 0x80 != 0 { b",true\n" } else { b",false\n" });
            sums.add(&drawn.scores[c], drawn.panel[c], tenths as f64 / 10.0);
        }
        ow.maybe_flush()?;
    }
    ow.finish()?;
    Ok(sums)
}

impl HireSums {
    /// Adds a hire with a known outcome: question scores (0: not rated), S and perf_rating_12m.
    fn add(&mut self, scores: &[u8; 10], panel: f64, perf: f64) {
        self.known += 1;
        for (qi, &s) in scores.iter().enumerate() {
            if s != 0 {
                self.perf[qi].add(s as f64, perf);
            }
        }
        if panel.is_finite() {
            self.panel_perf.add(panel, perf);
        }
    }
}
