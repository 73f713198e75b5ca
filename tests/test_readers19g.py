"""Reader kinds of branch readers19g (breaker13's F1, F3, F5, F7, F8), each input printed or written by a tiny real
training loop in the test:

- the PyTorch transfer-learning tutorial's ``train_model`` block (``Epoch N/M`` / ``----------`` / ``train Loss: x
  Acc: y`` / ``val Loss: ...``) ending with its ``Training complete in ..`` / ``Best val Acc: ..`` lines: read at the
  printed epochs (the best-value summary no point, no reason to number lines); a model name before the header
  (``SqueezeNet - Epoch 0/49``) still a header;
- split words of another language in a printed series name (``loss entrenamiento``, ``loss validación``, the words
  ``_names_i18n`` knows) give the split roles, and a ``--- Resultados ---`` block after training is the test set's
  scores (``test_Accuracy``), not a training point;
- a count named after what it counts (``num_loss_tokens``, ``num_tokens``, ``*_count``) is never the loss; an NLL
  (``train_mean_nll``) is the loss itself, not its component, and ``test/nll`` beside it the held-out loss
  (Tinker-cookbook's ``metrics.jsonl``);
- ``Epoch: N`` headers over bare ``loss, batch`` rows (ConnrLin/RecModel ``train_log.txt``): the loss per batch at
  ``epoch x batches + batch``, the guess said in a line; a ``train_log.txt`` a folder scan cannot read is named, and
  never called a file of unknown name;
- ``Running Loss`` lines under ``Epoch: N<TAB>Batch: B`` counter lines (FrereAlidor/TP2_Sliding_Window): each epoch's
  mean at epoch N like the log's ``Epoch N Train Loss``, not at N-1 under a warning about ranks.
"""
from __future__ import annotations

import contextlib
import io
import json
import time
import warnings

import torch

from loganalyzer import read_scalars


def _data(seed: int = 0):
    torch.manual_seed(seed)
    x = torch.randn(96, 4)
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).long()
    return {"train": (x[:64], y[:64]), "val": (x[64:], y[64:])}


def _train_model(num_epochs: int, name: str = "", val_word: str = "val") -> str:
    """The tutorial's train_model loop (its print calls verbatim) on a tiny linear model; returns what it printed."""
    data = _data()
    data[val_word] = data.pop("val")
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    crit = torch.nn.CrossEntropyLoss()
    out = io.StringIO()
    since = time.time()
    best_acc = 0.0
    with contextlib.redirect_stdout(out):
        for epoch in range(num_epochs):
            print(f'{name + " - " if name else ""}Epoch {epoch}/{num_epochs - 1}')
            print('-' * 10)
            for phase in ['train', val_word]:
                model.train(phase == 'train')
                x, y = data[phase]
                with torch.set_grad_enabled(phase == 'train'):
                    logits = model(x)
                    loss = crit(logits, y)
                    if phase == 'train':
                        opt.zero_grad()
                        loss.backward()
                        opt.step()
                epoch_loss = loss.item()
                epoch_acc = (logits.argmax(1) == y).double().mean().item()
                print(f'{phase} Loss: {epoch_loss:.4f} Acc: {epoch_acc:.4f}')
                if phase == val_word and epoch_acc > best_acc:
                    best_acc = epoch_acc
            print()
        elapsed = time.time() - since
        print(f'Training complete in {elapsed // 60:.0f}m {elapsed % 60:.0f}s')
        print(f'Best val Acc: {best_acc:4f}')
    return out.getvalue()


def _read(path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(str(path), resolve=True)
    return df, [str(w.message) for w in caught]


def _series(df, tag, run=None):
    rows = df[df["tag"] == tag]
    if run is not None:
        rows = rows[rows["dir"].str.endswith(run)]
    return rows["step"].tolist(), rows["value"].tolist()


def test_tutorial_block_at_epochs_despite_best_summary(tmp_path):
    printed = _train_model(4)
    assert printed.rstrip().splitlines()[-1].startswith("Best val Acc: ")
    path = tmp_path / "train.log"
    path.write_text(printed)
    df, _ = _read(path)
    for tag in ("train_Loss", "val_Loss", "train_Acc", "val_Acc"):
        steps, _values = _series(df, tag)
        assert steps == [0, 1, 2, 3], (tag, steps)


def test_tutorial_block_with_model_names(tmp_path):
    path = tmp_path / "log.md"
    path.write_text(_train_model(3, "SqueezeNet", "test") + _train_model(3, "AlexNet", "test"))
    df, _ = _read(path)
    runs = sorted(set(df["dir"]))
    assert [r.rsplit("#", 1)[-1] for r in runs] == ["1", "2"], runs
    for run in ("#1", "#2"):
        for tag in ("train_Loss", "test_Loss", "test_Acc"):
            assert _series(df, tag, run)[0] == [0, 1, 2], (run, tag)


def _spanish_log(epochs: int = 60, every: int = 20) -> str:
    """laendoor/unq-ia-cats-dogs' print format, from a tiny real loop that overfits a few samples."""
    torch.manual_seed(0)
    x, y = torch.randn(24, 8), torch.randint(0, 2, (24,))
    xt, yt, xv, yv = x[:12], y[:12], x[12:], y[12:]
    model = torch.nn.Sequential(torch.nn.Linear(8, 64), torch.nn.ReLU(), torch.nn.Linear(64, 2))
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    crit = torch.nn.CrossEntropyLoss()
    lines = ["--- Configuración inicial ---", f"Epochs      : {epochs}", "Test        : 20% (300)", "",
             "--- Entrenamiento ---"]
    for epoch in range(1, epochs + 1):
        loss = crit(model(xt), yt)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if epoch % every == 0:
            with torch.no_grad():
                out = model(xv)
                val = crit(out, yv).item()
                acc = (out.argmax(1) == yv).float().mean().item() * 100
            lines.append(f"{epoch * 100 // epochs}% Epoch {epoch}: loss entrenamiento={loss.item():.4f}, "
                         f"loss validación={val:.4f}, exactitud={acc:.4f}%")
    with torch.no_grad():
        pred = model(xv).argmax(1)
    tp = int(((pred == 1) & (yv == 1)).sum())
    acc = (pred == yv).float().mean().item()
    prec = tp / max(1, int((pred == 1).sum()))
    lines += ["", "--- Resultados ---", f"Accuracy  : {acc:.4f}", f"Precision : {prec:.4f}", "Matriz de confusión",
              " [[4 2]", " [3 3]]"]
    return "\n".join(lines) + "\n"


def test_spanish_split_words_and_results_block(tmp_path):
    from loganalyzer.curves import find_curves
    path = tmp_path / "dataset.24_epoch.60.md"
    path.write_text(_spanish_log())
    df, _ = _read(path)
    tags = set(df["tag"])
    assert {"loss_entrenamiento", "loss_validación", "exactitud", "test_Accuracy", "test_Precision"} <= tags, tags
    assert "Accuracy" not in tags  # the test set's score is no training point
    assert _series(df, "loss_validación")[0] == [20, 40, 60]
    curves = find_curves(df)
    assert curves.train_loss.name.endswith("/loss_entrenamiento")
    assert curves.val_loss is not None and curves.val_loss.name.endswith("/loss_validación")
    assert not curves.components


def test_token_counts_are_no_loss_nll_is(tmp_path):
    """A tiny language model trained step by step, each step's metrics dumped as Tinker-cookbook's ml_log does."""
    from loganalyzer.curves import find_curves
    torch.manual_seed(0)
    vocab, seq = 16, 12
    model = torch.nn.Sequential(torch.nn.Embedding(vocab, 32), torch.nn.Linear(32, vocab))
    opt = torch.optim.Adam(model.parameters(), lr=0.02)
    held = torch.randint(0, vocab, (4, seq))
    path = tmp_path / "metrics.jsonl"
    with open(path, "w") as f:
        for step in range(40):
            batch = torch.randint(0, vocab, (4, seq)) % 5  # a learnable distribution
            mask = torch.rand(4, seq - 1) > 0.3
            logits = model(batch[:, :-1])
            nll = torch.nn.functional.cross_entropy(logits.reshape(-1, vocab), batch[:, 1:].reshape(-1),
                                                    reduction="none").reshape(4, -1)
            loss = (nll * mask).sum() / mask.sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            row = {"step": step, "progress": (step + 1) / 40, "learning_rate": 0.02, "num_sequences": 4,
                   "num_tokens": int(batch.numel()), "num_loss_tokens": float(mask.sum()),
                   "train_mean_nll": loss.item()}
            if step % 10 == 0:
                with torch.no_grad():
                    out = model(held[:, :-1] % 5)
                    row["test/nll"] = torch.nn.functional.cross_entropy(out.reshape(-1, vocab),
                                                                        (held[:, 1:] % 5).reshape(-1)).item()
            f.write(json.dumps(row) + "\n")
    df, _ = _read(path)
    assert {"num_loss_tokens", "train_mean_nll", "test/nll"} <= set(df["tag"])
    curves = find_curves(df)
    assert curves.train_loss.name.endswith("/train_mean_nll")
    assert curves.val_loss is not None and curves.val_loss.name.endswith("/test/nll")
    assert not any(c.tag in ("num_loss_tokens", "train_mean_nll") for c in curves.components)


def test_epoch_headers_over_bare_loss_batch_rows(tmp_path):
    """RecModel's loop: print the epoch, then 'loss, batch' every 2nd batch, into train_log.txt."""
    torch.manual_seed(0)
    model = torch.nn.Linear(6, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    x = torch.randn(40, 6)
    y = x @ torch.randn(6, 1)
    run = tmp_path / "run"
    run.mkdir()
    losses = []
    with open(run / "train_log.txt", "w") as f:
        for epoch in range(3):
            print(f"Epoch: {epoch}", file=f)
            for i in range(5):
                loss = torch.nn.functional.mse_loss(model(x[i * 8:(i + 1) * 8]), y[i * 8:(i + 1) * 8])
                opt.zero_grad()
                loss.backward()
                opt.step()
                if i % 2 == 0:
                    print(f"{loss.item()}, {i}", file=f)
                    losses.append(loss.item())
    for path in (run, run / "train_log.txt"):
        df, messages = _read(path)
        steps, values = _series(df, "loss")
        assert steps == [0, 2, 4, 6, 8, 10, 12, 14, 16], steps  # 6 batches an epoch: the last printed (4) + 2
        assert values == losses
        assert any("train_log.txt" in m and "guessed" in m for m in messages), messages


def test_unreadable_train_log_txt_is_named(tmp_path):
    folder = tmp_path / "cv"
    folder.mkdir()
    with open(folder / "train_log.txt", "w") as f:
        for fold in range(1, 6):  # cross-validation folds: no training curve
            print(f"[VAL] LOOCV Fold {fold}/5 | GDS: 0.0, mIoU: {fold / 10}", file=f)
    df, messages = _read(folder)
    assert len(df) == 0
    assert any("train_log.txt" in m and "not read" in m for m in messages), messages
    df, messages = _read(folder / "train_log.txt")
    assert any("train_log.txt" in m for m in messages), messages
    assert not any("no known name" in m for m in messages), messages


def test_running_loss_under_batch_counter_lines(tmp_path):
    """TP2's loop: 'Epoch: e\tBatch: b' then 'Running Loss: x' every 2 batches, then the epoch's summaries."""
    torch.manual_seed(0)
    model = torch.nn.Linear(6, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    x = torch.randn(48, 6)
    y = x @ torch.randn(6, 1)
    lines, running = ["Device : cpu", "", "Epochs : 4", ""], {}
    for epoch in range(1, 5):
        total, seen = 0.0, []
        for b in range(1, 7):
            loss = torch.nn.functional.mse_loss(model(x[(b - 1) * 8:b * 8]), y[(b - 1) * 8:b * 8])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item()
            if b % 2 == 0:
                lines += [f"Epoch: {epoch}\tBatch: {b}", f"Running Loss: {total / b:.4f}"]
                seen.append(round(total / b, 4))
        running[epoch] = sum(seen) / len(seen)
        with torch.no_grad():
            val = torch.nn.functional.mse_loss(model(x[:8]), y[:8]).item()
        lines += ["", f"Epoch {epoch} Train Loss: {total / 6:.4f}", f"Epoch {epoch} Valid Loss: {val:.4f}", ""]
    path = tmp_path / "train_log.txt"
    path.write_text("\n".join(lines) + "\n")
    df, messages = _read(path)
    assert _series(df, "Train_Loss")[0] == [1, 2, 3, 4]
    steps, values = _series(df, "Running_Loss")
    assert steps == [1, 2, 3, 4], steps
    assert values == [round(running[e], 10) for e in range(1, 5)] or \
        all(abs(v - running[e]) < 1e-9 for v, e in zip(values, range(1, 5)))
    assert not any("rank" in m for m in messages), messages
