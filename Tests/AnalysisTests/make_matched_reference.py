#!/usr/bin/env python3
"""Reference values for the matched judge's combining statistics.

Writes Reference/matched.json:
- "unit_difference": per-workload log changes of moved and control workloads, and the
  combined effect the judge reports: Welch's t (scipy.stats.ttest_ind, equal_var=False) and
  its interval (mean difference +- t quantile * SE, Welch-Satterthwaite df) when both groups
  have two or more; a one-sample t (scipy.stats.ttest_1samp) when controls are fewer than
  two; one moved workload against the controls' spread (SE = s * sqrt(1 + 1/c), df = c - 1)
  computed with scipy.stats.t.
- "heterogeneity": strata of (canary events, canary exposure, baseline events, baseline
  exposure); the Mantel-Haenszel rate ratio and phi = max(1, X^2/(K - 1)), X^2 the Pearson
  statistic of each stratum's canary count against its binomial expectation under that
  common ratio (strata without events left out), computed with NumPy.

Run from the repository root: python3 Tests/AnalysisTests/make_matched_reference.py
"""
import json
import pathlib

import numpy as np
import scipy
from scipy import stats

rng = np.random.default_rng(20261201)
ALPHA = 0.05


def welch(x, z):
    x, z = np.asarray(x), np.asarray(z)
    a, b = x.var(ddof=1) / len(x), z.var(ddof=1) / len(z)
    se = np.sqrt(a + b)
    df = (a + b) ** 2 / (a * a / (len(x) - 1) + b * b / (len(z) - 1))
    test = stats.ttest_ind(x, z, equal_var=False)
    d = x.mean() - z.mean()
    q = stats.t.ppf(1 - ALPHA / 2, df)
    return dict(estimate=d, se=se, df=df, t=float(test.statistic), p=float(test.pvalue),
                low=d - q * se, high=d + q * se)


def one_sample(x):
    x = np.asarray(x)
    se = x.std(ddof=1) / np.sqrt(len(x))
    df = len(x) - 1
    test = stats.ttest_1samp(x, 0.0)
    q = stats.t.ppf(1 - ALPHA / 2, df)
    return dict(estimate=x.mean(), se=se, df=df, t=float(test.statistic), p=float(test.pvalue),
                low=x.mean() - q * se, high=x.mean() + q * se)


def single(x, z):
    z = np.asarray(z)
    se = z.std(ddof=1) * np.sqrt(1 + 1 / len(z))
    df = len(z) - 1
    d = x[0] - z.mean()
    t = d / se
    q = stats.t.ppf(1 - ALPHA / 2, df)
    return dict(estimate=d, se=se, df=df, t=t, p=float(2 * stats.t.sf(abs(t), df)),
                low=d - q * se, high=d + q * se)


unit_cases = []
for index in range(60):
    m = int(rng.integers(1, 9))
    c = int(rng.integers(0, 25))
    if m == 1 and c < 2:
        c = 2 + index % 5
    spread = float(rng.uniform(0.005, 0.2))
    shift = float(rng.choice([0.0, 0.05, 0.14, 0.22, -0.1]))
    x = (rng.normal(shift, spread, m)).round(6).tolist()
    z = (rng.normal(0.0, spread, c)).round(6).tolist()
    if m >= 2 and c >= 2:
        r = welch(x, z)
    elif m >= 2:
        r = one_sample(x)
    else:
        r = single(x, z)
    unit_cases.append(dict(moved=x, controls=z, **{k: float(v) for k, v in r.items()}))


def heterogeneity(strata):
    s = np.asarray(strata, dtype=float)
    a, t1, b, t0 = s.T
    t = t1 + t0
    rr = (a * t0 / t).sum() / (b * t1 / t).sum()
    used = (a + b) > 0
    a, t1, b, t0 = a[used], t1[used], b[used], t0[used]
    m = a + b
    share = rr * t1 / (rr * t1 + t0)
    variance = m * share * (1 - share)
    chi2 = (((a - m * share) ** 2) / variance).sum()
    return rr, max(1.0, chi2 / (len(a) - 1)), chi2


het_cases = []
for index in range(40):
    k = int(rng.integers(2, 25))
    rate = rng.uniform(0.0005, 0.005, k)
    exposure1 = rng.uniform(1_000, 400_000, k).round()
    exposure0 = rng.uniform(1_000, 400_000, k).round()
    wobble = rng.lognormal(0, float(rng.choice([0.0, 0.1, 0.4])), k)
    a = rng.poisson(rate * exposure1 * wobble)
    b = rng.poisson(rate * exposure0)
    if a.sum() == 0:
        a[0] = 1
    if b.sum() == 0:
        b[0] = 1
    strata = [[int(a[i]), float(exposure1[i]), int(b[i]), float(exposure0[i])] for i in range(k)]
    if len([1 for s in strata if s[0] + s[2] > 0]) < 2:
        continue
    rr, phi, chi2 = heterogeneity(strata)
    het_cases.append(dict(strata=strata, ratio=float(rr), phi=float(phi), chiSquare=float(chi2)))

out = pathlib.Path(__file__).parent / "Reference" / "matched.json"
out.write_text(json.dumps({
    "meta": {"scipy": scipy.__version__, "numpy": np.__version__, "alpha": ALPHA,
             "generator": "Tests/AnalysisTests/make_matched_reference.py"},
    "unit_difference": unit_cases,
    "heterogeneity": het_cases,
}, indent=1) + "\n")
print(f"wrote {out}: {len(unit_cases)} unit-difference cases, {len(het_cases)} heterogeneity cases")
