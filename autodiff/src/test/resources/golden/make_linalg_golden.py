#!/usr/bin/env python3
"""Generates linalg_vjp.txt: PyTorch 1.13 (float64) values and VJPs of the linear-algebra ops.

Run once with `python3 make_linalg_golden.py > linalg_vjp.txt` (Debian python3-torch). The inputs
below are repeated verbatim in LinalgOpsTest. Each output line is `name v1 v2 ...` (row-major).
"""
import torch

torch.set_printoptions(precision=17)
d = torch.float64
SPD = torch.tensor([[4, 1, -2], [1, 5, 0.5], [-2, 0.5, 6]], dtype=d)
N = torch.tensor([[2, -1, 0.5], [1, 3, -2], [0.5, -1, -4]], dtype=d)
G = torch.tensor([[0.3, -1.2, 0.7], [0.5, 0.1, -0.4], [-0.9, 0.6, 0.2]], dtype=d)
B = torch.tensor([[1, 2], [0.5, -1], [3, 0.2]], dtype=d)
GB = torch.tensor([[0.4, -0.3], [1.1, 0.25], [-0.6, 0.8]], dtype=d)


def emit(name, t):
    print(name, " ".join(repr(float(v)) for v in t.detach().reshape(-1)))


def vjp(f, inputs, cot):
    xs = [x.clone().requires_grad_(True) for x in inputs]
    y = f(*xs)
    y.backward(cot)
    return y, [x.grad for x in xs]


y, (ga,) = vjp(torch.linalg.cholesky, [SPD], G)
emit("cholesky.value", y)
emit("cholesky.gradA", ga)

for upper in (False, True):
    T = torch.triu(N) if upper else torch.tril(N)
    name = "triangularSolve." + ("upper" if upper else "lower")
    y, (gt, gb) = vjp(lambda t, b: torch.linalg.solve_triangular(t, b, upper=upper), [T, B], GB)
    emit(name + ".value", y)
    emit(name + ".gradT", gt)
    emit(name + ".gradB", gb)

y, (ga, gb) = vjp(torch.linalg.solve, [N, B], GB)
emit("solve.value", y)
emit("solve.gradA", ga)
emit("solve.gradB", gb)

y, (ga,) = vjp(torch.linalg.inv, [N], G)
emit("inverse.value", y)
emit("inverse.gradA", ga)

y, (ga,) = vjp(torch.linalg.det, [N], torch.tensor(1.0, dtype=d))
emit("det.value", y)
emit("det.gradA", ga)

y, (ga,) = vjp(lambda a: torch.linalg.slogdet(a)[1], [N], torch.tensor(1.0, dtype=d))
emit("logdet.value", y)
emit("logdet.gradA", ga)
