"""Load every run through loganalyzer.discover/read_scalars (load check only) and plot it to plots/<name>.png.
Also writes plots/summary.txt: per tag n, first, min@step, last, nan/inf count."""
import math
import os
import sys
import warnings

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

sys.path.insert(0, "/work/main")
import loganalyzer

HERE = os.path.dirname(os.path.abspath(__file__))
RUNS = os.path.join(HERE, "runs")
PLOTS = os.path.join(HERE, "plots")
os.makedirs(PLOTS, exist_ok=True)


def panel(tag):
    t = tag.lower()
    if "lr" in t.split("/")[-1].split("_") or t.endswith("learning_rate") or t.endswith("lr") or "lr-" in t:
        return 2
    if "grad" in t:
        return 3
    if any(k in t for k in ("loss", "recon", "kl", "mse", "perplexity")):
        return 0
    return 1


names = sys.argv[1:] or sorted(os.listdir(RUNS))
out = []
for name in names:
    p = os.path.join(RUNS, name)
    with warnings.catch_warnings(record=True) as wl:
        warnings.simplefilter("always")
        runs = loganalyzer.discover(p)
        df = loganalyzer.read_scalars(p, resolve=True)
    out.append(f"== {name}: discover -> {len(runs)} run(s) {[r.id for r in runs]}; {len(df)} rows; "
               f"dirs={sorted(df['dir'].unique().tolist()) if len(df) else []}")
    for w in wl:
        out.append(f"   WARN {w.category.__name__}: {str(w.message)[:300]}")
    fig, axes = plt.subplots(1, 4, figsize=(22, 4.5))
    for (dr, tag), g in df.groupby(["dir", "tag"], observed=True):
        g = g.sort_values("step")
        v = g["value"].to_numpy(float)
        s = g["step"].to_numpy()
        fin = np.isfinite(v)
        bad = (~fin).sum()
        if fin.any():
            i = np.nanargmin(np.where(fin, v, np.nan))
            out.append(f"   {dr}:{tag:28s} n={len(v):4d} steps {s[0]}..{s[-1]} first={v[0]:.4g} "
                       f"min={v[i]:.4g}@{s[i]} last={v[-1]:.4g} nonfinite={bad}"
                       + (f" first_nonfinite@{s[~fin][0]}" if bad else ""))
        else:
            out.append(f"   {dr}:{tag} n={len(v)} all non-finite")
        ax = axes[panel(tag)]
        ax.plot(s, v, label=f"{dr}:{tag}" if dr else tag, marker="." if len(v) < 60 else None, lw=1)
        if bad:
            for x in s[~fin][:1]:
                ax.axvline(x, color="r", ls="--")
    for ax, t in zip(axes, ["loss-like", "metrics", "lr", "grad norm"]):
        ax.set_title(t)
        if ax.lines:
            ax.legend(fontsize=7)
    fig.suptitle(name)
    fig.tight_layout()
    fig.savefig(os.path.join(PLOTS, name + ".png"), dpi=60)
    plt.close(fig)
txt = "\n".join(out)
print(txt)
mode = "a" if sys.argv[1:] else "w"
open(os.path.join(PLOTS, "summary.txt"), mode).write(txt + "\n")
