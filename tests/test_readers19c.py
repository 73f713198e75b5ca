"""readers19c: printed training output found by breaker11 in Jupyter notebooks' cell outputs, in ``*.txt`` files
with no log name, and trainings introduced by banner lines. Every input is printed by a real tiny training loop here
(torch + tqdm), and the notebook is the JSON nbformat 4 writes (nbformat itself is not installed)."""
from __future__ import annotations

import io
import json
import re

import pytest

from loganalyzer import read_scalars
from loganalyzer.discover import discover

from _runs import tiny_epochs  # noqa: E402

torch = pytest.importorskip("torch")
tqdm = pytest.importorskip("tqdm").tqdm

BATCHES = 6


def _train(out, epochs: int, seed: int) -> None:
    """A tiny regression trained with a tqdm bar per epoch described ``Epoch {epoch + 1}: Training`` (1-based)."""
    torch.manual_seed(seed)
    x, y = torch.randn(48, 4), torch.randn(48, 1)
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    val_loss = prev = float("nan")
    for epoch in range(epochs):
        bar = tqdm(range(BATCHES), file=out, unit="Batch", mininterval=0, ascii=False)
        bar.set_description(f"Epoch {epoch + 1}: Training")
        for i in bar:
            xb, yb = x[i * 8:(i + 1) * 8], y[i * 8:(i + 1) * 8]
            loss = torch.nn.functional.mse_loss(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            if i == BATCHES - 1:
                with torch.no_grad():
                    val_loss = torch.nn.functional.mse_loss(model(x[:16]), y[:16]).item()
                if epoch == 1:  # one epoch's validation equal to the one before: still a measure
                    val_loss = prev
            bar.set_postfix(train_loss=f"{loss.item():.3g}", val_loss=f"{val_loss:.3g}")
        prev = val_loss
        bar.close()


def _stored(text: str) -> list[str]:
    """A stream's text as Jupyter stores it: each line's carriage-return redraws collapsed to the last one."""
    lines = [line.rsplit("\r", 1)[-1] for line in text.split("\n")]
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def _notebook(path, outputs_per_cell: list[list[str]]) -> None:
    cells = [{"cell_type": "code", "execution_count": 1, "id": "c0", "metadata": {}, "outputs": [],
              "source": ["import torch\n", "train_loss = 0\n", "val_loss = 0\n"]}]
    for k, texts in enumerate(outputs_per_cell, 1):
        cells.append({"cell_type": "code", "execution_count": k + 1, "id": f"c{k}", "metadata": {},
                      "outputs": [{"name": "stderr", "output_type": "stream", "text": t} for t in texts],
                      "source": ["for run in range(2):\n", "    train(model, epochs=3)\n"]})
    nb = {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                                      "name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _printed(epochs: int, seed: int) -> list[str]:
    buf = io.StringIO()
    _train(buf, epochs, seed)
    return _stored(buf.getvalue())


def test_notebook_outputs_are_a_printed_log(tmp_path):
    first, second = _printed(3, 0), _printed(3, 1)
    # two trainings printed in one cell (a loop over fits), as the same text saved as a .log splits them
    _notebook(tmp_path / "train.ipynb", [first + ["Training model 2 ...\n"] + second])
    (tmp_path / "same.log").write_text("".join(first + ["Training model 2 ...\n"] + second), encoding="utf-8")
    runs = discover(tmp_path)
    ids = sorted(r.id for r in runs)
    log_ids = [i for i in ids if i.startswith("same.log")]
    assert [i for i in ids if i.startswith("train.ipynb")] == [i.replace("same.log", "train.ipynb") for i in log_ids]
    assert len(log_ids) == 2
    df = read_scalars(tmp_path, resolve=True)
    nb = df[df.dir.astype(str).str.startswith("train.ipynb")]
    lg = df[df.dir.astype(str).str.startswith("same.log")]
    assert sorted(nb.tag.astype(str).unique()) == ["train_loss", "val_loss"]
    # the notebook gives what the .log gives, and never the code cell's 'train_loss = 0'
    assert nb.step.tolist() == lg.step.tolist() and nb.value.tolist() == lg.value.tolist()
    one = nb[nb.dir.astype(str) == "train.ipynb#1"]
    vals = [float(re.search(r"train_loss=([\d.e+-]+)", line).group(1)) for line in first if "train_loss=" in line]
    tl = one[one.tag.astype(str) == "train_loss"]
    assert tl.step.tolist() == [BATCHES, 2 * BATCHES, 3 * BATCHES]  # 'Epoch 1: ... 6/6' ends epoch 1 at step 6
    assert tl.value.tolist() == pytest.approx(vals)
    assert (one[one.tag.astype(str) == "val_loss"].step.tolist() == [BATCHES, 2 * BATCHES, 3 * BATCHES])  # repeat kept


def test_notebook_without_training_output(tmp_path):
    nb = tmp_path / "eda.ipynb"
    _notebook(nb, [["Loaded 48 rows\n", "loss function: mse\n"]])
    assert discover(tmp_path) == []
    problems: list = []
    assert discover(nb, problems) == []
    assert len(problems) == 1 and "eda.ipynb" in problems[0].path and "no run" in problems[0].message


def test_one_based_tqdm_epochs_in_plain_text(tmp_path):
    (tmp_path / "run.log").write_text("".join(_printed(4, 2)), encoding="utf-8")
    df = read_scalars(tmp_path / "run.log", resolve=True)
    for tag in ("train_loss", "val_loss"):
        assert df[df.tag.astype(str) == tag].step.tolist() == [BATCHES * k for k in range(1, 5)]


def _fit(epochs: int, seed: int = 0) -> dict:
    """A tiny classifier's per-epoch history (Keras' history.history keys)."""
    torch.manual_seed(seed)
    x = torch.randn(64, 4)
    y = (x[:, 0] > 0).long()
    hist: dict = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
    for loss, acc, val_loss, val_acc in tiny_epochs(x, y, epochs, lr=0.3):
        hist["loss"].append(loss)
        hist["acc"].append(acc)
        hist["val_loss"].append(val_loss)
        hist["val_acc"].append(val_acc)
    return hist


def test_txt_printed_logs_without_a_log_name_found_in_a_folder(tmp_path):
    hist = _fit(6)
    for name in ("loss.txt", "full_process_validation.txt"):
        with open(tmp_path / name, "w", encoding="utf-8") as f:
            for e, (t, v) in enumerate(zip(hist["loss"], hist["val_loss"]), 1):
                print(f"Epoch {e} | Train Loss : {t:.4f} | Val Loss : {v:.4f}", file=f)
    (tmp_path / "notes.txt").write_text("try a smaller learning rate; the loss function is cross entropy\n")
    problems: list = []
    runs = discover(tmp_path, problems)
    assert sorted(r.id for r in runs) == ["full_process_validation.txt", "loss.txt"]
    assert [p for p in problems if p.path.endswith("notes.txt")]  # read by name, so said in a folder scan
    df = read_scalars(tmp_path, resolve=True)
    for run in ("loss.txt", "full_process_validation.txt"):
        one = df[df.dir.astype(str) == run]
        tl = one[one.tag.astype(str) == "Train_Loss"]
        assert tl.step.tolist() == list(range(1, 7))
        assert tl.value.tolist() == pytest.approx([round(v, 4) for v in hist["loss"]])
        assert one[one.tag.astype(str) == "Val_Loss"].value.tolist() == pytest.approx(
            [round(v, 4) for v in hist["val_loss"]])


def test_loss_acc_txt_siblings_one_run(tmp_path):
    np = pytest.importorskip("numpy")
    hist = _fit(8)
    for key, values in hist.items():
        np.savetxt(tmp_path / f"{key}.txt", np.asarray(values))
    runs = discover(tmp_path)
    assert [r.id for r in runs] == ["loss"]
    assert sorted(f.path.rsplit("/", 1)[-1] for f in runs[0].files) == ["acc.txt", "loss.txt", "val_acc.txt",
                                                                         "val_loss.txt"]
    df = read_scalars(tmp_path, resolve=True)
    assert sorted(df.tag.astype(str).unique()) == ["train_acc", "train_loss", "val_acc", "val_loss"]
    for tag, key in (("train_acc", "acc"), ("val_acc", "val_acc"), ("train_loss", "loss")):
        s = df[df.tag.astype(str) == tag]
        assert s.step.tolist() == list(range(8))
        assert s.value.tolist() == pytest.approx(hist[key])


def _mnist_like(f, batch_size: int, epochs: int, seed: int) -> None:
    """The PyTorch MNIST example's test() line per epoch, for a tiny classifier trained with ``batch_size``."""
    torch.manual_seed(seed)
    x = torch.randn(200, 4)
    y = (x[:, 0] + x[:, 1] > 0).long()
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for _ in range(epochs):
        for i in range(0, 160, batch_size):
            loss = torch.nn.functional.cross_entropy(model(x[i:i + batch_size]), y[i:i + batch_size])
            opt.zero_grad()
            loss.backward()
            opt.step()
        with torch.no_grad():
            out = model(x[160:])
            test_loss = torch.nn.functional.cross_entropy(out, y[160:]).item()
            correct = int((out.argmax(1) == y[160:]).sum())
        print(f"\nTest set: Average loss: {test_loss:.4f}, Accuracy: {correct}/40 ({correct / 40:.2f}%)\n", file=f)


def test_banner_lines_open_trainings_of_a_stepless_log(tmp_path):
    with open(tmp_path / "train_output.txt", "w", encoding="utf-8") as f:
        for act in ("relu", "sigmoid"):
            print(f" ===== Capas:  4  Neuronas:  5  Activacion:  {act} ===== ", file=f)
            for bs in (8, 16, 32):
                print(f"intento con batch size : {bs}", file=f)
                _mnist_like(f, bs, 3, bs)
    runs = discover(tmp_path)
    assert [r.id for r in runs] == [f"train_output.txt#{i}" for i in range(1, 7)]
    df = read_scalars(tmp_path, resolve=True)
    for i in range(1, 7):
        s = df[(df.dir.astype(str) == f"train_output.txt#{i}") & (df.tag.astype(str) == "test_loss")]
        assert s.step.tolist() == [1, 2, 3]


def test_one_point_relaunch_is_its_own_run(tmp_path):
    def launch(f, points: int, seed: int) -> None:
        torch.manual_seed(seed)
        model = torch.nn.Linear(3, 3)
        opt = torch.optim.Adam(model.parameters(), lr=0.01)
        x = torch.randn(16, 3)
        for k in range(points):
            out = model(x)
            rec = torch.nn.functional.mse_loss(out, x)
            kl = out.pow(2).mean()
            total = rec + 0.01 * kl
            opt.zero_grad()
            total.backward()
            opt.step()
            print(f"Epoch 1, Step {30 * k}: Reconstruction Loss={rec.item()}, KL Loss={kl.item()}, "
                  f"Total Loss={total.item()}", file=f)
            print(f"Output stats: min={out.min().item()}, max={out.max().item()}, mean={out.mean().item()}", file=f)

    with open(tmp_path / "train2.txt", "w", encoding="utf-8") as f:
        launch(f, 4, 0)
        launch(f, 1, 1)  # stopped after its first point, then launched again
        launch(f, 4, 2)
    runs = discover(tmp_path)
    assert [r.id for r in runs] == ["train2.txt#1", "train2.txt#2", "train2.txt#3"]
    df = read_scalars(tmp_path, resolve=True)
    for i, steps in ((1, [0, 30, 60, 90]), (2, [0]), (3, [0, 30, 60, 90])):
        s = df[(df.dir.astype(str) == f"train2.txt#{i}") & (df.tag.astype(str) == "Total_Loss")]
        assert s.step.tolist() == steps
