# 3-fold cross-validation on a small set (test set of 50 samples: accuracies in steps of 0.02), each fold trains from
# epoch 1 then prints its validation and test evaluation with the same words; fold 3's test accuracy equals fold 1's by chance
import os, math
d = os.path.dirname(os.path.abspath(__file__)); f = open(os.path.join(d, "train_log.txt"), "w")
res = {1: (0.86, 0.84), 2: (0.88, 0.82), 3: (0.90, 0.84)}
for k in (1, 2, 3):
    print(f"===== Fold {k}/3 =====", file=f)
    for e in range(1, 9):
        print(f"Epoch {e}/8 - train_loss: {math.exp(-e/3)*0.7+0.25+0.01*k:.4f}", file=f)
    v, t = res[k]
    print(f"Test Acc: {v:.4f}", file=f)   # validation split
    print(f"Test Acc: {t:.4f}", file=f)   # held-out test split
print("Mean test accuracy over folds: 0.8333", file=f)
