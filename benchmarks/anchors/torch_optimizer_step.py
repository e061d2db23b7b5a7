"""W4 anchor: PyTorch optimizer step on 10^7 float32 parameters, measured beside OptimizerStepBenchmark.
bench and adam_throughput come from torch_anchor.py beside this file; AdamW is the same with
torch.optim.AdamW. Run: /usr/bin/python3 benchmarks/anchors/torch_optimizer_step.py"""
import os, sys
import torch
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_anchor import adam_throughput, bench

def adamw_throughput(n):
    p = torch.randn(n, requires_grad=True); p.grad = torch.randn(n)
    opt = torch.optim.AdamW([p], lr=1e-3, weight_decay=1e-2, foreach=False)
    us = bench(opt.step, 20, 3)
    return f"torch adamw step n={n} f32: {us/1e3:.2f} ms, {n/us:.1f} Mparams/s", us

torch.set_num_threads(2)
print("torch", torch.__version__, "threads", torch.get_num_threads())
for _ in range(3):
    print(adam_throughput(10_000_000)[0])
    print(adamw_throughput(10_000_000)[0])
