#!/usr/bin/env python3
"""Generate the reference vectors of the count and bucket statistics (issue 11).

Run from the repository root:  python3 Tests/StatisticsTests/make_count_reference.py
Writes Tests/StatisticsTests/Reference/{binomial,poisson_rate,non_inferiority,mh_rate,stratified_exact,
cmh,dispersion,bucket_mann_whitney,van_elteren,batch_means}.json.

Every expectation comes from SciPy or statsmodels, or from the stated formula evaluated in
NumPy and cross-checked here against SciPy/statsmodels (the checks are asserts: the script
fails rather than write a vector it could not confirm). Inputs come from a seeded numpy
generator and are stored next to the expectations. +infinity (an open interval end, a ratio
at a zero baseline) is stored as null, with a note in the field's name or a "kind".
"""
import json
import math
import os
import warnings

import numpy as np
import scipy
import statsmodels
import statsmodels.api as sm
from scipy import optimize, special, stats
from statsmodels.stats.contingency_tables import StratifiedTable
from statsmodels.stats.rates import test_poisson_2indep, tost_poisson_2indep
from statsmodels.tsa.stattools import acf

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Reference")
rng = np.random.default_rng(20261201)
META = {"scipy": scipy.__version__, "numpy": np.__version__,
        "statsmodels": statsmodels.__version__, "generator": "make_count_reference.py"}
SM_ALTERNATIVE = {"two-sided": "two-sided", "greater": "larger", "less": "smaller"}
ALTERNATIVES = ("two-sided", "greater", "less")


def fl(v):
    """A JSON-safe float: NaN and ±infinity become None."""
    v = float(v)
    return v if math.isfinite(v) else None


def write(name, cases):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump({"meta": META, "cases": cases}, f, separators=(",", ":"), allow_nan=False)
    print(f"{name}: {len(cases)} cases")
    return len(cases)


def close(a, b, rel, abs_=0.0):
    return abs(a - b) <= max(rel * abs(b), abs_)


def log_uniform(lo, hi):
    return float(math.exp(rng.uniform(math.log(lo), math.log(hi))))


# --- Binomial distribution, binomial test, Clopper-Pearson, beta quantiles -------------------

def binomial():
    cases = []
    params = [(1, 0.5), (10, 0.3), (25, 0.5), (40, 1 / 11), (100, 0.01), (1000, 0.999),
              (5000, 0.2), (200_000, 1e-5), (3, 0.0), (3, 1.0)]
    for n, p in params:
        ks = sorted(set(int(k) for k in np.linspace(0, n, 7)) | {int(n * p)})
        for k in ks:
            case = {"kind": "binomial", "k": k, "n": n, "p": p,
                    "pmf": float(stats.binom.pmf(k, n, p)), "cdf": float(stats.binom.cdf(k, n, p)),
                    "sf": float(stats.binom.sf(k, n, p))}
            for alt in ALTERNATIVES:
                case[alt] = float(stats.binomtest(k, n, p, alternative=alt).pvalue)
            cases.append(case)
    for n in (1, 5, 30, 1000, 1_000_000):
        for k in sorted({0, 1, n // 3, n - 1, n}):
            for conf in (0.95, 0.9):
                for alt in ALTERNATIVES:
                    low, low_c, high, high_c = clopper_pearson(k, n, conf, alt)
                    cases.append({"kind": "clopper-pearson", "k": k, "n": n, "confidence": conf,
                                  "alternative": alt, "low": low, "lowComplement": low_c,
                                  "high": high, "highComplement": high_c})
    for a, b in ((0.5, 0.5), (1, 1), (5, 1), (1, 5), (2.5, 40), (40, 2.5), (300, 700),
                 (1e5, 3), (0.05, 2)):
        for q in (1e-300, 1e-20, 1e-6, 0.025, 0.3, 0.5, 0.8, 0.975, 1 - 1e-9):
            quantile, isf = special.betaincinv(a, b, q), special.betainccinv(a, b, q)
            if not (math.isfinite(quantile) and math.isfinite(isf)):
                continue  # SciPy gives NaN for a few q = 1e-300 corners: no reference there
            cases.append({"kind": "beta-quantile", "a": a, "b": b, "q": q,
                          "quantile": float(quantile), "isf": float(isf)})
    return write("binomial.json", cases)


# --- Poisson rate ratio, exact conditional ---------------------------------------------------

def clopper_pearson(k, m, conf, alt):
    """(low, low complement, high, high complement) of the Clopper-Pearson interval on pi,
    as beta quantiles; each complement from the swapped beta so it keeps its digits."""
    alpha = (1 - conf) / 2 if alt == "two-sided" else 1 - conf
    low, low_c, high, high_c = 0.0, 1.0, 1.0, 0.0
    if k > 0 and alt != "less":
        low = special.betaincinv(k, m - k + 1, alpha)
        low_c = special.betainccinv(m - k + 1, k, alpha)
    if k < m and alt != "greater":
        high = special.betainccinv(k + 1, m - k, alpha)
        high_c = special.betaincinv(m - k, k + 1, alpha)
    ci = stats.binomtest(k, m).proportion_ci(confidence_level=conf, method="exact") \
        if alt == "two-sided" else \
        stats.binomtest(k, m, alternative=alt).proportion_ci(confidence_level=conf,
                                                             method="exact")
    assert close(low, ci.low, 0, 2e-11) and close(high, ci.high, 0, 2e-11), (k, m, conf, alt)
    return low, low_c, high, high_c


def to_ratio(share, complement, n1, n0):
    if share <= 0:
        return 0.0
    if complement <= 0:
        return math.inf
    return share / complement * (n0 / n1)


def poisson_case(x1, n1, x0, n0, r0, conf, alt):
    m = x1 + x0
    share = r0 * n1 / (r0 * n1 + n0)
    sm_p = test_poisson_2indep(x1, n1, x0, n0, value=r0, method="exact-cond", compare="ratio",
                               alternative=SM_ALTERNATIVE[alt]).pvalue
    scipy_p = stats.binomtest(x1, m, share, alternative=alt).pvalue
    assert close(sm_p, scipy_p, 1e-12), (x1, n1, x0, n0, sm_p, scipy_p)
    low, low_c, high, high_c = clopper_pearson(x1, m, conf, alt)
    if x0 == 0:
        kind, ratio = "infinite", None
    else:
        kind, ratio = "finite", (x1 / n1) / (x0 / n0)
    return {"x1": x1, "n1": n1, "x0": x0, "n0": n0, "nullRatio": r0, "confidence": conf,
            "alternative": alt, "pvalue": float(sm_p), "share": share, "ratioKind": kind,
            "ratio": ratio, "low": to_ratio(low, low_c, n1, n0),
            "highOrInfinity": fl(to_ratio(high, high_c, n1, n0))}


def poisson_rate():
    inputs = [(5, 10_000.0, 0, 100_000.0, 1.0), (0, 10_000.0, 5, 100_000.0, 1.0),
              (3, 100.0, 0, 50.0, 1.0), (0, 50.0, 4, 80.0, 2.0), (12, 1000.0, 12, 1000.0, 1.0),
              (7, 7.0, 0, 1e6, 1.0), (250_000, 1e8, 240_000, 1e8, 1.0),
              (2_000_000, 1e9, 1_900_000, 1e9, 1.05), (1, 1234.5, 1, 98765.25, 1.0),
              (40, 1e4, 10, 1e4, 4.0), (10, 1e4, 40, 1e4, 0.25), (1, 1.0, 0, 1.0, 1.0)]
    for _ in range(110):
        n1, n0 = log_uniform(10, 1e6), log_uniform(10, 1e6)
        rate = log_uniform(1e-5, 0.2)
        r0 = float(rng.choice([1.0, 1.0, 1.0, 0.5, 1.1, 1.5, 2.0]))
        effect = float(rng.choice([1.0, 1.0, 0.7, 1.5, 3.0]))
        x1, x0 = int(rng.poisson(rate * n1 * effect)), int(rng.poisson(rate * n0))
        if x1 + x0 == 0:
            x1 = 1
        inputs.append((x1, round(n1, 2), x0, round(n0, 2), r0))
    cases = []
    for index, (x1, n1, x0, n0, r0) in enumerate(inputs):
        conf = (0.95, 0.9, 0.99)[index % 3]
        alts = ALTERNATIVES if index < 12 else (ALTERNATIVES[index % 3],)
        for alt in alts:
            cases.append(poisson_case(x1, n1, x0, n0, r0, conf, alt))
    return write("poisson_rate.json", cases)


def non_inferiority():
    cases = []
    for index in range(40):
        n1, n0 = log_uniform(100, 1e6), log_uniform(100, 1e6)
        rate = log_uniform(1e-5, 0.05)
        if index < 4:
            x1, x0 = [(0, 0), (0, 5), (3, 0), (10, 10)][index]
        else:
            x1, x0 = int(rng.poisson(rate * n1)), int(rng.poisson(rate * n0))
        n1, n0 = round(n1, 2), round(n0, 2)
        margin = float(rng.choice([1.1, 1.25, 1.5, 2.0]))
        # An absolute floor: a share of the pooled rate, at least 1e-5 events per exposure.
        floor = max(1e-5, float(rng.choice([0.1, 0.25, 1.0])) * (x1 + x0 + 1) / (n1 + n0))
        case = {"x1": x1, "n1": n1, "x0": x0, "n0": n0, "ratioMargin": margin,
                "differenceMargin": floor}
        if x1 + x0 > 0:
            r = test_poisson_2indep(x1, n1, x0, n0, value=margin, method="exact-cond",
                                    compare="ratio", alternative="smaller")
            tost = tost_poisson_2indep(x1, n1, x0, n0, low=1 / margin, upp=margin,
                                       method="exact-cond")
            assert r.pvalue == tost.results_smaller.pvalue
            case["ratioPvalue"] = float(r.pvalue)
            _, _, high, high_c = clopper_pearson(x1, x1 + x0, 0.95, "less")
            case["ratioUpperOrInfinity"] = fl(to_ratio(high, high_c, n1, n0))
        d = test_poisson_2indep(x1, n1, x0, n0, value=floor, method="score", compare="diff",
                                alternative="smaller")
        case["differenceStatistic"] = float(d.statistic)
        case["differencePvalue"] = float(d.pvalue)
        cases.append(case)
    return write("non_inferiority.json", cases)


# --- Strata of person-time data -------------------------------------------------------------

def random_strata(k, events_scale, ratio=1.0, zero_events=False):
    strata = []
    for _ in range(k):
        t1, t0 = round(log_uniform(50, 1e5), 1), round(log_uniform(50, 1e5), 1)
        rate = log_uniform(1e-4, 0.05) * events_scale
        a = int(rng.poisson(rate * t1 * ratio))
        b = int(rng.poisson(rate * t0))
        if zero_events and rng.uniform() < 0.4:
            a, b = 0, 0
        strata.append([a, t1, b, t0])
    return strata


def mh_formula(strata, r0, conf, alt):
    """Mantel-Haenszel rate ratio and Greenland-Robins variance, straight from the formula."""
    s = np.array(strata, dtype=float)
    a, t1, b, t0 = s[:, 0], s[:, 1], s[:, 2], s[:, 3]
    t = t1 + t0
    num, den = np.sum(a * t0 / t), np.sum(b * t1 / t)
    rr = num / den
    var = np.sum((a + b) * t1 * t0 / t**2) / (num * den)
    se = math.sqrt(var)
    z = (math.log(rr) - math.log(r0)) / se
    return rr, se, z, wald(rr, se, z, conf, alt)


def wald(rr, se, z, conf, alt):
    if alt == "two-sided":
        c = stats.norm.isf((1 - conf) / 2)
        return 2 * stats.norm.sf(abs(z)), rr * math.exp(-c * se), rr * math.exp(c * se)
    c = stats.norm.isf(1 - conf)
    if alt == "greater":
        return stats.norm.sf(z), rr * math.exp(-c * se), math.inf
    return stats.norm.cdf(z), 0.0, rr * math.exp(c * se)


def glm_ratio(strata):
    """Common rate ratio of a Poisson GLM with stratum fixed effects and log-exposure offset."""
    k = len(strata)
    rows, counts, offsets = [], [], []
    for i, (a, t1, b, t0) in enumerate(strata):
        for canary, count, exposure in ((1, a, t1), (0, b, t0)):
            dummies = [0.0] * k
            dummies[i] = 1.0
            rows.append(dummies + [float(canary)])
            counts.append(count)
            offsets.append(math.log(exposure))
    fit = sm.GLM(np.array(counts), np.array(rows), family=sm.families.Poisson(),
                 offset=np.array(offsets)).fit()
    return math.exp(fit.params[-1])


GLM_TOLERANCE = 0.3  # |log GLM - log MH| in units of SE(log RR_MH): close, not equal


def mh_rate():
    cases, worst, checked = [], 0.0, 0
    specs = [(1, 1.0, 1.0), (1, 30.0, 1.0), (2, 1.0, 1.0), (5, 1.0, 1.5), (8, 3.0, 1.0),
             (20, 1.0, 1.0), (50, 0.5, 2.0), (200, 0.2, 1.0)]
    index = 0
    while len(cases) < 64:
        k, scale, ratio = specs[index % len(specs)]
        index += 1
        strata = random_strata(k, scale, ratio, zero_events=k >= 5 and index % 2 == 0)
        if index % 7 == 0:
            strata = [[a * 1000, t1 * 1000, b * 1000, t0 * 1000] for a, t1, b, t0 in strata]
        s = np.array(strata, dtype=float)
        if np.sum(s[:, 0]) == 0 or np.sum(s[:, 2]) == 0:
            continue
        r0 = float(rng.choice([1.0, 1.0, 1.2, 0.8]))
        conf = float(rng.choice([0.95, 0.9, 0.99]))
        alt = ALTERNATIVES[len(cases) % 3]
        rr, se, z, (p, low, high) = mh_formula(strata, r0, conf, alt)
        # GLM cross-check on Poisson-like data only (the x1000 copies are not Poisson samples).
        # and with at least 20 events a side (sparse strata pull the GLM's MLE far off).
        if (sum(1 for st in strata if st[0] + st[2] > 0) >= 2 and index % 7 and checked < 24
                and min(np.sum(s[:, 0]), np.sum(s[:, 2])) >= 20):
            checked += 1
            g = glm_ratio([st for st in strata if st[0] + st[2] > 0])
            gap = abs(math.log(g) - math.log(rr)) / se
            worst = max(worst, gap)
            assert gap <= GLM_TOLERANCE, (g, rr, se)
        cases.append({"strata": strata, "nullRatio": r0, "confidence": conf, "alternative": alt,
                      "ratio": rr, "se": se, "statistic": z, "pvalue": float(p), "low": low,
                      "highOrInfinity": fl(high)})
    print(f"  MH ratio vs Poisson GLM (stratum fixed effects, log-exposure offset): largest "
          f"|log difference| / SE(log RR) {worst:.3g} over {checked} cases, tolerance {GLM_TOLERANCE}")
    return write("mh_rate.json", cases)


def convolution(strata, r):
    pmf = np.array([1.0])
    for a, t1, b, t0 in strata:
        m = a + b
        if m == 0:
            continue
        p = r * t1 / (r * t1 + t0)
        pmf = np.convolve(pmf, stats.binom.pmf(np.arange(m + 1), m, p))
    return pmf


def exact_p(strata, r0, alt):
    pmf = convolution(strata, r0)
    s = sum(st[0] for st in strata if st[0] + st[2] > 0)
    if alt == "greater":
        return float(np.sum(pmf[s:]))
    if alt == "less":
        return float(np.sum(pmf[: s + 1]))
    return float(min(1.0, np.sum(pmf[pmf <= pmf[s] * (1 + 1e-7)])))


def exact_interval(strata, conf, alt):
    alpha = (1 - conf) / 2 if alt == "two-sided" else 1 - conf
    used = [st for st in strata if st[0] + st[2] > 0]
    s, total = sum(st[0] for st in used), sum(st[0] + st[2] for st in used)

    def upper_tail(u):
        return float(np.sum(convolution(used, math.exp(u))[s:])) - alpha

    def lower_tail(u):
        return float(np.sum(convolution(used, math.exp(u))[: s + 1])) - alpha

    low, high = 0.0, math.inf
    if s > 0 and alt != "less":
        low = math.exp(optimize.brentq(upper_tail, -60, 60, xtol=1e-14, rtol=1e-15))
    if s < total and alt != "greater":
        high = math.exp(optimize.brentq(lower_tail, -60, 60, xtol=1e-14, rtol=1e-15))
    return low, high


def stratified_exact():
    cases = []
    specs = [(1, 0.3), (1, 3.0), (2, 0.5), (3, 1.0), (5, 0.2), (10, 0.1), (25, 0.05), (60, 0.02)]
    special_strata = [[[5, 10_000.0, 0, 100_000.0]], [[0, 500.0, 3, 400.0], [2, 800.0, 0, 900.0]],
                      [[0, 100.0, 0, 100.0], [4, 100.0, 1, 300.0]]]
    for index in range(54):
        if index < len(special_strata):
            strata = special_strata[index]
        else:
            k, scale = specs[index % len(specs)]
            strata = random_strata(k, scale, float(rng.choice([1.0, 2.0])), zero_events=k > 3)
        if sum(st[0] + st[2] for st in strata) == 0:
            strata[0][0] = 1
        r0 = float(rng.choice([1.0, 1.0, 1.5, 0.7]))
        conf = float(rng.choice([0.95, 0.9]))
        alt = ALTERNATIVES[index % 3]
        p = exact_p(strata, r0, alt)
        if len(strata) == 1:
            a, t1, b, t0 = strata[0]
            ref = stats.binomtest(a, a + b, r0 * t1 / (r0 * t1 + t0), alternative=alt).pvalue
            assert close(p, ref, 1e-12, 1e-300), (p, ref)
        low, high = exact_interval(strata, conf, alt)
        cases.append({"strata": strata, "nullRatio": r0, "confidence": conf, "alternative": alt,
                      "pvalue": p, "low": low, "highOrInfinity": fl(high)})
    return write("stratified_exact.json", cases)


# --- 2x2xK tables ----------------------------------------------------------------------------

def random_tables(k, size):
    tables = []
    for _ in range(k):
        n1, n0 = int(rng.integers(1, size)), int(rng.integers(1, size))
        p = rng.uniform(0.02, 0.6)
        a, c = int(rng.binomial(n1, min(1.0, p * rng.choice([1.0, 1.5])))), int(rng.binomial(n0, p))
        tables.append([[a, n1 - a], [c, n0 - c]])
    return tables


def cmh_case(tables, correction, conf):
    used = [t for t in tables if sum(map(sum, t)) >= 2]
    st = StratifiedTable([np.array(t, dtype=float) for t in used])
    plain = st.test_null_odds(correction=False)
    arr = np.array(used, dtype=float)
    a, b, c, d = arr[:, 0, 0], arr[:, 0, 1], arr[:, 1, 0], arr[:, 1, 1]
    n = a + b + c + d
    delta = abs(np.sum(a - (a + b) * (a + c) / n))
    var = np.sum((a + b) * (c + d) * (a + c) * (b + d) / (n**2 * (n - 1)))
    used_result = plain
    if correction and delta >= 0.5:
        used_result = st.test_null_odds(correction=True)
        assert close(float(used_result.statistic), (delta - 0.5) ** 2 / var, 1e-12)
    # else R's mantelhaen.test rule: no correction when |delta| < 1/2
    statistic = float(used_result.statistic)
    assert close(float(plain.statistic), delta**2 / var, 1e-12)
    p = float(stats.chi2.sf(statistic, 1))
    # statsmodels' p is 1 - cdf: equal up to the rounding of that subtraction.
    assert close(p, float(used_result.pvalue), 0, 1e-14), (p, statistic)
    case = {"tables": tables, "correction": correction, "confidence": conf,
            "statistic": statistic, "pvalue": p}
    r, s = np.sum(a * d / n), np.sum(b * c / n)
    if r > 0 and s > 0:
        low, high = st.oddsratio_pooled_confint(alpha=1 - conf)
        case.update({"oddsRatio": float(st.oddsratio_pooled),
                     "se": float(st.logodds_pooled_se), "low": float(low), "high": float(high)})
    return case


def cmh():
    cases = []
    fixed = [[[[5, 0], [0, 5]]], [[[0, 10], [3, 7]], [[2, 8], [0, 10]]],
             [[[1, 0], [0, 0]], [[3, 4], [5, 2]], [[0, 6], [1, 9]]],
             [[[10, 90], [20, 80]]] * 3, [[[500, 9500], [400, 9600]], [[30, 970], [25, 975]]]]
    specs = [(1, 30), (2, 15), (3, 60), (5, 10), (10, 40), (25, 8), (40, 200), (100, 5)]
    index = 0
    while len(cases) < 64:
        if index < len(fixed):
            tables = fixed[index]
        else:
            k, size = specs[index % len(specs)]
            tables = random_tables(k, size)
        index += 1
        arr = np.array([t for t in tables if sum(map(sum, t)) >= 2], dtype=float)
        if len(arr) == 0:
            continue
        margins = (arr[:, 0].sum(1) * arr[:, 1].sum(1) * arr[:, :, 0].sum(1) * arr[:, :, 1].sum(1))
        if np.sum(margins) == 0:
            continue
        for correction in (False, True):
            cases.append(cmh_case(tables, correction, float(rng.choice([0.95, 0.9]))))
    return write("cmh.json", cases)


# --- Dispersion ------------------------------------------------------------------------------

def pearson_dispersion(counts, exposures):
    counts, exposures = np.asarray(counts, float), np.asarray(exposures, float)
    rate = counts.sum() / exposures.sum()
    expected = rate * exposures
    chi2 = float(np.sum((counts - expected) ** 2 / expected))
    return chi2, len(counts) - 1


def dispersion():
    cases = []
    for index in range(32):
        k = int(rng.choice([2, 3, 5, 10, 30, 120]))
        exposures = [round(log_uniform(100, 1e5), 1) for _ in range(k)]
        rate = log_uniform(1e-4, 0.05)
        spread = float(rng.choice([0.0, 0.2, 0.6]))  # pod-level variation of the rate
        counts = [int(rng.poisson(rate * t * math.exp(rng.normal(0, spread)))) for t in exposures]
        if sum(counts) == 0:
            counts[0] = 1
        chi2, df = pearson_dispersion(counts, exposures)
        if index < 10:
            fit = sm.GLM(np.array(counts), np.ones((k, 1)), family=sm.families.Poisson(),
                         offset=np.log(exposures)).fit(tol=1e-13)
            assert close(fit.pearson_chi2 / fit.df_resid, chi2 / df, 1e-8), (fit.pearson_chi2, chi2)
        case = {"counts": counts, "exposures": exposures, "chiSquare": chi2, "df": df,
                "ratio": chi2 / df, "phi": max(1.0, chi2 / df)}
        # The widened Mantel-Haenszel interval: these counts as the baseline, canary alike.
        strata = [[int(rng.poisson(rate * t)), t, c, t] for c, t in zip(counts, exposures)]
        if sum(s[0] for s in strata) > 0:
            phi = case["phi"]
            rr, se, _, _ = mh_formula(strata, 1.0, 0.95, "two-sided")
            z = math.log(rr) / (se * math.sqrt(phi))
            p, low, high = wald(rr, se * math.sqrt(phi), z, 0.95, "two-sided")
            case["widened"] = {"strata": strata, "se": se * math.sqrt(phi), "statistic": z,
                               "pvalue": float(p), "low": low, "high": high}
        cases.append(case)
    return write("dispersion.json", cases)


# --- Bucket counts ---------------------------------------------------------------------------

EDGES = np.array([0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000])


def bucket_counts(n, median, sigma=0.8):
    """Istio request-duration bucket counts of n lognormal latencies (last bucket +Inf)."""
    values = rng.lognormal(math.log(median), sigma, n)
    return np.bincount(np.searchsorted(EDGES, values), minlength=len(EDGES) + 1).tolist()


def expand(counts):
    return np.repeat(np.arange(len(counts), dtype=float), counts)


def bucket_inputs():
    inputs = [([0, 5, 0], [0, 7, 0]), ([1], [1]), ([3, 0, 0, 2], [0, 0, 4, 0]),
              ([0, 0, 1], [5, 0, 0]), ([2, 0, 0, 0, 0, 1], [0, 1, 0, 0, 3, 0]),
              ([10, 0], [0, 10]), ([1, 0], [0, 1])]
    inputs.append((bucket_counts(200_000, 40), bucket_counts(300_000, 42)))
    inputs.append((bucket_counts(50_000, 40), bucket_counts(400_000, 40)))
    for _ in range(61):
        n1, n0 = int(log_uniform(1, 5000)), int(log_uniform(1, 5000))
        shift = float(rng.choice([1.0, 1.0, 1.1, 1.4, 0.8]))
        median = log_uniform(2, 400)
        c, b = bucket_counts(n1, median * shift), bucket_counts(n0, median)
        if rng.uniform() < 0.3:  # a coarser or truncated bucket layout
            cut = int(rng.integers(3, len(c)))
            c, b = c[:cut], b[:cut]
        if sum(c) == 0 or sum(b) == 0:
            c, b = c + [1], b + [1]
        inputs.append((c, b))
    return inputs


def bucket_mann_whitney():
    cases = []
    for c, b in bucket_inputs():
        x, y = expand(c), expand(b)
        case = {"canary": c, "baseline": b}
        for alt in ALTERNATIVES:
            r = stats.mannwhitneyu(x, y, alternative=alt, method="asymptotic",
                                   use_continuity=True)
            case["u"] = float(r.statistic)
            case[{"two-sided": "twoSided", "greater": "greater", "less": "less"}[alt]] = \
                float(r.pvalue)
        case["effect"] = case["u"] / (len(x) * len(y))
        cases.append(case)
    return write("bucket_mann_whitney.json", cases)


def van_elteren_reference(strata):
    num, var = 0.0, 0.0
    for c, b in strata:
        x, y = expand(c), expand(b)
        if len(x) == 0 or len(y) == 0:
            continue
        pooled = np.concatenate([x, y])
        ranks = stats.rankdata(pooled)
        n1, n0 = len(x), len(y)
        n = n1 + n0
        u = float(np.sum(ranks[:n1]) - n1 * (n1 + 1) / 2)
        assert u == float(stats.mannwhitneyu(x, y, method="asymptotic").statistic)
        _, t = np.unique(pooled, return_counts=True)
        v = n1 * n0 / 12 * ((n + 1) - float(np.sum(t**3 - t)) / (n * (n - 1)))
        w = 1 / (n + 1)
        num += w * (u - n1 * n0 / 2)
        var += w * w * v
    if var == 0:
        return 0.0, {"twoSided": 1.0, "greater": 1.0, "less": 1.0}
    z = num / math.sqrt(var)
    return z, {"twoSided": float(2 * stats.norm.sf(abs(z))), "greater": float(stats.norm.sf(z)),
               "less": float(stats.norm.cdf(z))}


def van_elteren():
    cases = []
    fixed = [[([0, 4, 0], [0, 3, 0]), ([0, 2], [0, 5])],
             [([1, 2, 3], [3, 2, 1]), ([0, 0, 0], [4, 4, 4])],
             [([5, 0], [0, 5])]]
    for index in range(36):
        if index < len(fixed):
            strata = fixed[index]
        else:
            k = int(rng.choice([1, 2, 4, 8, 20]))
            shift = float(rng.choice([1.0, 1.0, 1.2, 0.85]))
            strata = []
            for _ in range(k):
                median = log_uniform(2, 400)
                n1, n0 = int(log_uniform(1, 800)), int(log_uniform(1, 800))
                strata.append((bucket_counts(n1, median * shift), bucket_counts(n0, median)))
            if k > 2 and index % 3 == 0:  # a workload with no canary traffic in this window
                strata.append(([0] * (len(EDGES) + 1), bucket_counts(50, 20)))
        z, p = van_elteren_reference(strata)
        cases.append({"strata": [{"canary": c, "baseline": b} for c, b in strata],
                      "statistic": z, **p})
    return write("van_elteren.json", cases)


# --- Batch means -----------------------------------------------------------------------------

def batch_means():
    cases = []
    for index in range(32):
        n = int(rng.choice([3, 5, 7, 30, 31, 64, 180, 1000]))
        phi = float(rng.choice([0.0, 0.3, 0.5, 0.7, -0.4]))
        x = np.empty(n)
        x[0] = rng.normal()
        for t in range(1, n):  # AR(1) with lag-1 autocorrelation phi
            x[t] = phi * x[t - 1] + rng.normal()
        x = np.round(100 + 5 * x, 6)
        b = int(rng.choice([1, 2, 5, 10, 7]))
        k = n // b
        dropped = x[: k * b].reshape(k, b).mean(axis=1)
        kept = list(dropped) + ([float(np.mean(x[k * b:]))] if n % b else [])
        dev = x - x.mean()
        r1 = float(np.sum(dev[:-1] * dev[1:]) / np.sum(dev * dev))
        assert close(r1, float(acf(x, nlags=1, adjusted=False, fft=False)[1]), 1e-12)
        cases.append({"series": x.tolist(), "blockLength": b, "dropped": dropped.tolist(),
                      "kept": [float(v) for v in kept], "lagOne": r1})
    return write("batch_means.json", cases)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    warnings.simplefilter("ignore")
    total = 0
    for f in (binomial, poisson_rate, non_inferiority, mh_rate, stratified_exact, cmh, dispersion,
              bucket_mann_whitney, van_elteren, batch_means):
        total += f()
    print(f"total: {total} cases")
