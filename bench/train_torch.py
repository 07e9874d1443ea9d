#!/usr/bin/python3
"""Trains the same model as `convwalk bench train` with PyTorch and prints its speed.

Input (argv[1]): JSON {"threads": T, "batch": B, "warmup": W, "min_seconds": S, "clock": "wall" or "cpu",
"input": [C, H, W], "layers": [...], "images", "labels": paths of IDX files (.gz ok)}, where
"layers" is ModelSpec.resolvedLayers(): every layer with its options as numbers.
Output (stdout): JSON {"torch": version, "threads": T, "images_per_second": x, "batches": n}.
Steady state: W warm-up steps, then whole Adam steps (forward, backward, update) on shuffled
minibatches of the real images until S seconds have passed.
Run with /usr/bin/python3 (Debian's python3-torch).
"""
import gzip
import json
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def build(layers):
    mods = []
    for l in layers:
        k = l["kind"]
        if k == "conv":
            mods.append(nn.Conv2d(l["in"], l["filters"], tuple(l["kernel"]), stride=tuple(l["stride"]),
                                  padding=tuple(l["padding"]), dilation=l["dilation"]))
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
                      "images_per_second": batches * batch / seconds, "batches": batches}))


if __name__ == "__main__":
    main()
