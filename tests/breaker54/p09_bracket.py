# split-named epoch lines with a bracket after the val value that is no loss term: '(lr=3e-4 time=12.3s)' and '(best=...)'
import os, math
d = os.path.dirname(os.path.abspath(__file__)); f = open(os.path.join(d, "out.txt"), "w")
best = 9
for e in range(1, 16):
    t = 0.9*math.exp(-e/5)+0.1; v = 0.85*math.exp(-e/5)+0.15; best = min(best, v); lr = 3e-4*0.5**(e//5)
    print(f"Epoch {e}  train={t:.4f}  val={v:.4f}  (lr={lr:.1e} best={best:.4f})  acc={0.5+0.03*e:.3f}", file=f)
