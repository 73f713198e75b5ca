# a short fine-tune (12 printed logs, every 25 iterations) of a small MLP regressor with SGD+momentum at an LR just
# past its stable range: per-batch losses (batch 8) swing and climb; no validation
import os, sys, torch
seed = int(os.environ.get("SEED", "0")); lr = float(os.environ.get("LR", "0.05"))
torch.manual_seed(seed)
here = os.path.dirname(os.path.abspath(__file__))
out = open(os.path.join(here, os.environ.get("OUT", "train.log")), "w")
X = torch.randn(2000, 10); y = torch.tanh(X @ torch.randn(10, 1)) + 0.1 * torch.randn(2000, 1)
m = torch.nn.Sequential(torch.nn.Linear(10, 32), torch.nn.ReLU(), torch.nn.Linear(32, 1))
pre = torch.optim.Adam(m.parameters(), lr=1e-2)
for _ in range(300):
    idx = torch.randint(0, 2000, (64,)); l = torch.nn.functional.mse_loss(m(X[idx]), y[idx]); pre.zero_grad(); l.backward(); pre.step()
opt = torch.optim.SGD(m.parameters(), lr=lr, momentum=0.9)
for it in range(300):
    idx = torch.randint(0, 2000, (8,))
    loss = torch.nn.functional.mse_loss(m(X[idx]), y[idx])
    opt.zero_grad(); loss.backward(); opt.step()
    if it % 25 == 0:
        print(f"Iter {it + 119900} | lr {lr} | loss {loss.item():.4f}", file=out)
