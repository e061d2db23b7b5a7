"""Generates torch_trajectories.csv: 20-step float64 trajectories of PyTorch optimizers.
Run once with Debian's python3-torch (1.13):  /usr/bin/python3 make_golden.py > torch_trajectories.csv
Each row: config,step,w[0,0..2],w[1,0..2],b[0..2] (parameters after `step` updates; step 0 = start).
The loss must match TorchTrajectoryTest.loss exactly."""
import torch
torch.set_default_dtype(torch.float64)
A = torch.tensor([[1.0, 2.0, 0.5], [3.0, 0.7, 1.5]])
C = torch.tensor([[0.5, -1.0, 2.0], [-0.3, 0.8, 1.2]])
W0 = torch.tensor([[0.1, 0.2, -0.3], [0.4, -0.5, 0.6]])
B0 = torch.tensor([1.0, -2.0, 0.5])

def loss(w, b):
    return ((w - C) ** 2 * A).sum() + 0.05 * (w ** 4).sum() + ((b + 0.3) ** 2).sum() + 0.1 * (w.sum(0) * b).sum()

CONFIGS = {
    "sgd_momentum": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9),
    "sgd_nesterov": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True),
    "adam": lambda p: torch.optim.Adam(p, lr=0.1),
    "adamw": lambda p: torch.optim.AdamW(p, lr=0.1, weight_decay=0.1),
    "amsgrad": lambda p: torch.optim.Adam(p, lr=0.1, amsgrad=True),
    "rmsprop": lambda p: torch.optim.RMSprop(p, lr=0.01),
    "rmsprop_centered_momentum": lambda p: torch.optim.RMSprop(p, lr=0.01, momentum=0.5, centered=True),
    "adagrad": lambda p: torch.optim.Adagrad(p, lr=0.5),
}

for name, make in CONFIGS.items():
    w = W0.clone().requires_grad_()
    b = B0.clone().requires_grad_()
    opt = make([w, b])
    for step in range(21):
        vals = list(w.detach().flatten().tolist()) + list(b.detach().tolist())
        print(name + "," + str(step) + "," + ",".join(repr(v) for v in vals))
        opt.zero_grad()
        loss(w, b).backward()
        opt.step()
