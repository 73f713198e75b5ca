"""cmp.py PATH...: what the start code and the new code read from each path (runs, tags, points, first/last step and
value) and their verdicts, side by side. START and NEW are worktrees; each is run in its own process."""
import json, os, subprocess, sys
START = "/work/s55/wt_start"
args = sys.argv[1:]
new = "/work/main"
if args and args[0].startswith("--new="):
    new = args[0][6:]; args = args[1:]
CODE = r'''
import sys, json, warnings
warnings.simplefilter("ignore")
import loganalyzer
out = {}
for p in sys.argv[1:]:
    try:
        t = loganalyzer.read_scalars(p, resolve=True)
        rows = []
        key = "run" if "run" in t.columns else "dir"
        for (run, tag), g in t.groupby([key, "tag"], sort=True):
            g = g.sort_values("step")
            rows.append([str(run)[-40:], tag, len(g), int(g.step.iloc[0]), int(g.step.iloc[-1]), float(g.value.iloc[0]), float(g.value.iloc[-1])])
        rep = loganalyzer.analyze(p) if hasattr(loganalyzer, "analyze") else None
        verd = [[str(r.run)[-40:], r.verdict, round(r.confidence, 2)] for r in rep.runs] if rep is not None else []
        out[p] = {"series": rows, "verdicts": verd}
    except Exception as e:
        out[p] = {"error": repr(e)[:300]}
print(json.dumps(out))
'''
def run(root):
    # cwd: python -c puts the working directory first on sys.path, before PYTHONPATH (a checkout would win)
    r = subprocess.run(["/work/main/.venv/bin/python", "-c", CODE, *[os.path.abspath(a) for a in args]],
                       capture_output=True, text=True, cwd="/",
                       env={"PYTHONPATH": root, "PATH": "/usr/bin:/bin", "HOME": "/root"})
    try:
        return json.loads(r.stdout.strip().splitlines()[-1])
    except Exception:
        return {"_": {"error": r.stderr[-500:]}}
a, b = run(START), run(new)
for p in args:
    x, y = a.get(os.path.abspath(p), {}), b.get(os.path.abspath(p), {})
    print(f"=== {p}")
    for name, d in (("START", x), ("NEW  ", y)):
        if "error" in d:
            print(f"  {name} ERROR {d['error']}"); continue
        print(f"  {name} verdicts {d['verdicts']}")
        for s in d["series"][:25]:
            print(f"  {name}   {s[0]:>20s} {s[1][:30]:30s} n={s[2]:<5d} steps {s[3]}..{s[4]}  first {s[5]:.4g} last {s[6]:.4g}")
