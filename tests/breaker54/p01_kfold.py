# 5-fold CV: final train/val loss of each fold, keyed by fold number, in a loss-named file
import json, sys; sys.path.insert(0, ".")
import tiny
out = {}
for fold in range(5):
    tr, va, _ = tiny.train(15, n_train=120, noise=0.8, hidden=32, lr=0.01, seed=fold)
    out[str(fold)] = {"train": tr[-1], "val": va[-1]}
json.dump(out, open("kfold_losses.json", "w"), indent=2)
