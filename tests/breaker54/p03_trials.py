# random-search sweep: best train/val loss of each trial keyed by trial number
import json, sys, random; sys.path.insert(0, ".")
import tiny
random.seed(1); out = {}
for t in range(8):
    lr = 10 ** random.uniform(-3, -1.3); h = random.choice([16, 32, 64])
    tr, va, _ = tiny.train(10, n_train=100, noise=0.8, hidden=h, lr=lr, seed=t)
    out[str(t)] = {"train": min(tr), "val": min(va)}
json.dump(out, open("sweep_losses.json", "w"))
