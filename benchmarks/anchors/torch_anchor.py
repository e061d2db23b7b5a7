"""Anchor figures from PyTorch (Debian python3-torch) on the same workloads Gradus is measured on.
Run: /usr/bin/python3 benchmarks/anchors/torch_anchor.py [--json] [--workloads W0,W3]
(single process, 2 threads). Without --json it prints one line per workload; with --json one JSON
object {"torch": version, "threads": n, "results": {key: microseconds}} that `gradus bench --vs-torch`
reads (the keys are listed in KEYS below and in SideBySideWorkloads.java)."""
import argparse, json, sys, time
import torch

def bench(fn, n, warm=20):
    for _ in range(warm): fn()
    t = time.perf_counter()
    for _ in range(n): fn()
    return (time.perf_counter() - t) / n * 1e6

def mlp(inp, hid, out, b, dt):
    torch.manual_seed(1)
    w1 = (torch.randn(inp, hid, dtype=dt) / inp**0.5).requires_grad_()
    b1 = torch.zeros(hid, dtype=dt, requires_grad=True)
    w2 = (torch.randn(hid, out, dtype=dt) / hid**0.5).requires_grad_()
    b2 = torch.zeros(out, dtype=dt, requires_grad=True)
    X = torch.randn(b, inp, dtype=dt); Y = torch.randint(0, out, (b,))
    opt = torch.optim.Adam([w1, b1, w2, b2], lr=1e-3)
    def fwd():
        with torch.no_grad():
            return torch.nn.functional.cross_entropy(torch.tanh(X @ w1 + b1) @ w2 + b2, Y)
    def step():
        opt.zero_grad(set_to_none=True)
        loss = torch.nn.functional.cross_entropy(torch.tanh(X @ w1 + b1) @ w2 + b2, Y)
        loss.backward(); opt.step()
    f = bench(fwd, 300); s = bench(step, 300)
    return f"torch mlp {inp}-{hid}-{out} batch {b} {dt}: train step {s:.1f} us, forward {f:.1f} us", s, f

def rosen(d, dt):
    x = torch.randn(d, dtype=dt)
    def f(x): return (100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2).sum()
    def fwd():
        with torch.no_grad(): return f(x)
    def grad():
        xx = x.detach().requires_grad_(); y = f(xx); y.backward(); return xx.grad
    a = bench(fwd, 2000); g = bench(grad, 2000)
    return f"torch rosenbrock d={d}: f {a:.1f} us, value+grad {g:.1f} us, ratio {g/a:.2f}", g, a

def op_overhead(dt):
    x = torch.randn(10, dtype=dt); y = torch.randn(10, dtype=dt)
    o = bench(lambda: x * y, 100000, 1000)
    xg = x.clone().requires_grad_()
    og = bench(lambda: xg * y, 100000, 1000)
    return f"torch small op (10 elems): {o:.2f} us, with grad recording {og:.2f} us", og, o

def adam_throughput(n):
    p = torch.randn(n, requires_grad=True); p.grad = torch.randn(n)
    opt = torch.optim.Adam([p], lr=1e-3, foreach=False)
    us = bench(opt.step, 20, 3)
    return f"torch adam step n={n} f32: {us/1e3:.2f} ms, {n/us:.1f} Mparams/s", us

# Workload id -> (measurement, result keys in the order the measurement returns them).
KEYS = {
    "W0": (lambda: op_overhead(torch.float64), ["W0.mulRecorded", "W0.mul"]),
    "W1": (lambda: rosen(1000, torch.float64), ["W1.valueAndGrad", "W1.value"]),
    "W2": (lambda: mlp(64, 128, 10, 32, torch.float64), ["W2.trainStep", "W2.forward"]),
    "W3": (lambda: mlp(784, 512, 10, 128, torch.float64), ["W3.trainStep.f64"]),
    "W3 f32": (lambda: mlp(784, 512, 10, 128, torch.float32), ["W3.trainStep.f32"]),
    "W4": (lambda: adam_throughput(10_000_000), ["W4.adam"]),
}

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of lines")
    parser.add_argument("--workloads", default="W0,W1,W2,W3,W4", help="comma-separated workload ids")
    args = parser.parse_args()
    wanted = [w.strip().upper() for w in args.workloads.split(",") if w.strip()]
    unknown = [w for w in wanted if w not in {k.split()[0] for k in KEYS}]
    if unknown:
        parser.error(f"--workloads: no PyTorch anchor for {', '.join(unknown)}; known: W0, W1, W2, W3, W4")
    torch.set_num_threads(2)
    results = {}
    if not args.json:
        print("torch", torch.__version__, "threads", torch.get_num_threads())
    for name, (measure, keys) in KEYS.items():
        if name.split()[0] not in wanted:
            continue
        line, *times = measure()
        results.update({k: t for k, t in zip(keys, times)})
        if not args.json:
            print(line, flush=True)
    if args.json:
        json.dump({"torch": torch.__version__, "threads": torch.get_num_threads(), "results": results}, sys.stdout)
        print()

if __name__ == "__main__":
    main()
