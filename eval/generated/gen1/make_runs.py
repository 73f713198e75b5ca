"""Rebuild the whole set: python make_runs.py  (runs each generator, then check_plot.py).
Timings are for a 2-core shared box; Keras needs `pip install --target /work/gen1/pylib keras`."""
import os, subprocess, sys
PY = "/work/main/.venv/bin/python"
here = os.path.dirname(os.path.abspath(__file__))
env = dict(os.environ)
for script, extra in [("make_plain.py", {}), ("make_lightning.py", {}), ("make_stdout.py", {}), ("make_hf.py", {}),
                      ("make_keras.py", {"KERAS_BACKEND": "torch", "PYTHONPATH": os.path.join(here, "pylib")})]:
    subprocess.run([PY, script] + sys.argv[1:2], cwd=here, env={**env, **extra}, check=True)
subprocess.run([PY, "check_plot.py"], cwd=here, env={**env, "PYTHONPATH": "/work/main"}, check=True)
