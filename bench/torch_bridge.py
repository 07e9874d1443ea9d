#!/usr/bin/python3
"""The PyTorch side of `convwalk export` and `convwalk import`.

    /usr/bin/python3 bench/torch_bridge.py train --out runs-torch/lenet5.safetensors [--epochs 1]
        Trains LeNet-5 (the same network as models/lenet5.yaml) on the bundled digits, saves its
        state_dict as OUT (safetensors) and OUT with .npz (numpy), each with OUT.json saying how
        it was trained, and prints the logits of the first --n test digits as JSON.
    /usr/bin/python3 bench/torch_bridge.py predict WEIGHTS [--n 100]
        Loads a `convwalk export` file (.safetensors or .npz, architecture from WEIGHTS.json or
        the safetensors metadata) into the equivalent torch.nn.Sequential and prints the
        predictions and logits of the first --n test digits as JSON.

Module names follow convwalk's layer table (conv1, relu1, pool1, ..., flatten1, fc1, ...), so
the state_dict keys are conv1.weight [out, in, kh, kw], conv1.bias, fc1.weight [out, in], ...
The safetensors format is written and read here by hand (u64 header length, JSON header,
raw little-endian data), so the `safetensors` package is not needed.
Run with Debian's python (/usr/bin/python3), the one that has torch.
"""
import argparse
import gzip
import json
import os
import struct
import sys
import tempfile
import time
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_torch import named  # noqa: E402  (one layer-kind → torch.nn table for both scripts)

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Integer tensors (BatchNorm's num_batches_tracked) keep their type; numbers become float32.
DTYPES = {"F32": np.float32, "F64": np.float64, "F16": np.float16, "I64": np.int64, "I32": np.int32}


def lenet5():
    """LeNet-5 as models/lenet5.yaml writes it, with convwalk's module names."""
    return nn.Sequential(OrderedDict([
        ("conv1", nn.Conv2d(1, 6, 5, padding=2)), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),
        ("conv2", nn.Conv2d(6, 16, 5)), ("relu2", nn.ReLU()), ("pool2", nn.MaxPool2d(2)),
        ("flatten1", nn.Flatten()),
        ("fc1", nn.Linear(400, 120)), ("relu3", nn.ReLU()),
        ("fc2", nn.Linear(120, 84)), ("relu4", nn.ReLU()),
        ("fc3", nn.Linear(84, 10)),
    ]))


def from_architecture(arch):
    """The torch.nn.Sequential of a `convwalk export` architecture JSON."""
    return named(arch["modules"])


def read_idx(path, header):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    return int.from_bytes(raw[4:8], "big"), np.frombuffer(raw, dtype=np.uint8, offset=header)


def load_digits(data, stem):
    count, pixels = read_idx(os.path.join(data, f"{stem}-images-idx3-ubyte.gz"), 16)
    _, labels = read_idx(os.path.join(data, f"{stem}-labels-idx1-ubyte.gz"), 8)
    x = torch.from_numpy((pixels.astype(np.float32) / 255).reshape(count, 1, 28, 28).copy())
    return x, torch.from_numpy(labels.astype(np.int64))


def write_atomic(path, data):
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)), prefix="." + os.path.basename(path))
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def safetensors_bytes(state, metadata):
    header, chunks, offset = {"__metadata__": metadata}, [], 0
    for name, t in state.items():
        integer = not t.dtype.is_floating_point
        b = t.detach().cpu().contiguous().numpy().astype("<i8" if integer else "<f4").tobytes()
        header[name] = {"dtype": "I64" if integer else "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        chunks.append(b)
        offset += len(b)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(chunks)


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    metadata = header.pop("__metadata__", {})
    data, state = raw[8 + n:], OrderedDict()
    for name, e in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0]):
        begin, end = e["data_offsets"]
        array = np.frombuffer(data[begin:end], dtype=np.dtype(DTYPES[e["dtype"]]).newbyteorder("<"))
        kind = np.float32 if e["dtype"].startswith(("F", "BF")) else np.int64
        state[name] = torch.from_numpy(array.astype(kind).reshape(e["shape"]).copy())
    return state, metadata


def read_weights(path):
    """The tensors of a .safetensors or .npz file, and the architecture JSON if there is one.

    Floating-point tensors become float32; integer ones (num_batches_tracked) stay int64."""
    arch = None
    if os.path.exists(path + ".json"):
        with open(path + ".json") as f:
            arch = json.load(f)
    if path.endswith(".npz"):
        with np.load(path) as z:
            return OrderedDict((k, torch.from_numpy(z[k].astype(np.float32 if z[k].dtype.kind == "f" else np.int64)))
                               for k in z.files), arch
    state, metadata = read_safetensors(path)
    if arch is None and "convwalk.architecture" in metadata:
        arch = json.loads(metadata["convwalk.architecture"])
    return state, arch


def logits_json(model, x, n):
    model.eval()
    with torch.no_grad():
        logits = model(x[:n])
    return {"torch": torch.__version__, "n": n, "predictions": logits.argmax(1).tolist(), "logits": logits.tolist()}


def train(args):
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    x, y = load_digits(args.data, "train-5k")
    if args.limit:
        x, y = x[:args.limit], y[:args.limit]
    if args.arch:
        with open(args.arch) as f:
            model = from_architecture(json.load(f))
    else:
        model = lenet5()
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    start = time.perf_counter()
    model.train()
    for _ in range(args.epochs):
        order = torch.randperm(len(y))
        for i in range(0, len(y), args.batch):
            idx = order[i:i + args.batch]
            opt.zero_grad()
            F.cross_entropy(model(x[idx]), y[idx]).backward()
            opt.step()
    seconds = time.perf_counter() - start
    state = model.state_dict()
    training = {"framework": f"PyTorch {torch.__version__}", "optimizer": "adam (PyTorch)", "learning_rate": args.lr,
                "batch": args.batch, "epochs": args.epochs, "train_images": len(y), "seconds": round(seconds, 2),
                "threads": args.threads}
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    npz = os.path.splitext(args.out)[0] + ".npz"
    write_atomic(args.out, safetensors_bytes(state, {"format": "pt"}))
    with tempfile.NamedTemporaryFile(dir=os.path.dirname(os.path.abspath(npz)), suffix=".npz", delete=False) as f:
        np.savez(f, **{k: v.numpy() for k, v in state.items()})
    os.chmod(f.name, 0o644)
    os.replace(f.name, npz)
    for path in (args.out, npz):
        write_atomic(path + ".json", (json.dumps({"training": training}, indent=2) + "\n").encode())
    test_x, _ = load_digits(args.data, "t10k")
    print(json.dumps(logits_json(model, test_x, args.n)))


def predict(args):
    state, arch = read_weights(args.weights)
    model = from_architecture(arch) if arch and "modules" in arch else lenet5()
    model.load_state_dict(state, strict=True)
    x, _ = load_digits(args.data, "t10k")
    print(json.dumps(logits_json(model, x, args.n)))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", default=os.path.join(REPO, "data"), help="folder with the IDX .gz files")
    p.add_argument("--n", type=int, default=100, help="test digits to print logits for")
    sub = p.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train", help="train LeNet-5 (or --arch) and save its state_dict")
    t.add_argument("--arch", help="a `convwalk export` architecture JSON to train instead of LeNet-5")
    t.add_argument("--out", required=True, help="the .safetensors file (the .npz goes beside it)")
    t.add_argument("--epochs", type=int, default=1)
    t.add_argument("--limit", type=int, help="train on the first this many digits")
    t.add_argument("--batch", type=int, default=64)
    t.add_argument("--lr", type=float, default=1e-3)
    t.add_argument("--seed", type=int, default=1)
    t.add_argument("--threads", type=int, default=1)
    t.set_defaults(run=train)
    q = sub.add_parser("predict", help="load a convwalk export and print test logits")
    q.add_argument("weights")
    q.set_defaults(run=predict)
    args = p.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
