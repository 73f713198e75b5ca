# per-epoch loop validating when (epoch + 1) % val_every == 0; the stats dumped with its settings
import json, sys; sys.path.insert(0, ".")
import tiny
tr, va, _ = tiny.train(40, n_train=60, noise=1.0, hidden=128, lr=0.01, seed=7)
val_every = 5
json.dump({"train_losses": tr, "val_losses": [va[e] for e in range(40) if (e + 1) % val_every == 0],
           "config": {"epochs": 40, "lr": 0.01, "val_every": val_every}}, open("training_stats.json", "w"), indent=2)
