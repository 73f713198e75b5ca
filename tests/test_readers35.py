"""readers35: reader faults of the kinds blind labellers met on held-out sets, each log written by the real writer
(TensorBoard's SummaryWriter, Keras 3's own progress bar, Python's csv/json) from a tiny real torch training, in
the shape of the public file named beside its test.

- an autoencoder's total logged as ``Training/Overall`` beside ``Training/KL``, ``Training/TV``, ``Training/PSNR``:
  no loss found, the run `unknown` (``curves_names.total_losses``, any of ``TOTAL_WORDS``);
- Keras 3 ``verbose=1`` written to a file: each epoch's last redraw then its end line, the end line taken for
  ``model.evaluate()`` (``test_loss`` = the training loss) (``_joblog_steps._epoch_end``);
- CSV rows one field longer than the header (a trailing comma, a leading index): rows skipped or columns shifted
  (``_extra_field``);
- JSON lines stepped by ``iter`` / ``global_iter``: row numbers as steps and an ``iter`` series (``json_history``);
- detectron2 ``metrics.json`` holding trainings appended one after another: resolved as resumes, only the last kept
  (``_json_trainings``);
- printed fractional epochs (``epoch 0.25``): floored, four points merged into one (``_joblog_fracepoch``).

Public sources (shapes, not copied): detectron2 ``metrics.json`` keys and cadence from public
AustinLowery/Odometer-Reading (4ce071f570332933615da8529f6245dc21254285) ``output/metrics.json`` (one training,
iterations 19..499 every 20); the public file of appended trainings in its own test (Brunaelizer/PDI_Frutas_Segmentacao).
Keras 3 bars (``88/88 ━━━━━━━━━━━━━━━━━━━━ 11s 123ms/step - accuracy: .. - val_loss: ..`` under ``Epoch 4/20``) are
printed by the real Keras 3 (pip keras 3.15, torch backend) in a subprocess, raw and as a terminal shows them.
"""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import textwrap

import pytest

from loganalyzer.curves import find_curves
from loganalyzer.discover import discover

torch = pytest.importorskip("torch")
F = torch.nn.functional

from test_readers20a import _read, _series  # noqa: E402  (the resolved view and warnings; a tag's points)


def _mlp_losses(epochs: int, lr: float, seed: int = 0, per_epoch: int = 1):
    """A tiny MLP regression's mean training loss ``per_epoch`` times an epoch, and its validation loss each time."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(1200, 6, generator=g)
    y = (x[:, :1] * x[:, 1:2] + x[:, 2:3]).tanh()
    xv, yv, x, y = x[1000:], y[1000:], x[:1000], y[:1000]
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(6, 24), torch.nn.Tanh(), torch.nn.Linear(24, 1))
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    chunk = len(x) // per_epoch
    out = []
    for _ in range(epochs):
        for part in range(per_epoch):
            losses = []
            for i in range(part * chunk, (part + 1) * chunk, 25):
                loss = F.mse_loss(model(x[i:i + 25]), y[i:i + 25])
                opt.zero_grad()
                loss.backward()
                opt.step()
                losses.append(loss.item())
            with torch.no_grad():
                out.append((sum(losses) / len(losses), F.mse_loss(model(xv), yv).item()))
    return out


# ------------------------------------------------------------------ a VAE's total named 'Overall'


def _vae_run(path, word: str) -> list[float]:
    """A tiny inpainting VAE (masked 4x4 patches in, whole patch out) logged as the labellers' run was: the split's
    total under ``Training/<word>`` beside its terms and PSNR; returns the total's values."""
    from torch.utils.tensorboard import SummaryWriter

    g = torch.Generator().manual_seed(0)
    x = torch.rand(512, 16, generator=g) * torch.linspace(0.2, 1.0, 16)
    mask = (torch.rand(512, 16, generator=g) > 0.25).float()
    xv, mv = x[448:], mask[448:]
    torch.manual_seed(0)
    enc, dec = torch.nn.Linear(16, 8), torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.Sigmoid())
    opt = torch.optim.Adam([*enc.parameters(), *dec.parameters()], lr=1e-2)

    def terms(xb, mb):
        mu, logvar = enc(xb * mb).chunk(2, dim=1)
        out = dec(mu + torch.randn_like(mu) * (0.5 * logvar).exp())
        rec = F.mse_loss(out, xb)
        kl = -0.5 * torch.mean(1 + logvar - mu ** 2 - logvar.exp())
        tv = (out[:, 1:] - out[:, :-1]).abs().mean()
        return rec, kl, tv, 10 * torch.log10(1 / rec)

    w = SummaryWriter(str(path))
    totals = []
    for epoch in range(20):
        for i in range(0, 448, 64):
            rec, kl, tv, psnr = terms(x[i:i + 64], mask[i:i + 64])
            total = rec + 0.01 * kl + 0.1 * tv
            opt.zero_grad()
            total.backward()
            opt.step()
        for name, v in (("Reconstruction", rec), ("KL", kl), ("TV", tv), ("PSNR", psnr), (word, total)):
            w.add_scalar(f"Training/{name}", v.item(), epoch)
        totals.append(total.item())
        with torch.no_grad():
            rec, kl, tv, psnr = terms(xv, mv)
        w.add_scalar(f"Validation/{word}", (rec + 0.01 * kl + 0.1 * tv).item(), epoch)
        w.add_scalar("Validation/PSNR", psnr.item(), epoch)
    w.close()
    return totals


@pytest.mark.parametrize("word", ["Overall", "Sum"])
def test_a_split_total_named_overall_is_the_vae_loss(tmp_path, word):
    totals = _vae_run(tmp_path, word)
    df, _ = _read(tmp_path)
    curves = find_curves(df)
    assert curves.unusable_reason is None
    assert (curves.train_loss.tag, curves.val_loss.tag) == (f"Training/{word}", f"Validation/{word}")
    assert _series(df, f"Training/{word}")[1] == [round(v, 4) for v in totals]
    assert any("each split's total" in n for n in curves.notes)


# ------------------------------------------------------------------ Keras 3 bars written to a file

_KERAS3 = textwrap.dedent("""
    import os, sys
    os.environ["KERAS_BACKEND"] = "torch"
    import numpy as np, keras
    rng = np.random.default_rng(0)
    x = rng.normal(size=(640, 8)).astype("float32"); y = (x[:, 0] * x[:, 1] + x[:, 2] > 0).astype("int32")
    keras.utils.set_random_seed(0)
    m = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dense(2, activation="softmax")])
    m.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    h = m.fit(x[:512], y[:512], epochs=8, batch_size=32, validation_split=0.25, verbose=1)
    m.evaluate(x[512:], y[512:], verbose=1)
    print("HISTORY", h.history["loss"], h.history["val_loss"], file=sys.stderr)
""")


def _screen(text: str) -> str:
    """What a terminal shows of ``text`` (``\\r`` back to the line's start, ``\\b`` one left, ANSI colours
    dropped): the log a user copies from the terminal into a README."""
    import re

    out = []
    for line in re.sub(r"\x1b\[[0-9;]*m", "", text).split("\n"):
        cells: list[str] = []
        col = 0
        for ch in line:
            if ch == "\r":
                col = 0
            elif ch == "\b":
                col = max(0, col - 1)
            else:
                cells[col:col + 1] = [ch]
                col += 1
        out.append("".join(cells).rstrip())
    return "\n".join(out)


def keras3_print(script: str, log) -> str:
    """Run ``script`` with the real Keras 3 (torch backend) in a subprocess, its stdout into ``log`` (made with its
    folder); the line of its stderr starting ``HISTORY``. Skips the test where Keras 3 does not run."""
    log.parent.mkdir(parents=True)
    with open(log, "w") as out:
        done = subprocess.run([sys.executable, "-c", script], stdout=out, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "KERAS_BACKEND": "torch"}, timeout=300)
    if done.returncode:
        pytest.skip(f"Keras 3 with the torch backend did not run here: {done.stderr[-300:]}")
    return next(t for t in done.stderr.splitlines() if t.startswith("HISTORY"))


def test_keras3_epoch_end_lines_are_no_evaluate_and_its_evaluate_is(tmp_path):
    log = tmp_path / "raw" / "train_output.txt"
    line = keras3_print(_KERAS3, log)
    loss, val = json.loads("[" + line[len("HISTORY "):].replace("] [", "], [") + "]")
    copied = tmp_path / "copied" / "README.md"
    copied.parent.mkdir()
    copied.write_text("# model\n\n```\n" + _screen(log.read_text()) + "\n```\n")
    for root in (log.parent, copied.parent):
        df, _ = _read(root)
        assert _series(df, "loss") == (list(range(1, 9)), [round(v, 4) for v in loss])
        assert _series(df, "val_loss") == (list(range(1, 9)), [round(v, 4) for v in val])
        assert set(_series(df, "test_loss")[0]) == {8}  # evaluate() after the last epoch, not each epoch's end


# ------------------------------------------------------------------ CSV rows one field longer than the header


def test_csv_rows_with_a_trailing_comma_are_all_read(tmp_path):
    rows = _mlp_losses(60, 0.05)
    with open(tmp_path / "log.csv", "w") as f:
        f.write("epoch,train_loss,val_loss\n")
        f.write(f"0,{rows[0][0]},{rows[0][1]}\n")  # the first row before the habit: pandas then skipped the rest
        for e, (tl, vl) in enumerate(rows[1:], 1):
            f.write(f"{e},{tl},{vl},\n")
    df, warned = _read(tmp_path)
    assert _series(df, "train_loss") == (list(range(60)), [round(t, 4) for t, _ in rows])
    assert _series(df, "val_loss")[1] == [round(v, 4) for _, v in rows]
    assert [w for w in warned if "trailing ','" in w] == [
        f"{tmp_path / 'log.csv'}: 59 row(s) end with an empty field the header lacks (a trailing ','); read with "
        "the header's 3 columns"]


def test_csv_rows_with_a_leading_index_the_header_lacks(tmp_path):
    pd = pytest.importorskip("pandas")
    rows = _mlp_losses(40, 0.05)
    with open(tmp_path / "history.csv", "w") as f:
        f.write("epoch,loss,val_loss\n")  # a hand-written header, then the DataFrame with its index
        pd.DataFrame({"epoch": range(1, 41), "loss": [t for t, _ in rows], "val_loss": [v for _, v in rows]}) \
            .to_csv(f, header=False)
    df, warned = _read(tmp_path)
    assert _series(df, "loss") == (list(range(1, 41)), [round(t, 4) for t, _ in rows])
    assert _series(df, "val_loss")[1] == [round(v, 4) for _, v in rows]
    assert any("leading row index the header lacks" in w for w in warned)


def test_csv_rows_with_a_real_extra_value_stay_a_named_problem(tmp_path):
    rows = _mlp_losses(10, 0.05)
    with open(tmp_path / "log.csv", "w") as f:
        f.write("epoch,train_loss,val_loss\n0,1.0,1.1\n")
        for e, (tl, vl) in enumerate(rows, 1):
            f.write(f"{e},{tl},{vl},{tl + vl}\n")  # a fourth value the header never named
    df, warned = _read(tmp_path)
    assert _series(df, "train_loss")[0] == [0]
    assert any("4 fields, the header has 3; row skipped" in w for w in warned)


# ------------------------------------------------------------------ JSON lines stepped by 'iter'


@pytest.mark.parametrize("key", ["iter", "global_iter", "it", "iteration"])
def test_json_lines_stepped_by_an_iteration_counter(tmp_path, key):
    rows = _mlp_losses(10, 0.05, per_epoch=5)
    with open(tmp_path / "train_log.jsonl", "w") as f:
        for i, (tl, vl) in enumerate(rows):
            it = (i + 1) * 40
            print(json.dumps({key: it, "loss": tl, "lr": 0.05}), file=f)
            if (i + 1) % 5 == 0:
                print(json.dumps({key: it, "val_loss": vl}), file=f)
    df, _ = _read(tmp_path)
    assert key not in set(df.tag)
    assert _series(df, "loss") == ([(i + 1) * 40 for i in range(50)], [round(t, 4) for t, _ in rows])
    assert _series(df, "val_loss")[0] == [200 * k for k in range(1, 11)]


def test_printed_global_iter_lines_are_stepped(tmp_path):
    rows = _mlp_losses(4, 0.05, per_epoch=5)
    (tmp_path / "train.log").write_text("".join(f"global_iter: {(i + 1) * 50} | loss: {t:.4f}\n"
                                                for i, (t, _) in enumerate(rows)))
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"loss"}
    assert _series(df, "loss")[0] == [(i + 1) * 50 for i in range(20)]


# ------------------------------------------------------------------ detectron2 metrics.json: trainings appended


def _detectron2_launch(f, lr: float, seed: int, start: int = 0, iters: int = 500, model=None):
    """One ``train_net.py`` launch appending to ``metrics.json`` as detectron2's JSONWriter does (a sorted-keys JSON
    line every 20 iterations, at iteration 19, 39, ...), its losses a tiny torch classifier's; returns the model
    (a later launch may resume it) and its total losses."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(2048, 8, generator=g)
    y = ((x[:, 0] * x[:, 1] + x[:, 2]) > 0).long()
    if model is None:
        torch.manual_seed(seed)
        model = torch.nn.Sequential(torch.nn.Linear(8, 32), torch.nn.ReLU(), torch.nn.Linear(32, 2))
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    totals, window = [], []
    for it in range(start, iters):
        i = (it * 32) % 2048
        out = model(x[i:i + 32])
        cls = F.cross_entropy(out, y[i:i + 32])
        box = 0.5 * out.pow(2).mean() * 0.01
        loss = cls + box
        opt.zero_grad()
        loss.backward()
        opt.step()
        window.append((cls.item(), box.item()))
        if (it + 1) % 20 == 0:
            c = sorted(v for v, _ in window)[len(window) // 2]  # the window's median, as detectron2 reports
            b = sorted(v for _, v in window)[len(window) // 2]
            row = {"data_time": 0.001, "eta_seconds": (iters - it - 1) * 2.1, "iteration": it, "loss_box_reg": b,
                   "loss_cls": c, "lr": lr, "time": 2.1, "total_loss": c + b}
            print(json.dumps(row, sort_keys=True), file=f)
            totals.append(c + b)
            window = []
    return model, totals


def test_detectron2_trainings_appended_to_one_metrics_json_are_runs_of_their_own(tmp_path):
    with open(tmp_path / "metrics.json", "a") as f:
        _, first = _detectron2_launch(f, lr=0.05, seed=0)
    with open(tmp_path / "metrics.json", "a") as f:  # another config launched into the same output dir
        _, second = _detectron2_launch(f, lr=0.2, seed=1)
    runs = discover(str(tmp_path))
    assert [r.files[0].segment for r in runs] == [0, 1]
    df, warned = _read(tmp_path)
    steps = list(range(19, 500, 20))
    assert _series(df, "total_loss", "metrics.json#1") == (steps, [round(v, 4) for v in first])
    assert _series(df, "total_loss", "metrics.json#2") == (steps, [round(v, 4) for v in second])
    assert not any("resumed" in w for w in warned)


def test_detectron2_job_resumed_into_its_metrics_json_stays_one_run(tmp_path):
    with open(tmp_path / "metrics.json", "a") as f:
        model, first = _detectron2_launch(f, lr=0.05, seed=0, iters=400)  # killed after iteration 399
    with open(tmp_path / "metrics.json", "a") as f:  # --resume from the checkpoint at iteration 300
        _, later = _detectron2_launch(f, lr=0.05, seed=0, start=300, iters=500, model=model)
    assert len(discover(str(tmp_path))) == 1
    df, warned = _read(tmp_path)
    steps, values = _series(df, "total_loss")
    assert steps == list(range(19, 500, 20))
    assert values == [round(v, 4) for v in first[:15] + later]
    assert any("resumed at step 319" in w for w in warned)


# ------------------------------------------------------------------ printed fractional epochs


@pytest.mark.parametrize("fmt", ["epoch {e}, train_loss {t:.4f}", "Epoch {e:.2f} | train_loss: {t:.4f}"])
def test_printed_fractional_epochs_keep_every_point(tmp_path, fmt):
    rows = _mlp_losses(8, 0.05, per_epoch=4)
    with open(tmp_path / "train.log", "w") as f:
        for i, (tl, vl) in enumerate(rows):
            e = (i + 1) / 4
            print(fmt.format(e=e, t=tl), file=f)
            if (i + 1) % 2 == 0:  # validation twice an epoch
                print(fmt.format(e=e, t=tl).split(",")[0].split("|")[0].strip() + f", val_loss {vl:.4f}", file=f)
    df, warned = _read(tmp_path)
    assert _series(df, "train_loss") == (list(range(1, 33)), [round(t, 4) for t, _ in rows])
    assert _series(df, "val_loss") == (list(range(2, 33, 2)), [round(v, 4) for _, v in rows[1::2]])
    assert any("placed at epoch x 4" in w for w in warned)


def test_public_detectron2_metrics_json_of_three_appended_trainings(tmp_path):
    """public Brunaelizer/PDI_Frutas_Segmentacao (54872cc46452bf01c646c93321a5dd0c6ef5ee06) ``output/metrics.json``:
    nine Mask R-CNN trainings appended (iteration 19..199, then 19..999 twice, ...); its first 110 lines, byte for
    byte (three trainings), in tests/data/readers35/frutas_metrics.json. Each began at total_loss 2.30-2.59; before
    this reader change only the last was kept ("a new training in the same directory ... replaced by it")."""
    import shutil
    from pathlib import Path

    shutil.copy(Path(__file__).parent / "data" / "readers35" / "frutas_metrics.json", tmp_path / "metrics.json")
    assert len(discover(str(tmp_path))) == 3
    df, warned = _read(tmp_path)
    shown = {d: _series(df, "total_loss", d) for d in sorted(set(df.dir))}
    assert [(s[0], s[-1], len(s)) for s, _ in shown.values()] == [(19, 199, 10), (19, 999, 50), (19, 999, 50)]
    assert [v[0] for _, v in shown.values()] == [2.3033, 2.331, 2.5926]
    assert not any("replaced" in w or "resumed" in w for w in warned)
