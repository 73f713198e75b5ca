# final losses of one config over several seeds, keyed by the seed
import json, sys; sys.path.insert(0, ".")
import tiny
out = {}
for s in (0, 1, 2, 3, 42, 123, 2024):
    tr, va, _ = tiny.train(12, n_train=100, noise=0.8, hidden=32, lr=0.01, seed=s)
    out[str(s)] = {"train": tr[-1], "val": va[-1]}
json.dump(out, open("seed_losses.json", "w"), indent=2)
