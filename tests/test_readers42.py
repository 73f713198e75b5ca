"""Stop 42's reader fixes (leftovers of stop 41's breakers, each a shape of real framework output).

- Two tqdm bars per epoch, the evaluation's drawn FIRST (a loop calling ``validate()`` before ``train()``): the
  smaller bar is the evaluation (``readers/_joblog_twobars``); it was read as the training loss, the training's bar
  as ``val_loss``.
- Chinese scripts' epoch counter ``第N轮`` and full-width colons between spaces (``_cjk_keys``, ``_printed_names``).
- A UTF-16 log whose progress starts past the sniffed head (``_joblog_files._sniff_far``), and zero-filled blocks
  among a log's lines (``_joblog_names._looks_binary``): opened set 80's deepfake80 and darknet80.
- ``[n/N] .. | batch 16`` (a batch size, not the step: vfi80), a JSON list holding appended trainings (gans81), a
  step-less validation line under ``Epoch N/M`` headers in a log counting batches (dental80).
"""
from __future__ import annotations

from test_readers20a import _ids, _read, _series  # noqa: E402


def _bar(buf, epoch: int, total: int, values) -> None:
    """One real tqdm bar (``tqdm(file=buf)``, every redraw kept) described ``Epoch e``, its postfix from ``values(i)``."""
    from tqdm import tqdm

    bar = tqdm(total=total, file=buf, mininterval=0, miniters=1)
    bar.set_description(f"Epoch {epoch}")
    for i in range(total):
        bar.set_postfix(**values(i))
        bar.update(1)
    bar.close()


def _eval_first_log(epochs: int, n_train: int, n_eval: int, killed: bool = False) -> tuple[str, list, list]:
    import io

    buf, train_last, evals = io.StringIO(), [], []
    for e in range(epochs):
        _bar(buf, e, n_eval, lambda i, e=e: {"loss": round(1.1 / (e + 1) + 0.001 * i, 4), "acc": 0.4 + 0.1 * e})
        evals.append(float(f"{1.1 / (e + 1) + 0.001 * (n_eval - 1):.3g}"))  # tqdm's postfix: 3 significant digits
        if killed and e == epochs - 1:
            break
        _bar(buf, e, n_train, lambda i, e=e: {"loss": round(1.0 / (e + 1) - 0.002 * i, 4)})
        train_last.append(float(f"{1.0 / (e + 1) - 0.002 * (n_train - 1):.3g}"))
    return buf.getvalue(), train_last, evals


def test_evaluation_bar_drawn_before_training_is_the_evaluation(tmp_path):
    text, train_last, evals = _eval_first_log(epochs=4, n_train=30, n_eval=8)
    (tmp_path / "train_log.log").write_text(text)
    assert _ids(tmp_path) == ["train_log.log"]
    df, _ = _read(tmp_path)
    steps, values = _series(df, "val_loss")
    # each evaluation stands where the training before it ended: before any training (0), then each epoch's end
    assert steps == [0, 30, 60, 90] and values == evals
    steps, values = _series(df, "loss")
    assert steps[0] == 1 and steps[-1] == 120
    assert [values[steps.index(30 * (e + 1))] for e in range(4)] == train_last
    assert "val_acc" in set(df["tag"]) and "acc" not in set(df["tag"])


def test_killed_in_its_last_training_keeps_the_last_evaluation(tmp_path):
    text, train_last, evals = _eval_first_log(epochs=4, n_train=30, n_eval=8, killed=True)
    (tmp_path / "train_log.log").write_text(text)
    df, _ = _read(tmp_path)
    steps, values = _series(df, "val_loss")
    assert steps == [0, 30, 60, 90] and values == evals
    assert _series(df, "loss")[0][-1] == 90


# ------------------------------------------------------------------ Chinese scripts' epoch counter and full-width colons


def _chinese_training_log(path, fmt: str, epochs: int = 6) -> tuple[list, list]:
    """Train a small torch classifier and print each epoch the way Chinese-language scripts do (``fmt`` gets the epoch
    ``e``, ``tl``/``ta`` training loss/accuracy %, ``vl``/``va`` validation's). Returns the printed (train, val)
    losses as the log shows them (4 decimals)."""
    import torch

    torch.manual_seed(0)
    x, w = torch.randn(512, 10), torch.randn(10, 3)
    y = (x @ w).argmax(1)
    xt, yt, xv, yv = x[:384], y[:384], x[384:], y[384:]
    model = torch.nn.Sequential(torch.nn.Linear(10, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    lines, train, val = [], [], []
    for e in range(1, epochs + 1):
        for i in range(0, 384, 32):
            loss = torch.nn.functional.cross_entropy(model(xt[i:i + 32]), yt[i:i + 32])
            opt.zero_grad()
            loss.backward()
            opt.step()
        with torch.no_grad():
            out_t, out_v = model(xt), model(xv)
            tl = torch.nn.functional.cross_entropy(out_t, yt).item()
            vl = torch.nn.functional.cross_entropy(out_v, yv).item()
            ta = (out_t.argmax(1) == yt).float().mean().item() * 100
            va = (out_v.argmax(1) == yv).float().mean().item() * 100
        lines.extend(fmt.format(e=e, n=epochs, tl=tl, ta=ta, vl=vl, va=va).split("\n"))
        train.append(round(tl, 4))
        val.append(round(vl, 4))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return train, val


def test_chinese_round_counter_is_the_epoch(tmp_path):
    """``第N轮`` (the N-th round) before Chinese keys: the file was not found at all."""
    train, val = _chinese_training_log(tmp_path / "train.log", "第{e}轮 训练损失: {tl:.4f}, 训练准确率: {ta:.2f}%\n"
                                                                 "第{e}轮 验证损失: {vl:.4f}, 验证准确率: {va:.2f}%")
    assert _ids(tmp_path) == ["train.log"]
    df, _ = _read(tmp_path)
    assert _series(df, "train_loss") == (list(range(1, 7)), train)
    assert _series(df, "val_loss") == (list(range(1, 7)), val)
    assert {"train_accuracy", "val_accuracy"} <= set(df["tag"])


def test_full_width_colons_between_spaces_are_keys_not_a_table(tmp_path):
    """``Epoch [1/6] 训练损失：1.5816 验证损失：1.8780 验证准确率：55.00%``: read as a whitespace table of junk columns."""
    train, val = _chinese_training_log(tmp_path / "train.log",
                                       "Epoch [{e}/{n}] 训练损失：{tl:.4f} 验证损失：{vl:.4f} 验证准确率：{va:.2f}%")
    df, _ = _read(tmp_path)
    assert _series(df, "train_loss") == (list(range(1, 7)), train)
    assert _series(df, "val_loss") == (list(range(1, 7)), val)


# ------------------------------------------------------------------ UTF-16 logs whose progress starts late


def test_utf16_log_whose_progress_starts_past_the_head_is_found(tmp_path):
    """PowerShell 5's ``py train.py > train_log.txt 2>&1`` writes UTF-16 (a BOM, two bytes a character) and wraps each
    stderr line of TensorFlow's start-up as an error record; public deepfake80's Keras progress began 78 KB in and
    the file was no run (the far search looked for the bytes ``oss``, which UTF-16 never holds)."""
    record = ("2026-03-02 00:25:15.796517: I tensorflow/core/util/port.cc:153] oneDNN custom operations are on.\n"
              "At line:1 char:1\n+ py -3.12 train_deepfake.py > train_log.txt 2>&1\n"
              "    + CategoryInfo          : NotSpecified: (2026-03-02 00:2...:String) [], RemoteException\n"
              "    + FullyQualifiedErrorId : NativeCommandError\n")
    lines = [record * 120, "Starting fine-tuning for 3 epochs...\n"]
    losses, val = [0.8123, 0.6011, 0.5032], [0.7712, 0.6421, 0.6012]
    for e, (loss, v) in enumerate(zip(losses, val), 1):
        lines.append(f"Epoch {e}/3\n")
        lines.append(f"93/93 - 30s - 322ms/step - accuracy: 0.{60 + 10 * e} - loss: {loss:.4f} - "
                     f"val_accuracy: 0.{55 + 10 * e} - val_loss: {v:.4f}\n")
    text = "".join(lines)
    assert len(text.encode("utf-16")) > 70_000
    (tmp_path / "train_log.txt").write_bytes(text.encode("utf-16"))
    assert _ids(tmp_path) == ["train_log.txt"]
    df, _ = _read(tmp_path)
    assert _series(df, "loss") == ([1, 2, 3], losses)
    assert _series(df, "val_loss") == ([1, 2, 3], val)


# ------------------------------------------------------------------ zero-filled blocks in a text log


def test_zero_filled_blocks_between_lines_are_no_binary_data(tmp_path):
    """A darknet train.log copied from a file system with holes: zero-filled blocks (thousands of NUL bytes) between
    its lines made the whole file "binary data, not a text log" (public darknet80). The lines around them are read;
    a file of real binary data is still refused."""
    lines, avg = [], 1957.6
    for i in range(1, 301):
        loss = 1957.6 / i ** 1.2 + 0.5
        avg = 0.9 * avg + 0.1 * loss
        lines.append(f"Loaded: 0.000065 seconds\n\n {i}: {loss:.6f}, {avg:.6f} avg loss, 0.001000 rate, "
                     f"8.45 seconds, {64 * i} images, 21.99 hours left\n")
    data = "".join(lines).encode()
    holes = data[:3000] + b"\0" * 3778 + data[3000:40000] + b"\0" * 130 + data[40000:]
    (tmp_path / "train.log").write_bytes(holes)
    df, problems = _read(tmp_path)
    steps, values = _series(df, "avg_loss")
    assert len(steps) >= 295 and steps[-1] == 300 and values[-1] == round(avg, 4)
    (tmp_path / "train.log").write_bytes(bytes(range(256)) * 400)  # a checkpoint saved as train.log
    assert _ids(tmp_path) == []


# ------------------------------------------------------------------ '[n/N] ... | batch 16': a batch size, not the step


def test_trailing_batch_size_is_not_the_step_of_a_counted_line(tmp_path):
    """public vfi80: ``[000500/50000] X4K | loss 0.0488 | VRAM 9.8/15.9GB (62%) | GPU 0% | 3.04 it/s | ETA 271.3 min
    | batch 16``: every line was at step 16 (the batch size), the log split into 100 one-point runs."""
    import torch

    torch.manual_seed(0)
    x = torch.randn(256, 8)
    y = x @ torch.randn(8, 1)
    model = torch.nn.Linear(8, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    lines, losses = ["Unified VFI Training", "Batch=16 | Workers=10 | LR=5e-05", "-" * 40], []
    for step in range(0, 2000):
        i = (step * 16) % 256
        loss = torch.nn.functional.mse_loss(model(x[i:i + 16]), y[i:i + 16])
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 100 == 0:
            domain = ("X4K", "WMS", "VIMEO")[step // 100 % 3]
            losses.append(round(loss.item(), 4))
            lines.append(f"[{step:06d}/002000] {domain:<6} | loss {loss.item():.4f} | VRAM 9.8/15.9GB (62%) | "
                         f"GPU 98% | 3.14 it/s | ETA 259.9 min | batch 16")
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    assert _ids(tmp_path) == ["train.log"]
    df, _ = _read(tmp_path)
    assert _series(df, "loss") == (list(range(0, 2000, 100)), losses)


# ------------------------------------------------------------------ a JSON list holding trainings appended


def _appended_json_list(path, sessions: list[int]) -> list[list[float]]:
    """A script that loads its ``training_log.json`` list, appends each epoch's record and dumps it again -- run
    ``len(sessions)`` times from scratch (epochs 0..n-1 each), as public gans81's. Returns each run's train losses."""
    import json

    import torch

    log, out = [], []
    for k, epochs in enumerate(sessions):
        torch.manual_seed(k)
        x = torch.randn(128, 6)
        y = x @ torch.randn(6, 1)
        model = torch.nn.Linear(6, 1)
        opt = torch.optim.SGD(model.parameters(), lr=0.05)
        losses = []
        for epoch in range(epochs):
            loss = torch.nn.functional.mse_loss(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            with torch.no_grad():
                test = torch.nn.functional.mse_loss(model(x[:32]), y[:32]).item()
            log.append({"epoch": epoch, "train_loss": loss.item(), "test_loss": test, "timestamp": "2024-11-23"})
            losses.append(round(loss.item(), 4))
            path.write_text(json.dumps(log, indent=2))
        out.append(losses)
    return out


def test_json_list_of_appended_trainings_is_one_run_each(tmp_path):
    losses = _appended_json_list(tmp_path / "training_log.json", [8, 15, 30])
    assert _ids(tmp_path) == ["training_log.json#1", "training_log.json#2", "training_log.json#3"]
    df, _ = _read(tmp_path)
    for k, expected in enumerate(losses, 1):
        assert _series(df, "train_loss", f"training_log.json#{k}") == (list(range(len(expected))), expected)


def test_json_list_repeating_its_epoch_per_batch_is_one_run(tmp_path):
    import json

    rows = [{"epoch": e, "batch": b, "loss": round(2.0 / (1 + e + b / 10), 4)} for e in range(4) for b in range(5)]
    (tmp_path / "training_log.json").write_text(json.dumps(rows))
    assert _ids(tmp_path) == ["training_log.json"]


# ------------------------------------------------------------------ a step-less validation line under 'Epoch N/M' headers


def test_validation_line_under_epoch_header_stays_on_the_batch_axis(tmp_path):
    """public dental80: Python logging of ``Epoch: 1, Batch: 110, Loss: ..`` lines under ``Epoch 1/20`` headers, then
    ``Epoch 1 - Average Training Loss: ..`` and ``Validation Loss: ..``: the validation loss was placed at the header's
    epoch number (steps 1..20) beside training at the batch steps (110..2390)."""
    import logging

    import torch

    logger = logging.getLogger("dental42")
    handler = logging.FileHandler(tmp_path / "training.log")
    handler.setFormatter(logging.Formatter("%(asctime)s - %(levelname)s - %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    torch.manual_seed(0)
    x = torch.randn(480, 8)
    y = x @ torch.randn(8, 1)
    model = torch.nn.Linear(8, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    val = []
    with open(tmp_path / "training.log", "a") as out:
        for epoch in range(1, 6):
            handler.flush()
            out.write(f"Epoch {epoch}/5\n")
            out.flush()
            total = 0.0
            for batch in range(12):
                loss = torch.nn.functional.mse_loss(model(x[batch * 32:batch * 32 + 32]), y[batch * 32:batch * 32 + 32])
                opt.zero_grad()
                loss.backward()
                opt.step()
                total += loss.item()
                if batch % 5 == 0:
                    logger.info(f"Epoch: {epoch}, Batch: {batch}, Loss: {loss.item():.6f}")
            logger.info(f"Epoch {epoch} - Average Training Loss: {total / 12:.6f}")
            with torch.no_grad():
                v = torch.nn.functional.mse_loss(model(x[384:]), y[384:]).item()
            logger.info(f"Validation Loss: {v:.6f}")
            val.append(round(v, 4))
            handler.flush()
    logger.removeHandler(handler)
    handler.close()
    df, _ = _read(tmp_path)
    train_steps, _ = _series(df, "Training_Loss")
    steps, values = _series(df, "Validation_Loss")
    assert values == val and steps == train_steps and steps[-1] > 5
