#!/usr/bin/env python3
"""Generate the reference vectors of StatisticsTests from SciPy.

Run from the repository root:  python3 Tests/StatisticsTests/make_reference.py
Writes Tests/StatisticsTests/Reference/*.json. Every expectation comes from SciPy/numpy (or,
where SciPy has no such function, from R's algorithm re-implemented below on top of SciPy);
inputs are drawn from a seeded numpy generator and stored next to the expectations.
Cases whose SciPy result is NaN (undefined) are stored with "error": true.
"""
import json
import math
import os
import statistics
from fractions import Fraction

import numpy as np
import scipy
from scipy import optimize, special, stats
from scipy.stats._mannwhitneyu import _MWU

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Reference")
rng = np.random.default_rng(20260427)
META = {"scipy": scipy.__version__, "numpy": np.__version__, "generator": "make_reference.py"}


def fl(v):
    """A JSON-safe float (NaN/inf become None)."""
    v = float(v)
    return v if math.isfinite(v) else None


def vec(a):
    return [float(v) for v in a]


def write(name, cases):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump({"meta": META, "cases": cases}, f, separators=(",", ":"))
    print(f"{name}: {len(cases)} cases")
    return len(cases)


def sample(kind, n):
    if kind == "normal":
        return np.round(rng.normal(10, 3, n), 4)
    if kind == "int":
        return rng.integers(0, 6, n).astype(float)
    if kind == "lognormal":
        return np.round(rng.lognormal(0, 1, n), 4)
    if kind == "dyadic":
        return rng.integers(-1000, 1000, n) / 8.0
    raise ValueError(kind)


def sample_pairs():
    """(label, x, y) pairs shared by the two-sample tests."""
    pairs = []
    for n1 in range(1, 9):
        for n2 in (1, 3, 8, 12, 40):
            pairs.append((f"small-{n1}x{n2}", sample("normal", n1), sample("normal", n2) + 0.5))
    for n1, n2 in ((9, 9), (10, 25), (30, 30), (50, 80), (200, 150), (700, 600)):
        pairs.append((f"normal-{n1}x{n2}", sample("normal", n1) + 0.3, sample("normal", n2)))
    for n1, n2 in ((5, 7), (6, 20), (15, 15), (40, 60), (300, 300)):
        pairs.append((f"ties-{n1}x{n2}", sample("int", n1), sample("int", n2)))
    for n1, n2 in ((8, 400), (3, 1000)):
        pairs.append((f"exact-long-{n1}x{n2}", sample("normal", n1), sample("normal", n2)))
    pairs.append(("separated-800x700", sample("normal", 800) + 100, sample("normal", 700)))
    pairs.append(("separated-30x30", sample("normal", 30) + 100, sample("normal", 30)))
    pairs.append(("separated-8x8", sample("normal", 8) + 100, sample("normal", 8)))
    pairs.append(("lognormal-60x45", sample("lognormal", 60) * 1.3, sample("lognormal", 45)))
    pairs.append(("one-each", np.array([1.5]), np.array([0.5])))
    pairs.append(("one-each-tied", np.array([2.0]), np.array([2.0])))
    pairs.append(("all-equal-both", np.full(10, 3.0), np.full(12, 3.0)))
    pairs.append(("all-equal-each", np.full(10, 3.0), np.full(12, 4.0)))
    pairs.append(("huge", sample("normal", 20) * 1e299, sample("normal", 25) * 1e299))
    tiny = np.nextafter(1.0, 2.0)
    last_bits = np.array([1.0 + k * (tiny - 1.0) for k in range(12)])
    pairs.append(("last-bits", last_bits[::2].copy(), last_bits[1::2].copy()))
    pairs.append(("last-bits-large", last_bits.repeat(3)[:20], last_bits[3:].repeat(2)))
    return pairs


PAIRS = None


def samples():
    """The shared two-sample inputs, stored once; other files refer to them by label."""
    global PAIRS
    PAIRS = sample_pairs()
    with open(os.path.join(OUT, "samples.json"), "w") as f:
        json.dump({"meta": META, "samples": [{"label": label, "x": vec(x), "y": vec(y)}
                                             for label, x, y in PAIRS]},
                  f, separators=(",", ":"))
    return 0


def mann_whitney():
    cases = []
    for label, x, y in PAIRS:
        for alt in ("two-sided", "greater", "less"):
            r = stats.mannwhitneyu(x, y, alternative=alt, method="auto", use_continuity=True)
            cases.append({"label": label, "alternative": alt,
                          "statistic": float(r.statistic), "pvalue": float(r.pvalue)})
    return write("mann_whitney.json", cases)


def r_qwilcox(p, n, m):
    """R's qwilcox(p, n, m) for p <= 0.5, with its 10*DBL_EPSILON fuzz, on SciPy's _MWU."""
    dist = _MWU(n, m)
    target = p - 10 * np.finfo(float).eps
    q = 0
    while q <= n * m:
        if dist.cdf(np.array([q]))[0] >= target:
            return q
        q += 1
    return n * m


def hl_reference(x, y, conf):
    """R wilcox.test(conf.int=TRUE) two-sample interval: Moses (exact) or the step solution."""
    n, m = len(x), len(y)
    d = np.sort(np.subtract.outer(x, y).ravel())
    shift = float(np.median(d))
    alpha = 1 - conf
    pooled = np.concatenate([x, y])
    ties = len(np.unique(pooled)) < len(pooled)
    exact = (n <= 8 or m <= 8) and not ties  # SciPy's auto rule (see HodgesLehmann.swift)
    if exact:
        qu = r_qwilcox(alpha / 2, n, m)
        if qu == 0:
            qu = 1
        ql = n * m - qu
        return shift, float(d[qu - 1]), float(d[ql]), "exact", None
    z = stats.norm.ppf(1 - alpha / 2)
    _, cx = np.unique(x, return_counts=True)
    _, cy = np.unique(y, return_counts=True)
    within = float(np.sum(cx**3 - cx) + np.sum(cy**3 - cy))
    N = n + m
    sigma = math.sqrt(n * m / 12 * ((N + 1) - within / (N * (N - 1))))
    half = n * m / 2
    kl = min(max(math.ceil(half - 0.5 - z * sigma), 1), n * m)
    ku = min(max(math.ceil(half + 0.5 + z * sigma), 1), n * m)
    low, high = float(d[kl - 1]), float(d[ku - 1])
    return shift, low, high, "asymptotic", r_uniroot(x, y, conf)


def r_uniroot(x, y, conf):
    """R's own asymptotic algorithm (wdiff + uniroot, tol 1e-4), emulated with brentq."""
    n, m = len(x), len(y)
    alpha = 1 - conf

    def wdiff(d, zq):
        dr = np.concatenate([x - d, y])
        _, counts = np.unique(dr, return_counts=True)
        dz = np.sum(stats.rankdata(dr)[:n]) - n * (n + 1) / 2 - n * m / 2
        corr = np.sign(dz) * 0.5
        N = n + m
        s = math.sqrt(n * m / 12 * ((N + 1) - np.sum(counts**3 - counts) / (N * (N - 1))))
        if s == 0:
            return None
        return (dz - corr) / s - zq

    mumin, mumax = float(np.min(x) - np.max(y)), float(np.max(x) - np.min(y))

    def root(zq):
        fl_, fu = wdiff(mumin, zq), wdiff(mumax, zq)
        if fl_ is None or fu is None:
            return None
        if fl_ <= 0:
            return mumin
        if fu >= 0:
            return mumax
        return optimize.brentq(wdiff, mumin, mumax, args=(zq,), xtol=1e-4)

    lo = root(stats.norm.ppf(alpha / 2, loc=0) * -1)
    hi = root(stats.norm.ppf(alpha / 2))
    return None if lo is None or hi is None else [lo, hi]


def hodges_lehmann():
    cases = []
    for label, x, y in PAIRS:
        if len(x) * len(y) > 400_000:
            continue
        if label.startswith("huge") or label.startswith("last-bits"):
            confs = (0.95,)
        else:
            confs = (0.95, 0.8, 0.99)
        for conf in confs:
            shift, low, high, method, r = hl_reference(x, y, conf)
            case = {"label": label, "confidence": conf,
                    "shift": shift, "low": low, "high": high, "method": method}
            if r is not None and len(x) * len(y) <= 20_000 and not label.startswith("huge"):
                case["rUniroot"] = r
            cases.append(case)
    return write("hodges_lehmann.json", cases)


def descriptive():
    cases = []
    ps = [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1.0]
    inputs = [("one", np.array([4.25])), ("two", np.array([1.0, 2.0]))]
    for n in (3, 10, 101, 1000):
        inputs.append((f"normal-{n}", sample("normal", n)))
    inputs.append(("ints", sample("int", 30)))
    inputs.append(("equal", np.full(7, 2.5)))
    inputs.append(("huge", sample("normal", 20) * 1e300))
    inputs.append(("huge-mixed", np.array([1e308, -1e308, 5e307, 1.7e308])))
    inputs.append(("tiny", sample("normal", 20) * 1e-300))
    one = np.nextafter(1.0, 2.0) - 1.0
    inputs.append(("last-bits", np.array([1.0 + k * one for k in (0, 1, 3, 2, 5, 1)])))
    inputs.append(("offset", 1e9 + sample("normal", 50)))
    for label, x in inputs:
        exact = [Fraction(v) for v in x]
        mean = float(statistics.mean(exact))
        var, overflow = None, False
        if len(x) > 1:
            try:
                var = float(statistics.variance(exact))
            except OverflowError:  # true variance beyond the Double range
                overflow = True
        case = {"label": label, "x": vec(x), "mean": mean, "variance": var,
                "varianceOverflows": overflow,
                "min": float(np.min(x)), "max": float(np.max(x)),
                "median": float(np.median(x)) if math.isfinite(np.median(x)) else None,
                "p": ps, "quantiles": [float(np.quantile(x, p, method="linear")) for p in ps]}
        cases.append(case)
    return write("descriptive.json", cases)


def distributions():
    cases = []
    zs = [-40, -38, -37.5, -30, -20, -10, -8.3, -5, -3, -1.96, -1, -0.5, -1e-10, 0, 1e-10, 0.3, 1,
          1.6448536269514722, 2.5, 4, 6, 9, 10, 15, 25, 37, 38.4]
    for z in zs:
        cases.append({"dist": "normal", "x": z, "cdf": float(stats.norm.cdf(z)),
                      "sf": float(stats.norm.sf(z))})
    for p in [1e-300, 1e-100, 1e-30, 1e-12, 1e-6, 0.001, 0.01, 0.025, 0.05, 0.2, 0.4, 0.5, 0.6,
              0.8, 0.95, 0.975, 0.999, 1 - 1e-9]:
        cases.append({"dist": "normal-quantile", "p": p, "quantile": float(stats.norm.ppf(p)),
                      "isf": float(stats.norm.isf(p))})
    for df in (1, 2, 3, 4.5, 10, 29.7, 100, 1e3, 4e5):
        for t in (-50, -6, -2.5, -1, -0.1, 0, 0.5, 1.3, 3, 8, 40, 1e4):
            cases.append({"dist": "t", "df": df, "x": t, "cdf": float(stats.t.cdf(t, df)),
                          "sf": float(stats.t.sf(t, df))})
        for p in (1e-12, 1e-6, 0.01, 0.025, 0.3, 0.5, 0.9, 0.975, 0.999999):
            cases.append({"dist": "t-quantile", "df": df, "p": p,
                          "quantile": float(stats.t.ppf(p, df))})
    for df in (1, 2, 3, 7.5, 20, 150):
        for x in (0, 1e-5, 0.3, 1, 2.7, 6, 15, 40, 120, 400):
            cases.append({"dist": "chi2", "df": df, "x": x, "cdf": float(stats.chi2.cdf(x, df)),
                          "sf": float(stats.chi2.sf(x, df))})
    for a, b in ((0.5, 0.5), (1, 1), (2, 3), (0.1, 10), (10, 0.1), (50, 60), (200000, 0.5),
                 (3.5, 1200), (1e-3, 2)):
        for x in (0, 1e-8, 0.01, 0.2, 0.5, 0.77, 0.99, 1 - 1e-9, 1):
            cases.append({"dist": "beta", "a": a, "b": b, "x": x,
                          "value": float(special.betainc(a, b, x)),
                          "complement": float(special.betaincc(a, b, x))})
    for a in (0.1, 0.5, 1, 3, 12.5, 100, 1000):
        for x in (0, 1e-6, 0.1, 1, 2.5, 10, 50, 120, 1100):
            cases.append({"dist": "gamma", "a": a, "x": x,
                          "lower": float(special.gammainc(a, x)),
                          "upper": float(special.gammaincc(a, x))})
    for N, K, n in ((20, 7, 12), (50, 25, 25), (1000, 30, 400), (10, 10, 3), (5000, 2500, 1000)):
        ks = sorted(set(int(k) for k in np.linspace(max(0, n - (N - K)), min(K, n), 9)))
        for k in ks:
            cases.append({"dist": "hypergeom", "N": N, "K": K, "n": n, "k": k,
                          "pmf": float(stats.hypergeom.pmf(k, N, K, n)),
                          "cdf": float(stats.hypergeom.cdf(k, N, K, n)),
                          "sf": float(stats.hypergeom.sf(k, N, K, n))})
    return write("distributions.json", cases)


def welch_and_brunner():
    cases = []
    for label, x, y in PAIRS:
        case = {"label": label}
        if len(x) >= 2 and len(y) >= 2:
            xs, ys = x, y
            if label == "huge":  # SciPy squares 1e299 values: evaluate on exactly rescaled data
                xs, ys = x * 2.0**-1000, y * 2.0**-1000
            with np.errstate(all="ignore"):
                r = stats.ttest_ind(xs, ys, equal_var=False)
            if label.startswith("last-bits"):
                r = exact_welch(x, y)  # SciPy loses these bits to cancellation
            if math.isfinite(r.statistic) and math.isfinite(r.pvalue):
                case["welch"] = {"statistic": float(r.statistic), "pvalue": float(r.pvalue),
                                 "df": float(r.df)}
            else:
                case["welch"] = {"error": True}
            import warnings
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                with np.errstate(all="ignore"):
                    b = stats.brunnermunzel(x, y)
            if math.isfinite(b.statistic) and math.isfinite(b.pvalue):
                case["brunnerMunzel"] = {"statistic": float(b.statistic),
                                         "pvalue": float(b.pvalue)}
            else:
                case["brunnerMunzel"] = {"error": True}
        else:
            case["welch"] = {"error": True}
            case["brunnerMunzel"] = {"error": True}
        cases.append(case)
    return write("welch_brunner.json", cases)


class _Welch:
    def __init__(self, statistic, pvalue, df):
        self.statistic, self.pvalue, self.df = statistic, pvalue, df


def exact_welch(x, y):
    """Welch's t from exact rational means and variances, p from SciPy's t distribution."""
    fx, fy = [Fraction(v) for v in x], [Fraction(v) for v in y]
    vx, vy = statistics.variance(fx) / len(x), statistics.variance(fy) / len(y)
    t = float(statistics.mean(fx) - statistics.mean(fy)) / math.sqrt(float(vx + vy))
    df = float((vx + vy) ** 2 / (vx**2 / (len(x) - 1) + vy**2 / (len(y) - 1)))
    return _Welch(t, float(2 * stats.t.sf(abs(t), df)), df)


def kolmogorov_smirnov():
    cases = []
    for label, x, y in PAIRS:
        for alt in ("two-sided", "greater", "less"):
            import warnings
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                r = stats.ks_2samp(x, y, alternative=alt)
            cases.append({"label": label, "alternative": alt,
                          "statistic": float(r.statistic), "pvalue": float(r.pvalue)})
    big_x = np.round(rng.normal(0, 20, 10_001))
    big_y = np.round(rng.normal(8, 20, 60))
    for alt in ("two-sided", "greater", "less"):
        r = stats.ks_2samp(big_x, big_y, alternative=alt)
        cases.append({"label": "asymptotic-10001x60", "x": vec(big_x), "y": vec(big_y),
                      "alternative": alt, "statistic": float(r.statistic),
                      "pvalue": float(r.pvalue)})
    for n in (1, 2, 5, 10, 40, 100, 141, 500, 5000, 100000):
        for d in (0.001, 0.01, 0.05, 0.1, 0.2, 0.35, 0.5, 0.8, 0.99):
            cases.append({"label": "kstwo", "n": n, "d": d, "sf": float(stats.kstwo.sf(d, n))})
    return write("kolmogorov_smirnov.json", cases)


def fisher_and_proportions():
    cases = []
    tables = [[[1, 0], [0, 1]], [[0, 0], [3, 4]], [[3, 1], [1, 3]], [[10, 10], [10, 10]],
              [[5, 0], [0, 5]], [[100, 120], [90, 200]], [[1000, 1020], [980, 1010]],
              [[0, 5], [5, 0]], [[7, 12], [0, 4]], [[2, 30], [25, 3]]]
    for _ in range(30):
        tables.append(rng.integers(0, 40, (2, 2)).tolist())
    for t in tables:
        for alt in ("two-sided", "greater", "less"):
            r = stats.fisher_exact(t, alternative=alt)
            cases.append({"kind": "fisher", "table": t, "alternative": alt,
                          "oddsRatio": fl(r.statistic), "pvalue": float(r.pvalue)})
    props = [(15, 100, 10, 100), (0, 50, 0, 60), (50, 50, 40, 40), (1, 20, 9, 21),
             (480, 1000, 520, 1000), (3, 3000, 12, 2900), (0, 10, 5, 10), (7, 7, 0, 9)]
    for _ in range(12):
        n1, n2 = int(rng.integers(5, 500)), int(rng.integers(5, 500))
        props.append((int(rng.integers(0, n1 + 1)), n1, int(rng.integers(0, n2 + 1)), n2))
    for k1, n1, k2, n2 in props:
        for conf in (0.95, 0.9):
            cases.append({"kind": "proportions", "k1": k1, "n1": n1, "k2": k2, "n2": n2,
                          "confidence": conf, **two_proportion(k1, n1, k2, n2, conf)})
    return write("fisher_proportions.json", cases)


def two_proportion(k1, n1, k2, n2, conf):
    """Pooled two-proportion z-test; Newcombe (1998, method 10) interval from SciPy Wilson CIs."""
    p1, p2 = k1 / n1, k2 / n2
    pooled = (k1 + k2) / (n1 + n2)
    var = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if var == 0:
        z, p = 0.0, 1.0
    else:
        z = (p1 - p2) / math.sqrt(var)
        p = float(2 * stats.norm.sf(abs(z)))
    w1 = stats.binomtest(k1, n1).proportion_ci(confidence_level=conf, method="wilson")
    w2 = stats.binomtest(k2, n2).proportion_ci(confidence_level=conf, method="wilson")
    d = p1 - p2
    low = d - math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2)
    high = d + math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2)
    return {"statistic": z, "pvalue": p, "difference": d, "low": low, "high": high,
            "wilson1": [w1.low, w1.high], "wilson2": [w2.low, w2.high]}


def adjustments():
    cases = []
    vectors = [[0.01], [0.04, 0.01, 0.03], [0.5, 0.5, 0.5], [1e-10, 0.2, 0.04, 0.049, 0.9, 0.001],
               [0.0, 1.0, 0.3]]
    for _ in range(12):
        n = int(rng.integers(2, 40))
        v = rng.uniform(0, 1, n) ** 3
        if rng.uniform() < 0.3:
            v[: n // 3] = v[0]  # ties
        vectors.append([float(a) for a in v])
    for v in vectors:
        a = np.asarray(v)
        m = len(a)
        bonf = np.minimum(a * m, 1.0)
        order = np.argsort(a, kind="stable")
        holm = np.empty(m)
        running = 0.0
        for rank, i in enumerate(order):  # Holm (1979) step-down, R p.adjust("holm")
            running = max(running, (m - rank) * a[i])
            holm[i] = min(running, 1.0)
        bh = stats.false_discovery_control(a, method="bh")
        cases.append({"p": v, "bonferroni": vec(bonf), "holm": vec(holm), "bh": vec(bh)})
    return write("adjustments.json", cases)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    total = 0
    for f in (samples, mann_whitney, hodges_lehmann, descriptive, distributions, welch_and_brunner,
              kolmogorov_smirnov, fisher_and_proportions, adjustments):
        total += f()
    print(f"total: {total} cases")
