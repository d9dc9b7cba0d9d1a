#!/usr/bin/env python3
"""PyTorch CPU peer for bench/linear_ce.mjs: F.cross_entropy(hidden @ weight.T + bias, y) + backward in
float32 (the [N, V] logits materialised, as PyTorch does), N, H, V, threads from argv; prints JSON with the
sorted times (ms) and peak RSS. Run by bench/linear_ce.mjs with /usr/bin/python3 (Debian python3-torch)."""
import json
import resource
import sys
import time

import torch
import torch.nn.functional as F

n, h, v, threads = (int(a) for a in sys.argv[1:5])
torch.set_num_threads(threads)
g = torch.Generator().manual_seed(1)
hid = (torch.rand(n, h, generator=g) * 2 - 1).requires_grad_()
w = ((torch.rand(v, h, generator=g) * 2 - 1) / h**0.5).requires_grad_()
b = (torch.rand(v, generator=g) - 0.5).requires_grad_()
y = torch.arange(n) * 7919 % v


def step():
    hid.grad = w.grad = b.grad = None
    loss = F.cross_entropy(hid @ w.T + b, y)
    loss.backward()
    return float(loss)


for _ in range(2):
    step()
times = []
start = time.perf_counter()
while len(times) < 3 or (len(times) < 7 and time.perf_counter() - start < 20):
    t0 = time.perf_counter()
    loss = step()
    times.append((time.perf_counter() - t0) * 1000)
times.sort()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"times": times, "maxRssMiB": rss, "check": f"{loss} (torch {torch.__version__}, {threads} threads)"}))
