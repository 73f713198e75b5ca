# one training in two stages (head only, then everything unfrozen at a lower LR), each stage's epochs counted from 0
# by the same 'Epoch {epoch}: {metrics}' logger line: one model, its loss continuing, not a relaunch
import logging, os, torch
torch.manual_seed(0)
here = os.path.dirname(os.path.abspath(__file__))
logging.basicConfig(filename=os.path.join(here, "train.log"), filemode="w", level=logging.INFO,
                    format="%(asctime)s - %(name)s - %(levelname)s - %(message)s")
log = logging.getLogger("finetune")
X = torch.randn(2000, 20); W = torch.randn(20, 5); yc = (X @ W + 0.8 * torch.randn(2000, 5)).argmax(1)
Xv = torch.randn(500, 20); yv = (Xv @ W + 0.8 * torch.randn(500, 5)).argmax(1)
body = torch.nn.Sequential(torch.nn.Linear(20, 64), torch.nn.ReLU()); head = torch.nn.Linear(64, 5)
model = torch.nn.Sequential(body, head)
def run_stage(name, params, lr, epochs):
    log.info(f"Stage {name}: lr={lr}, epochs={epochs}")
    opt = torch.optim.Adam(params, lr=lr)
    for epoch in range(epochs):
        perm = torch.randperm(2000); tot = 0
        for i in range(0, 2000, 64):
            idx = perm[i:i + 64]
            loss = torch.nn.functional.cross_entropy(model(X[idx]), yc[idx])
            opt.zero_grad(); loss.backward(); opt.step(); tot += loss.item() * len(idx)
        with torch.no_grad():
            vl = torch.nn.functional.cross_entropy(model(Xv), yv).item()
            acc = (model(Xv).argmax(1) == yv).float().mean().item()
        log.info(f"Epoch {epoch}: {{'loss': {tot/2000:.4f}, 'val_loss': {vl:.4f}, 'val_acc': {acc:.4f}}}")
for p in body.parameters(): p.requires_grad_(False)
run_stage("1 (head only)", head.parameters(), 1e-3, 6)
for p in body.parameters(): p.requires_grad_(True)
run_stage("2 (all layers)", model.parameters(), 3e-3, 10)
