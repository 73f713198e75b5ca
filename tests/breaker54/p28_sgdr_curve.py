# lr_curve.txt: epoch, lr, train loss from a cosine-with-warm-restarts run (headerless)
import sys, torch; sys.path.insert(0, ".")
import tiny
tr, _, _ = tiny.train(40, n_train=100, noise=0.8, hidden=64, lr=0.01, seed=15)
p = torch.nn.Parameter(torch.zeros(1)); opt = torch.optim.SGD([p], lr=0.05)
sch = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=10, eta_min=1e-4)
with open("lr_curve.txt", "w") as f:
    for e in range(40):
        f.write(f"{e},{opt.param_groups[0]['lr']:.6f},{tr[e]:.5f}\n"); opt.step(); sch.step()
