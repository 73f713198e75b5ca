"""readers37: printed-log faults on the opened blind sets 62-65.

- simdenoiser64 ``log_train.log`` (a DnCNN denoiser): ``Epoch #k`` alone on a line, then ``Train: x`` and
  ``Validation: y`` -- no line names a loss, so discovery dropped the file ("no training progress") and 30 epochs of
  both losses were lost. Now each split's number is read as its loss at the header's epoch, with a line saying so.

Each log text is printed here by a real tiny torch training in the script's own print format.
"""
from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from loganalyzer import discover  # noqa: E402
from loganalyzer.scan import scan  # noqa: E402
from test_readers20a import _read, _series  # noqa: E402


def _denoiser(epochs: int, seed: int = 0):
    """(train MSE, validation MSE) of each epoch of a tiny denoising autoencoder on noisy sine waves."""
    g = torch.Generator().manual_seed(seed)
    t = torch.linspace(0, 6.28, 32)
    clean = torch.sin(t[None, :] * (1 + torch.rand(96, 1, generator=g)))
    noisy = clean + 0.3 * torch.randn(96, 32, generator=g)
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(32, 16), torch.nn.ReLU(), torch.nn.Linear(16, 32))
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    mse = torch.nn.functional.mse_loss
    for _ in range(epochs):
        loss = mse(model(noisy[:64]), clean[:64])
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            yield mse(model(noisy[:64]), clean[:64]).item(), mse(model(noisy[64:]), clean[64:]).item()


def _log(epochs: int, header: str = "Epoch #{}", val: str = "Validation") -> tuple[str, list, list]:
    lines, train, valid = ["Loading Dataset--", "Creating new model "], [], []
    for e, (tl, vl) in enumerate(_denoiser(epochs)):
        lines += [header.format(e), f"Train: {tl}", f"{val}: {vl}"]
        train.append(round(tl, 4))
        valid.append(round(vl, 4))
    return "\n".join(lines) + "\n", train, valid


def test_epoch_headers_over_split_lines_are_both_losses(tmp_path):
    text, train, valid = _log(12)
    (tmp_path / "log_train.log").write_text(text)
    assert [r.id for r in discover(str(tmp_path))] == ["log_train.log"]
    df, warned = _read(tmp_path)
    assert sorted(df.tag.unique()) == ["train_loss", "val_loss"]
    assert _series(df, "train_loss") == (list(range(12)), train)
    assert _series(df, "val_loss") == (list(range(12)), valid)
    assert any("naming only a split" in w and "'Train:', 'Validation:'" in w for w in warned)
    report = scan([str(tmp_path)])
    (run,) = report.runs
    assert run.verdict not in (None, "unknown")
    assert run.roles == {"train_loss": "train_loss", "val_loss": "val_loss"}


def test_other_headers_and_split_words(tmp_path):
    """``Epoch 3/12`` headers and a ``Test:`` split read the same way; 'Done!' after the last epoch is allowed."""
    text, train, valid = _log(6, header="Epoch {}/6", val="Test")
    (tmp_path / "train.log").write_text(text + "Done!\n")
    df, _ = _read(tmp_path)
    assert _series(df, "train_loss") == (list(range(6)), train)
    assert _series(df, "test_loss") == (list(range(6)), valid)


def test_per_batch_split_lines_are_not_read_as_epoch_results(tmp_path):
    """Two ``Train:`` lines under one header are per-batch prints of something unnamed: not this shape."""
    text, _, _ = _log(4)
    lines = text.splitlines()
    lines.insert(3, "Train: 0.5")  # a second 'Train:' under 'Epoch #0'
    (tmp_path / "log_train.log").write_text("\n".join(lines) + "\n")
    problems: list = []
    assert discover(str(tmp_path), problems=problems) == []
    assert any("log_train.log" in str(p) and "no training progress" in str(p) for p in problems)


def test_a_line_of_another_shape_keeps_the_file_to_the_other_readers(tmp_path):
    """A ``Train: x acc: y`` line is no split line: the file is not read by this rule (no guessed losses)."""
    text, _, _ = _log(4)
    (tmp_path / "log_train.log").write_text(text.replace("Train: ", "Train: 0.9 acc: ", 1))
    assert discover(str(tmp_path)) == []


# ------------------------------------------------------------------ cuda-convnet's output


def _convnet_output(epochs: int, batches: int, test_freq: int, seed: int = 0) -> tuple[str, list, list]:
    """cuda-convnet's ``convnet.py`` output (``gpumodel.py``'s prints) for a tiny torch classifier: its layer lines,
    ``epoch.batch... logprob:  <xent>, <error> (t sec)`` per batch, a Test output block every ``test_freq``."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(batches * 32 + 64, 8, generator=g)
    y = (x[:, 0] > 0).long()
    torch.manual_seed(seed)
    model = torch.nn.Linear(8, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    xent = torch.nn.functional.cross_entropy
    lines = ["nohup: ignoring input", "Initialized data layer 'data', producing 8 outputs",
             "Initialized data layer 'labels', producing 1 outputs",
             "Initialized fully-connected layer 'fc8', producing 2 outputs",
             "Initialized softmax layer 'probs', producing 2 outputs", "Initialized logistic regression cost 'logprob'",
             "=========================", "Training ConvNet", "--test-freq: " + str(test_freq), "========================="]
    train, test, n = [], [], 0
    for epoch in range(1, epochs + 1):
        for b in range(1, batches + 1):
            xb, yb = x[(b - 1) * 32:b * 32], y[(b - 1) * 32:b * 32]
            out = model(xb)
            loss = xent(out, yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            err = (out.argmax(1) != yb).float().mean().item()
            lines.append(f"{epoch}.{b}... logprob:  {loss.item():.6f}, {err:.6f} (0.{b:03d} sec)")
            train.append(round(loss.item(), 4))
            n += 1
            if n % test_freq == 0:
                with torch.no_grad():
                    tout = model(x[-64:])
                    tl, te = xent(tout, y[-64:]).item(), (tout.argmax(1) != y[-64:]).float().mean().item()
                lines += [f"Testing 1 batch", "", "======================Test output======================",
                          f"logprob:  {tl:.6f}, {te:.6f} ", "------------------------------------------------------- ",
                          "Layer 'fc8' weights[0]: 7.979735e-03 [1.000000e-05] ",
                          "-------------------------------------------------------", "Saved checkpoint to model"]
                test.append((n, round(tl, 4)))
    return "\n".join(lines) + "\n", train, test


def test_cuda_convnet_output_is_one_run_with_train_and_test_costs(tmp_path):
    text, train, test = _convnet_output(epochs=3, batches=10, test_freq=5)
    (tmp_path / "train_output.txt").write_text(text)
    assert [r.id for r in discover(str(tmp_path))] == ["train_output.txt"]
    df, _ = _read(tmp_path)
    assert sorted(df.tag.unique()) == ["test_error", "test_loss", "train_error", "train_loss"]
    assert _series(df, "train_loss") == (list(range(1, 31)), train)
    assert _series(df, "test_loss") == ([s for s, _ in test], [v for _, v in test])
    errors = df[df.tag == "train_error"].value
    assert errors.between(0, 1).all()
    (run,) = scan([str(tmp_path)]).runs
    assert run.roles["train_loss"] == "train_loss" and run.roles["val_loss"] == "test_loss"


def test_a_file_naming_layers_but_no_training_line_is_not_this_format(tmp_path):
    text, _, _ = _convnet_output(epochs=1, batches=2, test_freq=5)
    head = "\n".join(line for line in text.splitlines() if "..." not in line)
    (tmp_path / "train_output.txt").write_text(head + "\nepoch 1 loss: 0.7\nepoch 2 loss: 0.5\n")
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"loss"}  # read by the usual printed-log reader, nothing made up


def test_a_bracketed_position_named_percent_is_no_series(tmp_path):
    """colornet64: ``Train Epoch:1\\tPercent:[0/6751 (0%)]\\tLoss:0.28`` gave a series ``Percent`` (always 0)."""
    lines = []
    for epoch, (tl, _) in enumerate(_denoiser(5), 1):
        lines.append(f"Train Epoch:{epoch}\tPercent:[0/6751 (0%)]\tLoss:{tl:.9f}")
    (tmp_path / "loss_log.txt").write_text("\n".join(lines) + "\n")
    df, _ = _read(tmp_path)
    assert sorted(df.tag.unique()) == ["Loss"]
    assert _series(df, "Loss")[0] == [1, 2, 3, 4, 5]


def test_split_lines_among_other_lines_and_a_crash(tmp_path):
    """A bar, 'Saving best model' and a time under each header, a namespace preamble with digits, then a traceback:
    the split lines are still both losses (a breaker's variants; any such line had lost the whole file)."""
    text, train, valid = _log(6)
    out = ["Namespace(batch_size=64, lr=0.001, epochs=6)"]
    for line in text.splitlines()[2:]:
        out.append(line)
        if line.startswith("Validation"):
            out += ["100%|██████████| 938/938 [00:12<00:00, 75.1it/s]", "Saving best model", "Time: 12.3s"]
    out += ["Epoch #6", "Traceback (most recent call last):", '  File "train.py", line 88, in <module>',
            "    loss.backward()", "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB"]
    (tmp_path / "log_train.log").write_text("\n".join(out) + "\n")
    df, _ = _read(tmp_path)
    assert _series(df, "train_loss") == (list(range(6)), train)
    assert _series(df, "val_loss") == (list(range(6)), valid)
    (run,) = scan([str(tmp_path)]).runs
    assert run.ended is not None and run.ended.cause == "cuda_oom"


def test_split_log_from_its_first_line_and_appended_trainings(tmp_path):
    """No preamble (a CSV sniffer took 'Epoch #0' for a header), and a second training appended: two runs."""
    first, _, _ = _log(5)
    body = "\n".join(first.splitlines()[2:]) + "\n"
    (tmp_path / "log_train.log").write_text(body + body)
    assert [r.id for r in discover(str(tmp_path))] == ["log_train.log#1", "log_train.log#2"]
    (tmp_path / "log_train.log").write_text(body)
    df, _ = _read(tmp_path)
    assert _series(df, "train_loss")[0] == [0, 1, 2, 3, 4]


def test_a_loss_line_leaves_the_file_to_the_printed_log_readers(tmp_path):
    """'Epoch 3' then 'loss: x' and 'Validation: y': a named loss is read as printed, not guessed from split words."""
    lines = []
    for e, (tl, vl) in enumerate(_denoiser(5)):
        lines += [f"Epoch {e}", f"loss: {tl:.4f}", f"Validation: {vl:.4f}"]
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    df, warned = _read(tmp_path)
    assert "loss" in set(df.tag)
    assert not any("naming only a split" in w for w in warned)


def test_cuda_convnet2_progress_lines_and_a_nan_exit(tmp_path):
    """cuda-convnet2 prints ``1.1 (0.51%)... logprob:  6.9, 0.99, 0.79 (2.0 sec)`` (cross-entropy, top-1 and top-k
    error); cuda-convnet stops on a NaN cost with ``3.1... logprob:  nan, 0.9 ^ <= INF/NaN values, exiting``."""
    text, train, _ = _convnet_output(epochs=2, batches=10, test_freq=5)
    lines = []
    for line in text.splitlines():
        if "... logprob:" in line:
            head, rest = line.split("... ", 1)
            n = int(head.split(".")[1])
            loss, err = rest.split("(")[0].split(":")[1].split(",")
            line = f"{head} ({n * 10:.2f}%)... logprob:  {loss.strip()}, {err.strip()}, {float(err) / 2:.6f} (0.5 sec)"
        lines.append(line)
    lines.append("3.1 (10.00%)... logprob:  nan, 0.900000, 0.800000 <- error nan or inf!")
    (tmp_path / "train_output.txt").write_text("\n".join(lines) + "\n")
    df, _ = _read(tmp_path)
    assert _series(df, "train_loss")[1][:20] == train
    assert "train_topk_error" in set(df.tag)
    (run,) = scan([str(tmp_path)]).runs
    assert run.verdict == "nan"
