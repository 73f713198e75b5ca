"""Checkpoint replay overhead: ``replay()`` (load + hooks + per-layer counters) against a plain forward+backward
of the same batches, on a ResNet-18 built in code (no downloaded weights). Target: <= 1.5x on CPU.

    python benchmarks/bench_replay.py [--batch-size 16] [--batches 4] [--size 64]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from loganalyzer.replay import replay  # noqa: E402


class BasicBlock(nn.Module):
    def __init__(self, cin: int, cout: int, stride: int = 1):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU(inplace=True)  # reused twice per block, as in torchvision
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + identity)


def resnet18(num_classes: int = 10) -> nn.Module:
    """torchvision's resnet18 layout (11.2M parameters with 1000 classes), built here."""
    torch.manual_seed(0)
    layers = [nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU(inplace=True), nn.MaxPool2d(3, 2, 1)]
    cin = 64
    for cout, stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
        layers += [nn.Sequential(BasicBlock(cin, cout, stride), BasicBlock(cout, cout))]
        cin = cout
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(512, num_classes)]
    model = nn.Sequential(*layers)
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
    return model


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--batches", type=int, default=4)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(torch.get_num_threads())
    with tempfile.TemporaryDirectory() as tmp:
        model = resnet18()
        ckpt, data = Path(tmp) / "resnet18.pt", Path(tmp) / "data.pt"
        torch.save(model.state_dict(), ckpt)
        n = args.batch_size * args.batches
        g = torch.Generator().manual_seed(0)
        inputs = torch.randn(n, 3, args.size, args.size, generator=g)
        targets = torch.randint(10, (n,), generator=g)
        torch.save({"inputs": inputs, "targets": targets}, data)

        def plain() -> None:
            m = resnet18()
            m.load_state_dict(torch.load(ckpt, weights_only=True))
            m.train()
            for i in range(0, n, args.batch_size):
                m.zero_grad(set_to_none=True)
                nn.functional.cross_entropy(m(inputs[i:i + args.batch_size]), targets[i:i + args.batch_size]).backward()

        def replayed() -> None:
            report = replay(ckpt, model=f"{__file__}:resnet18", data=str(data), batches=args.batches,
                            batch_size=args.batch_size, device="cpu")
            assert report.samples == n

        plain(), replayed()  # warm-up
        times = {"plain": [], "replay": []}
        for _ in range(args.repeat):
            for name, fn in (("plain", plain), ("replay", replayed)):
                t0 = time.perf_counter()
                fn()
                times[name].append(time.perf_counter() - t0)
    base, rep = min(times["plain"]), min(times["replay"])
    print(f"ResNet-18, {args.batches} batches x {args.batch_size} x 3x{args.size}x{args.size}, CPU, "
          f"{torch.get_num_threads()} threads")
    print(f"plain forward+backward (load included): {base:.3f} s")
    print(f"replay (load, hooks, counters, report):  {rep:.3f} s")
    print(f"overhead ratio: {rep / base:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
