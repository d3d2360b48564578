//! The moment path of the item validities: each item's (r_xy, r_xz, r_yz) among hires from moment sums
//! of (x, y, z) = (item score, outcome, panel score), and the joint bootstrap of those sums.
//!
//! [`HireValues`] holds the hires' values, [`Moments`] the sums of one item, and [`MomentLayout`]
//! where each sum lives in a bootstrap replicate's feature sums ([`MomentFeatures`]).

use crate::stats::bootstrap::{Bootstrap, Features, Sparse};
use crate::stats::descriptive::mean;

/// Marks an item undefined in one bootstrap replicate (finite, so the bootstrap keeps the replicate for
/// the other items; filtered out of the item's own replicates afterwards).
pub(super) const UNDEFINED: f64 = f64::MAX;

/// Moment sums for correlations among (x, y, z) over one subset.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Moments {
    pub n: f64,
    pub sx: f64,
    pub sy: f64,
    pub sz: f64,
    pub sxx: f64,
    pub syy: f64,
    pub szz: f64,
    pub sxy: f64,
    pub sxz: f64,
    pub syz: f64,
}

impl Moments {
    #[inline]
    fn add(&mut self, x: f64, y: f64, z: f64) {
        self.n += 1.0;
        self.sx += x;
        self.sy += y;
        self.sz += z;
        self.sxx += x * x;
        self.syy += y * y;
        self.szz += z * z;
        self.sxy += x * y;
        self.sxz += x * z;
        self.syz += y * z;
    }

    /// Pearson r of two of the variables from their sums (`sab`, `sa`, `sb`, `saa`, `sbb`); `None` for
    /// fewer than 3 rows or a variable that does not vary.
    pub fn r(&self, sab: f64, sa: f64, sb: f64, saa: f64, sbb: f64) -> Option<f64> {
        let n = self.n;
        let cov = sab - sa * sb / n;
        let va = saa - sa * sa / n;
        let vb = sbb - sb * sb / n;
        // Zero variance, tested relative to the sums of squares (values are centred, so saa ≈ va for
        // a varying column): scale-free, so rescaling a column by 1e-7 changes nothing. A variance
        // within 1e-12 of its sum of squares is cancellation noise.
        let varies = |v: f64, ss: f64| v > 1e-12 * ss;
        if n < 3.0 || !(varies(va, saa) && varies(vb, sbb)) {
            return None;
        }
        Some((cov / (va * vb).sqrt()).clamp(-1.0, 1.0))
    }

    /// (r_xy, r_xz, r_yz).
    pub fn rs(&self) -> Option<(f64, f64, f64)> {
        Some((
            self.r(self.sxy, self.sx, self.sy, self.sxx, self.syy)?,
            self.r(self.sxz, self.sx, self.sz, self.sxx, self.szz)?,
            self.r(self.syz, self.sy, self.sz, self.syy, self.szz)?,
        ))
    }
}

/// The hires' values (H: hires with an outcome and a panel score): outcome y, panel score z and the k
/// items' scores x (`NaN` = not rated on the item), with their means over H, for centring (each
/// item's mean over the hires rated on it).
pub(super) struct HireValues {
    /// Items k.
    pub k: usize,
    /// x, hire-major: hire i's item j at `i · k + j`.
    x: Vec<f64>,
    /// Item means.
    xm: Vec<f64>,
    /// Outcome per hire.
    pub y: Vec<f64>,
    ym: f64,
    /// Panel score per hire.
    z: Vec<f64>,
    zm: f64,
}

impl HireValues {
    /// The values of hires `h` (candidate indices): `item(c, j)`, `y[c]` and the panel score.
    pub fn of<F>(h: &[usize], k: usize, item: &F, y: &[Option<f64>], panel: &[f64]) -> HireValues
    where
        F: Fn(usize, usize) -> f64,
    {
        let yh: Vec<f64> = h.iter().map(|&c| y[c].unwrap_or(f64::NAN)).collect();
        let zh: Vec<f64> = h.iter().map(|&c| panel[c]).collect();
        let (ym, zm) = (mean(&yh).unwrap_or(0.0), mean(&zh).unwrap_or(0.0));
        let x: Vec<f64> =
            h.iter().flat_map(|&c| (0..k).map(move |j| (c, j))).map(|(c, j)| item(c, j)).collect();
        let xm: Vec<f64> = (0..k)
            .map(|j| {
                let v: Vec<f64> = (0..h.len()).map(|i| x[i * k + j]).filter(|v| !v.is_nan()).collect();
                mean(&v).unwrap_or(0.0)
            })
            .collect();
        HireValues { k, x, xm, y: yh, ym, z: zh, zm }
    }

    /// Hires |H|.
    #[inline]
    pub fn len(&self) -> usize {
        self.y.len()
    }

    /// Hire i's score on item j (`NaN` when not rated).
    #[inline]
    pub fn x(&self, i: usize, j: usize) -> f64 {
        self.x[i * self.k + j]
    }

    /// The centred (y, z) of hire i.
    #[inline]
    fn yz(&self, i: usize) -> (f64, f64) {
        (self.y[i] - self.ym, self.z[i] - self.zm)
    }

    /// Each item's moment sums of centred (x, y, z) over the hires rated on it (one pass over H).
    pub fn moments(&self) -> Vec<Moments> {
        let k = self.k;
        let mut m = vec![Moments::default(); k];
        for i in 0..self.len() {
            let (yv, zv) = self.yz(i);
            for (j, mj) in m.iter_mut().enumerate() {
                let x = self.x(i, j);
                if !x.is_nan() {
                    mj.add(x - self.xm[j], yv, zv);
                }
            }
        }
        m
    }
}

/// Where each moment sum lives among a replicate's feature sums: first the [`MomentLayout::BASE`] sums
/// over all hires, then [`MomentLayout::PER_ITEM`] per item, then, per item with hires not rated on it,
/// the base sums of those hires (sparse; subtracted to get the item's own n, Σy, Σz, …).
pub(super) struct MomentLayout {
    /// Per item, the first of its missing rows' base sums (`None`: rated by every hire).
    missing_at: Vec<Option<usize>>,
}

impl MomentLayout {
    /// Base sums per hire: [1, y, z, y², z², yz].
    const BASE: usize = 6;
    /// Sums per item: [x, x², xy, xz].
    const PER_ITEM: usize = 4;
    // Base sums.
    const N: usize = 0;
    const Y: usize = 1;
    const Z: usize = 2;
    const YY: usize = 3;
    const ZZ: usize = 4;
    const YZ: usize = 5;
    // Item sums, from the item's first.
    const X: usize = 0;
    const XX: usize = 1;
    const XY: usize = 2;
    const XZ: usize = 3;

    /// The base features of a hire with centred (y, z), in [`MomentLayout::BASE`] order.
    #[inline]
    fn base_row(y: f64, z: f64) -> [f64; Self::BASE] {
        [1.0, y, z, y * y, z * z, y * z]
    }

    /// An item's features for centred (x, y, z), in [`MomentLayout::PER_ITEM`] order.
    #[inline]
    fn item_row(x: f64, y: f64, z: f64) -> [f64; Self::PER_ITEM] {
        [x, x * x, x * y, x * z]
    }

    /// Dense features for k items.
    fn dense_columns(k: usize) -> usize {
        Self::BASE + Self::PER_ITEM * k
    }

    /// The first sum of item j.
    #[inline]
    fn item(j: usize) -> usize {
        Self::BASE + Self::PER_ITEM * j
    }

    /// Item j's moment sums in replicate sums `t`: the item's own sums, and the base sums less those
    /// of the hires not rated on it.
    #[inline]
    fn moments(&self, t: &[f64], j: usize) -> Moments {
        let base = |f: usize| t[f] - self.missing_at[j].map_or(0.0, |off| t[off + f]);
        let x = Self::item(j);
        Moments {
            n: base(Self::N),
            sx: t[x + Self::X],
            sy: base(Self::Y),
            sz: base(Self::Z),
            sxx: t[x + Self::XX],
            syy: base(Self::YY),
            szz: base(Self::ZZ),
            sxy: t[x + Self::XY],
            sxz: t[x + Self::XZ],
            syz: base(Self::YZ),
        }
    }
}

/// The joint bootstrap's features for the moment (Case III) path. A replicate is one sequential pass
/// over H weighted by the resample counts: the base sums once, the item sums per item (missing x
/// stored as 0), then per item the base sums of the rows where it is missing are taken out again
/// (sparse features: most hires are rated on most items). No index array, no allocation per replicate.
pub(super) struct MomentFeatures {
    x: Features,
    layout: MomentLayout,
}

impl MomentFeatures {
    /// The features of `hires`, column-major, laid out as [`MomentLayout`] says.
    pub fn new(hires: &HireValues) -> Self {
        let (nh, k) = (hires.len(), hires.k);
        let x0 = |i: usize, j: usize| {
            let x = hires.x(i, j);
            if x.is_nan() {
                0.0
            } else {
                x - hires.xm[j]
            }
        };
        let mut missing: Vec<(u32, u32)> = (0..nh)
            .flat_map(|i| (0..k).map(move |j| (i, j)))
            .filter(|&(i, j)| hires.x(i, j).is_nan())
            .map(|(i, j)| (i as u32, j as u32))
            .collect();
        let d = MomentLayout::dense_columns(k);
        let mut missing_at: Vec<Option<usize>> = vec![None; k];
        let mut d_all = d;
        for &(_, j) in &missing {
            if missing_at[j as usize].is_none() {
                missing_at[j as usize] = Some(d_all);
                d_all += MomentLayout::BASE;
            }
        }
        let mut feats = vec![0.0; nh * d];
        for i in 0..nh {
            let (y, z) = hires.yz(i);
            for (f, b) in MomentLayout::base_row(y, z).into_iter().enumerate() {
                feats[f * nh + i] = b;
            }
            for j in 0..k {
                for (f, v) in MomentLayout::item_row(x0(i, j), y, z).into_iter().enumerate() {
                    feats[(MomentLayout::item(j) + f) * nh + i] = v;
                }
            }
        }
        let mut sparse = Sparse { width: MomentLayout::BASE, ..Sparse::default() };
        // Grouped by item, so each item's corrections are summed in registers.
        missing.sort_unstable_by_key(|&(i, j)| (j, i));
        for &(i, j) in &missing {
            let (y, z) = hires.yz(i as usize);
            sparse.rows.push(i);
            sparse.cols.push(missing_at[j as usize].unwrap_or(0) as u32);
            sparse.values.extend(MomentLayout::base_row(y, z));
        }
        let x = Features::dense(nh, d, feats).with_sparse(sparse);
        MomentFeatures { x, layout: MomentLayout { missing_at } }
    }

    /// Replicates of `corrected` (the corrected validity from (r_xy, r_xz, r_yz)) of each item in
    /// `included` (one vector per item, all of the same kept replicates; [`UNDEFINED`] where the item
    /// is undefined in a replicate).
    pub fn bootstrap<C>(&self, boot: &Bootstrap, included: &[usize], corrected: C) -> Vec<Vec<f64>>
    where
        C: Fn((f64, f64, f64)) -> Option<f64> + Sync + Send,
    {
        boot.run_sums(&self.x, included.len(), |t, out| {
            for (o, &j) in out.iter_mut().zip(included) {
                match self.layout.moments(t, j).rs().and_then(&corrected) {
                    Some(v) => *o = v,
                    None => *o = UNDEFINED,
                }
            }
            out.iter().any(|&v| v != UNDEFINED)
        })
    }
}
