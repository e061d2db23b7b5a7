#!/usr/bin/env python3
"""The SciPy half of the stiff work-precision comparison (scripts/stiff-work-precision.sh), and the
tables.

    python3 scripts/stiff_work_precision.py scipy [REPEATS]      CSV rows of SciPy's Radau, BDF, LSODA
    python3 scripts/stiff_work_precision.py tables FILE.csv...   markdown tables and speed ratios

Each problem of stiff_problems.py is solved over rtol 1e-3 ... 1e-8 (atol as the problem defines it)
with the analytic Jacobian, outputs at the reference's times; the error is measured against the tight
reference in adjoint/src/test/resources/dev/gradus/adjoint/stiff/ exactly as the Java side does:
error = max over components i of (max over outputs |y_i - y_ref,i|) / (max over outputs |y_ref,i|), a
tolerance-free accuracy, and error_over_tol = max |y - y_ref| / (atol + rtol |y_ref|), the measure of the
adjoint module's tests.
The times are the medians over REPEATS solves, after one warm-up solve, of the wall time and of the
solving thread's CPU time (time.thread_time; the Java side: ThreadMXBean, which leaves out garbage
collection on other threads; the Java side reports its total), which a loaded machine distorts far less.
"""
import math
import os
import statistics
import sys
import time

import numpy as np
from scipy.integrate import solve_ivp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stiff_problems import PROBLEMS  # noqa: E402

REFERENCES = os.path.join("adjoint", "src", "test", "resources", "dev", "gradus", "adjoint", "stiff")
RTOLS = [1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8]
METHODS = ["Radau", "BDF", "LSODA"]
HEADER = "problem,solver,rtol,atol,error,error_over_tol,ms,cpu_ms,nfev,njev,nlu,steps"


def reference(name):
    rows = np.loadtxt(os.path.join(REFERENCES, name + ".csv"), delimiter=",", comments="#")
    return rows[:, 0], rows[:, 1:]


def scipy_rows(repeats):
    print(HEADER)
    for name, p in PROBLEMS.items():
        ts, ref = reference(name)
        for method in METHODS:
            for rtol in RTOLS:
                def solve():
                    return solve_ivp(p["f"], (ts[0], ts[-1]), ref[0], method=method, t_eval=ts, rtol=rtol,
                                     atol=p["atol"], jac=p["jac"])
                sol = solve()
                ms = []
                cpu_ms = []
                for _ in range(repeats):
                    start = time.perf_counter()
                    cpu_start = time.thread_time()
                    sol = solve()
                    cpu_ms.append((time.thread_time() - cpu_start) * 1e3)
                    ms.append((time.perf_counter() - start) * 1e3)
                if not sol.success:
                    print("# %s %s rtol=%g failed: %s" % (name, method, rtol, sol.message))
                    continue
                diff = np.abs(sol.y.T - ref)
                error = np.max(diff.max(axis=0) / np.abs(ref).max(axis=0))
                over = np.max(diff / (p["atol"] + rtol * np.abs(ref)))
                steps = getattr(sol, "nsteps", -1)
                print("%s,SciPy %s,%.0e,%.0e,%.6e,%.6e,%.4f,%.4f,%d,%d,%d,%d" % (
                    name, method, rtol, p["atol"], error, over, statistics.median(ms), statistics.median(cpu_ms),
                    sol.nfev, sol.njev,
                    sol.nlu, steps), flush=True)


def read_rows(files):
    rows = []
    for f in files:
        with open(f) as inp:
            for line in inp:
                if line.startswith("#") or line.startswith("problem") or not line.strip():
                    continue
                c = line.strip().split(",")
                rows.append(dict(problem=c[0], solver=c[1], rtol=float(c[2]), atol=float(c[3]), error=float(c[4]),
                                 over=float(c[5]), ms=float(c[6]), cpu=float(c[7]), nfev=int(c[8]), njev=int(c[9]),
                                 nlu=int(c[10])))
    return rows


def interpolated_ms(curve, error):
    """Wall time of a work-precision curve (points (error, ms)) at the given error, by log-log
    interpolation between the two neighbouring points; None outside the curve's range."""
    pts = sorted(curve)
    for (e0, t0), (e1, t1) in zip(pts, pts[1:]):
        if e0 <= error <= e1 and e0 > 0:
            if e1 == e0:
                return min(t0, t1)
            w = (math.log(error) - math.log(e0)) / (math.log(e1) - math.log(e0))
            return math.exp((1 - w) * math.log(t0) + w * math.log(t1))
    return None


def scipy_best_at(rows, problem, error, key):
    """The fastest SciPy method's interpolated time (key: "ms" or "cpu") at this error (method, ms), or None."""
    best = None
    for method in METHODS:
        curve = [(r["error"], r[key]) for r in rows if r["problem"] == problem and r["solver"] == "SciPy " + method]
        ms = interpolated_ms(curve, error)
        if ms is not None and (best is None or ms < best[1]):
            best = (method, ms)
    return best


def tables(files):
    rows = read_rows(files)
    titles = {"robertson": "Robertson to t = 1e5 (atol 1e-10)", "vanderpol": "Van der Pol, mu = 1000, to t = 3000 (atol 1e-6)",
              "hires": "HIRES to t = 321.8122 (atol 1e-10)"}
    for problem in PROBLEMS:
        print("#### " + titles[problem] + "\n")
        print("| solver | rtol | error | error / tol | CPU ms | wall ms | f evals | Jacobians | LU "
              "| SciPy best at this error: CPU ms | speed-up (CPU) | speed-up (wall) |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for r in [r for r in rows if r["problem"] == problem]:
            cells = ["", "", ""]
            if r["solver"].startswith("Gradus"):
                best = scipy_best_at(rows, problem, r["error"], "cpu")
                best_wall = scipy_best_at(rows, problem, r["error"], "ms")
                if best is None:
                    cells = ["outside SciPy's range", "", ""]
                else:
                    cells = ["%s %.3g" % best, "%.2f×" % (best[1] / r["cpu"]), "%.2f×" % (best_wall[1] / r["ms"])]
            print("| %s | %.0e | %.2e | %.3g | %.3g | %.3g | %d | %d | %d | %s | %s | %s |" % (
                r["solver"], r["rtol"], r["error"], r["over"], r["cpu"], r["ms"], r["nfev"], r["njev"], r["nlu"], *cells))
        print()


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "scipy":
        scipy_rows(int(sys.argv[2]) if len(sys.argv) > 2 else 5)
    elif len(sys.argv) >= 3 and sys.argv[1] == "tables":
        tables(sys.argv[2:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
