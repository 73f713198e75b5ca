"""Reader faults of the stop-70 dev sets 226-228 (robotics, facial/medical classification, diffusion fine-tunes),
each with its public run; every log is written by the real writer (tqdm through a child process, pickle, ...).

- ClipCap's ``>>> Training epoch N`` headers over one tqdm bar per epoch (public clipcap228: 25 epochs read as one
  point at the bar's count, every bar ending at ``52503/52503``): ``readers/_joblog_headers._HEADER``.
- Python 2 pickles of a Keras history (``history.p`` of the Udacity behavioural-cloning projects, public alanswx226
  ``history_badbf8``: `unknown`, "'ascii' codec can't decode byte 0xd3"): ``readers/keras_pickle`` reads them with
  ``encoding="latin1"``.
- A DDPM's tqdm bar whose postfix ``MSE=`` is the only record of the objective, redrawn in place (public ddpmcond228
  ``ddpm_train-41547093.out``: no series): ``readers/_joblog_barobjective``.
- An outer loop of Keras ``fit()`` calls under ``Epoch: N/256 | [phase]`` headers, four set-up lines between header
  and fit (public pneudet227 ``TRAIN_LOG.txt``: 255 runs of 8 points), with ``Improved model loss from inf to 0.54``
  messages read as series ``loss_from`` (inf: the run `nan`) and ``to``: ``readers/_joblog_chunks`` (5 numbered
  lines looked at, a phase label after the counter), ``readers/_progress_skip._IMPROVED``.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from loganalyzer.cli import main
from loganalyzer.load import read_scalars


def scan_json(*args) -> dict:
    result = CliRunner().invoke(main, ["scan", *map(str, args), "--format", "json", "--no-cache"],
                                env={"COLUMNS": None})
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def _run_script(tmp_path: Path, source: str, log_name: str, *args: str) -> Path:
    """Run ``source`` as a script, its stdout and stderr in ``<tmp>/run/<log_name>`` (``python train.py > log
    2>&1``); the run folder."""
    script = tmp_path / "train_script.py"
    script.write_text(source)
    out = tmp_path / "run"
    out.mkdir(exist_ok=True)
    with open(out / log_name, "w") as f:
        subprocess.run([sys.executable, str(script), *args], stdout=f, stderr=subprocess.STDOUT, check=True,
                       timeout=120)
    return out


# ClipCap's train loop (rmokady/CLIP_prefix_caption train.py): the header printed, then one bar per epoch, its
# postfix the batch's loss
CLIPCAP = r'''
import sys
from tqdm import tqdm
epochs, batches = 6, 50
for epoch in range(epochs):
    print(f">>> Training epoch {epoch}")
    sys.stdout.flush()
    progress = tqdm(total=batches, desc="coco_prefix", mininterval=0)
    for idx in range(batches):
        loss = 3.0 / (1 + epoch + idx / batches)
        progress.set_postfix({"loss": loss})
        progress.update()
    progress.close()
'''


def test_clipcap_epoch_headers_one_training_found_in_its_folder(tmp_path):
    """As written (bars redrawn with ``\\r``): found in its folder (its first 8 KiB hold no newline) and one run of
    300 batches (was passed over in a folder, and four runs when named: the counter's restarts under unread
    headers)."""
    run = _run_script(tmp_path, CLIPCAP, "loss_record.txt")
    runs = scan_json(run)["runs"]
    assert len(runs) == 1 and runs[0]["verdict"] != "unknown", [r["run"] for r in runs]
    loss = read_scalars(run).query("tag == 'loss'")
    assert loss.step.is_monotonic_increasing and loss.step.max() == 300


def test_clipcap_epoch_headers_give_one_point_per_epoch(tmp_path):
    """As the console shows it (each bar's last redraw on its line: public clipcap228's ``loss-records.txt``): one
    point per epoch, not one point at the bar's count (50 for every epoch)."""
    run = _run_script(tmp_path, CLIPCAP, "loss_record.txt")
    log = run / "loss_record.txt"
    log.write_bytes(b"\n".join(line.rsplit(b"\r", 1)[-1] for line in log.read_bytes().split(b"\n")))
    loss = read_scalars(log).query("tag == 'loss'").sort_values("step")
    assert len(loss) == 6  # was 1
    assert loss.step.is_monotonic_increasing and loss.step.nunique() == 6
    assert loss.value.iloc[0] > loss.value.iloc[-1]


# ------------------------------------------------------------------------------------------- Python 2 pickles

# what Python 2.7.18 with numpy 1.16.6 writes for pickle.dumps({'loss': [np.float64(..) x4], 'val_loss': [..]})
# (protocol 0, its default): each float's raw bytes a str, some >= 0x80
PY2_HISTORY = b"(dp0\nS'loss'\np1\n(lp2\ncnumpy.core.multiarray\nscalar\np3\n(cnumpy\ndtype\np4\n(S'f8'\np5\nI0\nI1\ntp6\nRp7\n(I3\nS'<'\np8\nNNNI-1\nI-1\nI0\ntp9\nbS'$(~\\x8c\\xb9k\\xb9?'\np10\ntp11\nRp12\nag3\n(g7\nS'\\x0e\\xbe0\\x99*\\x18\\xa5?'\np13\ntp14\nRp15\nag3\n(g7\nS'\\xdd\\xb5\\x84|\\xd0\\xb3\\x99?'\np16\ntp17\nRp18\nag3\n(g7\nS'\\x9c\\xc4 \\xb0rh\\x91?'\np19\ntp20\nRp21\nasS'val_loss'\np22\n(lp23\ng3\n(g7\nS'333333\\xa3?'\np24\ntp25\nRp26\nag3\n(g7\nS'\\x9d\\x80&\\xc2\\x86\\xa7\\x97?'\np27\ntp28\nRp29\nag3\n(g7\nS'\\x8fSt$\\x97\\xff\\x90?'\np30\ntp31\nRp32\nag3\n(g7\nS'9\\xb4\\xc8v\\xbe\\x9f\\x8a?'\np33\ntp34\nRp35\nas."
PY2 = os.path.expanduser("~/.pyenv/versions/2.7.18/bin/python")
PY2_WRITER = r'''
import pickle, sys, numpy as np
loss = [np.float64(0.1 * 0.8 ** e + 0.01) for e in range(12)]
val = [np.float64(0.09 * 0.85 ** e + 0.012) for e in range(12)]
acc = np.array([0.5 + 0.03 * e for e in range(12)])  # an ndarray too (history.history['acc'] as an array)
pickle.dump({'loss': loss, 'val_loss': val, 'acc': acc}, open(sys.argv[1], 'wb'), int(sys.argv[2]))
'''


def _has_py2_numpy() -> bool:
    return os.path.exists(PY2) and subprocess.run([PY2, "-c", "import numpy"], capture_output=True).returncode == 0


def test_python2_pickled_history_bytes_are_read(tmp_path):
    run = tmp_path / "history_badbf8"
    run.mkdir()
    (run / "history.p").write_bytes(PY2_HISTORY)
    df = read_scalars(run)
    loss = df.query("tag == 'loss'").sort_values("step").value.round(4).tolist()
    assert loss == [0.0993, 0.0412, 0.0251, 0.0170]  # was: not unpickled ('ascii' codec can't decode ..)
    assert df.query("tag == 'val_loss'").value.round(4).tolist() == [0.0375, 0.0231, 0.0166, 0.0130]
    runs = scan_json(run)["runs"]
    assert len(runs) == 1 and runs[0]["verdict"] != "unknown"
    named = scan_json(run / "history.p")["runs"]  # given by name: was read as a printed log of 73 lines, no curve
    assert len(named) == 1 and named[0]["verdict"] == runs[0]["verdict"]


@pytest.mark.skipif(not _has_py2_numpy(), reason="no Python 2.7 with numpy (pyenv 2.7.18) on this machine")
@pytest.mark.parametrize("protocol", [0, 1, 2])
def test_python2_pickle_written_by_python2(tmp_path, protocol):
    script = tmp_path / "write.py"
    script.write_text(PY2_WRITER)
    run = tmp_path / "run"
    run.mkdir()
    subprocess.run([PY2, str(script), str(run / "history.p"), str(protocol)], check=True, timeout=60)
    df = read_scalars(run)
    assert sorted(df.tag.unique()) == ["acc", "loss", "val_loss"]
    loss = df.query("tag == 'loss'").sort_values("step")
    assert len(loss) == 12 and abs(loss.value.iloc[0] - 0.11) < 1e-12
    assert abs(df.query("tag == 'acc'").sort_values("step").value.iloc[-1] - 0.83) < 1e-12


# ------------------------------------------------------------------------------- a bar's MSE= postfix alone

# dome272/Diffusion-Models-pytorch's train(): one bar per epoch, pbar.set_postfix(MSE=loss.item()), no loss line
DDPM = r'''
import torch, torch.nn as nn
from tqdm import tqdm
torch.manual_seed(0); torch.set_num_threads(1)
x = torch.randn(4000, 8); y = x @ torch.randn(8, 1) + 0.1 * torch.randn(4000, 1)
model = nn.Linear(8, 1); opt = torch.optim.SGD(model.parameters(), lr=0.01); mse = nn.MSELoss()
print("Python version: Python 3.11.3", flush=True)
epochs = 2
for epoch in range(epochs):
    pbar = tqdm(range(0, 4000, 20), desc=f"Epoch {epoch + 1}/{epochs}", mininterval=0)
    for i in pbar:
        loss = mse(model(x[i:i + 20]), y[i:i + 20])
        opt.zero_grad(); loss.backward(); opt.step()
        pbar.set_postfix(MSE=loss.item())
print("Job finished with exit code 0", flush=True)
'''


def test_ddpm_bar_postfix_mse_is_the_loss(tmp_path):
    run = _run_script(tmp_path, DDPM, "ddpm_train-41547093.out")
    df = read_scalars(run)
    mse = df.query("tag == 'MSE'").sort_values("step")
    assert len(mse) >= 100  # was 0: no line names a loss, and the one closing draw per bar is too few
    assert mse.step.is_monotonic_increasing and mse.value.iloc[:10].mean() > 3 * mse.value.iloc[-10:].mean()
    runs = scan_json(run)["runs"]
    assert len(runs) == 1 and runs[0]["verdict"] != "unknown"
    assert runs[0]["roles"]["train_loss"] == "MSE"


# --------------------------------------------------------------------- an outer loop of Keras fit() calls

OUTER_KERAS = r'''import os
os.environ["KERAS_BACKEND"] = "torch"
import numpy as np, keras
rng = np.random.default_rng(0)
x = rng.normal(size=(512, 8)).astype("float32"); y = (x[:, :2].sum(1) > 0).astype("float32")
xv = rng.normal(size=(128, 8)).astype("float32"); yv = (xv[:, :2].sum(1) > 0).astype("float32")
keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"])
best = float("inf")
print("Training the model...", flush=True)
for outer in range(1, 7):
    phase, sub = ("Learning the patterns", 4) if outer <= 3 else ("Fine tuning", 3)
    print(f"\nEpoch: {outer}/256 | [{phase}]", flush=True)
    print("Shuffling data...\nTaking a subset of [256]...\nAugmenting data...", flush=True)
    print("Setting model OneCycleLr::maxlr to [0.010000]...", flush=True)
    print(f"Setting model subset epoch.c to [{sub}]...\nTraining on subset...", flush=True)
    idx = rng.choice(512, 256, replace=False)
    h = model.fit(x[idx], y[idx], epochs=sub, batch_size=32, validation_data=(xv, yv), verbose=1)
    print("Subset training done.", flush=True)
    val = h.history["val_loss"][-1]
    if val < best:
        print(f"Improved model loss from {best} to {val}. Saving model.", flush=True)
        best = val
    else:
        print(f"Model loss did not improve from {best}. Not saving model.", flush=True)
    print(f"Time taken for epoch(FULL) {outer}: 12.34 sec", flush=True)
    print(f"<---------------|Epoch [{outer}] END|--------------->", flush=True)
'''


@pytest.mark.slow  # a real Keras 3 training of 6 fits (~20-60 s on 2 shared cores)
def test_outer_loop_of_keras_fits_is_one_training(tmp_path):
    run = _run_script(tmp_path, OUTER_KERAS, "TRAIN_LOG.txt")
    df = read_scalars(run)
    assert sorted(df.tag.unique()) == ["accuracy", "loss", "val_accuracy", "val_loss"]  # no 'loss_from', 'to'
    loss = df.query("tag == 'loss'").sort_values("step")
    assert len(loss) == 3 * 4 + 3 * 3 and loss.step.tolist() == list(range(1, 22))  # 6 fits, one curve (was 6 runs)
    runs = scan_json(run)["runs"]
    assert len(runs) == 1, [r["run"] for r in runs]


def test_improved_from_to_message_is_no_series(tmp_path):
    log = tmp_path / "train.log"
    lines, best = [], float("inf")
    for epoch, (loss, val) in enumerate([(0.9, 0.8), (0.7, 0.65), (0.6, 0.66), (0.5, 0.6)], 1):
        lines.append(f"Epoch {epoch}/4 - loss: {loss:.4f} - val_loss: {val:.4f}")
        if val < best:
            lines.append(f"Improved model loss from {best} to {val}. Saving model.")
            best = val
        else:
            lines.append(f"Model loss did not improve from {best}. Not saving model.")
    log.write_text("\n".join(lines) + "\n")
    df = read_scalars(log)
    assert sorted(df.tag.unique()) == ["loss", "val_loss"]  # was also 'loss_from' (inf first) and 'to'
    assert scan_json(log)["runs"][0]["verdict"] != "nan"


def test_outer_loop_printed_as_pneudet227_is_one_training(tmp_path):
    """The public log's own lines (Keras 2's ``verbose=1`` under TensorFlow: a bar's closing line per epoch), the
    phase label changing at outer epoch 3 and the fits' length with it."""
    lines, step = ["Training the model..."], 0
    for outer in range(1, 6):
        phase, sub = ("Learning the patterns", 4) if outer < 3 else ("Fine tuning", 3)
        lines += ["", f"Epoch: {outer}/256 | [{phase}]", "Shuffling data...", "Taking a subset of [2048]...",
                  "Augmenting data...", "Setting model OneCycleLr::maxlr to [0.010000]...",
                  f"Setting model subset epoch.c to [{sub}]...", "Training on subset..."]
        for e in range(1, sub + 1):
            step += 1
            loss, val = 0.8 / step ** 0.5, 0.7 / step ** 0.4
            lines += [f"Epoch {e}/{sub}", f"256/256 [==============================] - 40s 155ms/step - loss: "
                      f"{loss:.4f} - accuracy: {1 - loss / 2:.4f} - val_loss: {val:.4f} - val_accuracy: {1 - val / 2:.4f}"]
        lines += ["Subset training done.", f"Improved model loss from {0.7 / (step - 1) ** 0.4 if outer > 1 else 'inf'} "
                  f"to {val}. Saving model.", f"Time taken for epoch(FULL) {outer}: 386.46 sec",
                  f"<---------------------------------------|Epoch [{outer}] END|--------------------------------------->"]
    log = tmp_path / "TRAIN_LOG.txt"
    log.write_text("\n".join(lines) + "\n")
    df = read_scalars(log)
    loss = df.query("tag == 'loss'").sort_values("step")
    assert loss.step.tolist() == list(range(1, 18))  # was 5 runs (3 with the 3 nearest numbered lines alone)
    assert "to" not in set(df.tag)
    assert len(scan_json(log)["runs"]) == 1
