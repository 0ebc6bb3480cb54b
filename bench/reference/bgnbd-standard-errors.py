"""Independent BG/NBD standard errors on the CDNOW sample (docs/btyd.md, test/btyd-intervals.test.ts):
the log-likelihood of Fader, Hardie and Lee (2005, eq. 6) written in numpy/scipy, maximised by
scipy.optimize.minimize (L-BFGS-B on log parameters), and the observed information from
numdifftools-free central second differences of the log-likelihood in natural parameters, inverted
with numpy.linalg.inv. Run with Debian's python3 (apt-get install python3-scipy); never run by the suite.

  bgnbd-standard-errors.py [data/samples/cdnow/CDNOW_sample.txt]
"""
import sys
from collections import defaultdict
from datetime import date

import numpy as np
from scipy.optimize import minimize
from scipy.special import betaln, gammaln

path = sys.argv[1] if len(sys.argv) > 1 else "data/samples/cdnow/CDNOW_sample.txt"
cal_end = date(1997, 9, 30)
days = defaultdict(set)
for line in open(path):
    f = line.split()
    if len(f) < 5:
        continue
    d = date(int(f[2][:4]), int(f[2][4:6]), int(f[2][6:8]))
    days[f[1]].add(d)
x, tx, T = [], [], []
for cust, ds in days.items():
    ds = sorted(ds)
    first = ds[0]
    if first > cal_end:
        continue
    cal = [d for d in ds if d <= cal_end]
    x.append(len(cal) - 1)
    tx.append((cal[-1] - first).days / 7)
    T.append((cal_end - first).days / 7)
x, tx, T = map(np.array, (x, tx, T))


def loglik(p):
    r, alpha, a, b = p
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = betaln(a, b + x) - betaln(a, b)
    a3 = -(r + x) * np.log(alpha + T)
    a4 = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + tx), -np.inf)
    return np.sum(a1 + a2 + np.logaddexp(a3, a4))


res = minimize(lambda th: -loglik(np.exp(th)), np.log([1, 10, 1, 3]), method="L-BFGS-B", options={"ftol": 1e-15, "gtol": 1e-10})
p = np.exp(res.x)
h = 1e-3 * p
H = np.zeros((4, 4))
for i in range(4):
    for j in range(4):
        def at(si, sj):
            q = p.copy()
            q[i] += si * h[i]
            q[j] += sj * h[j]
            return loglik(q)
        if i == j:
            q1, q0 = p.copy(), p.copy()
            q1[i] += h[i]
            q0[i] -= h[i]
            H[i, i] = (loglik(q1) - 2 * loglik(p) + loglik(q0)) / h[i] ** 2
        else:
            H[i, j] = (at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / (4 * h[i] * h[j])
se = np.sqrt(np.diag(np.linalg.inv(-H)))
print(f"customers {len(x)}, log-likelihood {loglik(p):.4f}")
for name, v, s in zip(["r", "alpha", "a", "b"], p, se):
    print(f"{name:6s} {v:.6f}  se {s:.6f}")
