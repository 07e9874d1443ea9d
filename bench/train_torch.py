#!/usr/bin/python3
"""Trains the same model as `convwalk bench train` with PyTorch and prints its speed.

Input (argv[1]): JSON {"threads": T, "batch": B, "warmup": W, "min_seconds": S, "clock": "wall" or "cpu",
"input": [C, H, W], "layers": [...], "images", "labels": paths of IDX files (.gz ok)}, where
"layers" is ModelSpec.resolvedLayers(): every layer with its options as numbers.
With "mode": "latency" it times batch-1 inference instead (see `latency`).
Output (stdout): JSON {"torch": version, "threads": T, "images_per_second": x, "batches": n,
"peak_rss_kb": the process's peak resident memory (getrusage), for the same-run memory comparison}.
Steady state: W warm-up steps, then whole Adam steps (forward, backward, update) on shuffled
minibatches of the real images until S seconds have passed.
Run with /usr/bin/python3 (Debian's python3-torch).
"""
import gzip
from collections import OrderedDict
import json
import resource
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Residual(nn.Module):
    """convwalk's `residual` block: relu is not applied here (the model file puts it after).

    Its body's modules are attributes named as in convwalk (conv1, bn1, relu1, conv2, bn2); a
    shortcut given in the model file is `shortcut` (an nn.Sequential, e.g. shortcut.conv1 and
    shortcut.bn1), else the 1x1 projection, when the shape changes, is `proj` (with a bias), so the
    state_dict keys are res1.conv1.weight, res1.bn1.running_mean, res1.proj.weight, ...
    """

    def __init__(self, spec):
        super().__init__()
        self.names = [m["name"] for m in spec["layers"]]
        for name, module in zip(self.names, build(spec["layers"])):
            self.add_module(name, module)
        p = spec.get("projection")
        self.proj = nn.Conv2d(p["in"], p["out"], 1, stride=p["stride"]) if p else None
        # A shortcut of its own (torchvision's downsample: conv1x1 without bias, BatchNorm2d).
        self.shortcut = named(spec["shortcut"]) if "shortcut" in spec else None

    def forward(self, x):
        y = x
        for name in self.names:
            y = getattr(self, name)(y)
        if self.shortcut is not None:
            return y + self.shortcut(x)
        return y + (self.proj(x) if self.proj is not None else x)


class Inception(nn.Module):
    """convwalk's `inception` block: branches b1, b2, ... (each an nn.Sequential named as in
    convwalk) on the same input, their outputs stacked along the channels."""

    def __init__(self, spec):
        super().__init__()
        self.branches = len(spec["branches"])
        for i, branch in enumerate(spec["branches"]):
            self.add_module(f"b{i + 1}", named(branch))

    def forward(self, x):
        return torch.cat([getattr(self, f"b{i + 1}")(x) for i in range(self.branches)], dim=1)


def named(layers):
    """An nn.Sequential whose modules carry convwalk's names (conv1, relu1, ...)."""
    return nn.Sequential(OrderedDict(zip([l["name"] for l in layers], build(layers))))


def build(layers):
    mods = []
    for l in layers:
        k = l["kind"]
        if k == "conv":
            mods.append(nn.Conv2d(l["in"], l["filters"], tuple(l["kernel"]), stride=tuple(l["stride"]),
                                  padding=tuple(l["padding"]), dilation=l["dilation"], bias=l.get("bias", True)))
        elif k == "maxpool":
            mods.append(nn.MaxPool2d(tuple(l["size"]), stride=tuple(l["stride"]), padding=l["padding"]))
        elif k == "avgpool":
            mods.append(nn.AvgPool2d(tuple(l["size"]), stride=tuple(l["stride"]), padding=l["padding"]))
        elif k == "relu":
            mods.append(nn.ReLU())
        elif k == "sigmoid":
            mods.append(nn.Sigmoid())
        elif k == "tanh":
            mods.append(nn.Tanh())
        elif k == "leaky_relu":
            mods.append(nn.LeakyReLU(l.get("alpha", 0.01)))
        elif k == "elu":
            mods.append(nn.ELU(l.get("alpha", 1.0)))
        elif k == "prelu":
            mods.append(nn.PReLU(init=l.get("alpha", 0.25)))
        elif k == "lrn":
            # convwalk uses AlexNet's α (not divided by the window); PyTorch divides by size.
            mods.append(nn.LocalResponseNorm(l["size"], alpha=l["alpha"] * l["size"], beta=l["beta"], k=l["k"]))
        elif k == "dropout":
            mods.append(nn.Dropout(l["p"]))
        elif k == "flatten":
            mods.append(nn.Flatten())
        elif k == "linear":
            mods.append(nn.Linear(l["in"], l["out"]))
        elif k == "batchnorm":
            # ε 1e-5 and momentum 0.1, the running variance from the unbiased batch variance: as convwalk.
            mods.append((nn.BatchNorm1d if l["dense"] else nn.BatchNorm2d)(l["channels"]))
        elif k == "global_avgpool":
            mods.append(nn.AdaptiveAvgPool2d(1))
        elif k == "residual":
            mods.append(Residual(l))
        elif k == "inception":
            mods.append(Inception(l))
        else:
            raise SystemExit(f"train_torch.py: unknown layer kind {k}")
    return nn.Sequential(*mods)


def read_idx(path, header):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    return int.from_bytes(raw[4:8], "big"), np.frombuffer(raw, dtype=np.uint8, offset=header)


def load(images_path, labels_path, shape):
    count, pixels = read_idx(images_path, 16)
    _, labels = read_idx(labels_path, 8)
    x = torch.from_numpy((pixels.astype(np.float32) / 255).reshape(count, *shape).copy())
    return x, torch.from_numpy(labels.astype(np.int64))


def main():
    spec = json.loads(sys.argv[1])
    torch.set_num_threads(spec["threads"])
    torch.manual_seed(1)
    model = build(spec["layers"])
    if spec.get("mode") == "latency":
        return latency(spec, model)
    model.train()
    images, labels = load(spec["images"], spec["labels"], spec["input"])
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    batch = spec["batch"]
    order, cursor = torch.randperm(images.shape[0]), 0

    def step():
        nonlocal order, cursor
        if cursor + batch > len(order):
            order, cursor = torch.randperm(images.shape[0]), 0
        idx = order[cursor:cursor + batch]
        cursor += batch
        x, y = images[idx], labels[idx]
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()

    # "cpu": the process's CPU time, steadier on a busy machine at one thread.
    clock = time.process_time if spec.get("clock") == "cpu" else time.perf_counter
    for _ in range(spec["warmup"]):
        step()
    start, batches = clock(), 0
    while batches < 5 or clock() - start < spec["min_seconds"]:
        step()
        batches += 1
    seconds = clock() - start
    print(json.dumps({"torch": torch.__version__, "threads": spec["threads"],
                      "images_per_second": batches * batch / seconds, "batches": batches,
                      "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))


def latency(spec, model):
    """Batch-1 inference ("mode": "latency"): eval mode, no autograd, the first 100 test images
    in turn; prints {"median_ms", "best_ms", "calls"} like `convwalk bench latency`."""
    images, _ = load(spec["images"], spec["labels"], spec["input"])
    images = images[:100]
    model.eval()
    clock = time.process_time if spec.get("clock") == "cpu" else time.perf_counter
    times = []
    with torch.no_grad():
        for i in range(spec["warmup"]):
            model(images[i % len(images)].unsqueeze(0))
        start = clock()
        while len(times) < 20 or clock() - start < spec["min_seconds"]:
            x = images[len(times) % len(images)].unsqueeze(0)
            t0 = clock()
            model(x)
            times.append((clock() - t0) * 1000)
    times.sort()
    print(json.dumps({"torch": torch.__version__, "threads": spec["threads"], "median_ms": times[len(times) // 2],
                      "best_ms": times[0], "calls": len(times)}))


if __name__ == "__main__":
    main()
