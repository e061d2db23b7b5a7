"""The stiff benchmark problems shared by stiff_reference.py and stiff_work_precision.py, written as
the adjoint module's StiffProblems writes them."""
import numpy as np

K = (0.04, 3e7, 1e4)


def robertson(t, y):
    k1, k2, k3 = K
    return [-k1 * y[0] + k3 * y[1] * y[2],
            k1 * y[0] - k3 * y[1] * y[2] - k2 * y[1] ** 2,
            k2 * y[1] ** 2]


def robertson_jac(t, y):
    k1, k2, k3 = K
    return [[-k1, k3 * y[2], k3 * y[1]],
            [k1, -k3 * y[2] - 2 * k2 * y[1], -k3 * y[1]],
            [0, 2 * k2 * y[1], 0]]


MU = 1000.0


def vdp(t, y):
    return [y[1], MU * (1 - y[0] ** 2) * y[1] - y[0]]


def vdp_jac(t, y):
    return [[0, 1], [-2 * MU * y[0] * y[1] - 1, MU * (1 - y[0] ** 2)]]


HIRES_L = np.array([
    [-1.71, 0.43, 8.32, 0, 0, 0, 0, 0],
    [1.71, -8.75, 0, 0, 0, 0, 0, 0],
    [0, 0, -10.03, 0.43, 0.035, 0, 0, 0],
    [0, 8.32, 1.71, -1.12, 0, 0, 0, 0],
    [0, 0, 0, 0, -1.745, 0.43, 0.43, 0],
    [0, 0, 0, 0.69, 1.71, -0.43, 0.69, 0],
    [0, 0, 0, 0, 0, 0, -1.81, 0],
    [0, 0, 0, 0, 0, 0, 1.81, 0]])
HIRES_C = np.array([0.0007, 0, 0, 0, 0, 0, 0, 0])
HIRES_N = np.array([0, 0, 0, 0, 0, -280.0, 280.0, -280.0])


def hires(t, y):
    return HIRES_L @ y + HIRES_C + HIRES_N * (y[5] * y[7])


def hires_jac(t, y):
    j = HIRES_L.copy()
    j[:, 5] += HIRES_N * y[7]
    j[:, 7] += HIRES_N * y[5]
    return j


PROBLEMS = {
    "robertson": dict(f=robertson, jac=robertson_jac, y0=[1.0, 0.0, 0.0], atol=1e-10, ref_atol=1e-16,
                      t=[0.0, 1e-4, 1e-3, 1e-2, 0.1, 1.0, 10.0, 100.0, 1e3, 1e4, 1e5]),
    "vanderpol": dict(f=vdp, jac=vdp_jac, y0=[2.0, 0.0], atol=1e-6, ref_atol=1e-12,
                      t=[0.0, 500.0, 1000.0, 1500.0, 2000.0, 2500.0, 3000.0]),
    "hires": dict(f=hires, jac=hires_jac, y0=[1.0, 0, 0, 0, 0, 0, 0, 0.0057], atol=1e-10, ref_atol=1e-16,
                  t=[0.0, 1.0, 10.0, 50.0, 100.0, 200.0, 321.8122]),
}
