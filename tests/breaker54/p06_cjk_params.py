# hyper-parameter files beside a real CSV history: Chinese-named 训练参数.txt and its English twin train_params.txt
# (in sub-folders a/ and b/), plus 训练配置.txt without any metric word
import os, csv, math
d = os.path.dirname(os.path.abspath(__file__))
for sub, name, extra in (("a", "训练参数.txt", "best acc: 0.9532\n"), ("b", "train_params.txt", "best acc: 0.9532\n"), ("c", "训练配置.txt", "")):
    os.makedirs(os.path.join(d, sub), exist_ok=True)
    with open(os.path.join(d, sub, "history.csv"), "w", newline="") as f:
        w = csv.writer(f); w.writerow(["epoch", "loss", "val_loss"])
        for e in range(20):
            w.writerow([e, round(1.5*math.exp(-e/6)+0.2, 4), round(1.4*math.exp(-e/7)+0.3, 4)])
    with open(os.path.join(d, sub, name), "w") as f:
        f.write("epochs: 100\nbatch_size: 32\nlr: 0.001\nweight_decay: 0.0005\nmomentum: 0.9\noptimizer: SGD\nloss: cross_entropy\n" + extra)
