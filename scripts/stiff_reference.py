#!/usr/bin/env python3
"""Tight reference solutions of the stiff test problems (Robertson, Van der Pol mu=1000, HIRES) for
the adjoint module's tests: SciPy's Radau at rtol 1e-12, written as CSV (t, y...) under
adjoint/src/test/resources/dev/gradus/adjoint/stiff/. Run from the repository root:
    python3 scripts/stiff_reference.py
"""
import os
import numpy as np
from scipy.integrate import solve_ivp

from stiff_problems import PROBLEMS

OUT = os.path.join("adjoint", "src", "test", "resources", "dev", "gradus", "adjoint", "stiff")


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, p in PROBLEMS.items():
        sol = solve_ivp(p["f"], (p["t"][0], p["t"][-1]), p["y0"], method="Radau", t_eval=p["t"],
                        rtol=1e-12, atol=p["ref_atol"], jac=p["jac"])
        assert sol.success, (name, sol.message)
        with open(os.path.join(OUT, name + ".csv"), "w") as out:
            out.write("# %s: SciPy %s Radau, rtol=1e-12, atol=%g (scripts/stiff_reference.py)\n"
                      % (name, __import__("scipy").__version__, p["ref_atol"]))
            for i, t in enumerate(sol.t):
                out.write(",".join(repr(float(v)) for v in [t, *sol.y[:, i]]) + "\n")
        print(name, "nfev", sol.nfev)


if __name__ == "__main__":
    main()
