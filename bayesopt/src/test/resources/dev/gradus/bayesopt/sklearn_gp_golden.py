"""Golden values for GaussianProcessSklearnTest, from scikit-learn's GaussianProcessRegressor.

Run with Debian's python3-sklearn (1.2.1) from this directory:
    python3 sklearn_gp_golden.py > sklearn_gp_golden.txt
Each line is `case.key value...`; inputs are written with 17 significant digits so that both sides
see the same numbers. Inputs are given in a box; scikit-learn gets them mapped to the unit cube,
which is what the Java GP does with GpOptions.withInputBounds.
"""
import numpy as np
import sklearn
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import RBF, ConstantKernel, Matern, WhiteKernel


def row(key, values):
    print(key, " ".join(repr(float(v)) for v in np.ravel(values)))


def case(name, nu, d, n, m, lo, hi, c, ls, noise, normalize, seed):
    rng = np.random.default_rng(seed)
    lo = np.array(lo, dtype=float)
    hi = np.array(hi, dtype=float)
    x = lo + (hi - lo) * rng.random((n, d))
    u = (x - lo) / (hi - lo)
    y = np.sin(3 * u).sum(axis=1) + u[:, 0] ** 2 + 0.05 * rng.standard_normal(n) + 4.0
    xs = lo + (hi - lo) * rng.random((m, d))
    us = (xs - lo) / (hi - lo)
    corr = Matern(length_scale=ls, nu=nu) if nu is not None else RBF(length_scale=ls)
    row(name + ".config", [d, n, m, 1 if normalize else 0, 0 if nu is not None else 1])
    row(name + ".lower", lo)
    row(name + ".upper", hi)
    row(name + ".hyper", [c] + list(ls) + [noise])
    row(name + ".x", x)
    row(name + ".y", y)
    row(name + ".xs", xs)
    # latent posterior: the noise as alpha (added to the training diagonal only)
    gp = GaussianProcessRegressor(kernel=ConstantKernel(c, "fixed") * corr, alpha=noise, optimizer=None,
                                  normalize_y=normalize).fit(u, y)
    mean, std = gp.predict(us, return_std=True)
    row(name + ".lml", [gp.log_marginal_likelihood_value_])
    row(name + ".mean", mean)
    row(name + ".variance", std ** 2)
    # gradient with respect to theta = [log c, log l_1..d, log noise]
    with_noise = ConstantKernel(c) * corr + WhiteKernel(noise)
    gp2 = GaussianProcessRegressor(kernel=with_noise, alpha=0.0, optimizer=None, normalize_y=normalize).fit(u, y)
    lml, grad = gp2.log_marginal_likelihood(gp2.kernel_.theta, eval_gradient=True)
    row(name + ".lml_white", [lml])
    row(name + ".lml_gradient", grad)
    # maximum likelihood with the Java defaults' bounds, 10 restarts: a bar for the Java fit
    bounded = (ConstantKernel(1.0, (1e-4, 1e4))
               * (Matern(np.full(d, 0.5), (1e-2, 1e2), nu=nu) if nu is not None else RBF(np.full(d, 0.5), (1e-2, 1e2)))
               + WhiteKernel(1e-3, (1e-6, 1.0)))
    fitted = GaussianProcessRegressor(kernel=bounded, alpha=0.0, n_restarts_optimizer=10, normalize_y=normalize,
                                      random_state=0).fit(u, y)
    row(name + ".fitted_lml", [fitted.log_marginal_likelihood_value_])
    row(name + ".fitted_theta", np.exp(fitted.kernel_.theta))


print("# scikit-learn", sklearn.__version__)
case("matern", 2.5, 3, 20, 8, [-2.0, 0.0, 10.0], [3.0, 1.0, 20.0], 1.7, [0.3, 0.5, 1.2], 1e-2, True, 1)
case("rbf", None, 2, 12, 6, [0.0, -1.0], [1.0, 1.0], 0.8, [0.2, 0.7], 1e-4, False, 2)
case("matern_large", 2.5, 4, 60, 10, [0.0, 0.0, 0.0, 0.0], [1.0, 2.0, 3.0, 4.0], 2.5, [0.4, 0.6, 0.8, 1.5], 1e-3, True, 3)
