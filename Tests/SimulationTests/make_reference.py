#!/usr/bin/env python3
"""Reference values for the simulator's random draws, from SciPy.

Writes Tests/SimulationTests/Reference/draws.json:
- latency: for a log-normal latency (median m, shape s), the probability of each of Istio's
  request-duration buckets (scipy.stats.lognorm(s, scale=m).cdf at the bounds; bucket 19 is
  past the last bound), buckets joined into groups that expect at least 5 draws, the mean, and
  the 0.999 quantile of the chi-square distribution with (groups - 1) degrees of freedom;
- poisson: for a mean, the cells "count <= first", first+1 .. last-1, ">= last"
  (scipy.stats.poisson), grouped likewise, and the matching chi-square quantile.
The Swift test draws with the simulator's generator, bins the draws and checks Pearson's
statistic against the quantile (a fixed seed: the test is deterministic).
"""
import json
import pathlib

import numpy
import scipy
from scipy import stats

BOUNDS = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000,
          300000, 600000, 1800000, 3600000]


def grouped(cells, draws):
    """Joins adjacent cells until each group expects at least 5 draws (a small last group joins
    the one before), as Pearson's test needs; returns the index groups and their probabilities."""
    groups, current, mass = [], [], 0.0
    for index, p in enumerate(cells):
        current.append(index)
        mass += p
        if mass * draws >= 5:
            groups.append((current, mass))
            current, mass = [], 0.0
    if current:
        last, last_mass = groups.pop()
        groups.append((last + current, last_mass + mass))
    return [g for g, _ in groups], [m for _, m in groups]


def latency_case(median, sigma, draws):
    dist = stats.lognorm(sigma, scale=median)
    cdf = [float(dist.cdf(b)) for b in BOUNDS]
    cells = [cdf[0]] + [cdf[i] - cdf[i - 1] for i in range(1, len(cdf))] + [1 - cdf[-1]]
    groups, probabilities = grouped(cells, draws)
    return {"median": median, "sigma": sigma, "draws": draws, "groups": groups,
            "probabilities": probabilities, "mean": float(dist.mean()),
            "chi2_999": float(stats.chi2.ppf(0.999, len(groups) - 1))}


def poisson_case(mean, draws):
    dist = stats.poisson(mean)
    low = int(dist.ppf(0.001))
    high = int(dist.ppf(0.999))
    cells = [float(dist.cdf(low))]
    cells += [float(dist.pmf(k)) for k in range(low + 1, high)]
    cells.append(float(dist.sf(high - 1)))
    groups, probabilities = grouped(cells, draws)
    return {"mean": mean, "draws": draws, "first": low, "last": high, "groups": groups,
            "probabilities": probabilities,
            "chi2_999": float(stats.chi2.ppf(0.999, len(groups) - 1))}


def main():
    out = {
        "meta": {"scipy": scipy.__version__, "numpy": numpy.__version__},
        "latency": [latency_case(m, s, 200000) for m, s in
                    [(3, 0.4), (12, 0.55), (40, 0.7), (200, 0.5)]],
        "poisson": [poisson_case(m, 50000) for m in [0.8, 4.5, 22.0]],
    }
    path = pathlib.Path(__file__).parent / "Reference" / "draws.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
