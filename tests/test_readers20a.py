"""readers20a: printed training output of public repositories read wrong (/tmp/readers20a_inputs/FINDINGS.md).

Three kinds, each printed here by a real tiny torch training loop:
- YOLOv5/YOLOv8 validation rows under a bar printed without its glyphs (a Colab cell's output pasted into a
  README: ``mAP50-95: 100% 1/1 [00:02<00:00,  2.45s/it]``) were dropped, and the first epoch's header on the
  Markdown fence line (public camilacorreamelo/especializa-o_cesar ``README.md``);
- a validation line printed with the training line's very words, told apart only by a bare header line before it
  (public AIHHU/PaddleCIFAR10 ``training_log.txt``: ``testing in eval mode……``) was averaged into the training
  series;
- ``step N, loss: X`` lines under a title line were read as a whitespace table (public aakashvardhan/s21-gpt2
  ``log.md``: 'Overfit a single batch of data' made the header, the loss a 'batch' column).
"""
from __future__ import annotations

import io
import warnings

import pytest

from loganalyzer import read_scalars
from loganalyzer.discover import discover

torch = pytest.importorskip("torch")


def _train(epochs: int, seed: int = 0, lr: float = 0.5) -> list[tuple[float, float, float, float]]:
    """(training loss, training accuracy, validation loss, validation accuracy) per epoch of a tiny classifier."""
    torch.manual_seed(seed)
    x, xv = torch.randn(64, 4), torch.randn(32, 4)
    y, yv = (x[:, 0] > 0).long(), (xv[:, 0] > 0).long()
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    out = []
    for _ in range(epochs):
        loss = torch.nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            acc = (model(x).argmax(1) == y).float().mean().item()
            vloss = torch.nn.functional.cross_entropy(model(xv), yv).item()
            vacc = (model(xv).argmax(1) == yv).float().mean().item()
        out.append((loss.item(), acc, vloss, vacc))
    return out


def _read(path) -> tuple:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(str(path), resolve=True)
    return df, [str(w.message) for w in caught]


def _series(df, tag: str, run: str | None = None) -> tuple[list[int], list[float]]:
    s = df[df.tag == tag] if run is None else df[(df.tag == tag) & (df.dir == run)]
    return s.step.tolist(), s.value.round(4).tolist()


def _ids(path) -> list[str]:
    """The run ids ``discover`` finds under ``path`` (shared by the printed-log test files)."""
    return [r.id for r in discover(str(path))]


def _write(tmp_path, name: str, text: str):
    """``text`` written as UTF-8 to ``tmp_path / name``; the path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ YOLO validation under a glyph-less bar


def _yolo_readme(epochs: int, v8: bool = False) -> tuple[str, list, list]:
    """A README holding a Colab cell's YOLO training output, bars printed without glyphs (``100% 15/15 [...]``)."""
    buf = io.StringIO()
    print("# Projeto Final\n\n<details>\n  <summary>Click to expand!</summary>\n", file=buf)
    losses, maps = [], []
    names = ("box_loss", "cls_loss", "dfl_loss") if v8 else ("box_loss", "obj_loss", "cls_loss")
    for epoch, (loss, acc, vloss, vacc) in enumerate(_train(epochs)):
        header = ("%11s" * 7) % ("Epoch", "GPU_mem", *names, "Instances", "Size")
        print(("  ```" + header) if epoch == 0 else "\n" + header, file=buf)
        parts = (round(loss, 4), round(loss / 3, 4), round(vloss / 5, 4))
        shown = f"{epoch + 1}/{epochs}" if v8 else f"{epoch}/{epochs - 1}"
        print(("%11s" * 2 + "%11.4g" * 5) % (shown, "10.2G", *parts, 26, 640)
              + ": 100% 15/15 [00:08<00:00,  1.79it/s]", file=buf)
        if v8:
            print("%22s%11s%11s%11s%11s%11s%11s" % ("Class", "Images", "Instances", "Box(P", "R", "mAP50",
                                                      "mAP50-95):") + " 100% 1/1 [00:01<00:00,  1.11s/it]", file=buf)
        else:
            print("%22s%11s%11s%11s%11s%11s%11s" % ("Class", "Images", "Instances", "P", "R", "mAP50",
                                                      "mAP50-95:") + " 100% 1/1 [00:01<00:00,  1.11s/it]", file=buf)
        m = (round(vacc, 4), round(acc, 4), round(vacc * 0.9, 4), round(vacc * 0.5, 4))
        print("%22s%11i%11i%11.3g%11.3g%11.3g%11.3g" % ("all", 51, 87, *m), file=buf)
        losses.append(parts[0])
        maps.append(float("%.3g" % m[2]))
    print("```\n</details>", file=buf)
    return buf.getvalue(), losses, maps


def test_yolov5_validation_under_glyphless_bar_in_readme(tmp_path):
    """Shape of public camilacorreamelo/especializa-o_cesar README.md (8419ba6): before, only the losses were read,
    from epoch 1 (epoch 0's header shares the fence line); P/R/mAP were dropped."""
    text, losses, maps = _yolo_readme(6)
    f = tmp_path / "README.md"
    f.write_text(text)
    df, _ = _read(f)
    assert _series(df, "train/box_loss") == (list(range(6)), losses)
    steps, values = _series(df, "metrics/mAP_0.5")
    assert steps == list(range(6)) and values == maps
    assert set(df.tag) >= {"metrics/precision", "metrics/recall", "metrics/mAP_0.5:0.95"}


def test_yolov8_validation_under_glyphless_bar(tmp_path):
    """Sibling: Ultralytics YOLOv8 prints grouped metrics 'Box(P R mAP50 mAP50-95): 100% 1/1 [...]'."""
    text, losses, maps = _yolo_readme(5, v8=True)
    f = tmp_path / "train_output.log"
    f.write_text(text.replace("  ```", "", 1))
    df, _ = _read(f)
    assert _series(df, "train/box_loss") == (list(range(1, 6)), losses)
    assert _series(df, "metrics/mAP50(B)") == (list(range(1, 6)), maps)


# ------------------------------------------------------------------ an evaluation header over a training-shaped line


def _paddle_log(epochs: int) -> tuple[str, list, list]:
    """The AIHHU/PaddleCIFAR10 loop's print()s: the same words for the training and the evaluation means."""
    buf = io.StringIO()
    print("W1218 06:47:26.269699 11333 gpu_resources.cc:61] Please NOTE: device: 0, GPU Compute Capability: 8.0",
          file=buf)
    train, val = [], []
    for epoch, (loss, acc, vloss, vacc) in enumerate(_train(epochs)):
        print(f"epoch: {epoch},  loss is: {loss}, acc is: {acc}", file=buf)
        print("testing in eval mode……", file=buf)
        print(f"epoch: {epoch},  loss is: {vloss}, acc is: {vacc}", file=buf)
        print("Now continue training……", file=buf)
        if epoch % 3 == 0:
            print("New model has been saved!\n", file=buf)
        train.append(round(loss, 4))
        val.append(round(vloss, 4))
    return buf.getvalue(), train, val


def test_eval_header_line_over_training_shaped_line(tmp_path):
    """Shape of public AIHHU/PaddleCIFAR10 training_log.txt (d81e600): before, 'loss_is' was the mean of the
    training and the validation line of each epoch, with a warning; now two series (named 'loss' and 'test_loss'
    since stop 47: 'loss is:' names the loss)."""
    text, train, val = _paddle_log(8)
    f = tmp_path / "training_log.txt"
    f.write_text(text)
    df, warned = _read(f)
    assert _series(df, "loss") == (list(range(8)), train)
    assert _series(df, "test_loss") == (list(range(8)), val)
    assert not any("printed 2 times" in w for w in warned)
    assert len(discover(str(tmp_path))) == 1


def test_validating_header_sibling(tmp_path):
    """Sibling: a hand-written loop printing 'Validating...' then the same 'Epoch N | loss: .. | acc: ..' line."""
    buf = io.StringIO()
    train, val = [], []
    for epoch, (loss, acc, vloss, vacc) in enumerate(_train(6), 1):
        print(f"Epoch {epoch} | loss: {loss:.4f} | acc: {acc:.4f}", file=buf)
        print("Validating...", file=buf)
        print(f"Epoch {epoch} | loss: {vloss:.4f} | acc: {vacc:.4f}", file=buf)
        train.append(round(loss, 4))
        val.append(round(vloss, 4))
    f = tmp_path / "train.log"
    f.write_text(buf.getvalue())
    df, _ = _read(f)
    assert _series(df, "loss")[1] == train
    assert _series(df, "val_loss")[1] == val
    assert _series(df, "val_loss")[0] == _series(df, "loss")[0]


def test_header_with_a_number_is_no_eval_header(tmp_path):
    """A line holding a number ('Validation loss: 0.61') is a progress line itself: the line after it stays the
    training's."""
    buf = io.StringIO()
    for epoch, (loss, acc, vloss, vacc) in enumerate(_train(5), 1):
        print(f"Validation loss: {vloss:.4f}", file=buf)
        print(f"Epoch {epoch} | loss: {loss:.4f} | acc: {acc:.4f}", file=buf)
    f = tmp_path / "train.log"
    f.write_text(buf.getvalue())
    df, _ = _read(f)
    assert len(_series(df, "loss")[1]) == 5
    assert not any(t.startswith(("val_loss", "test_")) and t != "val_loss" for t in set(df.tag))


# ------------------------------------------------------------------ progress lines under a title line


def _gpt2_md(blocks: int, steps: int) -> tuple[str, list]:
    """aakashvardhan/s21-gpt2's log.md: a title line, then fenced blocks of 'step N, loss: X' lines."""
    buf = io.StringIO()
    print("\n\nOverfit a single batch of data\n\n```\nUsing device: mps", file=buf)
    runs = []
    for b in range(blocks):
        if b:
            print("```\n\nUsing dataloaderlite to train a model\n\n```\nUsing device: mps\nloaded 338025 tokens",
                  file=buf)
        values = []
        for step, (loss, _, _, _) in enumerate(_train(steps, seed=b)):
            print(f"step {step}, loss: {loss}", file=buf)
            values.append(round(loss, 4))
        runs.append(values)
    print("```", file=buf)
    return buf.getvalue(), runs


def test_step_lines_under_title_read_as_log_not_table(tmp_path):
    """Before: given by name (or as a *.log in a folder) the title made a 6-column header, 'loss' was a 'batch'
    column stepped by the row number."""
    text, runs = _gpt2_md(1, 30)
    f = tmp_path / "train.log"
    f.write_text(text.replace("```\n", ""))
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"loss"}
    assert _series(df, "loss") == (list(range(30)), runs[0])


def test_markdown_blocks_given_by_name_are_runs(tmp_path):
    """The Markdown file given by name reads as a folder scan reads it: one run per block."""
    text, runs = _gpt2_md(3, 20)
    f = tmp_path / "log.md"
    f.write_text(text)
    assert len(discover(str(f))) == 3
    df, _ = _read(f)
    assert sorted(set(df.dir)) == ["log.md#1", "log.md#2", "log.md#3"]
    for k, values in enumerate(runs, 1):
        assert _series(df, "loss", f"log.md#{k}") == (list(range(20)), values)


def test_whitespace_table_under_title_still_a_table(tmp_path):
    """A table a logger wrote under a title line stays a table (its rows pair no name with a number)."""
    rows = ["epoch loss acc"] + [f"{e} {loss:.4f} {acc:.4f}" for e, (loss, acc, _, _) in enumerate(_train(5), 1)]
    f = tmp_path / "history.txt"
    f.write_text("\n".join(rows) + "\n")
    df, _ = _read(f)
    assert _series(df, "loss")[0] == [1, 2, 3, 4, 5]


# ------------------------------------------------------------------ 'Eval Acc 0.9248': no colon, no loss


def test_dgl_eval_acc_without_colon(tmp_path):
    """Shape of public SijingYu/GraphSAGE_MultiGPU loss.md (d1da384; DGL's GraphSAGE example): 'Eval Acc 0.9248'
    and 'Test Acc: 0.9306' every few epochs between the step lines. Before, Test_Acc was read and Eval_Acc dropped."""
    buf = io.StringIO()
    val, steps = [], []
    for epoch, (loss, acc, vloss, vacc) in enumerate(_train(10)):
        for step in (0, 20):
            print(f"Epoch {epoch:05d} | Step {step:05d} | Loss {loss:.4f} | Train Acc {acc:.4f} | "
                  f"Speed (samples/sec) 43672.9658 | GPU 401.2 MB", file=buf)
        print(f"Epoch Time(s): 7.{epoch}072", file=buf)
        if epoch % 3 == 2:
            print(f"Eval Acc {vacc:.4f}", file=buf)
            print(f"Test Acc: {vacc * 0.99:.4f}", file=buf)
            val.append(round(vacc, 4))
    f = tmp_path / "train.log"
    f.write_text(buf.getvalue())
    df, _ = _read(f)
    eval_steps, values = _series(df, "Eval_Acc")
    assert values == val
    assert eval_steps == _series(df, "Test_Acc")[0] and len(eval_steps) == 3
    assert len(_series(df, "Loss")[1]) == 20


# ------------------------------------------------------------------ a three-word name cut to two, met twice on a line


def test_smoothed_validation_loss_is_its_own_series(tmp_path):
    """Shape of public MrCogito/Deep_learning_2023 outputs/WorkingSetup/Markdown/fixWorkingSetup_6.md (ebc402e):
    'Smoothed Validation Loss' was cut to 'Validation Loss', so the raw and the smoothed loss made one series (two
    values an epoch)."""
    buf = io.StringIO()
    raw, smooth, ema = [], [], None
    epochs = 8
    for epoch, (loss, acc, vloss, vacc) in enumerate(_train(epochs), 1):
        ema = vloss if ema is None else 0.7 * ema + 0.3 * vloss
        print(f"Epoch [{epoch}/{epochs}], Train Loss: {loss:.4f}, L1 Loss: {loss / 2:.4f}", file=buf)
        print(f"Epoch [{epoch}/{epochs}], Validation Loss: {vloss:.4f}, Validation L1: {vloss / 2:.4f}, "
              f"Smoothed Validation Loss: {ema:.4f}", file=buf)
        raw.append(round(vloss, 4))
        smooth.append(round(ema, 4))
    f = tmp_path / "job.out"
    f.write_text(buf.getvalue())
    df, _ = _read(f)
    assert _series(df, "Validation_Loss") == (list(range(1, epochs + 1)), raw)
    assert _series(df, "Smoothed_Validation_Loss") == (list(range(1, epochs + 1)), smooth)
