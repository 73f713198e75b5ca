"""Load every run with loganalyzer.discover/read_scalars (load check only) and plot it to plots/<name>.png.
Usage: PYTHONPATH=/work/main python check_plot.py [name ...]"""
import os, sys, json, warnings
import numpy as np
import matplotlib; matplotlib.use("Agg")
import matplotlib.pyplot as plt
import loganalyzer as la

ROOT = os.path.dirname(os.path.abspath(__file__))
names = sys.argv[1:] or sorted(os.listdir(os.path.join(ROOT, "runs")))
summary = {}
for name in names:
    p = os.path.join(ROOT, "runs", name)
    with warnings.catch_warnings(record=True) as wl:
        warnings.simplefilter("always")
        runs = la.discover(p)
        df = la.read_scalars(p, resolve=True)
    msgs = sorted({str(w.message)[:200] for w in wl if "loganalyzer" in str(w.category) or "LogRead" in str(w.category.__name__)})
    tags = {t: (len(g), int(g.step.min()), int(g.step.max()), int(g.step.duplicated().sum()),
                int((~np.isfinite(g.value.astype(float))).sum()))
            for t, g in df.groupby("tag")} if len(df) else {}
    summary[name] = {"n_runs": len(runs), "formats": [r.format for r in runs], "rows": len(df),
                     "dirs": sorted(df.dir.unique().tolist()) if len(df) else [], "tags": tags, "warnings": msgs}
    print(name, len(runs), [r.format for r in runs], len(df), msgs)
    for t, v in tags.items():
        print("    %-40s n=%d steps %d..%d dup=%d nonfinite=%d" % ((t,) + v))
    if not len(df):
        continue
    tl = sorted(df.tag.unique())
    groups = {"loss": [t for t in tl if "loss" in t.lower() or "hinge" in t.lower() or "perplex" in t.lower()],
              "lr": [t for t in tl if "lr" in t.lower() or "learning_rate" in t.lower()],
              "grad": [t for t in tl if "grad" in t.lower() or "norm" in t.lower()]}
    used = set(sum(groups.values(), []))
    groups["metrics"] = [t for t in tl if t not in used and not t.startswith("_") and "runtime" not in t
                         and "epoch" != t.split("/")[-1] and "time" not in t.lower() and "flos" not in t
                         and "per_second" not in t and "system" not in t]
    groups = {k: v for k, v in groups.items() if v}
    fig, axes = plt.subplots(1, len(groups), figsize=(5.5 * len(groups), 4))
    axes = np.atleast_1d(axes)
    for ax, (k, ts) in zip(axes, groups.items()):
        for t in ts[:8]:
            g = df[df.tag == t].sort_values("step")
            v = g.value.astype(float).values
            ax.plot(g.step, v, ".-" if len(g) < 60 else "-", ms=3, label=t)
            bad = ~np.isfinite(v)
            if bad.any():
                ax.plot(g.step.values[bad], np.zeros(bad.sum()), "rx", label=t + " nonfinite")
        ax.set_title(k); ax.legend(fontsize=7)
        if k == "loss":
            fin = df[df.tag.isin(ts)].value.astype(float)
            fin = fin[np.isfinite(fin)]
            if len(fin) and fin.max() > 20 * max(fin.median(), 1e-9):
                ax.set_yscale("log")
    fig.suptitle(name); fig.tight_layout()
    fig.savefig(os.path.join(ROOT, "plots", name + ".png"), dpi=70); plt.close(fig)

out = os.path.join(ROOT, "load_check.json")
old = json.load(open(out)) if os.path.exists(out) else {}
old.update(summary)
json.dump(old, open(out, "w"), indent=1)
