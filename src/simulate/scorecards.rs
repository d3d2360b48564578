//! The simulated loop, candidate by candidate, in date order: the candidate's latent traits, one
//! scorecard per round (streamed into scorecards.csv), then the candidate's outcome. What hiring and
//! the truth need later is kept per candidate ([`Drawn`]) and in running sums ([`PoolSums`]).

use anyhow::Result;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;
use std::io::Write;

use super::pools::{Iv, Pools};
use super::{
    digits, push_id, Acc, Chunked, QuestionSpec, RetentionCut, RoundSpec, Setup, DISAGREE_FACTOR,
    HALO_NOISE_FACTOR, HALO_SCALE, HALO_SD, MISSING_RATE, NOISE_SD, PERF_ABILITY, PERF_CENTER, PERF_NOISE,
    PERF_SCALE, QUESTIONS, REC_CUTS, REC_LABELS, REC_NOISE_SD, RETAIN_ABILITY, RETAIN_INTERCEPT, ROUNDS,
    SCALE_CENTER, SCALE_FACTOR, SKIP_JUDGMENT_RATE,
};

/// What the loop keeps per candidate (index = candidate) for hiring and outcomes.csv.
pub(super) struct Drawn {
    /// Panel score S: mean of the candidate's question scores (−∞ without any rating).
    pub panel: Vec<f64>,
    /// Random key that breaks ties in the hiring order.
    pub ties: Vec<u32>,
    /// Score per question (0: not rated).
    pub scores: Vec<[u8; 10]>,
    /// perf_rating_12m in tenths, with bit 7 set when retained.
    pub perf_ret: Vec<u8>,
}

/// Full-pool sums for the true validities, before non-hires' outcomes are hidden.
#[derive(Default)]
pub(super) struct PoolSums {
    /// Question score with perf_rating_12m.
    pub perf: [Acc; 10],
    /// S with perf_rating_12m.
    pub panel_perf: Acc,
    /// Question score with retained_12m (point-biserial).
    pub retention: [Acc; 10],
    /// S with retained_12m.
    pub panel_retention: Acc,
    /// Candidates retained.
    pub retained: f64,
}

/// What the loop returns.
pub(super) struct Written {
    /// Per-candidate records.
    pub drawn: Drawn,
    /// Full-pool validity sums.
    pub sums: PoolSums,
    /// Data rows of scorecards.csv.
    pub n_ratings: u64,
    /// Scorecards written.
    pub n_scorecards: u64,
}

/// One candidate's latent draws.
struct Person {
    /// Job-relevant ability a.
    ability: f64,
    /// Interview-only impression m.
    impression: f64,
    /// Position of the onsite in the date span, 0..=1.
    t: f64,
    /// Skips the judgment round.
    skip_judgment: bool,
    /// In the group rated lower by the group-gap interviewer.
    woman: bool,
}

/// One scorecard as drawn.
struct Card {
    /// Interviewer index.
    iv: usize,
    /// Score per question of the round (0: left unrated).
    scores: [u8; 3],
    /// Sum and number of the scores given.
    sum: u32,
    count: u32,
    /// Noise of the recommendation.
    rec_noise: f64,
}

impl Card {
    /// Recommendation label index: the card's mean score plus noise, cut at [`REC_CUTS`].
    fn recommendation(&self) -> usize {
        let v = self.sum as f64 / self.count as f64 + self.rec_noise;
        REC_CUTS.iter().filter(|&&cut| v >= cut).count()
    }
}

/// scorecards.csv rows, with the id widths and the running scorecard number.
struct Rows<W: Write> {
    out: Chunked<W>,
    c_width: usize,
    s_width: usize,
    prefix: Vec<u8>,
    n_scorecards: u64,
    n_ratings: u64,
}

impl<W: Write> Rows<W> {
    fn new(w: W, n: usize) -> Rows<W> {
        let mut out = Chunked::new(w, "scorecards.csv");
        out.buf.extend_from_slice(
            b"scorecard_id,candidate_id,interviewer_id,question_id,score,interview_date,recommendation\n",
        );
        Rows {
            out,
            c_width: digits(n as u64).max(7),
            s_width: digits(4 * n as u64).max(6),
            prefix: Vec::with_capacity(64),
            n_scorecards: 0,
            n_ratings: 0,
        }
    }

    /// Appends one row per rated question of `card` (candidate `c`, interviewer `iv`, onsite `date`).
    fn push(&mut self, c: usize, iv: &Iv, round: &RoundSpec, card: &Card, date: &[u8; 10]) {
        self.n_scorecards += 1;
        self.n_ratings += card.count as u64;
        let rec = REC_LABELS[card.recommendation()].as_bytes();
        let p = &mut self.prefix;
        p.clear();
        push_id(p, b'S', self.n_scorecards, self.s_width);
        p.push(b',');
        push_id(p, b'C', c as u64 + 1, self.c_width);
        p.push(b',');
        p.extend_from_slice(iv.id.as_bytes());
        p.push(b',');
        let buf = &mut self.out.buf;
        for (k, &s) in card.scores.iter().enumerate().take(round.len) {
            if s == 0 {
                continue;
            }
            buf.extend_from_slice(p);
            buf.extend_from_slice(QUESTIONS[round.first + k].id.as_bytes());
            buf.push(b',');
            buf.push(b'0' + s);
            buf.push(b',');
            buf.extend_from_slice(date);
            buf.push(b',');
            buf.extend_from_slice(rec);
            buf.push(b'\n');
        }
    }
}

/// Runs the loop over every candidate (onsite day index `days[c]`), streaming scorecards.csv into `w`.
pub(super) fn write<W: Write>(
    setup: &Setup,
    days: &[u16],
    pools: &mut Pools,
    groups: &[[u8; 2]],
    rng: &mut ChaCha8Rng,
    w: W,
) -> Result<Written> {
    let n = setup.n;
    let span_den = (setup.span.max(2) - 1) as f64;
    let mut rows = Rows::new(w, n);
    let mut drawn = Drawn {
        panel: vec![f64::NEG_INFINITY; n],
        ties: vec![0u32; n],
        scores: vec![[0u8; 10]; n],
        perf_ret: vec![0u8; n],
    };
    let mut sums = PoolSums::default();
    for (c, &day) in days.iter().enumerate() {
        let day = day as usize;
        let t = if setup.span == 1 { 0.5 } else { day as f64 / span_den };
        let woman = groups.get(c).is_some_and(|g| g[0] == 0);
        let person = Person::draw(rng, t, woman);
        let (mut sum, mut cnt) = (0u32, 0u32);
        for (r, round) in ROUNDS.iter().enumerate() {
            if r == 3 && person.skip_judgment {
                continue;
            }
            let card = draw_card(rng, pools, r, &person, setup.group_gap);
            if card.count == 0 {
                continue;
            }
            let iv = &mut pools.ivs[card.iv];
            iv.n_scorecards += 1;
            iv.n_ratings += card.count as u64;
            rows.push(c, iv, round, &card, &setup.dates[day]);
            for (k, &s) in card.scores.iter().enumerate().take(round.len) {
                if s != 0 {
                    drawn.scores[c][round.first + k] = s;
                }
            }
            sum += card.sum;
            cnt += card.count;
        }
        rows.out.maybe_flush()?;
        let (tenths, retained) = draw_outcome(rng, person.ability, setup.retention);
        drawn.perf_ret[c] = tenths | if retained { 0x80 } else { 0 };
        drawn.ties[c] = rng.random::<u32>();
        if cnt > 0 {
            drawn.panel[c] = sum as f64 / cnt as f64;
        }
        let panel = (cnt > 0).then_some(drawn.panel[c]);
        sums.add(&drawn.scores[c], panel, tenths as f64 / 10.0, if retained { 1.0 } else { 0.0 });
    }
    let (n_ratings, n_scorecards) = (rows.n_ratings, rows.n_scorecards);
    rows.out.finish()?;
    Ok(Written { drawn, sums, n_ratings, n_scorecards })
}

impl PoolSums {
    /// Adds one candidate: question scores (0: not rated), S, perf_rating_12m and retained_12m (0/1).
    fn add(&mut self, scores: &[u8; 10], panel: Option<f64>, perf: f64, ret: f64) {
        self.retained += ret;
        for (qi, &s) in scores.iter().enumerate() {
            if s != 0 {
                self.perf[qi].add(s as f64, perf);
                self.retention[qi].add(s as f64, ret);
            }
        }
        if let Some(p) = panel {
            self.panel_perf.add(p, perf);
            self.panel_retention.add(p, ret);
        }
    }
}

impl Person {
    /// Draws ability, impression and whether the judgment round is skipped (in that order).
    fn draw(rng: &mut ChaCha8Rng, t: f64, woman: bool) -> Person {
        let ability: f64 = rng.sample(StandardNormal);
        let impression: f64 = rng.sample(StandardNormal);
        let skip_judgment = rng.random::<f64>() < SKIP_JUDGMENT_RATE;
        Person { ability, impression, t, skip_judgment, woman }
    }

    /// The signal question `q` carries about this candidate: `λ_q·a + μ_q·m`.
    fn signal(&self, q: &QuestionSpec) -> f64 {
        q.ability * self.ability + q.impression * self.impression
    }
}

/// Draws round `r`'s scorecard for `p`: the interviewer, the scorecard halo and recommendation noise,
/// then per question the noise and whether it is left unrated.
fn draw_card(rng: &mut ChaCha8Rng, pools: &Pools, r: usize, p: &Person, group_gap: f64) -> Card {
    let round = &ROUNDS[r];
    let ii = pools.pick(r, rng);
    let halo = HALO_SD * rng.sample::<f64, _>(StandardNormal);
    let rec_noise = REC_NOISE_SD * rng.sample::<f64, _>(StandardNormal);
    let iv = &pools.ivs[ii];
    let mut len = iv.leniency_at(p.t);
    if pools.gap == Some(ii) && p.woman {
        len -= group_gap;
    }
    let questions = &QUESTIONS[round.first..round.first + round.len];
    // A halo interviewer rates the scorecard's mean signal on every question.
    let card_signal = questions.iter().map(|q| p.signal(q)).sum::<f64>() / round.len as f64;
    let mut card = Card { iv: ii, scores: [0; 3], sum: 0, count: 0, rec_noise };
    for (slot, q) in card.scores.iter_mut().zip(questions) {
        let noise = NOISE_SD * rng.sample::<f64, _>(StandardNormal);
        let missing = rng.random::<f64>() < MISSING_RATE;
        let latent = if iv.halo {
            HALO_SCALE * (card_signal + halo) + HALO_NOISE_FACTOR * noise
        } else if iv.disagrees {
            DISAGREE_FACTOR * halo + noise
        } else {
            p.signal(q) + halo + noise
        };
        if !missing {
            let x = SCALE_CENTER + len + iv.spread * SCALE_FACTOR * latent;
            let s = x.round().clamp(1.0, 5.0) as u8;
            *slot = s;
            card.sum += s as u32;
            card.count += 1;
        }
    }
    card
}

/// Draws the outcome of a candidate with ability `a`: perf_rating_12m in tenths and retained_12m.
fn draw_outcome(rng: &mut ChaCha8Rng, a: f64, retention: Option<RetentionCut>) -> (u8, bool) {
    let e: f64 = rng.sample(StandardNormal);
    let z: f64 = rng.sample(StandardNormal);
    let perf_latent = PERF_CENTER + PERF_SCALE * (PERF_ABILITY * a + PERF_NOISE * e);
    let tenths = (perf_latent * 10.0).round().clamp(10.0, 50.0) as u8;
    let retained = match retention {
        None => RETAIN_INTERCEPT + RETAIN_ABILITY * a + z > 0.0,
        Some(r) => r.link * a + r.rest * z > r.cut,
    };
    (tenths, retained)
}
