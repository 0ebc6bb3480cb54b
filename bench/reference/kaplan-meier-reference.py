"""Reference values for models/survival/ (test/kaplan-meier.test.ts), from an independent, established
implementation: statsmodels' SurvfuncRight (Kaplan-Meier, Greenwood standard errors, Brookmeyer-Crowley
median interval as SAS computes it) and survdiff (log-rank test), scipy for the chi-square tail and the
normal quantile. Run with Debian's python3 (apt-get install python3-statsmodels); the test reads the JSON
committed beside the CSV and never runs Python.

  kaplan-meier-reference.py generate SEED ROWS OUT.csv   a subscription-like sample (whole months)
  kaplan-meier-reference.py curves IN.csv OUT.json [HORIZON]
  kaplan-meier-reference.py gamma OUT.json                scipy's gammaincc and chi2.sf on a grid

IN.csv has columns duration,event,group and optionally count (a frequency weight: the row stands for
that many identical rows; it is expanded, since statsmodels' weighted standard error is Tsiatis', not
Greenwood's). statsmodels gives S(t) and its standard error; the pointwise bands, the median (first
t with S(t) <= 0.5) and the restricted mean are written out here from those, by the textbook formulas.
"""
import csv
import json
import math
import sys

import numpy as np
import scipy
import statsmodels
from scipy.special import gammaincc
from scipy.stats import chi2, norm
from statsmodels.duration.survfunc import SurvfuncRight, survdiff

LEVEL = 0.95


def clean(value):
    """JSON has no NaN or Infinity: NaN -> null, +-Infinity -> the strings JavaScript prints."""
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [clean(v) for v in value]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        v = float(value)
        if math.isnan(v):
            return None
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return v
    return value


def read_rows(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    count = np.array([int(r.get("count") or 1) for r in rows])
    duration = np.repeat(np.array([float(r["duration"]) for r in rows]), count)
    event = np.repeat(np.array([int(r["event"]) for r in rows]), count)
    group = np.repeat(np.array([r["group"] for r in rows]), count)
    return duration, event, group


def bands(s, se, z):
    """Pointwise bands from S and its Greenwood standard error: linear (clipped to [0, 1]) and
    log-log (Kalbfleisch-Prentice; lifelines' "exponential Greenwood", R's conf.type = "log-log")."""
    with np.errstate(divide="ignore", invalid="ignore"):
        linear_lower = np.clip(s - z * se, 0, 1)
        linear_upper = np.clip(s + z * se, 0, 1)
        log_s = np.log(s)
        sigma = se / (s * np.abs(log_s))  # sd of log(-log S): sqrt(Greenwood sum) / |log S|
        loglog_lower = s ** np.exp(z * sigma)
        loglog_upper = s ** np.exp(-z * sigma)
    return linear_lower, linear_upper, loglog_lower, loglog_upper


def restricted_mean(times, s, n, d, horizon):
    """Area under the step function up to the horizon, and its Greenwood-type standard error
    sqrt(sum_i A_i^2 d_i / (n_i (n_i - d_i))), A_i the area from event time t_i to the horizon."""
    keep = times <= horizon
    t, sv, nv, dv = times[keep], s[keep], n[keep], d[keep]
    edges = np.concatenate(([0.0], t, [horizon]))
    heights = np.concatenate(([1.0], sv))
    pieces = heights * np.diff(edges)
    mean = pieces.sum()
    tail = np.cumsum(pieces[::-1])[::-1][1:]  # A_i: the area after t_i
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(tail > 0, tail**2 * dv / (nv * (nv - dv)), 0.0)
    return {"horizon": horizon, "mean": mean, "se": math.sqrt(terms.sum())}


def curve(duration, event, z, horizon):
    sf = SurvfuncRight(duration, event)
    s, se = sf.surv_prob, sf.surv_prob_se
    ll, lu, gl, gu = bands(s, se, z)
    reached = np.flatnonzero(s <= 0.5)
    return {
        "rows": len(duration),
        "times": sf.surv_times,
        "atRisk": sf.n_risk,
        "events": sf.n_events,
        "survival": s,
        "se": se,
        "variance": se**2,
        "logLogLower": gl,
        "logLogUpper": gu,
        "linearLower": ll,
        "linearUpper": lu,
        "median": sf.surv_times[reached[0]] if len(reached) else float("nan"),
        "medianCiLogLog": sf.quantile_ci(0.5, alpha=1 - LEVEL, method="cloglog"),
        "medianCiLinear": sf.quantile_ci(0.5, alpha=1 - LEVEL, method="linear"),
        "restrictedMean": restricted_mean(sf.surv_times, s, sf.n_risk, sf.n_events, horizon),
    }


def curves(in_path, out_path, horizon=None):
    duration, event, group = read_rows(in_path)
    horizon = float(horizon) if horizon is not None else float(duration.max())
    z = norm.ppf(0.5 + LEVEL / 2)
    names = sorted(set(group))
    out = {
        "source": f"statsmodels {statsmodels.__version__} SurvfuncRight and survdiff; scipy {scipy.__version__}",
        "input": in_path.split("/")[-1],
        "level": LEVEL,
        "z": z,
        "all": curve(duration, event, z, horizon),
        "groups": {g: curve(duration[group == g], event[group == g], z, horizon) for g in names},
    }
    if len(names) > 1:
        statistic, p = survdiff(duration, event, group)
        out["logRank"] = {
            "groups": names,
            "statistic": statistic,
            "df": len(names) - 1,
            "pValue": chi2.sf(statistic, len(names) - 1),  # statsmodels' 1 - cdf loses small p-values
            "pValueStatsmodels": p,
        }
    with open(out_path, "w") as f:
        json.dump(clean(out), f, indent=1)
        f.write("\n")


def generate(seed, rows, out_path):
    """Subscribers of four plans signing up over 36 months, observed until month 36: each has a monthly
    cancellation probability drawn from a beta (retention improves with tenure across the cohort), annual
    plans cancel only at a renewal; some leave the data early (moved away: censored)."""
    rng = np.random.default_rng(seed)
    plans = {"monthly": (1.2, 6.0, 1), "annual": (1.0, 2.5, 12), "family": (1.5, 14.0, 1), "student": (2.0, 5.0, 1)}
    names = list(plans)
    with open(out_path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["duration", "event", "group"])
        for _ in range(rows):
            plan = names[rng.integers(len(names))]
            a, b, period = plans[plan]
            window = 36 - int(rng.integers(36))  # months from signup to the end of the data
            p = rng.beta(a, b)
            cancel = int(rng.geometric(p)) * period  # months until cancellation (a renewal for annual)
            moved = int(rng.geometric(0.01)) if rng.random() < 0.3 else 10**9
            end = min(window, moved)
            if cancel <= end:
                w.writerow([cancel, 1, plan])
            else:
                w.writerow([end, 0, plan])


def gamma(out_path):
    grid = []
    for a in [0.5, 1, 1.5, 2, 3, 4.5, 10, 25.5, 50, 100]:
        for x in [1e-3, 0.1, 0.5, 1, 2, 5, 10, 30, 80, 200, 600]:
            grid.append({"a": a, "x": x, "q": gammaincc(a, x)})
    chi = [{"x": x, "df": k, "p": chi2.sf(x, k)} for k in [1, 2, 3, 5, 9] for x in [0.01, 1, 3.84, 16.79, 50, 400]]
    with open(out_path, "w") as f:
        json.dump(clean({"source": f"scipy {scipy.__version__}", "gammaincc": grid, "chi2sf": chi,
                         "normPpf": [{"p": p, "z": norm.ppf(p)} for p in [1e-10, 0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.995, 1 - 1e-9]]}), f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    if cmd == "generate":
        generate(int(args[0]), int(args[1]), args[2])
    elif cmd == "curves":
        curves(*args)
    elif cmd == "gamma":
        gamma(args[0])
    else:
        sys.exit(f"unknown command {cmd}")
