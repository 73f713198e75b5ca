# per-epoch rows: epoch, the number of batches a bucketed sampler made that epoch, global step, losses
import csv, sys, random; sys.path.insert(0, ".")
import tiny
tr, va, _ = tiny.train(15, n_train=60, noise=1.0, hidden=128, lr=0.01, seed=18)
rnd = random.Random(0); step = 0
w = csv.writer(open("training_stats.csv", "w", newline="")); w.writerow(["epoch", "step", "batches", "train_loss", "val_loss"])
for e in range(15):
    nb = rnd.randint(300, 320); step += nb
    w.writerow([e + 1, step, nb, tr[e], va[e]])
