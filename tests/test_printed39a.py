"""printed39a: printed-log shapes the blind labellers of set 70 found read wrong or not at all.

- a tqdm bar whose postfix is a ``name:value`` string (``pbar.set_postfix_str(f"loss:{l},epoch mean:{m:.2f}")``,
  public dtvnet70 ``train.log``): nothing was read; and the sampled scan of a long log's redraws skipped a bar's
  final draw (the epoch's last values);
- ``Validation | R@1: 0.8246 | R@5: 0.9365 | R@10: 0.9679`` after each epoch (public spectralcodec70): not read;
- Keras output whose first epoch line has no ``Epoch 1/10`` header above it (public paperfrag70): epoch 1 at step 0;
- ``Epoch train: [0/14], Step train: [1/92], Loss train: 8.3567`` (public cs5260cap70): the counters were series;
- ``.. Loss 1.426e+01 lr 1.000e-04WARNING:tensorflow:From ..`` (public imon70 train13.out): the last lr was lost.
"""
from __future__ import annotations

import io
import random

import pytest

from test_readers20a import _read, _series  # noqa: E402

tqdm = pytest.importorskip("tqdm").tqdm


# ------------------------------------------------------------------ tqdm 'name:value' postfix strings


def _colon_bars(path, epochs: int, batches: int, val_batches: int) -> tuple[list, list, list]:
    """A log of real tqdm bars drawn as dtvnet's trainer draws them (``set_postfix_str``), per-batch losses falling;
    (batch losses, training epoch means, validation epoch means)."""
    buf = io.StringIO()
    losses, means, vals = [], [], []
    for epoch in range(epochs):
        bar = tqdm(range(batches), desc=f"Epoch {epoch}", file=buf, mininterval=0, ascii=False)
        done = []
        for i in bar:
            loss = 1000.0 / (1 + epoch * batches + i) + (i % 3)
            done.append(loss)
            bar.set_postfix_str(f"loss:{loss},epoch mean:{sum(done) / len(done):.2f}")
            losses.append(loss)
        bar.close()
        means.append(round(sum(done) / len(done), 2))
        vbar = tqdm(range(val_batches), desc="validating...", file=buf, mininterval=0)
        vdone = []
        for i in vbar:
            v = 900.0 / (1 + epoch) + i
            vdone.append(v)
            vbar.set_postfix_str(f"loss:{v},epoch mean:{sum(vdone) / len(vdone):.2f}")
        vbar.close()
        vals.append(round(sum(vdone) / len(vdone), 2))
    path.write_text("nohup: ignoring input\n" + buf.getvalue())
    return losses, means, vals


def test_tqdm_colon_postfix_reads_loss_epoch_means_and_validation(tmp_path):
    log = tmp_path / "train.log"
    losses, means, vals = _colon_bars(log, epochs=4, batches=12, val_batches=5)
    df, _ = _read(log)
    assert set(df.tag) == {"loss", "loss_epoch", "val_loss"}
    steps, values = _series(df, "loss_epoch")
    assert steps == [12, 24, 36, 48] and values == means  # the running mean at each epoch's last batch
    steps, values = _series(df, "val_loss")
    assert steps == [12, 24, 36, 48] and values == vals  # the validation bar's finished mean, at the epoch's end
    steps, values = _series(df, "loss")
    assert values[-1] == round(losses[-1], 4) and steps[-1] == 48 and len(set(steps)) == len(steps)


def test_long_log_keeps_each_bars_final_draw(tmp_path, monkeypatch):
    """A log long enough that the scan samples the redraws (one per size/``MAX_TRANSIENTS`` bytes; here a little
    over two redraws, so the sampled position falls just after a later draw's ``loss``): each epoch's final draw
    (the one a newline ends) still gives the epoch's mean. It had been jumped over when the sample fell inside it."""
    from loganalyzer.readers import _joblog_scan
    log = tmp_path / "train.log"
    epochs, batches = 40, 32  # hits at draws 0, 3, .. 30 of each epoch: the sample after 30 falls in draw 32
    rng = random.Random(0)
    out, means = [], []
    for epoch in range(epochs):
        total = 0.0
        for i in range(batches + 1):
            loss = 5000.0 / (1 + epoch) + rng.random() * 100
            if i:
                total += loss
            mean = total / max(i, 1)
            line = (f"Epoch {epoch:2d}:  {100 * i // batches:3d}%|          | {i:2d}/{batches} [00:10<01:00,  6.0s/it, "
                    f"loss:{loss:09.4f},epoch mean:{mean:08.2f},lr:{0.0001:.6f},grad norm:{rng.random():.6f}]")
            out.append(line + ("\r" if i < batches else "\n"))
        means.append(mean)
    text = "".join(out)
    log.write_text(text)
    width = len(out[0])
    assert all(len(line) == width for line in out)
    monkeypatch.setattr(_joblog_scan, "MAX_TRANSIENTS", len(text) // (2 * width + 10))
    df, _ = _read(log)
    steps, values = _series(df, "loss_epoch")
    assert steps == [(e + 1) * batches for e in range(epochs)]
    assert values == [round(m, 2) for m in means]


def test_equals_postfix_bar_unchanged(tmp_path):
    """A tqdm ``name=value`` postfix keeps its reading (the ':' shape is only for postfixes without '=')."""
    buf = io.StringIO()
    bar = tqdm(range(6), desc="Epoch 0", file=buf, mininterval=0)
    for i in bar:
        bar.set_postfix(loss=f"{1.0 / (i + 1):.3f}")
    bar.close()
    log = tmp_path / "train.log"
    log.write_text(buf.getvalue())
    df, _ = _read(log)
    assert set(df.tag) == {"loss"}
    assert _series(df, "loss")[1][-1] == 0.167


# ------------------------------------------------------------------ retrieval scores at k

_SPECTRAL = """Starting training for 50 epochs...
Epoch 1 | Batch 10/30 | Loss: 13.4109
Epoch 1 | Batch 20/30 | Loss: 9.8273
Epoch 1 | Batch 30/30 | Loss: 0.9803
Epoch 1/50 | Loss: 0.9787 | Time: 13635.27s
Validation | R@1: 0.8246 | R@5: 0.9365 | R@10: 0.9679
Saved checkpoint: src/checkpoints/best_model.pth
New best model! R@1: 0.8246
Mining triplets for epoch 2...
Epoch 2 | Batch 10/30 | Loss: 0.1406
Epoch 2 | Batch 20/30 | Loss: 0.2213
Epoch 2 | Batch 30/30 | Loss: 0.1203
Epoch 2/50 | Loss: 0.2213 | Time: 13397.17s
Validation | R@1: 0.8309 | R@5: 0.9189 | R@10: 0.9485
New best model! R@1: 0.8309
Epoch 3 | Batch 10/30 | Loss: 0.0906
Epoch 3 | Batch 20/30 | Loss: 0.1064
Epoch 3 | Batch 30/30 | Loss: 0.0996
Epoch 3/50 | Loss: 0.1064 | Time: 13397.17s
Validation | R@1: 0.8001 | R@5: 0.9001 | R@10: 0.9311
No improvement for 1 epoch(s)
"""


def test_recall_at_k_validation_lines(tmp_path):
    log = tmp_path / "training.log"
    log.write_text(_SPECTRAL)
    df, _ = _read(log)
    r1 = [t for t in set(df.tag) if t.endswith("R@1")]
    assert len(r1) == 1 and r1[0].lower().startswith("val")
    steps, values = _series(df, r1[0])
    assert values == [0.8246, 0.8309, 0.8001]  # the 'New best model! R@1' repeats are no points
    assert steps == sorted(steps) and len(set(steps)) == 3
    assert _series(df, r1[0].replace("R@1", "R@10"))[1] == [0.9679, 0.9485, 0.9311]
    assert _series(df, "Loss")[1][-1] == 0.0996


# ------------------------------------------------------------------ Keras: the first epoch's header missing

_KERAS = """69121/69121 ━━━━━━━━━━━━━━━━━━━━ 3399s 49ms/step - accuracy: 0.8437 - loss: 0.9192 - val_accuracy: 0.8746 - val_loss: 0.8692
Epoch 2/4
69121/69121 ━━━━━━━━━━━━━━━━━━━━ 3159s 46ms/step - accuracy: 0.8708 - loss: 0.8806 - val_accuracy: 0.8772 - val_loss: 0.8629
Epoch 3/4
69121/69121 ━━━━━━━━━━━━━━━━━━━━ 3166s 46ms/step - accuracy: 0.8747 - loss: 0.8745 - val_accuracy: 0.8783 - val_loss: 0.8601
Epoch 4/4
69121/69121 ━━━━━━━━━━━━━━━━━━━━ 3168s 46ms/step - accuracy: 0.8765 - loss: 0.8715 - val_accuracy: 0.8799 - val_loss: 0.8584
done fitting
922/922 ━━━━━━━━━━━━━━━━━━━━ 15s 16ms/step
"""


def test_keras_first_epoch_without_header(tmp_path):
    log = tmp_path / "training_output.txt"
    log.write_text(_KERAS)
    df, _ = _read(log)
    assert _series(df, "loss") == ([1, 2, 3, 4], [0.9192, 0.8806, 0.8745, 0.8715])
    assert _series(df, "val_loss") == ([1, 2, 3, 4], [0.8692, 0.8629, 0.8601, 0.8584])


# ------------------------------------------------------------------ counters named before their split


def test_counter_before_split_is_epoch_and_step(tmp_path):
    lines = []
    for epoch in range(3):
        for step in range(1, 5):
            loss = 8.0 - epoch - step / 10
            lines.append(f"Epoch train: [{epoch}/3], Step train: [{step}/4], Loss train: {loss:.4f}, "
                         f"Perplexity train: {2.718 ** loss:.4f}")
    log = tmp_path / "training_log.txt"
    log.write_text("\n".join(lines) + "\n")
    df, _ = _read(log)
    assert not any(t.lower().startswith(("epoch", "step")) for t in set(df.tag))
    assert df.dir.nunique() == 1
    steps, values = _series(df, "Loss_train")
    assert steps == list(range(1, 13)) and values[0] == 7.9 and values[-1] == 5.6


# ------------------------------------------------------------------ a logging record glued to the last value

_IMON = "".join(f"*Dec01-2040*  2019-12-01 12:4{i % 10}:09 Steps {10 * i}, Total time 1.97, data 0.02%. "
                f"Loss {200.0 / i:.3e} lr 1.000e-04\n" for i in range(1, 12))


def test_glued_warning_keeps_last_value(tmp_path):
    log = tmp_path / "train13.out"
    text = _IMON.rstrip("\n") + ("WARNING:tensorflow:From /usr/local/lib/python3.6/dist-packages/tensorflow_core/"
                                 "python/training/saver.py:963: remove_checkpoint (from tensorflow.python.training."
                                 "checkpoint_management) is deprecated and will be removed in a future version.\n"
                                 "Instructions for updating:\nUse standard file APIs to delete files with this prefix.\n")
    log.write_text(text)
    df, _ = _read(log)
    assert _series(df, "lr")[0] == [10 * i for i in range(1, 12)]
    assert _series(df, "Loss")[0][-1] == 110
    assert set(df.tag) == {"Loss", "lr"}
