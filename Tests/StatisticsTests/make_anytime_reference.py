#!/usr/bin/env python3
"""Generate the reference vectors of the anytime-valid statistics (VERDICT.md section 5).

Run from the repository root:  python3 Tests/StatisticsTests/make_anytime_reference.py
Writes Tests/StatisticsTests/Reference/{normal_mixture,binomial_mixture,log_normal_cdf}.json.

Every e-value is scipy.integrate.quad of its integrand written directly from the definition
(a product of likelihood ratios times the prior density), never from the Swift code's
rearrangement; the normal-mixture closed forms are checked against that quadrature, and the
binomial quadrature (every fourth case) against a Gauss-Legendre evaluation on other panels
(both are asserts: the script fails rather than write a value it could not confirm). Bounds
are scipy.optimize.brentq roots of log E - log(1/alpha), bracketed by scanning a wide grid of
nulls; the scan also asserts that {E < 1/alpha} is one interval on that grid. Log likelihood
ratios of strata above 2,000 events are summed in numpy longdouble, so 10^6 events per stratum
lose nothing. The output is byte-for-byte the same on every run (seeded numpy generator).
E-values are stored as log E (E itself overflows for strong evidence); infinite bounds as null.
"""
import json
import math
import os

import numpy as np
import scipy
from scipy import integrate, optimize, special, stats

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Reference")
rng = np.random.default_rng(20261212)
META = {"scipy": scipy.__version__, "numpy": np.__version__,
        "generator": "make_anytime_reference.py"}
TAUS = (0.3, math.log(2), 1.5)
ALPHAS = (0.01, 0.05)
NULLS = (0.0, math.log(1.5), math.log(2))
LOG_2PI_HALF = 0.5 * math.log(2 * math.pi)


def write(name, cases):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump({"meta": META, "cases": cases}, f, separators=(",", ":"), allow_nan=False)
    print(f"{name}: {len(cases)} cases")
    return len(cases)


def fl(v):
    v = float(v)
    return v if math.isfinite(v) else None


def log_quad(log_f, mode, scale, lo_limit, hi_limit, drop=60.0, tolerance=1e-9):
    """log of the integral of exp(log_f) over (lo_limit, hi_limit), log_f unimodal at mode;
    asserts quad's error estimate is within `tolerance` of the value."""
    top = log_f(mode)

    def reach(direction, limit):
        step = 8 * scale
        while True:
            point = mode + direction * step
            if (direction < 0 and point <= limit) or (direction > 0 and point >= limit):
                return limit
            if float(log_f(point) - top) < -drop:
                return point
            step *= 2

    lo, hi = reach(-1, lo_limit), reach(1, hi_limit)
    points = [mode + k * scale for k in range(-6, 7) if lo < mode + k * scale < hi]
    # log_f may be a longdouble: subtract the peak before rounding to a float.
    value, err = integrate.quad(lambda d: math.exp(float(log_f(d) - top)), lo, hi, points=points,
                                epsabs=0, epsrel=1e-12, limit=2000)
    assert err <= tolerance * value, (err, value)
    return float(top) + math.log(value), (lo, hi)


def log_gauss_legendre(log_f, lo, hi, top, panels=40, order=60):
    nodes, weights = np.polynomial.legendre.leggauss(order)
    edges = np.linspace(lo, hi, panels + 1)
    total = 0.0
    for a, b in zip(edges[:-1], edges[1:]):
        xs = 0.5 * (b - a) * nodes + 0.5 * (a + b)
        total += 0.5 * (b - a) * sum(w * math.exp(float(log_f(x) - top))
                                     for x, w in zip(xs, weights))
    return float(top) + math.log(total)


# --- Normal mixture ----------------------------------------------------------------------

def normal_closed(est, se, null, tau):
    info = 1 / se**2
    score = info * (est - null)
    denom = 1 + tau**2 * info
    two = -0.5 * math.log(denom) + tau**2 * score**2 / (2 * denom)
    arg = tau * score / math.sqrt(denom)
    return two, math.log(2) + two + stats.norm.logcdf(arg), math.log(2) + two + stats.norm.logcdf(-arg)


def normal_quad(est, se, null, tau, side):
    """Mixture of the likelihood ratio N(est; null + d, se^2)/N(est; null, se^2) over d."""
    def log_f(d):
        lr = stats.norm.logpdf(est, null + d, se) - stats.norm.logpdf(est, null, se)
        prior = stats.norm.logpdf(d, 0, tau) + (0 if side == "both" else math.log(2))
        return lr + prior
    precision = 1 / se**2 + 1 / tau**2
    mode = (est - null) / se**2 / precision
    lo_limit, hi_limit = {"both": (-math.inf, math.inf), "above": (0, math.inf),
                          "below": (-math.inf, 0)}[side]
    mode = min(max(mode, lo_limit), hi_limit)
    return log_quad(log_f, mode, 1 / math.sqrt(precision), lo_limit, hi_limit)[0]


def normal_mixture():
    cases = []
    for i in range(60):
        tau, alpha, null = TAUS[i % 3], ALPHAS[(i // 3) % 2], NULLS[(i // 6) % 3]
        se = float(math.exp(rng.uniform(math.log(0.01), math.log(3))))
        z = float(rng.normal(0, 3)) if i < 54 else float((-45, -12, -3, 3, 12, 45)[i - 54])
        est = null + z * se
        two, above, below = normal_closed(est, se, null, tau)
        for value, side in ((two, "both"), (above, "above"), (below, "below")):
            q = normal_quad(est, se, null, tau, side)
            assert abs(q - value) <= 1e-10 * max(1, abs(value)), (i, side, q, value)
        target = math.log(1 / alpha)
        radius = math.sqrt(se**2 * (se**2 + tau**2) / tau**2
                           * (2 * math.log(1 / alpha) + math.log(1 + tau**2 / se**2)))
        assert abs(normal_closed(est, se, est + radius, tau)[0] - target) < 1e-9
        lower = optimize.brentq(lambda n: normal_closed(est, se, n, tau)[1] - target,
                                est - radius - se, est, xtol=1e-15, rtol=1e-15)
        upper = optimize.brentq(lambda n: normal_closed(est, se, n, tau)[2] - target,
                                est, est + radius + se, xtol=1e-15, rtol=1e-15)
        cases.append({"estimate": est, "standardError": se, "null": null, "tau": tau,
                      "alpha": alpha, "logE": two, "logEAbove": above, "logEBelow": below,
                      "radius": radius, "lower": lower, "upper": upper})
    return write("normal_mixture.json", cases)


def log_normal_cdf():
    zs = [-60, -45, -38, -31, -30.5, -29.5, -25, -10, -5, -1.5, -0.1, 0, 0.1, 1, 3, 6, 9, 20]
    cases = [{"z": float(z), "logCdf": float(stats.norm.logcdf(z))} for z in zs]
    return write("log_normal_cdf.json", cases)


# --- Binomial mixture --------------------------------------------------------------------

def log_expit(a):
    """log(1/(1 + e^-a)) in longdouble."""
    a = np.asarray(a, dtype=np.longdouble)
    with np.errstate(over="ignore"):
        return np.where(a > 0, -np.log1p(np.exp(-a)), a - np.log1p(np.exp(a)))


def log_expit_float(a):
    return -math.log1p(math.exp(-a)) if a > 0 else a - math.log1p(math.exp(a))


class Strata:
    def __init__(self, rows):
        self.x = np.array([r[0] for r in rows], dtype=np.longdouble)
        self.y = np.array([r[1] for r in rows], dtype=np.longdouble)
        r = np.array([r[2] for r in rows], dtype=np.longdouble)
        self.logit = np.log(r) - np.log1p(-r)
        self.X, self.Y = float(self.x.sum()), float(self.y.sum())
        # Small counts: plain floats (rounding 1e-16 times at most 2,000 events is harmless)
        self.rows = [(float(a), float(b), math.log(c) - math.log1p(-c)) for a, b, c in rows]
        self.small = all(a + b <= 2000 for a, b, _ in rows)

    def log_lr(self, u, d0):
        """sum_k x_k log(theta_k(delta)/theta_k(d0)) + y_k log((1-theta_k(delta))/(1-theta_k(d0)))
        at delta = d0 + u (u is the integration variable: a float keeps its precision near 0)."""
        if self.small:
            total = 0.0
            for x, y, logit in self.rows:
                a0 = logit + d0
                a = a0 + u
                total += x * (log_expit_float(a) - log_expit_float(a0))
                total += y * (log_expit_float(-a) - log_expit_float(-a0))
            return total
        a0 = self.logit + np.longdouble(d0)
        a = a0 + np.longdouble(u)
        return np.sum(self.x * (log_expit(a) - log_expit(a0))
                      + self.y * (log_expit(-a) - log_expit(-a0)))

    def slope(self, delta):
        theta = special.expit(np.asarray(self.logit + np.longdouble(delta), dtype=float))
        return float(np.sum(np.asarray(self.x, float) * (1 - theta)
                            - np.asarray(self.y, float) * theta))

    def information(self, delta):
        theta = special.expit(np.asarray(self.logit + np.longdouble(delta), dtype=float))
        return float(np.sum(np.asarray(self.x + self.y, float) * theta * (1 - theta)))


def binomial_log_e(strata, d0, tau, side, check=False, tolerance=1e-9):
    if strata.X + strata.Y == 0:
        return 0.0
    half = 0.0 if side == "both" else math.log(2)

    log_norm = -math.log(tau) - LOG_2PI_HALF + half

    def log_f(u):  # likelihood ratio at delta = d0 + u times the N(d0, tau^2) density
        return strata.log_lr(u, d0) + (log_norm - 0.5 * (u / tau) ** 2)

    def g(u):
        return strata.slope(d0 + u) - u / tau**2
    lo, hi = -1.0, 1.0
    while g(lo) < 0:
        lo *= 2
    while g(hi) > 0:
        hi *= 2
    mode = optimize.brentq(g, lo, hi, xtol=1e-15, rtol=1e-14)
    lo_limit, hi_limit = {"both": (-math.inf, math.inf), "above": (0, math.inf),
                          "below": (-math.inf, 0)}[side]
    mode = min(max(mode, lo_limit), hi_limit)
    scale = 1 / math.sqrt(strata.information(d0 + mode) + 1 / tau**2)
    if g(mode) != 0:  # a peak at the end of a half-line falls off within 1/|slope|
        scale = min(scale, 1 / abs(g(mode)))
    value, (a, b) = log_quad(log_f, mode, scale, lo_limit, hi_limit, tolerance=tolerance)
    if check:
        other = log_gauss_legendre(log_f, a, b, log_f(mode))
        assert abs(other - value) <= 1e-11 * max(1, abs(value)), (other, value)
    return value


def crossings(fn, center, target, first_step):
    """The ends of {d : fn(d) < target} around center, from a scan of center +- step*2^k."""
    offsets = [first_step * 2.0**k for k in range(36)]
    grid = sorted([center - o for o in offsets] + [center] + [center + o for o in offsets])
    # Far from the ends only the sign matters: a looser quadrature check there.
    gaps = [fn(d, 1e-3) - target for d in grid]
    inside = [i for i, v in enumerate(gaps) if v < 0]
    assert inside, "no null inside the sequence"
    assert inside == list(range(inside[0], inside[-1] + 1)), "the sequence is not an interval"

    def end(i, j):
        return optimize.brentq(lambda d: fn(d) - target, grid[i], grid[j], xtol=1e-15,
                               rtol=1e-14)
    low = -math.inf if inside[0] == 0 else end(inside[0] - 1, inside[0])
    high = math.inf if inside[-1] == len(grid) - 1 else end(inside[-1], inside[-1] + 1)
    return low, high


def binomial_case(rows, d0, tau, alpha, check):
    strata = Strata(rows)
    target = math.log(1 / alpha)
    values = {side: binomial_log_e(strata, d0, tau, side, check)
              for side in ("both", "above", "below")}
    x, y = max(strata.X, 0.5), max(strata.Y, 0.5)
    weights = np.asarray(strata.x + strata.y, float)
    logits = np.asarray(strata.logit, float)
    center = math.log(x / y) - (float(np.sum(weights * logits) / np.sum(weights))
                                if weights.sum() > 0 else 0.0)
    if strata.X > 0 and strata.Y > 0:  # the maximum-likelihood log ratio, where E <= 1
        lo, hi = center - 1, center + 1
        while strata.slope(lo) < 0:
            lo -= 2 * (hi - lo)
        while strata.slope(hi) > 0:
            hi += 2 * (hi - lo)
        center = optimize.brentq(strata.slope, lo, hi, xtol=1e-15, rtol=1e-14)
    step = 1e-3 * min(math.sqrt(1 / x + 1 / y), tau)
    if strata.X + strata.Y == 0:
        cs, lower, upper = (-math.inf, math.inf), -math.inf, math.inf
    else:
        cs = crossings(lambda d, tol=1e-9: binomial_log_e(strata, d, tau, "both", tolerance=tol),
                       center, target, step)
        lower = crossings(
            lambda d, tol=1e-9: binomial_log_e(strata, d, tau, "above", tolerance=tol),
            center, target, step)[0]
        upper = crossings(
            lambda d, tol=1e-9: binomial_log_e(strata, d, tau, "below", tolerance=tol),
            center, target, step)[1]
    return {"strata": [{"x": int(a), "y": int(b), "r": float(r)} for a, b, r in rows],
            "nullLogRatio": d0, "tau": tau, "alpha": alpha, "logE": values["both"],
            "logEAbove": values["above"], "logEBelow": values["below"], "csLow": fl(cs[0]),
            "csHigh": fl(cs[1]), "lower": fl(lower), "upper": fl(upper)}


def draw_stratum(events, share, delta):
    """events split by the conditional binomial of a true log ratio delta."""
    theta = share * math.exp(delta) / (share * math.exp(delta) + 1 - share)
    x = int(rng.binomial(events, theta))
    return (x, events - x, share)


def binomial_mixture():
    designs = []
    fixed = [[(0, 0, 0.3)], [(0, 7, 0.2)], [(5, 0, 0.1)], [(0, 20, 0.9)], [(20, 0, 0.99)],
             [(1, 0, 0.5)], [(3, 3, 0.01)], [(12, 20, 0.3)], [(0, 0, 0.5), (4, 9, 0.4)],
             [(0, 3, 0.2), (0, 5, 0.6), (0, 1, 0.05)], [(2, 0, 0.3), (6, 0, 0.7)]]
    designs += [(rows, "small") for rows in fixed]
    for _ in range(40):
        share = float(rng.uniform(0.01, 0.99))
        designs.append(([(int(rng.integers(0, 21)), int(rng.integers(0, 21)), share)], "small"))
    for _ in range(25):
        k = int(rng.integers(2, 11))
        delta = float(rng.normal(0.2, 0.5))
        designs.append(([draw_stratum(int(rng.integers(0, 21)), float(rng.uniform(0.01, 0.99)),
                                      delta) for _ in range(k)], "small"))
    for _ in range(20):
        events = int(math.exp(rng.uniform(math.log(1e4), math.log(1e6))))
        delta = float(rng.choice([0.0, 0.01, -0.02, 0.05, math.log(1.5), math.log(2)]))
        designs.append(([draw_stratum(events, float(rng.uniform(0.01, 0.99)), delta)], "large"))
    for k in (5, 12, 40, 100, 500):
        delta = float(rng.normal(0.0, 0.05))
        rows = [draw_stratum(int(math.exp(rng.uniform(math.log(1e4), math.log(1e6)))),
                             float(rng.uniform(0.01, 0.99)), delta) for _ in range(k)]
        designs.append((rows, "large"))
    for minutes, factor in ((10, 1.0), (20, 1.0), (30, 1.0), (15, 2.0), (30, 2.0)):
        rows = []
        for t in range(minutes):
            share = 0.05 + 0.45 * t / 29
            canary, baseline = round(3000 * share), 3000 - round(3000 * share)
            rows.append((int(rng.binomial(canary, 0.002 * factor)),
                         int(rng.binomial(baseline, 0.002)), canary / 3000))
        designs.append((rows, "path"))
    cases = []
    for i, (rows, _) in enumerate(designs):
        tau, alpha, d0 = TAUS[i % 3], ALPHAS[(i // 3) % 2], NULLS[(i // 6) % 3]
        cases.append(binomial_case(rows, d0, tau, alpha, check=(i % 4 == 0)))
    return write("binomial_mixture.json", cases)


if __name__ == "__main__":
    total = normal_mixture() + log_normal_cdf() + binomial_mixture()
    print(f"total: {total} cases")
