"""Reference fits for bench/btyd.ts: the BG/NBD, Pareto/NBD and Gamma-Gamma log-likelihoods written
with numpy/scipy and maximised with scipy.optimize.minimize on log parameters, the way lifetimes does
(BFGS for BG/NBD and Gamma-Gamma, Nelder-Mead for Pareto/NBD; numerical gradients). Reads the RFM
summary CSV the TypeScript bench writes; prints one tab-separated row per model (median of 5 fits)."""
import sys
import time

import numpy as np
from scipy.optimize import minimize
from scipy.special import gammaln, hyp2f1, logsumexp


def bgnbd_nll(log_params, x, tx, T):
    r, alpha, a, b = np.exp(log_params)
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    a4 = np.log(a) - np.log(b + np.maximum(x, 1) - 1) - (r + x) * np.log(alpha + tx)
    ll = a1 + a2 + np.logaddexp(a3, np.where(x > 0, a4, -np.inf))
    return -ll.mean()


def pnbd_nll(log_params, x, tx, T):
    r, alpha, s, beta = np.exp(log_params)
    lo, hi, t = (alpha, beta, r + x) if alpha < beta else (beta, alpha, s + 1)
    rsx = r + s + x
    p1 = hyp2f1(rsx, t, rsx + 1, (hi - lo) / (hi + tx))
    p2 = hyp2f1(rsx, t, rsx + 1, (hi - lo) / (hi + T))
    log_a0 = logsumexp([np.log(p1) - rsx * np.log(hi + tx), np.log(p2) - rsx * np.log(hi + T)], axis=0, b=[np.ones_like(x), -np.ones_like(x)])
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha) + s * np.log(beta)
    a2 = np.logaddexp(-(r + x) * np.log(alpha + T) - s * np.log(beta + T), np.log(s) + log_a0 - np.log(rsx))
    ll = a1 + a2
    return -ll.mean() if np.all(np.isfinite(ll)) else np.inf


def gg_nll(log_params, x, m):
    p, q, v = np.exp(log_params)
    ll = gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * np.log(v) + (p * x - 1) * np.log(m) + p * x * np.log(x) - (p * x + q) * np.log(x * m + v)
    return -ll.mean()


def bench(name, fn, args, x0, method, names, n):
    times = []
    for _ in range(6):
        start = time.perf_counter()
        res = minimize(fn, x0, args=args, method=method, options={"maxiter": 5000} if method == "Nelder-Mead" else {})
        times.append(time.perf_counter() - start)
    params = " ".join(f"{k}={v:.4g}" for k, v in zip(names, np.exp(res.x)))
    print("\t".join(["scipy (" + method + ")", name, f"{np.median(times[1:]):.3f}", f"{-res.fun * n:.2f}", str(bool(res.success)), params]))


def main():
    data = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
    x, tx, T, m = data.T
    mean_t = T.mean()
    bench("bgnbd", bgnbd_nll, (x, tx, T), np.log([1, mean_t, 1, 3]), "BFGS", ["r", "alpha", "a", "b"], len(x))
    bench("paretonbd", pnbd_nll, (x, tx, T), np.log([1, mean_t, 1, mean_t]), "Nelder-Mead", ["r", "alpha", "s", "beta"], len(x))
    keep = (x > 0) & (m > 0)
    bench("gammagamma", gg_nll, (x[keep], m[keep]), np.log([1, 2, m[keep].mean()]), "BFGS", ["p", "q", "gamma"], keep.sum())


if __name__ == "__main__":
    main()
