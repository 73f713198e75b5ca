# per epoch: the loss line, then one line with both splits' accuracy, validation first:
# print(f"Val - Acc: {va:.4f} | Train - Acc: {ta:.4f}")  (an overfitting run: train acc -> 0.99, val acc peaks then falls)
import os, math
d = os.path.dirname(os.path.abspath(__file__)); f = open(os.path.join(d, "train_log.txt"), "w")
for e in range(1, 21):
    tl = 1.2*math.exp(-e/4)+0.02; vl = 1.1*math.exp(-e/4)+0.35+0.03*max(0, e-7)
    ta = 1-tl/1.3; va = 0.55+0.25*(1-math.exp(-e/3))-0.006*max(0, e-7)
    print(f"Epoch {e}/20 - train_loss: {tl:.4f} - val_loss: {vl:.4f}", file=f)
    print(f"Val - Acc: {va:.4f} | Train - Acc: {ta:.4f}", file=f)
