# Keras bars followed by a callback's dev evaluation printed in three common shapes (a/, b/, c/):
# a: 'acc: X - best_acc: Y'   b: 'f1: X, acc: Z, best f1: Y'   c: 'dev acc: X, best dev acc: Y'
import os, math
d = os.path.dirname(os.path.abspath(__file__))
for sub in "abc":
    os.makedirs(os.path.join(d, sub), exist_ok=True)
    f = open(os.path.join(d, sub, "train_log.txt"), "w"); best = 0
    for e in range(1, 11):
        l = math.exp(-e/3)+0.2; va = 0.6 + 0.25*(1-math.exp(-e/3)) - 0.02*max(0, e-6)*(e % 2)
        best = max(best, va)
        print(f"Epoch {e}/10", file=f)
        print(f"500/500 [==============================] - 30s 60ms/step - loss: {l:.4f}", file=f)
        if sub == "a": print(f"acc: {va:.4f} - best_acc: {best:.4f}", file=f)
        if sub == "b": print(f"f1: {va-0.05:.4f}, acc: {va:.4f}, best f1: {best-0.05:.4f}", file=f)
        if sub == "c": print(f"dev acc: {va:.4f}, best dev acc: {best:.4f}", file=f)
