# per-class validation accuracy each epoch, beside the validation labels (a balanced set: 12 of each class)
import json, torch, torch.nn as nn
torch.manual_seed(0)
X = torch.randn(336, 16); W = torch.randn(16, 3)
y = (X @ W).argmax(1)
idx = torch.cat([torch.nonzero(y == c)[:12, 0] for c in range(3)])
vmask = torch.zeros(336, dtype=torch.bool); vmask[idx] = True
Xv, yv, Xt, yt = X[vmask], y[vmask], X[~vmask], y[~vmask]
m = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 3)); opt = torch.optim.Adam(m.parameters(), 3e-3)
h = {"train_loss": [], "val_loss": [], "per_class_acc": {str(c): [] for c in range(3)}}
for e in range(12):
    for i in range(0, len(Xt), 25):
        l = nn.functional.cross_entropy(m(Xt[i:i+25]), yt[i:i+25]); opt.zero_grad(); l.backward(); opt.step()
    with torch.no_grad():
        h["train_loss"].append(nn.functional.cross_entropy(m(Xt), yt).item()); o = m(Xv); h["val_loss"].append(nn.functional.cross_entropy(o, yv).item())
        for c in range(3): h["per_class_acc"][str(c)].append((o[yv == c].argmax(1) == c).float().mean().item())
h["val_labels"] = yv.tolist()
json.dump(h, open("history.json", "w"))
