#!/usr/bin/env python3
"""Reference values for `canary calibrate`'s tally of rollbacks.

Writes Reference/calibration.json: for run counts n and rollback counts k, the measured
false-rollback rate k/n, its two-sided 95% Clopper-Pearson interval
(scipy.stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="exact")), and
whether the rate exceeds alpha (the configuration is flagged), for alpha 0.05 and 0.25.

Run from the repository root: python3 Tests/AnalysisTests/make_calibration_reference.py
"""
import json
import pathlib

import scipy
from scipy import stats

ALPHAS = [0.05, 0.25]
cases = []
for n in [1, 2, 5, 20, 40, 100, 1000]:
    for k in sorted({0, 1, 2, n // 20, n // 4, n // 2, n - 1, n}):
        if not 0 <= k <= n:
            continue
        ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="exact")
        for alpha in ALPHAS:
            cases.append(dict(rollbacks=k, runs=n, alpha=alpha, rate=k / n,
                              low=float(ci.low), high=float(ci.high), flagged=k / n > alpha))

out = pathlib.Path(__file__).parent / "Reference" / "calibration.json"
out.write_text(json.dumps(dict(scipy=scipy.__version__, cases=cases), indent=1) + "\n")
print(f"wrote {len(cases)} cases to {out}")
