#!/usr/bin/python3
"""PyTorch CPU peer for bench/ce.mjs: F.cross_entropy (mean) + backward over float32 [N, C] logits.

Usage: /usr/bin/python3 bench/ce_torch.py N C THREADS  -> one JSON line {impl, n, c, times, maxRssMiB, check}
Same schedule as the Node children: one warm-up, then repetitions until >= 3 and (7 or 15 s); times in ms.
"""

import json
import resource
import sys
import time

import torch
import torch.nn.functional as F

n, c, threads = (int(a) for a in sys.argv[1:4])
torch.set_num_threads(threads)
g = torch.Generator().manual_seed(0)
x = (torch.rand(n, c, generator=g) * 8 - 4).float().requires_grad_(True)
y = (torch.arange(n) * 7919) % c


def step():
    x.grad = None
    loss = F.cross_entropy(x, y)
    loss.backward()
    return float(loss)


t0 = time.perf_counter()
step()
reps = 1 if time.perf_counter() - t0 > 5 else 3
times = []
start = time.perf_counter()
while len(times) < reps or (len(times) < 7 and reps > 1 and time.perf_counter() - start < 15):
    t0 = time.perf_counter()
    check = step()
    times.append((time.perf_counter() - t0) * 1e3)
times.sort()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(
    json.dumps(
        {
            "impl": f"torch{threads}",
            "n": n,
            "c": c,
            "times": times,
            "maxRssMiB": rss,
            "check": f"{check} (torch {torch.__version__}, {torch.get_num_threads()} threads)",
        }
    )
)
