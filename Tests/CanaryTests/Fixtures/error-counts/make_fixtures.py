#!/usr/bin/env python3
"""Inputs and reference values for ErrorCountE2ETests (VERDICT.md section 4, small counts).

One workload, shop/cart, runs on `stable` for 30 one-minute steps, then restarts (a new pod)
onto `canary` for 30 steps. Istio's request counter is scraped every 15 s at :00, :15, :30
and :45 of each minute, so every one-minute step (t - 60, t] holds four samples. The counters
are built so that Prometheus' increase() over each step, which `canary analyze` computes,
adds up to exactly the intended totals:

- a step whose first sample is above zero is extrapolated from 45 to 60 seconds (x 4/3), so
  such a step's counter rises by the same amount in each of its four quarters;
- a step whose first sample is 0 is not extrapolated (the zero point caps it), so the counts
  of its last three quarters are taken as they are: the canary pod's first step (its counters
  are 0 at its first scrape) and the step in which the canary's 5xx counter leaves 0.

Cases (the canary's numbers first):
- zero-baseline: 5 errors in 10,000 requests against 0 in 100,000;
- zero-canary:   0 errors in 20,000 requests against 12 in 200,000.

The script checks its own files with a Python port of Prometheus' increase(), then writes
zero-baseline.csv, zero-canary.csv and reference.json: the exact conditional test of the two
Poisson rates (scipy.stats.binomtest, cross-checked with statsmodels' test_poisson_2indep,
method "exact-cond") and the Clopper-Pearson interval on the canary's share of the errors
mapped to the rate ratio R = pi * T0 / ((1 - pi) * T1) (scipy.stats.beta quantiles). Both
p-values are kept: one-sided (H1: R > 1) and two-sided (SciPy's binomtest definition, what
the report's pValue is); with every error on the canary's side they coincide, (1/11)^5.

    python3 Tests/CanaryTests/Fixtures/error-counts/make_fixtures.py
"""
import json
import pathlib

import numpy
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.rates import test_poisson_2indep

HERE = pathlib.Path(__file__).resolve().parent
START = 1_788_220_800  # 2026-09-01T00:00:00Z, a whole minute
STEPS = 30
MOVE = START + 60 * STEPS
LABELS = ["reporter", "destination_workload_namespace", "destination_workload",
          "response_code", "istio_io_rev", "pod"]


def spread(total, parts):
    """`parts` integers adding up to `total`, as even as possible (the larger ones first)."""
    base, extra = divmod(total, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


def quarters_even(per_quarter):
    """Per-quarter increments of a counter that rises evenly in every quarter of each minute."""
    return [q for c in per_quarter for q in (c, c, c, c)]


def stable_side(requests, errors, error_minutes):
    """The stable pod (up for days): samples at START, START + 15, ..., MOVE. Errors rise by
    one a quarter in each of `error_minutes` (4 a minute); requests spread evenly."""
    assert errors == 4 * len(error_minutes)
    ok = quarters_even([c for c in spread((requests - errors) // 4, STEPS)])
    assert sum(ok) == requests - errors
    bad = [1 if minute in error_minutes else 0 for minute in range(STEPS) for _ in range(4)]
    times = [START + 15 * k for k in range(4 * STEPS + 1)]
    return times, cumulative(4_183_007, ok), cumulative(37, bad)


def canary_side(requests, errors, error_minute):
    """The canary pod, started just before its first scrape at MOVE + 15 (its counters are 0
    there). Minute 0: three quarters of `first` requests, counted as they are; later minutes
    rise evenly. The errors all fall in the last three quarters of `error_minute`, after a
    scrape that saw the 5xx counter at 0, so they too are counted as they are."""
    ok_total = requests - errors
    first = next(a for a in range(300, 400) if (ok_total - 3 * a) % 4 == 0)
    rest = spread((ok_total - 3 * first) // 4, STEPS - 1)
    ok = [0, first, first, first] + quarters_even(rest)
    bad = [0] * (4 * STEPS)
    if errors:
        split = [errors // 3 + (1 if i < errors % 3 else 0) for i in range(3)]
        bad[4 * error_minute + 1: 4 * error_minute + 4] = split
    assert sum(ok) == ok_total and sum(bad) == errors
    times = [MOVE + 15 * k for k in range(1, 4 * STEPS + 1)]
    # The first sample is the pod's first scrape: the counters' values after quarter 0 (0).
    return times, cumulative(0, ok)[1:], cumulative(0, bad)[1:]


def cumulative(start, increments):
    values = [start]
    for step in increments:
        values.append(values[-1] + step)
    return values


def increase(times, values, end, step=60):
    """Prometheus' increase(v[step]) at `end` (left-open range, extrapolation to the edges,
    capped at the counter's zero point; no resets here), or None with under two samples."""
    window = [(t, v) for t, v in zip(times, values) if end - step < t <= end]
    if len(window) < 2:
        return None
    (t0, v0), (t1, v1) = window[0], window[-1]
    raw = v1 - v0
    sampled = t1 - t0
    average = sampled / (len(window) - 1)
    to_start, to_end = t0 - (end - step), end - t1
    if raw > 0 and v0 >= 0:
        to_start = min(to_start, sampled * v0 / raw)
    interval = sampled
    interval += to_start if to_start < 1.1 * average else average / 2
    interval += to_end if to_end < 1.1 * average else average / 2
    return raw * interval / sampled


def judged_total(series, ends):
    return sum(increase(t, v, end) or 0 for t, v in series for end in ends)


def rows(revision, pod, times, ok, bad):
    for code, values in (("200", ok), ("503", bad)):
        for t, v in zip(times, values):
            labels = ["destination", "shop", "cart", code, revision, pod]
            yield ["istio_requests_total", str(t), str(v), "counter"] + labels


def write_case(name, canary, baseline, stable_error_minutes, canary_error_minute):
    s_times, s_ok, s_bad = stable_side(baseline[1], baseline[0], stable_error_minutes)
    c_times, c_ok, c_bad = canary_side(canary[1], canary[0], canary_error_minute)
    baseline_ends = [START + 60 * k for k in range(1, STEPS + 1)]
    canary_ends = [MOVE + 60 * k for k in range(1, STEPS + 1)]
    checks = [
        (judged_total([(s_times, s_bad)], baseline_ends), baseline[0]),
        (judged_total([(s_times, s_ok), (s_times, s_bad)], baseline_ends), baseline[1]),
        (judged_total([(c_times, c_bad)], canary_ends), canary[0]),
        (judged_total([(c_times, c_ok), (c_times, c_bad)], canary_ends), canary[1]),
    ]
    for got, want in checks:
        assert abs(got - want) < 1e-9 * max(1, want), (name, got, want)
    lines = [["metric", "timestamp", "value", "type"] + LABELS]
    lines += rows("stable", "cart-5d8f7b9c4-hx2qk", s_times, s_ok, s_bad)
    lines += rows("canary", "cart-7c9d4f6b8-zt5mw", c_times, c_ok, c_bad)
    (HERE / f"{name}.csv").write_text("".join(",".join(line) + "\n" for line in lines))
    return reference(canary, baseline)


def reference(canary, baseline, confidence=0.95):
    """Exact conditional test of R = rate(canary) / rate(baseline) <= 1 and its interval."""
    a, t1 = canary
    b, t0 = baseline
    m = a + b
    share = t1 / (t1 + t0)
    greater = stats.binomtest(a, m, share, alternative="greater").pvalue
    with numpy.errstate(divide="ignore"):  # statsmodels divides by a zero rate on the way
        check = test_poisson_2indep(a, t1, b, t0, method="exact-cond", alternative="larger")
    assert abs(greater - check.pvalue) <= 1e-12 * greater, (greater, check.pvalue)
    two_sided = stats.binomtest(a, m, share).pvalue
    with numpy.errstate(divide="ignore"):
        check = test_poisson_2indep(a, t1, b, t0, method="exact-cond").pvalue
    assert abs(two_sided - check) <= 1e-9 * two_sided, (two_sided, check)
    tail = (1 - confidence) / 2

    def ratio(pi):
        return pi * t0 / ((1 - pi) * t1) if pi < 1 else None

    pi_low = stats.beta.ppf(tail, a, m - a + 1) if a > 0 else 0.0
    pi_high = stats.beta.ppf(1 - tail, a + 1, m - a) if a < m else 1.0
    one_sided_low = stats.beta.ppf(1 - confidence, a, m - a + 1) if a > 0 else 0.0
    return {
        "canaryErrors": a, "canaryRequests": t1, "baselineErrors": b, "baselineRequests": t0,
        "pValueGreater": greater, "pValueTwoSided": two_sided, "ciLow": ratio(pi_low), "ciHigh": ratio(pi_high),
        "oneSidedLow": ratio(one_sided_low), "confidence": confidence,
    }


def main():
    cases = {
        "zero-baseline": write_case("zero-baseline", (5, 10_000), (0, 100_000), [], 9),
        "zero-canary": write_case("zero-canary", (0, 20_000), (12, 200_000), [4, 14, 24], None),
    }
    windows = {
        "baselineFrom": START, "baselineTo": MOVE, "canaryFrom": MOVE,
        "canaryTo": MOVE + 60 * STEPS,
    }
    out = {
        "generator": "Tests/CanaryTests/Fixtures/error-counts/make_fixtures.py",
        "scipy": scipy.__version__, "numpy": numpy.__version__,
        "statsmodels": statsmodels.__version__, "windows": windows, "cases": cases,
    }
    (HERE / "reference.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
