"""Rebuild the gen2 set: python make_runs.py [name ...]  (no names: every run). Each run trains in its own process.

Python: /work/main/.venv/bin/python; Keras runs need PYTHONPATH=/work/gen2/pylib and KERAS_BACKEND=torch (set here)."""
import importlib
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
MODULES = ["runs_plain", "runs_lightning", "runs_keras", "runs_hf"]


def registry():
    reg = {}
    for mod in MODULES:
        if os.path.exists(os.path.join(HERE, mod + ".py")):
            src = open(os.path.join(HERE, mod + ".py")).read()
            # names are listed in each module's RUNS dict; read them without importing heavy libraries
            start = src.index("RUNS = {")
            for line in src[start:].splitlines()[1:]:
                line = line.strip()
                if line.startswith("}"):
                    break
                if line.startswith('"'):
                    reg[line.split('"')[1]] = mod
    return reg


def neutral(name):
    """The run's directory name: a neutral id (the generator's function names say what was injected, so they must
    not appear in the set). Stable: the index of the name in an md5 order of all registered names."""
    import hashlib
    names = sorted(registry(), key=lambda n: hashlib.md5(n.encode()).hexdigest())
    return "run%02d" % (names.index(name) + 1)


def run_one(name, mod):
    sys.path.insert(0, HERE)
    import common
    m = importlib.import_module(mod)
    fn, writer = m.RUNS[name]
    d = common.rundir(neutral(name))
    os.environ["GEN2_RUN_ID"] = neutral(name)
    t = time.time()
    fn(d)
    print(f"{name}: {time.time() - t:.1f}s ({writer})", flush=True)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        run_one(sys.argv[2], sys.argv[3])
        sys.exit(0)
    reg = registry()
    if sys.argv[1:2] == ["--names"]:
        for n in reg:
            print(n, neutral(n), reg[n])
        sys.exit(0)
    names = sys.argv[1:] or list(reg)
    env = dict(os.environ, KERAS_BACKEND="torch", PYTHONPATH=os.path.join(HERE, "pylib") + ":" + HERE,
               WANDB_MODE="offline", WANDB_SILENT="true", TOKENIZERS_PARALLELISM="false",
               OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    jobs = int(os.environ.get("JOBS", "2"))
    procs = []
    for n in names:
        while len([p for p in procs if p.poll() is None]) >= jobs:
            time.sleep(0.2)
        log = open(os.path.join(HERE, "logs", n + ".txt"), "w")
        procs.append(subprocess.Popen([sys.executable, __file__, "--one", n, reg[n]], env=env, stdout=log,
                                      stderr=subprocess.STDOUT, cwd=HERE))
    for p in procs:
        p.wait()
    bad = [n for n, p in zip(names, procs) if p.returncode]
    print("failed:", bad)
