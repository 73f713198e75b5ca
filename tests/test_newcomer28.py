"""The newcomer's stop-27 report (items 3, 7, 8, 9, 10, 11): the same training written in several formats gets the
same verdict and words; a symlink back up the tree is not walked again; a log none of whose files could be read is
a row `unknown` "could not be read" and an error line; NaN advice in the order its evidence points; a printed
``Epoch N/M`` is an epoch. Every run is trained here by the newcomer's tiny torch loop (``/tmp/newcomer27/
train_runs.py``: an MLP on 4 Gaussian classes, Adam, batches of 64, 25 steps an epoch) and written by the real
writers (torch ``SummaryWriter``, transformers ``TrainerState.save_to_json``); the Keras ``CSVLogger`` file and the
``Epoch N/M - loss: ...`` lines are written in Keras' own format (Keras is not installed here)."""
from __future__ import annotations

import csv
import json
import math
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import loganalyzer
from loganalyzer import read_scalars

torch = pytest.importorskip("torch")
from torch.utils.tensorboard import SummaryWriter  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _train(epochs: int, lr: float = 1e-3, *, wd: float = 1e-4, nan_at: int | None = None, frozen_after=None):
    """The newcomer's loop: per epoch {epoch, step, loss (mean), val_loss, val_accuracy, accuracy, batches: [(step,
    loss)]}. ``nan_at``: the loss times log(-1) from that step (a NaN from a bad op); ``frozen_after``: the LR set to
    0 after that epoch (training stops learning, its per-batch loss only wobbles)."""
    torch.set_num_threads(1)
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(0)
    x = torch.randn(2000, 20, generator=g)
    w = torch.randn(20, 4, generator=g)
    y = (x @ w + 0.5 * torch.randn(2000, 4, generator=g)).argmax(1)
    xtr, ytr, xva, yva = x[:1600], y[:1600], x[1600:], y[1600:]
    model = torch.nn.Sequential(torch.nn.Linear(20, 64), torch.nn.ReLU(), torch.nn.Linear(64, 64), torch.nn.ReLU(),
                                torch.nn.Linear(64, 4))
    opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=wd)
    step, hist = 0, []
    for epoch in range(epochs):
        if frozen_after is not None and epoch > frozen_after:
            for group in opt.param_groups:
                group["lr"] = 0.0
        perm = torch.randperm(1600)
        total, batches = 0.0, []
        for i in range(0, 1600, 64):
            idx = perm[i:i + 64]
            loss = torch.nn.functional.cross_entropy(model(xtr[idx]), ytr[idx])
            if nan_at is not None and step >= nan_at:
                loss = loss * torch.log(torch.tensor(-1.0))
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
            total += loss.item() * len(idx)
            batches.append((step, loss.item()))
        with torch.no_grad():
            out = model(xva)
            hist.append(dict(epoch=epoch, step=step, loss=total / 1600, batches=batches,
                             val_loss=torch.nn.functional.cross_entropy(out, yva).item(),
                             val_accuracy=(out.argmax(1) == yva).float().mean().item(),
                             accuracy=(model(xtr).argmax(1) == ytr).float().mean().item()))
    return hist


def _tb(path: Path, hist, every: int = 5) -> Path:
    w = SummaryWriter(str(path))
    for h in hist:
        for s, loss in h["batches"][::every]:
            w.add_scalar("train/loss_step", loss, s)
        w.add_scalar("val/loss", h["val_loss"], h["step"])
        w.add_scalar("val/acc", h["val_accuracy"], h["step"])
    w.close()
    return path


def _keras_csv(path: Path, hist) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as f:  # Keras CSVLogger: epoch first, then the logs' keys sorted
        out = csv.writer(f)
        out.writerow(["epoch", "accuracy", "loss", "val_accuracy", "val_loss"])
        for h in hist:
            out.writerow([h["epoch"], h["accuracy"], h["loss"], h["val_accuracy"], h["val_loss"]])
    return path


def _hf(path: Path, hist, *, mean: bool, every: int = 10) -> Path:
    """trainer_state.json by transformers' own ``TrainerState.save_to_json``: the training loss every ``every``
    steps, the mean over the window as the Trainer logs it (``mean``) or the single batch's loss (a callback
    logging ``loss.item()``, the newcomer's file), eval_loss/eval_accuracy each epoch."""
    from transformers import TrainerState

    log, window = [], []
    for h in hist:
        for s, loss in h["batches"]:
            window.append(loss)
            if s % every == 0:
                log.append({"epoch": round(s / 25, 2), "grad_norm": 1.0, "learning_rate": 1e-3,
                            "loss": round(sum(window) / len(window), 4) if mean else loss, "step": s})
                window = []
        log.append({"epoch": float(h["epoch"] + 1), "eval_loss": h["val_loss"], "eval_accuracy": h["val_accuracy"],
                    "step": h["step"]})
    state = TrainerState(logging_steps=every, eval_steps=25, max_steps=hist[-1]["step"], train_batch_size=64)
    state.log_history, state.global_step = log, hist[-1]["step"]
    path.mkdir(parents=True, exist_ok=True)
    state.save_to_json(str(path / "trainer_state.json"))
    return path


def _runs(path, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return loganalyzer.analyze(path, config=False, **options)


@pytest.fixture(scope="module")
def healthy30():
    return _train(30)


# ---------------------------------------------------------------- item 3: the format must not decide the verdict


def test_mild_overfit_is_overfit_in_every_format(tmp_path, healthy30):
    """Validation lowest 0.2198 at epoch 16 (step 425), 8% above it over the 13 evaluations after, training still
    falling. It was `overfit` 0.60 from TensorBoard, the Keras CSV and a JSON history and `healthy` 0.88 from a
    trainer_state.json with single-batch losses every 10 steps: the window test of 'training kept falling' had too
    few of those noisy logs (``verdict_evidence.trend_fell`` now tests every log after the best)."""
    _tb(tmp_path / "tb", healthy30)
    _keras_csv(tmp_path / "keras" / "training.log", healthy30)
    _hf(tmp_path / "hf_single", healthy30, mean=False)
    _hf(tmp_path / "hf_mean", healthy30, mean=True)
    (tmp_path / "hist.json").write_text(json.dumps([{k: v for k, v in h.items() if k != "batches"}
                                                    for h in healthy30]))
    report = _runs(tmp_path)
    got = {r.run: (r.analysis.label, r.analysis.confidence) for r in report.runs}
    assert set(got) == {"tb", "keras/training.log", "hf_single", "hf_mean", "hist.json"}
    assert {label for label, _ in got.values()} == {"overfit"}, got
    assert got["hf_single"] == got["keras/training.log"] == (("overfit", 0.6))
    single = next(r for r in report.runs if r.run == "hf_single").analysis
    assert "validation `eval_loss` was lowest at step 425 (0.2198)" in single.summary
    assert "kept falling" in single.summary


def test_flat_training_after_the_best_is_no_fall():
    """The trend test's guard: per-batch losses after the LR was set to 0 only wobble (no trend), so they do not
    count as "training kept falling"; the same loop's losses while it still learned do."""
    from loganalyzer.verdict_evidence import trend_fell

    hist = _train(16, frozen_after=7)
    losses = np.log([loss for h in hist for _, loss in h["batches"][::10]])
    frozen = np.log([loss for h in hist[8:] for _, loss in h["batches"][::10]])
    learning = np.log([loss for h in hist[:8] for _, loss in h["batches"][::10]])
    assert len(frozen) == 24 and not trend_fell(frozen)
    assert trend_fell(learning)
    assert trend_fell(losses[:30])


# ---------------------------------------------------------------- item 7: a link back up the tree


def _loop_tree(root: Path, healthy3) -> None:
    _tb(root / "a_tb", healthy3)
    _keras_csv(root / "b_keras" / "training.log", healthy3)
    (root / "c_empty").mkdir()
    (root / "c_empty" / "events.out.tfevents.1.host.1.0").write_bytes(b"")  # an error line, once
    (root / "loop").mkdir()
    os.symlink("..", root / "loop" / "up")  # the newcomer's broken3/loop/up -> ..
    os.symlink("../b_keras", root / "a_tb" / "b_link")  # into the tree: b_keras walked at its own place only


@pytest.mark.parametrize("jobs", [1, 2])
def test_symlink_to_a_parent_is_not_walked_again(tmp_path, jobs):
    """The sharded walk (``--jobs 2``) followed ``loop/up -> ..``: runs named ``loop/up/...`` and each error twice.
    Now the plain and the sharded walk give the same runs, each once, named by their real place."""
    _loop_tree(tmp_path, _train(3))
    from loganalyzer.scan import scan

    report = scan([tmp_path], jobs=jobs)
    assert sorted(r.run for r in report.runs) == ["a_tb", "b_keras/training.log", "c_empty"]
    assert [e.path for e in report.errors] == [str(tmp_path / "c_empty" / "events.out.tfevents.1.host.1.0")]


def test_read_scalars_in_parallel_skips_a_link_to_the_root(tmp_path):
    """``read_scalars`` of a tree with >= 256 entries one level down reads in forked shards (``load_parallel``);
    a link back to the root inside a shard was walked again there (every run twice, under ``g0/up/``)."""
    for g in range(4):
        for i in range(70):
            run = tmp_path / f"g{g}" / f"r{i:02d}"
            run.mkdir(parents=True)
            rows = "".join(f"{e},{1.0 / (e + 1 + i):.6f}\n" for e in range(3))
            (run / "training.log").write_text("epoch,loss\n" + rows)
    os.symlink("..", tmp_path / "g0" / "up")
    alone = read_scalars(str(tmp_path), jobs=1)
    parallel = read_scalars(str(tmp_path), jobs=2)
    assert len(alone) == 4 * 70 * 3 and not alone["dir"].str.contains("up").any()
    assert parallel.reset_index(drop=True).equals(alone.reset_index(drop=True))


# ---------------------------------------------------------------- item 8: unreadable logs are rows


def test_logs_that_could_not_be_read_are_unknown_rows(tmp_path):
    """README: a run none of whose files could be read is `unknown` "could not be read" with the file. An empty
    event file always was; an empty Lightning ``metrics.csv`` (a job killed before the CSVLogger's first flush), a
    Keras CSV whose header is Latin-1 and one saved as UTF-16 (PowerShell's ``>``) were only error lines, so
    ``--fail-on unknown`` missed them. Each is now a row and one error line."""
    hist = _train(3)
    (tmp_path / "lightning_empty" / "version_0").mkdir(parents=True)
    (tmp_path / "lightning_empty" / "version_0" / "metrics.csv").write_bytes(b"")
    (tmp_path / "tb_empty").mkdir()
    (tmp_path / "tb_empty" / "events.out.tfevents.1.host.1.0").write_bytes(b"")
    text = _keras_csv(tmp_path / "ok" / "training.log", hist).read_text()
    (tmp_path / "latin1").mkdir()
    (tmp_path / "latin1" / "training.log").write_bytes(text.replace("accuracy", "précision").encode("latin-1"))
    (tmp_path / "utf16").mkdir()
    (tmp_path / "utf16" / "training.log").write_bytes(text.encode("utf-16"))
    report = _runs(tmp_path)
    rows = {r.run: r.analysis.summary for r in report.runs if r.analysis.label == "unknown"}
    # the empty metrics.csv's run is named by its folder, as once written (ux69 F6: one id, read or not)
    expected = {"lightning_empty/version_0": "empty file",
                "tb_empty": "empty file",
                "latin1/training.log": "a CSV log's header, but not UTF-8 (byte 0xe9 at offset 8 of its first line)",
                "utf16/training.log": "a table saved as UTF-16 text: not read"}
    assert set(rows) == set(expected)
    for run, why in expected.items():
        assert rows[run].startswith("could not be read: " + str(tmp_path)) and why in rows[run], rows[run]
    errors = [e.path for e in report.errors]
    assert sorted(errors) == sorted(set(errors)) and len(errors) == 4
    result = subprocess.run([sys.executable, "-m", "loganalyzer", "scan", str(tmp_path), "--no-cache", "--quiet",
                             "--fail-on", "unknown"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1 and "--fail-on unknown: 4 runs matched" in result.stderr, result.stderr


@pytest.mark.skipif(shutil.which("setpriv") is None and os.geteuid() == 0, reason="root reads mode-000 files")
def test_a_log_it_may_not_open_is_an_unknown_row(tmp_path):
    """A ``training.log`` of mode 000 (root reads it, so the scan runs as ``nobody`` through ``setpriv``)."""
    _keras_csv(tmp_path / "noperm" / "training.log", _train(3))
    os.chmod(tmp_path / "noperm" / "training.log", 0)
    cmd = [sys.executable, "-m", "loganalyzer", "scan", str(tmp_path), "--no-cache", "--format", "json"]
    if os.geteuid() == 0:
        for p in (tmp_path, *tmp_path.parents):  # the test's own folders: nobody may walk through them
            if str(p) in ("/", "/tmp"):
                break
            os.chmod(p, os.stat(p).st_mode | 0o055)
        cmd = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] + cmd
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "LOGANALYZER_DB": "off"})
    os.chmod(tmp_path / "noperm" / "training.log", 0o644)
    doc = json.loads(result.stdout)
    (run,) = doc["runs"]
    assert (run["run"], run["verdict"]) == ("noperm/training.log", "unknown")
    assert run["summary"] == f"could not be read: {tmp_path}/noperm/training.log: permission denied."
    assert [(e["path"], e["message"]) for e in doc["errors"]] == [(f"{tmp_path}/noperm/training.log",
                                                                    "permission denied")]


# ---------------------------------------------------------------- item 9: a 3-epoch run, every format the same words


def test_three_epochs_cut_short_in_tensorboard_as_in_the_csv(tmp_path):
    """Validation fell at all 3 evaluations (1.26, 0.97, 0.76). The Keras CSV said "3 logs are thin evidence, the
    run may have been cut short"; TensorBoard's 15 per-batch training logs showed no steady fall, and its finding
    said "the loss fell 38% and levelled off". Training judged per evaluation (``verdict_short``) gives both the
    same words."""
    hist = _train(3)
    _tb(tmp_path / "tb", hist)
    _keras_csv(tmp_path / "keras" / "training.log", hist)
    got = {r.run: r.analysis for r in _runs(tmp_path).runs}
    for run, unit in (("tb", "evaluation"), ("keras/training.log", "log")):
        a = got[run]
        assert not any("levelled off" in f.message for f in a.findings)
        if a.method == "second":  # the second opinion (verdict_second) reads a run killed early as underfit, as the
            # blind labellers of gen1/gen2 did ("too few epochs"): low confidence, the cut-short reading kept
            assert a.label == "underfit" and a.confidence <= 0.6, (run, a.label, a.confidence)
            assert any("still falling at the last: a short run cut short" in f.message for f in a.findings)
            continue
        assert (a.label, a.confidence) == ("healthy", 0.45), (run, a.label, a.confidence)
        assert f"it fell at every {unit} and was still falling at the last: 3 {unit}s are thin evidence, the run " \
               "may have been cut short" in a.summary
    assert any(f.message.endswith("was still falling at the last: a short run cut short") for f in got["tb"].findings)


# ---------------------------------------------------------------- item 10: NaN advice in the order of its evidence


def test_nan_from_a_bad_op_leads_with_the_numerical_advice(tmp_path):
    """log(-1) from step 200 at Adam's default LR, the loss calm at ~0.15 before: clamp and detect_anomaly first,
    the learning rate after them."""
    _tb(tmp_path / "tb_nan", _train(10, nan_at=200), every=1)
    (run,) = _runs(tmp_path / "tb_nan").runs
    advice = run.analysis.advice
    assert run.analysis.label == "nan" and advice[0].startswith("Clamp inside log/div")
    assert "detect_anomaly" in advice[1] and advice[2].startswith("Lower the learning rate ~10x")


def test_nan_after_a_climb_keeps_the_learning_rate_first(tmp_path):
    """SGD at a learning rate far too high for a linear regression: the loss climbs by orders of magnitude to inf
    and then NaN. The step size is the cause: "Lower the learning rate" stays first."""
    torch.manual_seed(0)
    x = torch.randn(256, 8) * 3
    y = x @ torch.randn(8, 1)
    model = torch.nn.Linear(8, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.25)
    w = SummaryWriter(str(tmp_path / "tb_blowup"))
    broke = None
    for step in range(1, 200):
        loss = torch.nn.functional.mse_loss(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        w.add_scalar("loss", loss.item(), step)
        broke = step if broke is None and not math.isfinite(loss.item()) else broke
        if broke is not None and step >= broke + 3:
            break
    w.close()
    assert broke == 25  # the loss climbs ~2x a step to inf at step 25, then NaN
    (run,) = _runs(tmp_path / "tb_blowup").runs
    assert run.analysis.label == "nan"
    assert run.analysis.advice[0].startswith("Lower the learning rate ~10x")


# ---------------------------------------------------------------- item 11: a printed `Epoch N/M` is an epoch


def test_printed_keras_epochs_are_said_as_epochs(tmp_path, healthy30):
    """Keras' verbose=2 lines ``Epoch 17/30 - loss: ... - val_loss: ...`` (one-based as printed): the summary said
    "step 17" where the CSV of the same run says "epoch 16"; now "epoch 17", as printed, and the ending "completed
    at epoch 30 of 30"."""
    lines = ["Démarrage de l'entraînement sur le noeud gpu-01"]
    for h in healthy30:
        lines.append(f"Epoch {h['epoch'] + 1}/30 - loss: {h['loss']:.4f} - accuracy: {h['accuracy']:.4f} - "
                     f"val_loss: {h['val_loss']:.4f} - val_accuracy: {h['val_accuracy']:.4f}")
    (tmp_path / "keraslike.out").write_text("\n".join(lines) + "\n")
    (run,) = _runs(tmp_path / "keraslike.out").runs
    assert "validation `val_loss` was lowest at epoch 17 (0.2198)" in run.analysis.summary
    assert "step 17" not in run.analysis.summary
    assert run.analysis.findings[0].message.startswith("completed at epoch 30 of 30 (100%)")


def test_printed_pytorch_tutorial_epochs_are_said_as_epochs(tmp_path):
    """The sibling shape ``Epoch [k/N], Loss: x, Accuracy: y%`` printed every 50 epochs (public
    WindsorWZZ/BiGRU-multi-head-attention@956e8e5 ``training_output.txt``), printed by a real tiny loop: its steps
    are epochs (50, 100, ... 500), said so, and the job's last progress too."""
    torch.manual_seed(0)
    x = torch.randn(128, 6)
    y = (x[:, 0] + 0.3 * torch.randn(128) > 0).long()
    model = torch.nn.Linear(6, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    lines = ["Using device: cpu"]
    for epoch in range(1, 501):
        loss = torch.nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if epoch % 50 == 0:
            acc = (model(x).argmax(1) == y).float().mean().item() * 100
            lines.append(f"Epoch [{epoch}/500], Loss: {loss.item():.4f}, Accuracy: {acc:.2f}%")
    (tmp_path / "training_output.txt").write_text("\n".join(lines) + "\n")
    (run,) = _runs(tmp_path / "training_output.txt").runs
    assert "at epoch 50 to" in run.analysis.summary and "at epoch 500" in run.analysis.summary
    assert " step " not in run.analysis.summary
    assert run.ended.detail["unit"] == "epoch"
