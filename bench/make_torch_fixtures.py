#!/usr/bin/python3
"""Writes Tests/TensorTests/Fixtures/torch_fixtures.json: inputs, outputs and gradients of
PyTorch's reference ops, for TorchFixtureTests to check convwalk's kernels against.

Run with Debian's python (the one that has torch):  /usr/bin/python3 bench/make_torch_fixtures.py
Everything is computed in float64 from a fixed seed; the file is small and committed.
"""
import json
import os
import tempfile

import torch
import torch.nn.functional as F

torch.manual_seed(2012)
D = torch.float64
cases = []


def t(x):
    x = x.detach()
    return {"shape": list(x.shape), "data": [float("%.8g" % v) for v in x.reshape(-1).tolist()]}


def rand(*shape):
    # Values rounded to 1/64 so that they are exact in float32 too.
    return (torch.randint(-64, 65, shape, dtype=D) / 64).requires_grad_(True)


def add(op, name, params, **tensors):
    cases.append({"op": op, "name": name, "params": params, "tensors": {k: t(v) for k, v in tensors.items()}})


def conv(name, n, c, h, w, f, kh, kw, stride=(1, 1), pad=(0, 0), dil=(1, 1), bias=True):
    x, wt = rand(n, c, h, w), rand(f, c, kh, kw)
    b = rand(f) if bias else None
    y = F.conv2d(x, wt, b, stride=stride, padding=pad, dilation=dil)
    dy = rand(*y.shape).detach()
    y.backward(dy)
    extra = {"b": b, "db": b.grad} if bias else {}
    add("conv2d", name, {"stride": list(stride), "padding": list(pad), "dilation": list(dil)},
        x=x, w=wt, y=y, dy=dy, dx=x.grad, dw=wt.grad, **extra)


conv("basic 3x3", 1, 1, 5, 5, 1, 3, 3, bias=False)
conv("batch and channels", 2, 3, 6, 7, 4, 3, 3)
conv("stride 2 pad 1", 2, 2, 7, 7, 3, 3, 3, stride=(2, 2), pad=(1, 1))
conv("dilation 2", 1, 2, 8, 8, 2, 3, 3, dil=(2, 2), pad=(2, 2))
conv("rectangular", 2, 2, 6, 9, 3, 2, 4, stride=(2, 1), pad=(1, 0))
conv("lenet conv1 shape", 1, 1, 12, 12, 3, 5, 5, pad=(2, 2))
conv("kernel equals input", 2, 2, 4, 4, 3, 4, 4)
conv("1x1", 2, 4, 3, 3, 2, 1, 1)


def conv_transpose(name, n, cin, h, w, cout, k, stride, pad, out_pad, dil=1):
    x, wt, b = rand(n, cin, h, w), rand(cin, cout, k, k), rand(cout)
    y = F.conv_transpose2d(x, wt, b, stride=stride, padding=pad, output_padding=out_pad, dilation=dil)
    dy = rand(*y.shape).detach()
    y.backward(dy)
    add("convTranspose2d", name, {"stride": [stride], "padding": [pad], "outputPadding": [out_pad], "dilation": [dil]},
        x=x, w=wt, b=b, y=y, dy=dy, dx=x.grad, dw=wt.grad, db=b.grad)


conv_transpose("stride 2 pad 1 output padding 1", 2, 2, 3, 3, 3, 3, 2, 1, 1)
conv_transpose("stride 1", 1, 3, 4, 4, 2, 2, 1, 0, 0)
conv_transpose("dilation 2 stride 3", 1, 2, 3, 2, 2, 3, 3, 2, 2, dil=2)


def distinct(n, c, h, w):
    # Max pooling's gradient is only defined without ties: use a shuffled ramp.
    v = (torch.randperm(n * c * h * w, dtype=D) - n * c * h * w / 2) / 16
    return v.reshape(n, c, h, w).requires_grad_(True)


for kind in ["maxpool2d", "avgpool2d"]:
    for name, args in [("2x2 stride 2", (2, 2, 0)), ("3x3 stride 2 overlapping", (3, 2, 0)),
                       ("3x3 stride 2 pad 1", (3, 2, 1)), ("odd input 2x2", (2, 2, 0))]:
        size, stride, pad = args
        shape = (2, 2, 7, 7) if name.startswith("odd") else (2, 2, 6, 6)
        if kind == "maxpool2d":
            x = distinct(*shape)
            y = F.max_pool2d(x, size, stride, pad)
        else:
            x = rand(*shape)
            y = F.avg_pool2d(x, size, stride, pad)  # count_include_pad=True, the default
        dy = rand(*y.shape).detach()
        y.backward(dy)
        add(kind, name, {"size": [size], "stride": [stride], "padding": [pad]}, x=x, y=y, dy=dy, dx=x.grad)

acts = {
    "identity": (lambda x: x, 0.0),
    "sigmoid": (torch.sigmoid, 0.0),
    "tanh": (torch.tanh, 0.0),
    "relu": (F.relu, 0.0),
    "leakyRelu": (lambda x: F.leaky_relu(x, 0.01), 0.01),
    "elu": (lambda x: F.elu(x, 1.0), 1.0),
}
for name, (fn, alpha) in acts.items():
    x = (rand(2, 9) * 3).detach().requires_grad_(True)
    y = fn(x)
    dy = rand(2, 9).detach()
    y.backward(dy)
    add("activation", name, {"alpha": [alpha]}, x=x, y=y, dy=dy, dx=x.grad)

x = (rand(2, 9) * 3).detach().requires_grad_(True)
a = torch.tensor([0.25], dtype=D, requires_grad=True)
y = F.prelu(x, a)
dy = rand(2, 9).detach()
y.backward(dy)
add("activation", "prelu", {"alpha": [0.25]}, x=x, y=y, dy=dy, dx=x.grad, dalpha=a.grad)

for axis in [1, 0]:
    x = (rand(3, 5) * 4).detach().requires_grad_(True)
    dy = rand(3, 5).detach()
    y = F.softmax(x, dim=axis)
    y.backward(dy)
    add("softmax", "softmax axis %d" % axis, {"axis": [axis]}, x=x, y=y, dy=dy, dx=x.grad)
    x2 = x.detach().clone().requires_grad_(True)
    y2 = F.log_softmax(x2, dim=axis)
    y2.backward(dy)
    add("logSoftmax", "log softmax axis %d" % axis, {"axis": [axis]}, x=x2, y=y2, dy=dy, dx=x2.grad)

logits = (rand(4, 6) * 8).detach().requires_grad_(True)
labels = torch.tensor([0, 5, 2, 2])
loss = F.cross_entropy(logits, labels)
loss.backward()
add("crossEntropy", "mean over batch", {"labels": labels.tolist()},
    logits=logits, loss=loss.reshape(1), dLogits=logits.grad)
big = torch.tensor([[1000.0, 0.0, -1000.0], [5.0, 5.0, 5.0]], dtype=D, requires_grad=True)
loss = F.cross_entropy(big, torch.tensor([1, 2]))
loss.backward()
add("crossEntropy", "large logits stay finite", {"labels": [1, 2]}, logits=big, loss=loss.reshape(1), dLogits=big.grad)

for name, size, alpha, beta, k in [("alexnet", 5, 1e-4, 0.75, 2.0), ("strong", 5, 0.1, 0.75, 1.0),
                                   ("even window", 4, 0.2, 0.5, 1.0)]:
    x = (rand(2, 7, 2, 3) * 3).detach().requires_grad_(True)
    # PyTorch divides alpha by the window size; AlexNet's formula does not.
    y = F.local_response_norm(x, size, alpha=alpha * size, beta=beta, k=k)
    dy = rand(*y.shape).detach()
    y.backward(dy)
    add("lrn", name, {"size": [size], "alpha": [alpha], "beta": [beta], "k": [k]}, x=x, y=y, dy=dy, dx=x.grad)

x, w, b = rand(3, 7), rand(4, 7), rand(4)
y = F.linear(x, w, b)
dy = rand(3, 4).detach()
y.backward(dy)
add("linear", "3x7 to 4", {}, x=x, w=w, b=b, y=y, dy=dy, dx=x.grad, dw=w.grad, db=b.grad)

# Deeper networks: batch normalisation (training and evaluation), residual addition,
# channel concatenation and global average pooling.
for name, shape in [("nchw", (3, 2, 3, 4)), ("dense nc", (5, 3))]:
    x = (rand(*shape) * 3 + 0.5).detach().requires_grad_(True)
    gamma, beta = rand(shape[1]), rand(shape[1])
    rm, rv = torch.zeros(shape[1], dtype=D), torch.ones(shape[1], dtype=D)
    y = F.batch_norm(x, rm, rv, gamma, beta, training=True, momentum=0.1, eps=1e-5)
    dy = rand(*y.shape).detach()
    y.backward(dy)
    add("batchnorm", "training " + name, {"epsilon": [1e-5], "momentum": [0.1]}, x=x, gamma=gamma, beta=beta, y=y,
        dy=dy, dx=x.grad, dgamma=gamma.grad, dbeta=beta.grad, runningMean=rm, runningVar=rv)
    xe = rand(*shape).detach()
    ye = F.batch_norm(xe, rm, rv, gamma.detach(), beta.detach(), training=False, eps=1e-5)
    add("batchnormEval", "evaluation " + name, {"epsilon": [1e-5]}, x=xe, gamma=gamma, beta=beta,
        runningMean=rm, runningVar=rv, y=ye)

fx, sc = rand(2, 3, 2, 2), rand(2, 3, 2, 2)
y = fx + sc
dy = rand(*y.shape).detach()
y.backward(dy)
add("residualAdd", "same shape", {}, fx=fx, x=sc, y=y, dy=dy, dfx=fx.grad, dx=sc.grad)

a, b, c = rand(2, 1, 3, 2), rand(2, 3, 3, 2), rand(2, 2, 3, 2)
y = torch.cat([a, b, c], dim=1)
dy = rand(*y.shape).detach()
y.backward(dy)
add("concat", "three branches", {}, a=a, b=b, c=c, y=y, dy=dy, da=a.grad, db=b.grad, dc=c.grad)

x = rand(2, 3, 4, 5)
y = F.adaptive_avg_pool2d(x, 1)
dy = rand(*y.shape).detach()
y.backward(dy)
add("globalAvgPool", "4x5 planes", {}, x=x, y=y, dy=dy, dx=x.grad)

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "TensorTests", "Fixtures", "torch_fixtures.json")
out = os.path.normpath(out)
doc = {"generator": "bench/make_torch_fixtures.py", "torch": torch.__version__, "cases": cases}
fd, tmp = tempfile.mkstemp(dir=os.path.dirname(out), suffix=".tmp")
with os.fdopen(fd, "w") as fh:
    json.dump(doc, fh, separators=(",", ":"))
    fh.write("\n")
os.replace(tmp, out)
print("wrote %d cases to %s (%d bytes)" % (len(cases), out, os.path.getsize(out)))
