"""readers14b: printed-log shapes found by breaker4 (HF Trainer stdout dicts with no step, ``key, value`` lines,
multi-line epoch blocks, MLPerf ``:::MLLOG`` records). Every input is printed by a real (tiny) writer here."""
from __future__ import annotations

import textwrap

import pytest

from loganalyzer import read_scalars
from loganalyzer.discover import discover
from loganalyzer.load import load_run

from _runs import HF_TINY, print_job  # noqa: E402

HF_STOPPED = HF_TINY + textwrap.dedent("""
    from transformers.trainer_callback import PrinterCallback, ProgressCallback
    class CtrlC(TrainerCallback):
        def on_step_end(self, args, state, control, **kw):
            if state.global_step == 20:
                sys.stdout.flush()  # the buffer reaching the file (the dicts) before the traceback
                raise KeyboardInterrupt
    class BarOnly(ProgressCallback):  # the bar on stderr; the dicts printed by HF's PrinterCallback on stdout
        def on_log(self, *a, **k): pass
    model = tiny_bert()
    args = TrainingArguments(output_dir=sys.argv[1], num_train_epochs=2, per_device_train_batch_size=8,
        logging_steps=3, eval_strategy="steps", eval_steps=12, save_strategy="no", report_to=[],
        learning_rate=1e-3, use_cpu=True)
    print(args)
    trainer = Trainer(model=model, args=args, train_dataset=DS(192), eval_dataset=DS(32), callbacks=[CtrlC()])
    trainer.remove_callback(ProgressCallback); trainer.add_callback(BarOnly); trainer.add_callback(PrinterCallback)
    trainer.train()
""")


def _steps(df, tag):
    return sorted(df.loc[df["tag"] == tag, "step"].astype(int).tolist())


def test_hf_stdout_dicts_at_logging_steps_when_stopped(tmp_path):
    """HF Trainer stdout redirected to a file with its bar (stderr): the dicts are block-buffered, far from the bar
    of their step, and print no step. With ``logging_steps=3`` printed (``print(training_args)``), the k-th loss is at
    step 3k -- not the epochs stretched over the bar's 48 steps (which put a job stopped at 20 at 100%)."""
    pytest.importorskip("transformers")
    log = tmp_path / "job" / "train.log"
    log.parent.mkdir()
    print_job(HF_STOPPED, [str(tmp_path / "out")], log, buffered=True, timeout=300)  # stdout block-buffered
    text = log.read_text(errors="replace")
    assert "'loss'" in text and "/48 [" in text and "KeyboardInterrupt" in text
    df = read_scalars(str(log.parent), resolve=True)
    assert _steps(df, "loss") == [3, 6, 9, 12, 15, 18]
    assert _steps(df, "eval_loss") == [12]
    (loaded,) = [load_run(run) for run in discover(str(log.parent))]
    assert loaded.ended.cause == "cancelled" and loaded.ended.step == 18
    assert "of 48" in loaded.ended.summary and "100%" not in loaded.ended.summary


def _tiny_loop(epochs: int, batches: int, log):
    """A real torch training loop (linear model, SGD) calling ``log(epoch, batch, loss, val)`` each batch, with
    ``val`` (loss, accuracy, dice, lr) at the epoch's last batch."""
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    x = torch.randn(batches * 8, 4)
    y = (x.sum(1) > 0).float()
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    lossf = torch.nn.BCEWithLogitsLoss()
    for epoch in range(1, epochs + 1):
        for b in range(batches):
            xb, yb = x[b * 8:(b + 1) * 8], y[b * 8:(b + 1) * 8]
            loss = lossf(model(xb).squeeze(1), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            val = None
            if b == batches - 1:
                with torch.no_grad():
                    out = model(x).squeeze(1)
                    pred = (out > 0).float()
                    acc = float((pred == y).float().mean())
                    dice = float(2 * (pred * y).sum() / (pred.sum() + y.sum()))
                    val = (float(lossf(out, y)), acc, dice, opt.param_groups[0]["lr"])
            log(epoch, b + 1, loss.item(), val)


def test_comma_named_values_and_epoch_lines_beside_the_loss(tmp_path):
    """``epoch 1, phase train, step 10, loss_train, 0.838`` (the value after its name's comma field) and per-epoch
    ``epoch 1 | val_accuracy: ..`` lines around ``epoch 1 | val_loss: ..``: every series read, none dropped."""
    lines = []

    def log(epoch, b, loss, val):
        step = (epoch - 1) * 20 + b
        if b % 5 == 0:
            lines.append(f"epoch {epoch}, phase train, step {step}, loss_train, {loss:.3f}")
        if val is not None:
            lines.append(f"epoch {epoch}, phase valid, total step {step}")
            lines.append(f"epoch {epoch} | val_accuracy: {val[1]}")
            lines.append(f"epoch {epoch} | val_loss: {val[0]}")
            lines.append(f"epoch {epoch} | val_dsc: {val[2]}")
    _tiny_loop(3, 20, log)
    (tmp_path / "train.log").write_text("Start time: 2025-04-20\n" + "\n".join(lines) + "\n")
    df = read_scalars(str(tmp_path), resolve=True)
    assert _steps(df, "loss_train") == list(range(5, 61, 5))
    for tag in ("val_accuracy", "val_loss", "val_dsc"):
        assert _steps(df, tag) == [20, 40, 60], tag
    acc = df.loc[df["tag"] == "val_accuracy", "value"].tolist()
    assert all(0 <= v <= 1 for v in acc)


def test_multi_line_epoch_block_read_whole(tmp_path):
    """``Epoch 3/100`` then one indented ``Name:   value`` per line: the block's every value at its epoch."""
    lines = []

    def log(epoch, b, loss, val):
        if val is not None:
            lines.extend([f"Epoch {epoch}/100", f"  Train Loss: {loss:.4f}", f"  Val Loss:   {val[0]:.4f}",
                      f"  Val Dice:   {val[2]:.4f}", f"  Val IoU:    {val[2] / 2:.4f}", f"  Val PA:     {val[1]:.4f}",
                      f"  LR:         {val[3]:.6f}", ""])
    _tiny_loop(4, 10, log)
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    df = read_scalars(str(tmp_path), resolve=True)
    for tag in ("Train_Loss", "Val_Loss", "Val_Dice", "Val_IoU", "Val_PA", "LR"):
        assert _steps(df, tag) == [1, 2, 3, 4], tag
    assert df.loc[df["tag"] == "LR", "value"].tolist() == [0.1] * 4
