"""Reader kinds of stop 67 (rd67c): one Keras fit saved three ways in one folder is one run (ux67 F3); an HF
evaluation dict placed by the evaluation's own finished bar (ux67 F5); a Lightning stdout treated the same as
``*.out`` and ``*.log`` (ux67 F12); an HF sanity-gate Trainer's evaluations and closing summaries beside the main
training (dev paligemmaiam207 ``train.log``). Each log is written by the real writer (Keras 3 ``model.fit`` +
``CSVLogger`` + ``pickle.dump`` + ``np.save``; Lightning's ``Trainer.fit``) or as the lines HF's Trainer prints."""
from __future__ import annotations

import os
import pickle
import subprocess
import sys

import numpy as np
import pytest

import loganalyzer
from loganalyzer.scan import scan

# two fits: "same/" keeps one fit three ways; "two/" keeps fit A as CSVLogger + pickle and fit B (another learning
# rate, other values) as np.save
_KERAS_FITS = '''
import os, pickle
import numpy as np
import keras
rng = np.random.default_rng(0)
x = rng.normal(size=(200, 10)).astype("float32")
y = (x[:, 0] + 0.5 * rng.normal(size=200) > 0).astype("float32")
def fit(lr, epochs, csv):
    keras.utils.set_random_seed(0)
    m = keras.Sequential([keras.Input((10,)), keras.layers.Dense(64, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
    m.compile(optimizer=keras.optimizers.Adam(lr), loss="binary_crossentropy", metrics=["accuracy"])
    return m.fit(x[:60], y[:60], validation_data=(x[100:], y[100:]), epochs=epochs, batch_size=16, verbose=0,
                 callbacks=[keras.callbacks.CSVLogger(csv)] if csv else [])
for d in ("same", "two"):
    os.makedirs(d)
h = fit(1e-3, 15, "same/training.log")
pickle.dump(h.history, open("same/trainHistoryDict", "wb"))
np.save("same/history.npy", h.history)
h = fit(1e-3, 15, "two/training.log")
pickle.dump(h.history, open("two/trainHistoryDict", "wb"))
np.save("two/history.npy", fit(3e-3, 15, None).history)
'''


def _child(root, script: str, out: str | None = None) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "writer.py").write_text(script)
    env = {**os.environ, "KERAS_BACKEND": "torch", "PYTHONWARNINGS": "ignore", "OMP_NUM_THREADS": "1"}
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "COLUMNS"):
        env.pop(name, None)
    sink = open(root / out, "wb") if out else subprocess.PIPE
    try:
        done = subprocess.run([sys.executable, "writer.py"], cwd=root, env=env, stdout=sink,
                              stderr=subprocess.STDOUT if out else subprocess.PIPE, timeout=300)
    finally:
        if out:
            sink.close()
    if done.returncode != 0 and out is None and b"No module named" in (done.stderr or b""):
        pytest.skip(done.stderr.decode().strip().splitlines()[-1])
    assert done.returncode == 0, (done.stderr or (root / out).read_bytes())[-3000:]
    (root / "writer.py").unlink()


@pytest.mark.slow
def test_one_keras_fit_saved_three_ways_is_one_run(tmp_path):
    """ux67 F3: ``CSVLogger('training.log')``, ``pickle.dump(history.history, open('trainHistoryDict', 'wb'))`` and
    ``np.save('history.npy', history.history)`` of one fit were three runs with identical summaries. Now one run,
    read from the CSVLogger's file, the two others ``copy`` sources named by one line; a folder holding two fits
    with different values (``two/``: fit A as CSV + pickle, fit B as .npy) stays two runs."""
    import importlib.util

    if importlib.util.find_spec("keras") is None:  # (imported in the writer's process, with KERAS_BACKEND=torch)
        pytest.skip("keras is not installed")
    _child(tmp_path, _KERAS_FITS)
    (run,) = loganalyzer.discover(str(tmp_path / "same"))
    assert run.id == "training.log" and run.format == "keras_csv"
    assert sorted((os.path.basename(f.path), f.format) for f in run.files) == [
        ("history.npy", "copy"), ("trainHistoryDict", "copy"), ("training.log", "keras_csv")]
    report = scan([str(tmp_path / "same")])
    (one,) = report.runs
    (line,) = [w for w in one.warnings if "same history" in w]
    assert "trainHistoryDict and history.npy" in line, line
    two = sorted((r.id, r.format, len(r.files)) for r in loganalyzer.discover(str(tmp_path / "two")))
    assert two == [("history.npy", "keras_npy", 1), ("training.log", "keras_csv", 2)], two
    assert len(scan([str(tmp_path)]).runs) == 3


def test_history_dict_copies_fast(tmp_path):
    """F3 without a Keras fit: a History dict pickled and np.save'd beside the CSV a CSVLogger writes (``epoch`` then
    the sorted keys, one row an epoch) is one run of the CSV; a pickle of another training beside them stays a run."""
    hist = {"accuracy": [0.5 + 0.01 * i for i in range(20)], "loss": [0.7 * 0.95 ** i for i in range(20)],
            "val_accuracy": [0.5 + 0.008 * i for i in range(20)], "val_loss": [0.72 * 0.97 ** i for i in range(20)]}
    with open(tmp_path / "training.log", "w") as f:  # keras.callbacks.CSVLogger's layout (csv.DictWriter, str())
        f.write("epoch," + ",".join(sorted(hist)) + "\n")
        for i in range(20):
            f.write(f"{i}," + ",".join(str(np.float32(hist[k][i]).item()) for k in sorted(hist)) + "\n")
    pickle.dump({k: [float(np.float32(v)) for v in vs] for k, vs in hist.items()}, open(tmp_path / "trainHistoryDict", "wb"))
    np.save(tmp_path / "history.npy", {k: [float(np.float32(v)) for v in vs] for k, vs in hist.items()})
    (run,) = loganalyzer.discover(str(tmp_path))
    assert run.id == "training.log" and [f.format for f in run.files].count("copy") == 2
    other = {k: [v * 1.1 for v in vs] for k, vs in hist.items()}
    pickle.dump(other, open(tmp_path / "model_hist", "wb"))
    assert sorted(r.id for r in loganalyzer.discover(str(tmp_path))) == ["model_hist", "training.log"]


# ---------------------------------------------------------------------------------------------- HF printed dicts

def _bar(n: int, total: int, inner: bool = False) -> str:
    pct = int(100 * n / total)
    return f"{pct:3d}%|{'#' * (pct // 10):10s}| {n}/{total} [00:01<00:01,  5.00it/s]" + ("\x1b[A" if inner else "")


def _hf_training(epochs: int, steps_per_epoch: int, log_every: int, losses, evals, order_inner_first: bool) -> str:
    """The bytes HF's Trainer (transformers 5.x ProgressCallback) prints: the training bar redrawn per step, a
    training dict every ``log_every`` steps (tqdm.write: cleared, the dict, the bar redrawn), an evaluation per epoch
    with its nested 8-batch bar (its redraw after the dict lists the inner bar first or second: tqdm's order)."""
    total = epochs * steps_per_epoch
    out, k = [], 0
    for step in range(1, total + 1):
        out.append("\r" + _bar(step, total))
        if step % log_every == 0:
            loss = losses[k]
            k += 1
            out.append(f"\r{' ' * 48}\r{{'loss': '{loss:.4g}', 'grad_norm': '1.0', 'learning_rate': '0.001', "
                       f"'epoch': '{step / steps_per_epoch:g}'}}\n\r" + _bar(step, total))
        if step % steps_per_epoch == 0:
            e = step // steps_per_epoch
            out.append("\n\r" + _bar(0, 8, True) + "\n\r" + _bar(8, 8, True))
            redraw = [_bar(8, 8, True), _bar(step, total)]
            out.append(f"\n\r{' ' * 45}\r\x1b[A\r{' ' * 48}\r{{'eval_loss': '{evals[e - 1]:.4g}', 'eval_runtime': "
                       f"'0.5', 'eval_samples_per_second': '100', 'eval_steps_per_second': '12', 'epoch': '{e}'}}\n\n\r"
                       + ("\r".join(redraw) if order_inner_first else "\n\r".join(redraw[::-1])) + "\n")
    out.append(f"\n{{'train_runtime': '10', 'train_samples_per_second': '3', 'train_steps_per_second': '0.4', "
               f"'train_loss': '{float(np.mean(losses)):.4g}', 'epoch': '{epochs}'}}\n")
    return "".join(out)


def test_second_hf_training_evaluations_at_their_steps(tmp_path):
    """ux67 F5: a second Trainer launch appended to the first's stdout; its evaluation dicts' redraw drew the
    evaluation's finished ``8/8`` bar (nested: ``ESC[A``) before the training bar, and all five evaluations sat at
    "step 8" ("lowest 3.035 at step 8, last logged 9.901 at step 8"). They are at 16, 32, 48, 64, 80."""
    first = _hf_training(60, 4, 5, [0.69 * 0.95 ** i for i in range(48)], [0.69 + 0.03 * e for e in range(60)], False)
    second = _hf_training(5, 16, 5, [20 - i for i in range(16)], [14.38, 8.602, 3.786, 3.035, 9.901], True)
    log = tmp_path / "hf_stdout.log"
    log.write_text(first + second)
    from loganalyzer.readers import joblog

    data = log.read_bytes()
    parsed = joblog.parse(data, str(log))
    assert len(parsed.segments) == 2
    a, b = parsed.segments[1]
    evals = [h.step for h in parsed.hits[a:b] if h.record.kind == "eval"]
    assert evals == [16, 32, 48, 64, 80], evals
    a, b = parsed.segments[0]
    assert [h.step for h in parsed.hits[a:b] if h.record.kind == "eval"] == list(range(4, 241, 4))


_SANITY = """[SP-1] sanity gate: overfitting 2 samples (loss should trend to ~0)...
  0%|          | 0/3 [00:00<?, ?it/s] 33%|###3      | 1/3 [00:02<00:04,  2.13s/it]{'eval_loss': 0.7952703833580017, 'eval_runtime': 0.5508, 'eval_samples_per_second': 3.631, 'eval_steps_per_second': 1.815, 'epoch': 1.0}
 67%|######6   | 2/3 [00:04<00:02,  2.33s/it]{'eval_loss': 0.6707062721252441, 'eval_runtime': 0.5439, 'eval_samples_per_second': 3.677, 'eval_steps_per_second': 1.839, 'epoch': 2.0}
100%|##########| 3/3 [00:07<00:00,  2.46s/it]{'eval_loss': 0.6113203763961792, 'eval_runtime': 0.5284, 'eval_samples_per_second': 3.785, 'eval_steps_per_second': 1.892, 'epoch': 3.0}
{'train_runtime': 8.4559, 'train_samples_per_second': 0.71, 'train_steps_per_second': 0.355, 'train_loss': 0.17831703027089438, 'epoch': 3.0}
"""


def _main_run(sanity_with_records: bool = False) -> str:
    """The main Trainer of the same script (transformers 4.x prints bare floats): 3 epochs of 100 steps, a training
    dict every 10 steps (loss falling 1.5 -> ~0.45), an evaluation an epoch (0.753, 0.746, 0.755), its summary."""
    lines, total = [], 300
    for step in range(10, total + 1, 10):
        loss = 0.45 + 1.05 * 0.97 ** step
        lines.append(f"{int(100 * step / total):3d}%|#         | {step}/{total} [00:10<01:00,  5.86s/it]"
                     f"{{'loss': {loss:.4f}, 'grad_norm': 2.5, 'learning_rate': {2e-4 * (1 - step / total):.6g}, "
                     f"'epoch': {step / 100:.2f}}}")
        if step % 100 == 0:
            ev = {1: 0.7528864741325378, 2: 0.7458869814872742, 3: 0.7545917630195618}[step // 100]
            lines.append(f"{{'eval_loss': {ev}, 'eval_runtime': 171.1, 'eval_samples_per_second': 5.7, "
                         f"'eval_steps_per_second': 0.713, 'epoch': {step / 100:.1f}}}")
    lines.append("{'train_runtime': 15043.3815, 'train_samples_per_second': 1.293, 'train_steps_per_second': 0.162, "
                 "'train_loss': 0.6427401645683948, 'epoch': 3.0}")
    return "\n".join(lines) + "\n[SP-1] done.\n"


def test_sanity_gate_trainer_beside_the_main_run(tmp_path):
    """Dev paligemmaiam207 ``train.log``: a 3-step sanity-gate Trainer (evaluations + summary only) then the main
    Trainer. The sanity evaluations sat on the main axis and the two summaries made a 2-point ``train_loss_mean``
    (0.178 then 0.643 at the last step) judged in place of the per-step ``loss``. Now the sanity stage is left out
    with a line: ``loss`` is the training series, ``eval_loss`` has the main run's three points."""
    log = tmp_path / "train.log"
    log.write_text(_SANITY + _main_run())
    (run,) = loganalyzer.discover(str(tmp_path))
    loaded = loganalyzer.load_run(run)
    tags = set(loaded.scalars["tag"])
    assert "loss" in tags and (loaded.scalars["tag"] == "train_loss_mean").sum() <= 1  # the main run's own
    ev = loaded.scalars[loaded.scalars["tag"] == "eval_loss"]["value"].round(4).tolist()
    assert ev == [0.7529, 0.7459, 0.7546], ev
    assert any("sanity check or warm-up stage" in p.message for p in loaded.problems)
    (row,) = scan([str(tmp_path)]).runs
    assert "`loss`" in row.summary and "train_loss_mean" not in row.summary, row.summary


def test_two_summaries_beside_training_dicts(tmp_path):
    """The same script whose sanity stage also printed one training dict: no eval-only stage, the two trainings one
    run (their dicts counted in logging intervals). Its two closing summaries are no series beside the per-step
    ``loss`` (they were a 2-point ``train_loss_mean``, 0.178 then 0.643, judged as the training loss)."""
    sanity = _SANITY.replace("{'eval_loss': 0.6707", "{'loss': 0.9, 'grad_norm': 3.0, 'learning_rate': 0.0002, "
                                                      "'epoch': 2.0}\n{'eval_loss': 0.6707")
    log = tmp_path / "train.log"
    log.write_text(sanity + _main_run())
    (run,) = loganalyzer.discover(str(tmp_path))
    assert "train_loss_mean" not in set(loganalyzer.load_run(run).scalars["tag"])
    (row,) = scan([str(tmp_path)]).runs
    assert "train_loss_mean" not in row.summary and "`loss`" in row.summary, row.summary


def test_one_hf_summary_stays(tmp_path):
    """One training's summary beside its records is unchanged (one ``train_loss_mean`` point, never judged)."""
    (tmp_path / "train.log").write_text(_main_run())
    (run,) = loganalyzer.discover(str(tmp_path))
    scalars = loganalyzer.load_run(run).scalars
    assert (scalars["tag"] == "train_loss_mean").sum() == 1


# ---------------------------------------------------------------------------------------------- Lightning stdout

_PL_QUIET = '''
import torch, pytorch_lightning as pl
class Tiny(pl.LightningModule):
    def __init__(self):
        super().__init__()
        self.net = torch.nn.Linear(4, 1)
    def training_step(self, batch, i):
        x, y = batch
        loss = torch.nn.functional.mse_loss(self.net(x), y)
        self.log("train_loss", loss)
        return loss
    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.05)
x = torch.randn(64, 4)
dl = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, x.sum(1, keepdim=True)), batch_size=8)
pl.Trainer(max_epochs=3, logger=False, enable_checkpointing=False, enable_progress_bar=False,
           enable_model_summary=False).fit(Tiny(), dl)
'''


@pytest.mark.slow
def test_lightning_stdout_same_under_both_names(tmp_path):
    """ux67 F12: Lightning's stdout with its progress bar off (no loss printed, ``Trainer.fit` stopped:
    `max_epochs=3` reached.`` last) was an ``unknown`` row named ``pl.out`` and a "not read" error named
    ``pl_stdout.log``. Both are now the job's row: completed, no loss printed."""
    import importlib.util

    if importlib.util.find_spec("pytorch_lightning") is None:
        pytest.skip("pytorch_lightning is not installed")
    _child(tmp_path / "w", _PL_QUIET, out="pl.out")
    data = (tmp_path / "w" / "pl.out").read_bytes()
    assert b"`Trainer.fit` stopped" in data
    for name in ("pl.out", "pl_stdout.log"):
        d = tmp_path / name.replace(".", "_")
        d.mkdir()
        (d / name).write_bytes(data)
        report = scan([str(d)])
        (row,) = report.runs
        assert row.verdict == "unknown" and row.ended is not None and row.ended.cause == "completed", (name, row)
