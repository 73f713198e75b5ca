# near miss: epochs from 0, validation skipped on epoch 0 (`if epoch > 0: validate()`), logged at the 0-based epoch
import sys; sys.path.insert(0, ".")
import tiny
from torch.utils.tensorboard import SummaryWriter
tr, va, steps = tiny.train(12, n_train=100, noise=1.0, hidden=128, lr=0.005, seed=13, bs=10)
w = SummaryWriter("runs/exp")
for i, s in enumerate(steps): w.add_scalar("train/loss", s, i)
for e, v in enumerate(va):
    if e > 0: w.add_scalar("val/loss", v, e)
w.close()
print([round(v, 3) for v in va])
