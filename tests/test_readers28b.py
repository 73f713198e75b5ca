"""readers28b: printed training logs the stop-28 blind labellers found unread or misread, fixed by kind.

Each log is printed here by a tiny real torch (or Keras, tqdm) training loop in the framework's own format:
- OpenNMT-py ``Step N/M; acc: ..; ppl: ..; xent: ..; lr: ..`` after a printed model, with ``Validation perplexity`` /
  ``Validation accuracy`` lines (``onmt/utils/statistics.py`` ``Statistics.output`` and ``report_manager.py``,
  OpenNMT-py 2.x, and 3.x's ``sents:``/``bsz:`` fields): "not read", no loss word;
- CycleGAN/pix2pix ``(epoch: E, iters: I, time: .., data: ..) D_A: .. G_A: ..`` (junyanz/pytorch-CycleGAN-and-pix2pix
  ``util/visualizer.py`` ``print_current_losses``) after ``train.py``'s options dump, and its ``loss_log.txt``;
- an Ultralytics 8.3 console log saved from a terminal: bar redraws joined by ``\\r\\x1b[K``, the bar drawn by its
  own ``utils/tqdm.py`` (``━`` glyphs, no pipes): 0 epoch rows, no ``all`` rows;
- tqdm's Keras callback (``tqdm.keras.TqdmCallback``) written through a logger: an epoch bar over a batch bar
  (overlapping steps, 11 validation points for 10 epochs);
- ``Epoch 1, Global Batch 5, Training Loss: ..`` (the global counter read as a series, the epoch as the step);
- a loss printed once per batch under the epoch counter alone: the raw view keeps every printed line.
"""
from __future__ import annotations

import io
import logging
import os
import re

import numpy as np
import pytest

from loganalyzer.discover import discover

from _runs import read_resolved, series_by_step  # noqa: E402

torch = pytest.importorskip("torch")
F = torch.nn.functional


_read, _series = read_resolved, series_by_step  # every warning recorded; a tag's points in step order


def _logger(path, fmt: str) -> logging.Logger:
    log = logging.getLogger(f"readers28b.{path}")
    log.handlers.clear()
    log.propagate = False
    log.setLevel(logging.INFO)
    handler = logging.FileHandler(path, mode="w", encoding="utf-8")
    handler.setFormatter(logging.Formatter(fmt))
    log.addHandler(handler)
    return log


def _close(log: logging.Logger) -> None:
    for h in list(log.handlers):
        h.close()
        log.removeHandler(h)


def _classifier(seed: int = 0):
    torch.manual_seed(seed)
    x, xv = torch.randn(128, 6), torch.randn(64, 6)
    y, yv = (x[:, 0] + x[:, 1] > 0).long(), (xv[:, 0] + xv[:, 1] > 0).long()
    model = torch.nn.Sequential(torch.nn.Linear(6, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    return model, x, y, xv, yv


# ------------------------------------------------------------------ OpenNMT-py


def _onmt_log(path, steps: int, report: int, valid: int, v3: bool = False) -> tuple[list, list]:
    """OpenNMT-py's train.log: its logger format, the model repr, then a ``Step`` line every ``report`` steps and the
    two validation lines every ``valid`` steps. Returns (the Step lines' (step, xent), the validation perplexities)."""
    model, x, y, xv, yv = _classifier()
    opt = torch.optim.SGD(model.parameters(), lr=1.0)
    log = _logger(path, "[%(asctime)s %(levelname)s] %(message)s")
    log.info(" * src vocab size = 48")
    log.info("Building model...")
    log.info("%s", "NMTModel(\n" + "\n".join(f"  ({i}): {m!r}" for i, m in enumerate([model] * 30)) + "\n)")
    log.info("* number of parameters: %d", sum(p.numel() for p in model.parameters()))
    log.info("Start training loop and validate every %d steps...", valid)
    printed, valids = [], []
    xent_sum, correct, seen = 0.0, 0, 0
    for step in range(1, steps + 1):
        i = (step * 16) % 128
        out = model(x[i:i + 16])
        loss = F.cross_entropy(out, y[i:i + 16])
        opt.zero_grad()
        loss.backward()
        opt.step()
        xent_sum += loss.item() * 16
        correct += int((out.argmax(1) == y[i:i + 16]).sum())
        seen += 16
        if step % report == 0:
            xent = xent_sum / seen
            acc = 100 * correct / seen
            step_fmt = "%2d/%5d" % (step, steps)
            if v3:
                log.info(("Step %s; acc: %2.1f; ppl: %5.1f; xent: %2.1f; lr: %7.5f; sents: %7.0f; "
                          "bsz: %4.0f/%4.0f/%2.0f; %3.0f/%3.0f tok/s; %6.0f sec;")
                         % (step_fmt, acc, np.exp(min(xent, 100)), xent, 1.0, seen, 16, 16, 16, 900, 800, step * 0.1))
                printed.append((step, float("%2.1f" % xent)))
            else:
                log.info(("Step %s; acc: %6.2f; ppl: %5.2f; xent: %4.2f; lr: %7.5f; %3.0f/%3.0f tok/s; %6.0f sec")
                         % (step_fmt, acc, np.exp(min(xent, 100)), xent, 1.0, 900, 800, step * 0.1))
                printed.append((step, float("%4.2f" % xent)))
            log.info("Loading dataset from run/data.train.0.pt")
            xent_sum, correct, seen = 0.0, 0, 0
        if step % valid == 0:
            with torch.no_grad():
                vx = F.cross_entropy(model(xv), yv).item()
                vacc = 100 * (model(xv).argmax(1) == yv).float().mean().item()
            if v3:
                log.info("Train perplexity: %g" % np.exp(xent))
                log.info("Train accuracy: %g" % acc)
            log.info("Validation perplexity: %g" % np.exp(vx))
            log.info("Validation accuracy: %g" % vacc)
            log.info("Saving checkpoint run/model_step_%d.pt", step)
            valids.append((step, float("%g" % np.exp(vx))))
    _close(log)
    return printed, valids


@pytest.mark.parametrize("v3", [False, True])
def test_opennmt_steps_and_validation_read(tmp_path, v3):
    """morphinfl onmt_0507/0508 (OpenNMT-py 2.x): 'not read: ... no training progress' -- no loss word in a line."""
    path = tmp_path / "train.log"
    printed, valids = _onmt_log(path, steps=120, report=10, valid=40, v3=v3)
    assert path.read_text().index("Step ") > 2000  # after the model repr, as in the public logs (byte 2,349)
    assert [r.format for r in discover(str(tmp_path))] == ["joblog"]
    df, msgs = _read(path)
    steps, xent = _series(df, "xent")
    assert steps == [s for s, _ in printed] and xent == pytest.approx([v for _, v in printed])
    assert _series(df, "ppl")[0] == steps and _series(df, "acc")[0] == steps and _series(df, "lr")[0] == steps
    vsteps, vppl = _series(df, "val_ppl")
    assert vsteps == [40, 80, 120] and vppl == pytest.approx([v for _, v in valids])
    assert _series(df, "val_acc")[0] == [40, 80, 120]
    assert not any("Train" in t for t in df.tag.astype(str).unique())  # 3.x's 'Train perplexity': the Step lines'
    assert not any("not read" in m for m in msgs)


def test_validation_lines_alone_make_no_opennmt_run(tmp_path):
    """Only a ``Step N/M; ... ppl:`` line opens the shape: 'Validation accuracy: 91' lines of another log stay
    with their own readers (here: no progress at all, said)."""
    path = tmp_path / "eval.log"
    path.write_text("Validation perplexity: 7.3\nValidation accuracy: 44.6\n" * 3)
    assert discover(str(tmp_path)) == []


# ------------------------------------------------------------------ CycleGAN / pix2pix


def _cyclegan(path, epochs: int, images: int, batch: int, print_freq: int, *, options: bool) -> list[tuple]:
    """``train.py``'s stdout (options dump, dataset size, ``print_current_losses`` lines) or, without ``options``,
    the ``loss_log.txt`` the visualizer appends to. Returns (epoch, epoch_iter, losses) of every printed line."""
    torch.manual_seed(0)
    g_a, g_b = torch.nn.Linear(4, 4), torch.nn.Linear(4, 4)
    d_a, d_b = torch.nn.Linear(4, 1), torch.nn.Linear(4, 1)
    opt_g = torch.optim.Adam(list(g_a.parameters()) + list(g_b.parameters()), lr=2e-3)
    opt_d = torch.optim.Adam(list(d_a.parameters()) + list(d_b.parameters()), lr=2e-3)
    real_a, real_b = torch.randn(images, 4), torch.randn(images, 4) + 1
    out = io.StringIO()
    if options:
        message = "----------------- Options ---------------\n"
        for k, v in sorted({"batch_size": batch, "beta1": 0.5, "print_freq": print_freq, "epoch": "latest",
                            "n_epochs": epochs, "lr": 0.0002}.items()):
            message += "{:>25}: {:<30}\n".format(str(k), str(v))
        message += "----------------- End -------------------"
        print(message, file=out)
        print("dataset [UnalignedDataset] was created", file=out)
        print("The number of training images = %d" % images, file=out)
        print("model [CycleGANModel] was created", file=out)
    else:
        print("================ Training Loss (%s) ================" % "Mon Jan  1 00:00:00 2024", file=out)
    printed = []
    total_iters = 0
    for epoch in range(1, epochs + 1):
        epoch_iter = 0
        for i in range(0, images, batch):
            a, b = real_a[i:i + batch], real_b[i:i + batch]
            fake_b, fake_a = g_a(a), g_b(b)
            ones, zeros = torch.ones(len(a), 1), torch.zeros(len(a), 1)
            losses = {"D_A": F.mse_loss(d_a(fake_b.detach()), zeros) + F.mse_loss(d_a(b), ones),
                      "G_A": F.mse_loss(d_a(fake_b), torch.ones(len(a), 1)),
                      "cycle_A": F.l1_loss(g_b(fake_b), a) * 10,
                      "D_B": F.mse_loss(d_b(fake_a.detach()), zeros) + F.mse_loss(d_b(a), ones),
                      "G_B": F.mse_loss(d_b(fake_a), torch.ones(len(b), 1))}
            opt_g.zero_grad()
            (losses["G_A"] + losses["G_B"] + losses["cycle_A"]).backward(retain_graph=True)
            opt_g.step()
            opt_d.zero_grad()
            (losses["D_A"] + losses["D_B"]).backward()
            opt_d.step()
            total_iters += batch
            epoch_iter += batch
            if total_iters % print_freq == 0:
                values = {k: float(v) for k, v in losses.items()}
                message = "(epoch: %d, iters: %d, time: %.3f, data: %.3f) " % (epoch, epoch_iter, 0.412, 0.003)
                for k, v in values.items():
                    message += "%s: %.3f " % (k, v)
                print(message, file=out)
                printed.append((epoch, epoch_iter, {k: float("%.3f" % v) for k, v in values.items()}))
        if options:
            print("End of epoch %d / %d \t Time Taken: %d sec" % (epoch, epochs, 3), file=out)
    path.write_text(out.getvalue())
    return printed


def test_cyclegan_stdout_steps_from_epoch_and_images(tmp_path):
    """xraycyclegan train_log.txt: every loss a series, the step (epoch - 1) x images + iters."""
    path = tmp_path / "train_log.txt"
    printed = _cyclegan(path, epochs=3, images=40, batch=4, print_freq=8, options=True)
    df, msgs = _read(path)
    # each value under the model's attribute it was read from (getattr(self, 'loss_' + name)): task gan29
    assert sorted(df.tag.astype(str).unique()) == ["loss_D_A", "loss_D_B", "loss_G_A", "loss_G_B", "loss_cycle_A"]
    steps, values = _series(df, "loss_cycle_A")
    assert steps == [(e - 1) * 40 + i for e, i, _ in printed]
    assert values == pytest.approx([v["cycle_A"] for _, _, v in printed])
    assert not any("not read" in m for m in msgs)


def test_cyclegan_loss_log_epoch_length_learnt(tmp_path):
    """``checkpoints/<name>/loss_log.txt`` holds no dataset size: the length is the largest count of an epoch that
    another followed (36 of 40 images printed every 12: 12, 24, 36)."""
    path = tmp_path / "loss_log.txt"
    printed = _cyclegan(path, epochs=2, images=40, batch=4, print_freq=12, options=False)
    df, _ = _read(path)
    steps, values = _series(df, "loss_D_A")
    first_epoch = max(i for e, i, _ in printed if e == 1)
    assert steps == [(e - 1) * first_epoch + i for e, i, _ in printed]
    assert steps == sorted(set(steps))
    assert values == pytest.approx([v["D_A"] for _, _, v in printed])


# ------------------------------------------------------------------ Ultralytics, saved from a terminal


def _bar(n: int, total: int) -> str:
    """Ultralytics 8.3's own bar (``ultralytics/utils/tqdm.py``): ``━`` done, ``╸`` the edge, ``─`` to go."""
    width = 12
    done = n * width / total
    full = int(done)
    edge = "╸" if done - full >= 0.5 and full < width else ""
    return "━" * full + edge + "─" * (width - full - len(edge))


def test_ultralytics_terminal_log_with_escape_codes(tmp_path):
    """ballseg yolov8seg training.log: each redraw '\\r\\x1b[K' + the row: 0 rows; the validation bar drawn
    without pipes: no ``all`` row either. Read: each epoch's last redraw and its ``all`` row."""
    model, x, y, xv, yv = _classifier()
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    out = io.StringIO()
    out.write("\x1b[34m\x1b[1mengine/trainer: \x1b[0magnostic_nms=False, amp=True, batch=16\n")
    epochs, batches = 4, 5
    rows, vals = [], []
    for epoch in range(epochs):
        out.write("\n" + ("%11s" * 8) % ("Epoch", "GPU_mem", "box_loss", "seg_loss", "cls_loss", "dfl_loss",
                                         "Instances", "Size") + "\n")
        running = None
        for b in range(batches + 1):
            if b:
                i = (b * 16) % 128
                loss = F.cross_entropy(model(x[i:i + 16]), y[i:i + 16])
                opt.zero_grad()
                loss.backward()
                opt.step()
                terms = torch.stack([loss, loss * 2, loss / 2, loss + 1]).detach()
                running = terms if running is None else (running * (b - 1) + terms) / b
            shown = running if running is not None else torch.zeros(4)
            desc = ("%11s" * 2 + "%11.4g" * 6) % (f"{epoch + 1}/{epochs}", "1.27G", *shown.tolist(), 73, 640)
            out.write(f"\r\x1b[K{desc}: {100 * b // batches}% {_bar(b, batches)} {b}/{batches} 1.3it/s 9.7s<1:01")
        rows.append([float("%11.4g" % v) for v in running.tolist()])
        out.write("\n")
        head = ("%22s" + "%11s" * 10) % ("Class", "Images", "Instances", "Box(P", "R", "mAP50", "mAP50-95)",
                                         "Mask(P", "R", "mAP50", "mAP50-95)")
        for _ in range(2):
            out.write(f"\r\x1b[K{head}: 100% {_bar(1, 1)} 1/1 2.9s/it 2.9s")
        with torch.no_grad():
            acc = (model(xv).argmax(1) == yv).float().mean().item()
        metrics = [acc, acc * 0.9, acc * 0.8, acc * 0.5] * 2
        out.write("\n" + ("%22s" + "%11i" * 2 + "%11.3g" * 8) % ("all", 18, 18, *metrics) + "\n")
        vals.append(float("%11.3g" % metrics[2]))
    path = tmp_path / "training.log"
    path.write_text(out.getvalue(), encoding="utf-8")
    df, msgs = _read(path)
    steps, box = _series(df, "train/box_loss")
    assert steps == [1, 2, 3, 4] and box == pytest.approx([r[0] for r in rows])
    assert _series(df, "train/dfl_loss")[1] == pytest.approx([r[3] for r in rows])
    msteps, map50 = _series(df, "metrics/mAP50(B)")
    assert msteps == [1, 2, 3, 4] and map50 == pytest.approx(vals)
    assert "metrics/mAP50-95(M)" in set(df.tag.astype(str))
    assert not any("no training progress" in m for m in msgs)


# ------------------------------------------------------------------ tqdm.keras.TqdmCallback through a logger


class _ToLogger(io.StringIO):
    """The usual tqdm-to-logging bridge: each write of the bar a log record."""

    def __init__(self, log):
        super().__init__()
        self.log = log

    def write(self, buf):
        buf = buf.strip("\r\n\t ")
        if buf:
            self.log.info(buf)

    def flush(self):
        pass


def test_keras_tqdm_callback_nested_bars(tmp_path):
    """pokemon keras_cnn train_log.txt: per-batch points on overlapping steps, 11 validation points for 10 epochs.
    Read: each batch at (epochs done) x batches + n, each epoch's validation at its end, close()'s redraw once."""
    os.environ.setdefault("KERAS_BACKEND", "torch")
    keras = pytest.importorskip("keras")
    tqdm_keras = pytest.importorskip("tqdm.keras")
    path = tmp_path / "train_log.txt"
    log = _logger(path, "%(asctime)s - %(levelname)s - %(message)s")
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(80, 4)).astype("float32")
    y = (x[:, 0] > 0).astype("int32")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
    model.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
    epochs = 4
    history = model.fit(x, y, epochs=epochs, batch_size=16, validation_split=0.2, verbose=0,
                        callbacks=[tqdm_keras.TqdmCallback(verbose=1, file=_ToLogger(log), mininterval=0, ascii=True)])
    _close(log)
    text = path.read_text()
    assert "epoch/s" in text and "batch/s" in text
    assert len(re.findall(r"\| 4/4 \[.*val_loss=", text)) == 2  # close() draws the last epoch again
    df, msgs = _read(path, resolve=False)
    vsteps, vloss = _series(df, "val_loss")
    assert vsteps == [4, 8, 12, 16]  # 4 batches an epoch: each epoch's end
    assert vloss == pytest.approx(history.history["val_loss"], rel=2e-3)
    steps, loss = _series(df, "loss")
    assert steps == list(range(1, epochs * 4 + 1))  # every batch once, no step shared
    assert [loss[s - 1] for s in (4, 8, 12, 16)] == pytest.approx(history.history["loss"], rel=2e-3)
    assert not any("continued" in m or "second fit" in m for m in msgs)


# ------------------------------------------------------------------ a global counter printed beside the epoch


def test_global_batch_is_the_step(tmp_path):
    """scalingdown kd_nov05 training.log: 'Epoch 1, Global Batch 5, Training Loss: ..' read at the epoch, with
    'Global_Batch' a series. Read: the global counter is the step, never a series."""
    model, x, y, xv, yv = _classifier()
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    path = tmp_path / "training.log"
    log = _logger(path, "%(asctime)s - %(levelname)s - %(message)s")
    printed, global_batch = [], 0
    for epoch in range(1, 4):
        for i in range(0, 128, 16):
            loss = F.cross_entropy(model(x[i:i + 16]), y[i:i + 16])
            opt.zero_grad()
            loss.backward()
            opt.step()
            global_batch += 1
            if global_batch % 2 == 0:
                with torch.no_grad():
                    vloss = F.cross_entropy(model(xv), yv).item()
                log.info(f"Epoch {epoch}, Global Batch {global_batch}, Training Loss: {loss.item():.4f}, "
                         f"Validation Loss: {vloss:.4f}, Validation Accuracy: 0.5000")
                printed.append((global_batch, round(loss.item(), 4)))
    _close(log)
    df, _ = _read(path)
    assert not any("Global" in t for t in df.tag.astype(str).unique())
    steps, values = _series(df, "Training_Loss")
    assert steps == [s for s, _ in printed] and values == pytest.approx([v for _, v in printed])
    assert _series(df, "Validation_Loss")[0] == steps


# ------------------------------------------------------------------ a line per batch at the epoch counter alone


def test_batch_lines_at_the_epoch_counter_kept_in_the_raw_view(tmp_path):
    """t5ft train.log ('Epoch 1 - Batch loss: 12.13' per batch): the resolved view's curve is the per-epoch mean (a
    deliberate reading, said in a warning); the raw view (like tbparse) keeps every printed line."""
    model, x, y, _, _ = _classifier()
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    path = tmp_path / "train.log"
    log = _logger(path, "%(asctime)s - %(levelname)s - %(message)s")
    printed: dict[int, list[float]] = {}
    for epoch in range(1, 5):
        for i in range(0, 128, 16):
            loss = F.cross_entropy(model(x[i:i + 16]), y[i:i + 16])
            opt.zero_grad()
            loss.backward()
            opt.step()
            log.info(f"Epoch {epoch} - Batch loss: {loss.item():.4f}")
            printed.setdefault(epoch, []).append(round(loss.item(), 4))
    _close(log)
    raw, _ = _read(path, resolve=False)
    steps, values = _series(raw, "Batch_loss")
    assert len(values) == 32 and steps == [e for e in range(1, 5) for _ in range(8)]
    assert values == pytest.approx([v for e in range(1, 5) for v in printed[e]])
    resolved, msgs = _read(path)
    steps, values = _series(resolved, "Batch_loss")
    assert steps == [1, 2, 3, 4] and values == pytest.approx([np.mean(printed[e]) for e in range(1, 5)])
    assert any("per-step mean" in m for m in msgs)
