# the same log shape as p22 but a model that overfits (150 noisy training examples, 512 hidden units)
# in-training validation every 100 iterations (full passes over the val set, printed with the iteration counter, no
# per-epoch average line); after training, the final evaluation appended its one '[Eval][Epoch 6][Avg]' line
import os, torch
torch.manual_seed(0)
here = os.path.dirname(os.path.abspath(__file__))
out = open(os.path.join(here, "train.log"), "w")
X = torch.randn(150, 30); W = torch.randn(30, 10); y = (X @ W + torch.randn(150, 10) * 2).argmax(1)
Xv = torch.randn(800, 30); yv = (Xv @ W + torch.randn(800, 10) * 2).argmax(1)
m = torch.nn.Sequential(torch.nn.Linear(30, 512), torch.nn.ReLU(), torch.nn.Linear(512, 10))
opt = torch.optim.SGD(m.parameters(), lr=0.02, momentum=0.9)
def val():
    with torch.no_grad():
        return torch.nn.functional.cross_entropy(m(Xv), yv).item(), (m(Xv).argmax(1) == yv).float().mean().item()
N = 300
for epoch in range(1, 7):
    for it in range(1, N + 1):
        idx = torch.randint(0, 150, (20,))
        loss = torch.nn.functional.cross_entropy(m(X[idx]), y[idx])
        opt.zero_grad(); loss.backward(); opt.step()
        if it % 50 == 0:
            print(f"[Train][Epoch {epoch}][Iter: {it}/{N}] loss: {loss.item():.5f}, lr: 0.02000", file=out)
        if it % 100 == 0:
            vl, va = val()
            print(f"[Eval][Epoch {epoch}][Iter: {it}/{N}] val_loss: {vl:.5f}, val_acc: {va:.5f}", file=out)
    pass
vl, va = val()
print(f"[Eval][Epoch 6][Avg] val_loss: {vl:.5f}, val_acc: {va:.5f}", file=out)
