"""Tiny real torch training shared by the probes' gen.py files."""
import torch, torch.nn as nn
def train(epochs=20, n_train=200, noise=0.5, hidden=64, lr=0.05, seed=0, bs=20):
    g = torch.Generator().manual_seed(seed); torch.manual_seed(seed)
    X = torch.randn(n_train + 400, 10, generator=g); w = torch.randn(10, 1, generator=g)
    y = X @ w + noise * torch.randn(n_train + 400, 1, generator=g)
    Xt, yt, Xv, yv = X[:n_train], y[:n_train], X[n_train:], y[n_train:]
    m = nn.Sequential(nn.Linear(10, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, 1))
    opt = torch.optim.SGD(m.parameters(), lr=lr, momentum=0.9)
    tr, va, steps = [], [], []
    for e in range(epochs):
        perm = torch.randperm(n_train, generator=g); tot = 0
        for i in range(0, n_train, bs):
            idx = perm[i:i + bs]; loss = nn.functional.mse_loss(m(Xt[idx]), yt[idx])
            opt.zero_grad(); loss.backward(); opt.step(); steps.append(loss.item()); tot += loss.item() * len(idx)
        tr.append(tot / n_train)
        with torch.no_grad(): va.append(nn.functional.mse_loss(m(Xv), yv).item())
    return tr, va, steps
