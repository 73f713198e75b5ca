"""Issue 12 (newcomer ux69 F12): what an unchanged rescan from the store imports, asserted on ``sys.modules`` of a
fresh ``loganalyzer scan`` process, never on time (``make bench`` and whole-process timings say what it saves).

A rescan whose runs all come from the store needs the walk, the store's rows and one renderer: not the readers of
unchanged files, the curve, feature and verdict stages, the verdict model, the process pool's warm-up, pandas,
SQLAlchemy, torch or matplotlib. Before stop 70 a cached rescan imported all of them but pandas and SQLAlchemy
(610-760 modules; 0.37 s of user CPU for one run, 0.74 s for 1,000, against 0.10 s for ``loganalyzer -V``, medians
at load ~23): ``render`` imported every renderer and through them ``scan.py``'s stages, and a tree of several
folders was discovered on a freshly forked pool after loading every reader and the verdict model. The tree is written by the real writers: tensorboardX's SummaryWriter,
Lightning's CSVLogger and Hugging Face's ``TrainerState.save_to_json``.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

PROBE = """
import json, runpy, sys
sys.argv = ['loganalyzer'] + sys.argv[1:]
try:
    runpy.run_module('loganalyzer', run_name='__main__')
except SystemExit as stop:
    code = stop.code
print(json.dumps({"modules": sorted(sys.modules), "code": code}))
"""

# Never needed by a rescan of unchanged runs (the verdict model is loganalyzer.model; the stages judge runs)
HEAVY = ("pandas", "torch", "matplotlib", "sqlalchemy", "tensorboardX", "tensorboard", "transformers",
         "pytorch_lightning")
STAGES = ("loganalyzer.verdict", "loganalyzer.curves", "loganalyzer.features", "loganalyzer.model",
          "loganalyzer.load", "loganalyzer.scan_ending", "loganalyzer.readers.tensorboard",
          "loganalyzer.readers.lightning_csv", "loganalyzer.readers.hf_trainer_state", "loganalyzer.render.html",
          "loganalyzer.render.csv", "loganalyzer.render.markdown")


def _scan(*args: str, cache: Path) -> tuple[set[str], int, str]:
    """(modules held at the end, exit status, stdout before the probe's line) of a fresh ``loganalyzer ARGS``
    with its default store under ``cache`` (XDG_CACHE_HOME), run in the checkout."""
    env = {"PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(cache), "HOME": str(cache), "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=300,
                          cwd=REPO, env=env)
    *out, last = done.stdout.rstrip("\n").split("\n")
    probe = json.loads(last)
    return set(probe["modules"]), probe["code"], "\n".join(out)


def _write_tree(root: Path) -> None:
    from pytorch_lightning.loggers import CSVLogger
    from tensorboardX import SummaryWriter
    from transformers import TrainerState

    for i in range(2):  # TensorBoard: a falling loss, validation every 5 steps
        writer = SummaryWriter(str(root / "tb" / f"run{i}"))
        for step in range(40):
            writer.add_scalar("train/loss", 2.0 / (1 + step) + 0.01 * (step % 3), step)
            if step % 5 == 4:
                writer.add_scalar("val/loss", 2.2 / (1 + step) + 0.05 * (1 + i), step)
        writer.close()
    logger = CSVLogger(str(root), name="lightning_logs")  # lightning_logs/version_0/metrics.csv
    for step in range(30):  # with its epoch, as Lightning's Trainer logs every metric
        logger.log_metrics({"train_loss": 1.5 / (1 + step), "epoch": step // 5}, step=step)
        if step % 5 == 4:
            logger.log_metrics({"val_loss": 1.7 / (1 + step), "epoch": step // 5}, step=step)
    logger.save()
    state = TrainerState(global_step=50, max_steps=50, num_train_epochs=5)
    state.log_history = [{"loss": 2.0 / (1 + s), "step": s, "epoch": s / 10} for s in range(1, 51)] + [
        {"eval_loss": 2.1 / (1 + s), "step": s, "epoch": s / 10} for s in range(10, 51, 10)]
    (root / "hf" / "checkpoint-50").mkdir(parents=True)
    state.save_to_json(str(root / "hf" / "checkpoint-50" / "trainer_state.json"))


def test_an_unchanged_rescan_imports_no_stage_and_prints_the_same(tmp_path):
    root = tmp_path / "runs"
    _write_tree(root)
    cache = tmp_path / "cache"
    first, code, _ = _scan("scan", str(root), "-f", "json", "-o", str(tmp_path / "first.json"), cache=cache)
    assert code == 0 and "loganalyzer.readers.tensorboard" in first  # the cold scan read the files
    assert "sqlalchemy" in first  # and wrote the store
    assert (cache / "loganalyzer" / "store.sqlite").is_file()

    again, code, _ = _scan("scan", str(root), "-f", "json", "-o", str(tmp_path / "again.json"), cache=cache)
    assert code == 0
    assert (tmp_path / "again.json").read_bytes() == (tmp_path / "first.json").read_bytes()
    assert len(json.loads((tmp_path / "first.json").read_text())["runs"]) == 4
    assert sorted(m for m in HEAVY if m in again) == []
    assert sorted(m for m in STAGES if m in again) == []
    assert "rich" not in again  # JSON: no table renderer
    assert "concurrent.futures.process" not in again  # no pool started to list a known tree

    table, code, text = _scan("scan", str(root), "-q", cache=cache)
    assert code == 0 and len(text.splitlines()) == 4
    assert sorted(m for m in HEAVY + STAGES if m in table) == []

    _, code, fresh = _scan("scan", str(root), "-q", "--no-cache", cache=cache)
    assert fresh == text  # the store changes nothing printed
