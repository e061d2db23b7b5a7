#!/usr/bin/env python3
"""Generates nn_golden.json: reference values and derivatives for the nn golden tests.

Run once with PyTorch (Debian python3-torch 1.13), float64:
    /usr/bin/python3 make_golden.py > nn_golden.json
The Java tests (dev.gradus.autodiff.nn.GoldenValuesTest) read the JSON and never need Python.

Conventions shared with the Java side:
  * a Linear layer's weight has shape [in, out] and computes x @ w + b;
  * MLP parameters are named "0.w", "0.b", "1.w", "1.b";
  * every tensor is {"shape": [...], "data": [row-major values]}; Python's repr of a float
    round-trips exactly, so Java's Double.parseDouble recovers the same bits.
"""
import json
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
gen = torch.Generator().manual_seed(20261129)


def randn(*shape, scale=1.0):
    return torch.randn(*shape, generator=gen) * scale


def enc(t):
    t = t.detach()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def enc_all(names, tensors):
    return {n: enc(t) for n, t in zip(names, tensors)}


def grads_and_hvp(f, names, inputs, directions):
    """f's value, its gradient, and the Hessian-vector product along `directions` (exact autograd)."""
    leaves = [t.clone().requires_grad_(True) for t in inputs]
    value = f(*leaves)
    grads = torch.autograd.grad(value, leaves, create_graph=True)
    inner = sum((g * v).sum() for g, v in zip(grads, directions))
    if inner.requires_grad:
        hvp = torch.autograd.grad(inner, leaves, allow_unused=True)
    else:  # the gradient is constant (e.g. identity): the Hessian is zero
        hvp = [None] * len(leaves)
    hvp = [torch.zeros_like(t) if h is None else h for t, h in zip(inputs, hvp)]
    return {
        "inputs": enc_all(names, inputs),
        "value": float(value),
        "grads": enc_all(names, grads),
        "direction": enc_all(names, directions),
        "hvp": enc_all(names, hvp),
    }


# ------------------------------------------------------------------ the composite function
# MLP 5-7-4 (tanh hidden, linear output) + softmax cross-entropy + logSumExp terms + a matmul chain.
B, D, H, C = 6, 5, 7, 4
composite_labels = [2, 0, 3, 1, 3, 0]


def composite(x, w0, b0, w1, b1, a, b):
    h = torch.tanh(x @ w0 + b0)
    logits = h @ w1 + b1
    y = torch.tensor(composite_labels)
    ce = F.cross_entropy(logits, y)  # mean over the batch
    lse = 0.5 * torch.logsumexp(logits @ a, dim=1).mean() + 0.1 * torch.logsumexp(h.reshape(-1), dim=0)
    chain = w0 @ w1 @ a @ b  # [5, 5]
    return ce + lse + 0.1 * torch.trace(chain) + 0.01 * (chain ** 2).sum()


composite_names = ["x", "0.w", "0.b", "1.w", "1.b", "a", "b"]
composite_inputs = [randn(B, D), randn(D, H, scale=0.5), randn(H, scale=0.1), randn(H, C, scale=0.5),
                    randn(C, scale=0.1), randn(C, 3, scale=0.5), randn(3, D, scale=0.5)]
composite_dirs = [randn(*t.shape) for t in composite_inputs]
composite_case = grads_and_hvp(composite, composite_names, composite_inputs, composite_dirs)
composite_case["labels"] = composite_labels

# ------------------------------------------------------------------ losses one by one
ce_labels = [4, 0, 1, 1, 3, 2, 0, 4]


def weighted_ce(logits, weights):
    per = F.cross_entropy(logits, torch.tensor(ce_labels), reduction="none")
    return (weights * per).mean()


ce_logits = randn(8, 5, scale=2.0)
ce_logits[3, 1] = 60.0  # a large logit: the stable form must not overflow
ce_weights = torch.rand(8, generator=gen)
ce_weights[5] = 0.0
weighted_ce_case = grads_and_hvp(weighted_ce, ["logits", "weights"], [ce_logits, ce_weights],
                                 [randn(8, 5), randn(8)])
weighted_ce_case["labels"] = ce_labels

plain_ce_case = grads_and_hvp(lambda z: F.cross_entropy(z, torch.tensor(ce_labels)), ["logits"], [ce_logits],
                              [randn(8, 5)])
plain_ce_case["labels"] = ce_labels

lg_logits = torch.cat([randn(8, scale=3.0), torch.tensor([40.0, -40.0, 800.0, -800.0])])
lg_targets = torch.tensor([1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1], dtype=torch.float64)
lg_targets[2] = 0.25  # soft targets are allowed
lg_weights = torch.rand(12, generator=gen)
logistic_case = grads_and_hvp(
    lambda z: F.binary_cross_entropy_with_logits(z, lg_targets), ["logits"], [lg_logits], [randn(12)])
logistic_case["targets"] = enc(lg_targets)
weighted_logistic_case = grads_and_hvp(
    lambda z, w: (w * F.binary_cross_entropy_with_logits(z, lg_targets, reduction="none")).mean(),
    ["logits", "weights"], [lg_logits, lg_weights], [randn(12), randn(12)])
weighted_logistic_case["targets"] = enc(lg_targets)

mse_case = grads_and_hvp(lambda p, t: F.mse_loss(p, t), ["prediction", "target"], [randn(6, 3), randn(6, 3)],
                         [randn(6, 3), randn(6, 3)])

# ------------------------------------------------------------------ activations
act_x = torch.cat([torch.linspace(-4.5, 4.5, 19)[torch.arange(19) != 9], torch.tensor([-0.3, 0.2])])
act_c = randn(act_x.numel())
activations = {
    "identity": lambda x: x,
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "relu": torch.relu,
    "leakyRelu(0.1)": lambda x: F.leaky_relu(x, 0.1),
    "elu(1.3)": lambda x: F.elu(x, 1.3),
    "softplus": F.softplus,
    "gelu": lambda x: F.gelu(x, approximate="tanh"),
}
activation_cases = {}
for name, fn in activations.items():
    case = grads_and_hvp(lambda x: (fn(x) * act_c).sum(), ["x"], [act_x], [randn(act_x.numel())])
    case["output"] = enc(fn(act_x))
    activation_cases[name] = case

out = {
    "generator": "make_golden.py with torch " + torch.__version__ + ", float64",
    "composite": composite_case,
    "softmaxCrossEntropy": plain_ce_case,
    "weightedSoftmaxCrossEntropy": weighted_ce_case,
    "logistic": logistic_case,
    "weightedLogistic": weighted_logistic_case,
    "mse": mse_case,
    "activationWeights": enc(act_c),
    "activations": activation_cases,
}
json.dump(out, sys.stdout, indent=1)
sys.stdout.write("\n")
