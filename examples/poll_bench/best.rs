//! The best schedule any client could run against a prior on when the job ends: a dynamic program
//! over read times on a 100 ms grid that minimises the mean lag plus a cost per read. Swept over
//! the cost, it gives the frontier of mean lag against reads; no schedule lies below it.

/// The grid, in ms.
pub const DT: f64 = 100.0;

/// When jobs end: `mass[k]` is the share that ends in `((k - 1) DT, k DT]`.
pub struct Prior {
    pub mass: Vec<f64>,
}

impl Prior {
    /// The prior whose cumulative share by `t` ms is `cdf(t)`, over `0..=horizon` ms.
    pub fn from_cdf(horizon: f64, cdf: impl Fn(f64) -> f64) -> Prior {
        let n = (horizon / DT).ceil() as usize;
        let mut mass = vec![0.0];
        let mut prev = 0.0;
        for k in 1..=n {
            let c = if k == n {
                1.0
            } else {
                cdf(k as f64 * DT).clamp(0.0, 1.0)
            };
            mass.push((c - prev).max(0.0));
            prev = c.max(prev);
        }
        Prior { mass }
    }
}

/// One schedule's mean lag (ms, before the round trip) and mean reads.
#[derive(Clone, Copy, Debug)]
pub struct Point {
    pub lag: f64,
    pub reads: f64,
}

/// A promise a schedule keeps: no read after `after` ms comes more than `gap` ms after the one
/// before.
#[derive(Clone, Copy, Debug)]
pub struct Guard {
    pub after: f64,
    pub gap: f64,
}

/// The best schedule for a cost of `cost` ms of lag per read, keeping `guard` if given: its mean
/// lag and reads.
pub fn best(prior: &Prior, cost: f64, guard: Option<Guard>) -> Point {
    let m = &prior.mass;
    let n = m.len() - 1;
    // Prefix sums of the mass and of mass × end time (a job of cell k ends at (k - 0.5) DT).
    let (mut pm, mut pt) = (vec![0.0; n + 1], vec![0.0; n + 1]);
    for k in 1..=n {
        pm[k] = pm[k - 1] + m[k];
        pt[k] = pt[k - 1] + m[k] * (k as f64 - 0.5) * DT;
    }
    // v[i]: the least cost to go after a read at i DT; next[i]: the read that follows it.
    let mut v = vec![0.0; n + 1];
    let mut next = vec![n; n + 1];
    for i in (0..n).rev() {
        let alive = 1.0 - pm[i];
        if alive <= 1e-12 {
            continue;
        }
        let mut bestc = f64::INFINITY;
        for j in i + 1..=n {
            if let Some(g) = guard {
                let t = j as f64 * DT;
                if t > g.after && t - i as f64 * DT > g.gap {
                    break;
                }
            }
            let lag = j as f64 * DT * (pm[j] - pm[i]) - (pt[j] - pt[i]);
            let c = lag + cost * alive + v[j];
            if c < bestc {
                bestc = c;
                next[i] = j;
            }
        }
        v[i] = bestc;
    }
    // Walk the schedule from the submit, adding up its lag and its reads separately.
    let (mut lag, mut reads, mut i) = (0.0, 0.0, 0);
    let mut times = vec![];
    while i < n && 1.0 - pm[i] > 1e-12 {
        let j = next[i];
        reads += 1.0 - pm[i];
        lag += j as f64 * DT * (pm[j] - pm[i]) - (pt[j] - pt[i]);
        times.push(j as f64 * DT);
        i = j;
    }
    if std::env::var_os("BEST_READS").is_some() {
        eprintln!("cost {cost:.0}: reads {reads:.2} lag {lag:.0}: {times:?}");
    }
    Point { lag, reads }
}

/// The frontier over costs from 10 ms to 200 s of lag per read, by reads.
pub fn frontier(prior: &Prior, guard: Option<Guard>) -> Vec<Point> {
    let mut pts: Vec<Point> = (0..48)
        .map(|i| best(prior, 10.0 * 10f64.powf(i as f64 * 4.3 / 47.0), guard))
        .collect();
    pts.sort_by(|a, b| a.reads.total_cmp(&b.reads));
    pts
}

/// The least mean lag of any schedule making `reads` reads on average: the lower hull of the
/// frontier (mixing two schedules reaches any point between them), held at its ends.
pub fn lag_at(frontier: &[Point], reads: f64) -> f64 {
    let first = frontier[0];
    if reads <= first.reads {
        return first.lag;
    }
    let mut best = f64::INFINITY;
    for a in frontier {
        for b in frontier {
            if a.reads <= reads && reads <= b.reads && a.reads < b.reads {
                let f = (reads - a.reads) / (b.reads - a.reads);
                best = best.min(a.lag + f * (b.lag - a.lag));
            }
        }
    }
    if best.is_finite() {
        best
    } else {
        frontier.iter().map(|p| p.lag).fold(f64::INFINITY, f64::min)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_end_is_read_right_at_it() {
        let p = Prior::from_cdf(10_000.0, |t| if t >= 5_000.0 { 1.0 } else { 0.0 });
        let b = best(&p, 1_000.0, None);
        assert!(b.lag < DT && (b.reads - 1.0).abs() < 1e-9, "{b:?}");
    }

    #[test]
    fn a_uniform_window_is_read_evenly() {
        // Ends uniform over 0–10 s: five even reads make 3 reads a job on average, with a mean
        // lag of 1 s. The best is no worse, and not much better.
        let p = Prior::from_cdf(10_000.0, |t| t / 10_000.0);
        let f = frontier(&p, None);
        let at3 = lag_at(&f, 3.0);
        assert!(at3 > 800.0 && at3 <= 1_000.0 + DT, "{at3}");
        assert!(f.windows(2).all(|w| w[0].reads <= w[1].reads));
        // A guard costs lag at the same reads, never saves it.
        let g = frontier(
            &p,
            Some(Guard {
                after: 0.0,
                gap: 1_000.0,
            }),
        );
        assert!(lag_at(&g, 6.0) >= lag_at(&f, 6.0) - 1.0);
    }
}
