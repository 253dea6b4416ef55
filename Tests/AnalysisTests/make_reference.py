#!/usr/bin/env python3
"""Reference values for the analysis engine's end-to-end judge test.

Writes Reference/gauge_judge.json: per-step gauge values of a baseline and a canary (drawn
with a seeded generator, some with ties), and what SciPy says of them: the Mann-Whitney U of
canary against baseline, its two-sided p-value (method="auto", use_continuity=True), and the
Hodges-Lehmann shift (median of all pairwise differences canary_i - baseline_j).

Run from the repository root: python3 Tests/AnalysisTests/make_reference.py
"""
import json
import pathlib

import numpy as np
import scipy
from scipy import stats

rng = np.random.default_rng(20261127)
cases = []
for name, n, m, shift, rounding in [
    ("equal", 30, 30, 0.0, 3),
    ("shifted", 25, 30, 0.8, 3),
    ("ties", 20, 24, 0.5, 0),
    ("small-exact", 8, 12, 1.0, 2),
]:
    baseline = np.round(rng.normal(50.0, 2.0, n), rounding)
    canary = np.round(rng.normal(50.0 + shift * 2.0, 2.0, m), rounding)
    result = stats.mannwhitneyu(canary, baseline, alternative="two-sided", method="auto", use_continuity=True)
    shift_estimate = float(np.median(np.subtract.outer(canary, baseline)))
    cases.append({
        "name": name,
        "baseline": baseline.tolist(),
        "canary": canary.tolist(),
        "statistic": float(result.statistic),
        "pValue": float(result.pvalue),
        "estimate": shift_estimate,
        "ratio": float(np.mean(canary) / np.mean(baseline)),
    })

out = pathlib.Path(__file__).resolve().parent / "Reference" / "gauge_judge.json"
out.write_text(json.dumps({"scipy": scipy.__version__, "numpy": np.__version__, "cases": cases}, indent=1) + "\n")
print(f"wrote {len(cases)} cases to {out}")
