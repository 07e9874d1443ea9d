#!/usr/bin/python3
"""PyTorch twin of models/resnet-mini.yaml, plain-mini.yaml and lenet5.yaml on Fashion-MNIST (or
any folder of MNIST-format files), trained with convwalk's recipe (Adam 1e-3, batch 64 with the
last short batch kept, a new shuffle every epoch, pixels in 0..1, no augmentation, convwalk's
initial weights), for a same-run comparison with `convwalk train MODEL --data fashion-mnist`
(README, "Deeper networks" and "Performance"). On a machine whose cores are busy, use --threads
1: at 2 threads PyTorch's OpenMP threads wait on each other.

    /usr/bin/python3 bench/resnet_fashion_torch.py --model resnet --epochs 8 --threads 1
    /usr/bin/python3 bench/resnet_fashion_torch.py --model resnet --epochs 8 --lr-drop 6 --threads 2
    /usr/bin/python3 bench/resnet_fashion_torch.py --model lenet5 --epochs 10 --threads 1
    /usr/bin/python3 bench/resnet_fashion_torch.py --model lenet5 --epochs 15 --data data   # the bundled 5,000 digits
"""
import argparse, gzip, os, struct, time
import numpy as np
import torch
import torch.nn as nn

p = argparse.ArgumentParser()
p.add_argument("--model", choices=["resnet", "plain", "lenet5"], default="resnet")
p.add_argument("--epochs", type=int, default=8)
p.add_argument("--threads", type=int, default=1)
p.add_argument("--data", default="/usr/share/datasets/fashion-mnist",
               help="train-* (or the bundled data's train-5k-*) and t10k-* IDX files, gzipped")
p.add_argument("--seed", type=int, default=1)
p.add_argument("--lr-drop", default="", help="epochs after which the learning rate is divided by 10, e.g. 6 or 6,8 (convwalk train --lr-drop)")
p.add_argument("--init", choices=["convwalk", "torch"], default="convwalk",
               help="convwalk: the weights convwalk draws (He-normal before BN/ReLU into a ReLU, Xavier-uniform otherwise, "
                    "biases 0); torch: PyTorch's default (kaiming_uniform a=sqrt(5), biases uniform in +-1/sqrt(fan-in))")
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(a.seed)


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, n = struct.unpack(">II", data[:8])
    if magic == 2051:
        rows, cols = struct.unpack(">II", data[8:16])
        return np.frombuffer(data, np.uint8, offset=16).reshape(n, 1, rows, cols).astype(np.float32) / 255
    return np.frombuffer(data, np.uint8, offset=8).astype(np.int64)


stem = "train" if os.path.exists(a.data + "/train-images-idx3-ubyte.gz") else "train-5k"
xtr, ytr = idx(a.data + f"/{stem}-images-idx3-ubyte.gz"), idx(a.data + f"/{stem}-labels-idx1-ubyte.gz")
xte, yte = idx(a.data + "/t10k-images-idx3-ubyte.gz"), idx(a.data + "/t10k-labels-idx1-ubyte.gz")
xtr, ytr, xte, yte = map(torch.from_numpy, (xtr, ytr, xte, yte))


def body(cin, cout, stride):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1), nn.BatchNorm2d(cout), nn.ReLU(),
                         nn.Conv2d(cout, cout, 3, 1, 1), nn.BatchNorm2d(cout))


class Residual(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.body = body(cin, cout, stride)
        self.proj = nn.Conv2d(cin, cout, 1, stride) if (cin, stride) != (cout, 1) else nn.Identity()

    def forward(self, x):
        return self.body(x) + self.proj(x)


def stage(cin, cout, stride):
    # plain: the body's layers inline, one flat chain as models/plain-mini.yaml
    return [Residual(cin, cout, stride), nn.ReLU()] if a.model == "resnet" else [*body(cin, cout, stride), nn.ReLU()]


if a.model == "lenet5":
    net = nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                        nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
else:
    net = nn.Sequential(nn.Conv2d(1, 16, 3, 1, 1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
                        *stage(16, 16, 1), *stage(16, 32, 2), *stage(32, 64, 2),
                        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))


def convwalk_init(layers):
    """convwalk's Network init (Sources/NN/Layers/Initialization.swift): a conv or linear is
    He-normal (std sqrt(2/fan-in)) when the next layer that changes values, skipping batch
    normalisation and pooling, is a ReLU in the same list, Xavier-uniform otherwise (a block's
    last conv, the output layer); residual projections Xavier-uniform; biases 0; BN gamma 1, beta 0."""
    layers = list(layers)
    for i, m in enumerate(layers):
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nxt = next((n for n in layers[i + 1:] if not isinstance(n, (nn.BatchNorm2d, nn.MaxPool2d, nn.AdaptiveAvgPool2d, nn.Flatten))), None)
            if isinstance(nxt, nn.ReLU):
                nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
            else:
                nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Sequential):
            convwalk_init(m)
        elif isinstance(m, Residual):
            convwalk_init(m.body)
            if isinstance(m.proj, nn.Conv2d):
                nn.init.xavier_uniform_(m.proj.weight)
                nn.init.zeros_(m.proj.bias)


if a.init == "convwalk":
    convwalk_init(net)
print("parameters", sum(p.numel() for p in net.parameters()), "init", a.init)
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
drops = [int(e) for e in a.lr_drop.split(",") if e]
sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=drops, gamma=0.1)
loss_fn = nn.CrossEntropyLoss()
for epoch in range(1, a.epochs + 1):
    net.train()
    start = time.process_time(), time.time()
    order = torch.randperm(len(xtr))
    loss_sum = 0.0
    for b in range(0, len(xtr), 64):
        i = order[b:b + 64]
        opt.zero_grad()
        loss = loss_fn(net(xtr[i]), ytr[i])
        loss.backward()
        opt.step()
        loss_sum += loss.item() * len(i)
    cpu, wall = time.process_time() - start[0], time.time() - start[1]
    sched.step()
    net.eval()
    with torch.no_grad():
        correct = sum((net(xte[b:b + 1000]).argmax(1) == yte[b:b + 1000]).sum().item() for b in range(0, len(xte), 1000))
    print("epoch %d train loss %.4f test acc %.2f%% train %.1f s wall, %.1f s cpu, %.0f img/s"
          % (epoch, loss_sum / len(xtr), correct / 100, wall, cpu, len(xtr) / wall), flush=True)
