#!/usr/bin/env python3
"""scikit-learn's side of the GP fit timing of BayesOptBenchmark (dev.gradus.benchmarks.bayesopt.GpFitTiming).

Same data: Hartmann-6 at the Kronecker points x_ij = frac(i*sqrt(p_j)), i = 1..n, p = 2, 3, 5, 7, 11, 13;
same model: Matern-5/2 with one length scale per dimension, signal variance and white noise, outputs
normalised, start (1, 0.5, 1e-3) and bounds [1e-4, 1e4], [1e-2, 1e2], [1e-6, 1] as the Java defaults.
For n = 100, 500, 1000 it prints: one factorisation with the log marginal likelihood at the start
(GaussianProcessRegressor.fit with optimizer=None; median of 5 after a warm-up), the same with the
gradient (log_marginal_likelihood(theta, eval_gradient=True)), and a whole fit from the start alone
(n_restarts_optimizer=0, L-BFGS-B) with its number of likelihood evaluations.

Needs Debian's python3-sklearn (1.2.1): python3 scripts/bayesopt-sklearn-timing.py
Run it in the same session as the Java benchmark, on the same machine, for comparable numbers.
"""
import statistics
import time

import numpy as np
import scipy.optimize
import sklearn
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel

PRIMES = [2, 3, 5, 7, 11, 13]
ALPHA = np.array([1.0, 1.2, 3.0, 3.2])
A = np.array([[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8],
              [17, 8, 0.05, 10, 0.1, 14]])
P = np.array([[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
              [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]])


def kronecker(n):
    x = np.empty((n, len(PRIMES)))
    for i in range(n):
        for j, p in enumerate(PRIMES):
            v = (i + 1) * np.sqrt(p)
            x[i, j] = v - np.floor(v)
    return x


def hartmann6(x):
    return -np.sum(ALPHA * np.exp(-np.sum(A * (x[:, None, :] - P) ** 2, axis=2)), axis=1)


def kernel():
    return (ConstantKernel(1.0, (1e-4, 1e4)) * Matern(np.full(6, 0.5), (1e-2, 1e2), nu=2.5)
            + WhiteKernel(1e-3, (1e-6, 1.0)))


def median_time(f, reps=5):
    f()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    print(f"# scikit-learn {sklearn.__version__}, numpy {np.__version__}")
    for n in (100, 500, 1000):
        x = kronecker(n)
        y = hartmann6(x)
        fixed = GaussianProcessRegressor(kernel(), alpha=0.0, optimizer=None, normalize_y=True)
        likelihood = median_time(lambda: fixed.fit(x, y).log_marginal_likelihood_value_)
        theta = fixed.kernel_.theta
        gradient = median_time(lambda: fixed.log_marginal_likelihood(theta, eval_gradient=True))
        evaluations = [0]

        def lbfgsb(objective, initial_theta, bounds):
            def counted(t):
                evaluations[0] += 1
                return objective(t, eval_gradient=True)

            result = scipy.optimize.minimize(counted, initial_theta, method="L-BFGS-B", jac=True, bounds=bounds)
            return result.x, result.fun

        gp = GaussianProcessRegressor(kernel(), alpha=0.0, optimizer=lbfgsb, n_restarts_optimizer=0, normalize_y=True)
        t0 = time.perf_counter()
        gp.fit(x, y)
        fit = time.perf_counter() - t0
        print(f"sklearn n={n:4d}  likelihood {likelihood:.4f} s  likelihood+gradient {gradient:.4f} s  "
              f"fit {fit:.2f} s ({evaluations[0]} evaluations)  fitted log-likelihood "
              f"{gp.log_marginal_likelihood_value_:.3f}  {gp.kernel_}")


if __name__ == "__main__":
    main()
