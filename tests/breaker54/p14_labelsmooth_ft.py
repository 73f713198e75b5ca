# ImageNet-style fine-tune with label smoothing 0.1: the smoothed train loss drops 12% in epoch 1 and then sits near
# its floor (moves <1% of its first value), while val accuracy keeps climbing 0.74 -> 0.81 (healthy, not stalled)
import pandas as pd, numpy as np, os
rng = np.random.default_rng(5); n = 30; ep = np.arange(n)
loss = np.where(ep == 0, 2.10, 1.86 - 0.012*(1-np.exp(-(ep-1)/10))) + rng.normal(0, 0.002, n)
vacc = 0.74 + 0.07*(1-np.exp(-ep/10)) + rng.normal(0, 0.002, n)
vloss = 1.95 - 0.12*(1-np.exp(-ep/10)) + rng.normal(0, 0.003, n)
pd.DataFrame(dict(epoch=ep, train_loss=loss.round(4), val_loss=vloss.round(4), val_acc=vacc.round(4))).to_csv(
    os.path.join(os.path.dirname(__file__), "metrics.csv"), index=False)
