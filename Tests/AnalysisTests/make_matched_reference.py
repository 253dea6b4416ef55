#!/usr/bin/env python3
"""Reference values for the matched judge's combining statistics.

Writes Reference/matched.json:
- "unit_difference": per-workload log changes of moved and control workloads, and the
  combined effect the judge reports: Welch's t (scipy.stats.ttest_ind, equal_var=False) and
  its interval (mean difference +- t quantile * SE, Welch-Satterthwaite df) when both groups
  have two or more; a one-sample t (scipy.stats.ttest_1samp) when controls are fewer than
  two; one moved workload against the controls' spread (SE = s * sqrt(1 + 1/c), df = c - 1)
  computed with scipy.stats.t.
- "random_effects": moved and control strata of (canary events, canary exposure, baseline
  events, baseline exposure); the judge's combined log rate ratio: per-stratum log ratios
  (0.5 added to both counts where one is 0; strata without events left out), tau2 from
  statsmodels combine_effects(method_re="dl") on the controls (on the moved strata with
  fewer than two controls; a negative estimate taken as 0), random-effects means of each
  group with that tau2, moved less controls, variances added; the 95% normal interval, the
  two-sided p and the widening (variance over the counts-only variance).

Run from the repository root: python3 Tests/AnalysisTests/make_matched_reference.py
"""
import json
import pathlib

import numpy as np
import scipy
from scipy import stats
from statsmodels.stats.meta_analysis import combine_effects

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


def log_ratios(strata):
    """Per-stratum log rate ratios and variances, Haldane's 0.5 where a count is 0."""
    y, v = [], []
    for a, t1, b, t0 in strata:
        if a + b == 0:
            continue
        c = 0.5 if a == 0 or b == 0 else 0.0
        y.append(np.log((a + c) / t1) - np.log((b + c) / t0))
        v.append(1 / (a + c) + 1 / (b + c))
    return np.asarray(y), np.asarray(v)


def combined(moved, controls):
    """The judge's count combination: random-effects means (tau2 by statsmodels' DL on the
    controls, or the moved strata with fewer than two controls), moved less controls."""
    my, mv = log_ratios(moved)
    cy, cv = log_ratios(controls)
    sy, sv = (cy, cv) if len(cy) >= 2 else (my, mv)
    tau2 = max(0.0, float(combine_effects(sy, sv, method_re="dl").tau2)) if len(sy) >= 2 else 0.0
    w = 1 / (mv + tau2)
    estimate = (w * my).sum() / w.sum()
    variance = 1 / w.sum()
    counts_only = 1 / (1 / mv).sum()
    if len(cy):
        wc = 1 / (cv + tau2)
        estimate -= (wc * cy).sum() / wc.sum()
        variance += 1 / wc.sum()
        counts_only += 1 / (1 / cv).sum()
    z = stats.norm.ppf(1 - ALPHA / 2)
    se = np.sqrt(variance)
    return dict(logRatio=float(estimate), se=float(se), tau2=tau2,
                widening=float(max(1.0, variance / counts_only)),
                low=float(estimate - z * se), high=float(estimate + z * se),
                p=float(2 * stats.norm.sf(abs(estimate / se))))


def strata(k, wobble):
    rate = rng.uniform(0.0005, 0.005, k)
    exposure1 = rng.uniform(1_000, 400_000, k).round()
    exposure0 = rng.uniform(1_000, 400_000, k).round()
    a = rng.poisson(rate * exposure1 * rng.lognormal(0, wobble, k))
    b = rng.poisson(rate * exposure0)
    if a.sum() == 0:
        a[0] = 1
    if b.sum() == 0:
        b[0] = 1
    return [[int(a[i]), float(exposure1[i]), int(b[i]), float(exposure0[i])] for i in range(k)]


re_cases = []
for index in range(40):
    wobble = float(rng.choice([0.0, 0.1, 0.4]))
    moved = strata(int(rng.integers(1, 8)), wobble)
    controls = strata(int(rng.choice([1, 2, 5, 18])), wobble) if index % 5 else []
    re_cases.append(dict(moved=moved, controls=controls, **combined(moved, controls)))

out = pathlib.Path(__file__).parent / "Reference" / "matched.json"
out.write_text(json.dumps({
    "meta": {"scipy": scipy.__version__, "numpy": np.__version__, "alpha": ALPHA,
             "generator": "Tests/AnalysisTests/make_matched_reference.py"},
    "unit_difference": unit_cases,
    "random_effects": re_cases,
}, indent=1) + "\n")
print(f"wrote {out}: {len(unit_cases)} unit-difference cases, {len(re_cases)} random-effects cases")
