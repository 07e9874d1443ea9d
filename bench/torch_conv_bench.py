#!/usr/bin/python3
"""Times PyTorch's conv2d forward and backward on the shapes `convwalk bench kernels` uses.

Input (argv[1]): JSON {"threads": T, "shapes": [{"name", "x": [N,C,H,W], "w": [F,C,KH,KW],
"stride", "padding"}], "min_seconds": s, "clock": "wall" or "cpu"}. Output (stdout): JSON {"torch": version,
"results": [{"name", "forward_ms", "backward_ms"}]} with the best time of several runs.
Run with /usr/bin/python3 (Debian's python3-torch).
"""
import json
import sys
import time

import torch
import torch.nn.functional as F


def best_ms(fn, min_seconds, clock):
    fn()
    best, spent, runs = float("inf"), 0.0, 0
    while spent < min_seconds or runs < 3:
        t0 = clock()
        fn()
        dt = clock() - t0
        best, spent, runs = min(best, dt), spent + dt, runs + 1
    return best * 1000


def main():
    spec = json.loads(sys.argv[1])
    torch.set_num_threads(spec["threads"])
    torch.manual_seed(0)
    # "cpu": process CPU time, steadier on a busy machine at one thread.
    clock = time.process_time if spec.get("clock") == "cpu" else time.perf_counter
    out = []
    for s in spec["shapes"]:
        x = torch.randn(*s["x"], requires_grad=True)
        w = torch.randn(*s["w"], requires_grad=True)
        b = torch.randn(s["w"][0], requires_grad=True)
        kw = dict(stride=s["stride"], padding=s["padding"])
        with torch.no_grad():
            fwd = best_ms(lambda: F.conv2d(x, w, b, **kw), spec["min_seconds"], clock)
        y = F.conv2d(x, w, b, **kw)
        dy = torch.randn_like(y)
        bwd = best_ms(lambda: torch.autograd.grad(y, [x, w, b], dy, retain_graph=True), spec["min_seconds"], clock)
        out.append({"name": s["name"], "forward_ms": fwd, "backward_ms": bwd})
    print(json.dumps({"torch": torch.__version__, "results": out}))


main()
