"""Anchor figures from PyTorch (Debian python3-torch) on the same workloads Gradus is measured on.
Run: /usr/bin/python3 benchmarks/anchors/torch_anchor.py   (single process, 2 threads)"""
import time, torch, sys
torch.set_num_threads(2)
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
    print(f"torch mlp {inp}-{hid}-{out} batch {b} {dt}: train step {s:.1f} us, forward {f:.1f} us")

def rosen(d, dt):
    x = torch.randn(d, dtype=dt)
    def f(x): return (100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2).sum()
    def fwd():
        with torch.no_grad(): return f(x)
    def grad():
        xx = x.detach().requires_grad_(); y = f(xx); y.backward(); return xx.grad
    a = bench(fwd, 2000); g = bench(grad, 2000)
    print(f"torch rosenbrock d={d}: f {a:.1f} us, value+grad {g:.1f} us, ratio {g/a:.2f}")

def op_overhead(dt):
    x = torch.randn(10, dtype=dt); y = torch.randn(10, dtype=dt)
    o = bench(lambda: x * y, 100000, 1000)
    xg = x.clone().requires_grad_()
    og = bench(lambda: xg * y, 100000, 1000)
    print(f"torch small op (10 elems): {o:.2f} us, with grad recording {og:.2f} us")

def adam_throughput(n):
    p = torch.randn(n, requires_grad=True); p.grad = torch.randn(n)
    opt = torch.optim.Adam([p], lr=1e-3, foreach=False)
    us = bench(opt.step, 20, 3)
    print(f"torch adam step n={n} f32: {us/1e3:.2f} ms, {n/us:.1f} Mparams/s")

print("torch", torch.__version__, "threads", torch.get_num_threads())
op_overhead(torch.float64)
rosen(1000, torch.float64)
mlp(64, 128, 10, 32, torch.float64)
mlp(784, 512, 10, 128, torch.float64)
mlp(784, 512, 10, 128, torch.float32)
adam_throughput(10_000_000)
