"""W4 anchor: PyTorch optimizer step on 10^7 float32 parameters, measured beside OptimizerStepBenchmark.
adam_throughput is copied verbatim from torch_anchor.py beside this file; AdamW is the same with
torch.optim.AdamW. Run: /usr/bin/python3 benchmarks/anchors/torch_optimizer_step.py"""
import time, torch
torch.set_num_threads(2)
def bench(fn, n, warm=20):
    for _ in range(warm): fn()
    t = time.perf_counter()
    for _ in range(n): fn()
    return (time.perf_counter() - t) / n * 1e6

def adam_throughput(n):
    p = torch.randn(n, requires_grad=True); p.grad = torch.randn(n)
    opt = torch.optim.Adam([p], lr=1e-3, foreach=False)
    us = bench(opt.step, 20, 3)
    print(f"torch adam step n={n} f32: {us/1e3:.2f} ms, {n/us:.1f} Mparams/s")

def adamw_throughput(n):
    p = torch.randn(n, requires_grad=True); p.grad = torch.randn(n)
    opt = torch.optim.AdamW([p], lr=1e-3, weight_decay=1e-2, foreach=False)
    us = bench(opt.step, 20, 3)
    print(f"torch adamw step n={n} f32: {us/1e3:.2f} ms, {n/us:.1f} Mparams/s")

print("torch", torch.__version__, "threads", torch.get_num_threads())
for _ in range(3):
    adam_throughput(10_000_000)
    adamw_throughput(10_000_000)
