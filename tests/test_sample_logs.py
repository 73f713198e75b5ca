"""sample_logs/ is the labelled corpus of real runs made by scripts/make_sample_logs.py: check it is complete,
small, consistent with LABELS.tsv, and reproducible by the script."""
from __future__ import annotations

import csv
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_logs"
SCRIPT = ROOT / "scripts" / "make_sample_logs.py"
VERDICTS = {"healthy", "underfit", "overfit", "diverged", "nan", "stalled"}
# every writer the corpus must cover (LABELS.tsv `format` column: reader[:writer flavour])
FORMATS = {
    "tensorboard:torch",
    "tensorboard:torch-new-style",
    "tensorboard:tensorboardx",
    "tensorboard:tf2-keras-layout",
    "tensorboard:torch-add_scalars-hparams-histograms",
    "lightning_csv",
    "keras_csv",
    "hf_trainer_state",
    "mlflow",
    "csv",
}


def labels(root: Path) -> list[dict]:
    with open(root / "LABELS.tsv", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def file_kinds(root: Path) -> set[str]:
    """Relative file paths with the parts that change between generations (time, host, pid in event file names;
    add_hparams' time-stamped sub-directory) replaced by placeholders. MLflow's git tags are left out: which of
    them it writes depends on the checkout (a clone with a remote gets `repoURL`), not on the script."""
    kinds = set()
    for p in root.rglob("*"):
        if not p.is_file() or p.name.startswith("mlflow.source.git."):
            continue
        parts = list(p.relative_to(root).parts)
        parts = ["<time>" if re.fullmatch(r"\d+\.\d+", d) else d for d in parts[:-1]] + [parts[-1]]
        name = parts[-1]
        if name.startswith("events.out.tfevents."):
            parts[-1] = "events.out.tfevents.*" + (".v2" if name.endswith(".v2") else "")
        kinds.add("/".join(parts))
    return kinds


@pytest.fixture(scope="module")
def rows():
    assert SAMPLES.is_dir(), "sample_logs/ is missing: run scripts/make_sample_logs.py"
    return labels(SAMPLES)


def test_small(rows):
    size = sum(p.stat().st_size for p in SAMPLES.rglob("*") if p.is_file())
    assert size < 3_000_000, f"sample_logs/ is {size / 1e6:.2f} MB"


def test_labels_columns_and_paths(rows):
    assert rows and list(rows[0]) == ["run", "format", "verdict", "cause", "reason"]
    for r in rows:
        assert all(r[k] for k in ("run", "format", "verdict", "cause", "reason")), r
        assert (SAMPLES / r["run"].split("#")[0]).exists(), r["run"]
    assert len({r["run"] for r in rows}) == len(rows)


def test_every_verdict_and_format(rows):
    assert {r["verdict"] for r in rows} >= VERDICTS
    assert {r["verdict"] for r in rows} <= VERDICTS
    assert {r["format"] for r in rows} >= FORMATS


def test_layouts(rows):
    by_fmt = {r["format"]: SAMPLES / r["run"].split("#")[0] for r in rows}
    tf2 = by_fmt["tensorboard:tf2-keras-layout"]
    assert list((tf2 / "train").glob("events.out.tfevents.*.v2"))
    assert list((tf2 / "validation").glob("events.out.tfevents.*.v2"))
    sc = by_fmt["tensorboard:torch-add_scalars-hparams-histograms"]
    assert (sc / "loss_train").is_dir() and (sc / "loss_val").is_dir()
    hf = by_fmt["hf_trainer_state"]
    assert (hf / "trainer_state.json").is_file() and len(list(hf.glob("checkpoint-*/trainer_state.json"))) == 2
    assert (by_fmt["lightning_csv"] / "metrics.csv").is_file()
    ml = by_fmt["mlflow"]
    assert ml.parent.parent.name == "mlruns" and (ml / "metrics").is_dir()
    keras_runs = [r["run"] for r in rows if r["format"] == "keras_csv"]
    assert {"keras_csv/training.log#1", "keras_csv/training.log#2"} <= set(keras_runs)


def test_refuses_to_wipe_foreign_dir(tmp_path):
    spec = importlib.util.spec_from_file_location("make_sample_logs", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look the module up while the class is built
    try:
        spec.loader.exec_module(mod)
        (tmp_path / "precious.txt").write_text("keep me")
        with pytest.raises(SystemExit):
            mod.prepare(tmp_path)
        assert (tmp_path / "precious.txt").read_text() == "keep me"
    finally:
        sys.modules.pop(spec.name, None)


@pytest.mark.slow  # regenerating sample_logs trains 14 models (~80 s on 2 cores)
def test_regeneration_reproduces_layout(rows, tmp_path):
    os.environ.setdefault("KERAS_BACKEND", "torch")  # keras 3 without TensorFlow, as the script itself does
    for mod in ("tensorboardX", "pytorch_lightning", "keras", "mlflow", "transformers", "sklearn"):
        pytest.importorskip(mod)
    out = tmp_path / "regen"
    proc = subprocess.run([sys.executable, str(SCRIPT), str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert file_kinds(out) == file_kinds(SAMPLES)
    key = lambda rs: [(r["run"], r["format"], r["verdict"], r["cause"]) for r in rs]  # noqa: E731
    assert key(labels(out)) == key(rows)
