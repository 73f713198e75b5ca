"""Stop 58 reader leftovers of sets 149-154 (branch lf58): an ``epoch-*`` file is the training side of its ``valid-*``
sibling, validation epochs placed on a training's several-rows-an-epoch rows, JoeyNMT's per-epoch loss sums no
series, HF Trainer dicts placed by the Trainer's ``Total optimization steps`` / ``Num Epochs`` header, and epoch
summaries after a tqdm bar cut short (``leave=False``) at their epoch's end."""
from __future__ import annotations

import csv
import warnings
from pathlib import Path

import numpy as np

from loganalyzer import discover, load_run
from loganalyzer.scan import scan


def _load(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        runs = list(discover(str(path)))
        return runs, [load_run(r) for r in runs]


def _series(loaded, tag: str):
    df = loaded.scalars
    g = df[df.tag == tag].sort_values("step")
    return g.step.to_numpy(), g.value.to_numpy()


# ---------------------------------------------------------------- 1. epoch-<x>-ppl.tsv + valid-<x>-ppl.tsv

def _tsv(path: Path, rows):
    with path.open("w", newline="") as f:
        w = csv.writer(f, delimiter="\t")
        w.writerow(["epoch", "dropout", "ppl"])
        w.writerows(rows)


def test_epoch_named_file_is_the_training_side_of_its_valid_file(tmp_path):
    _tsv(tmp_path / "epoch-0.0-ppl.tsv", [(e, 0.0, 500 / e) for e in range(1, 9)])
    _tsv(tmp_path / "valid-0.0-ppl.tsv", [(e, 0.0, 180 / e ** 0.3) for e in range(1, 9)])
    runs, loaded = _load(tmp_path)
    assert len(runs) == 1 and runs[0].format == "split_csv"
    steps, values = _series(loaded[0], "train_ppl")
    assert list(steps) == list(range(1, 9)) and values[0] == 500
    steps, values = _series(loaded[0], "val_ppl")
    assert list(steps) == list(range(1, 9)) and values[0] == 180


def test_epoch_named_file_stays_apart_when_a_training_file_is_named(tmp_path):
    _tsv(tmp_path / "epoch-0.0-ppl.tsv", [(e, 0.0, 500 / e) for e in range(1, 9)])
    _tsv(tmp_path / "train-0.0-ppl.tsv", [(e, 0.0, 400 / e) for e in range(1, 9)])
    _tsv(tmp_path / "valid-0.0-ppl.tsv", [(e, 0.0, 180 / e ** 0.3) for e in range(1, 9)])
    runs, loaded = _load(tmp_path)
    paired = [ld for r, ld in zip(runs, loaded) if r.format == "split_csv"]
    assert len(paired) == 1
    assert _series(paired[0], "train_ppl")[1][0] == 400  # the train- file's, not the epoch- file's


# ---------------------------------------------------------------- 2. val epochs on a training's epoch rows

def test_val_epochs_placed_on_training_rows_logged_twice_an_epoch(tmp_path):
    with (tmp_path / "ppl_0_drop_train.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "ppl"])
        for e in range(1, 7):
            w.writerows([(e, 600 / e), (e, 550 / e)])
    with (tmp_path / "ppl_0_drop_val.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "val_ppl"])
        w.writerows([(e, 250 / e ** 0.5) for e in range(1, 7)])
    runs, loaded = _load(tmp_path)
    assert len(runs) == 1
    train_steps, _ = _series(loaded[0], "train_ppl")
    assert list(train_steps) == list(range(12))
    steps, values = _series(loaded[0], "val_ppl")
    assert list(steps) == [1, 3, 5, 7, 9, 11]  # each epoch's last training row, not epochs 1..6 on the row axis
    assert values[0] == 250


# ---------------------------------------------------------------- 3. JoeyNMT's 'total training loss'

_JOEY = "2025-05-29 21:{m:02d}:09,845 - INFO - joeynmt.training - "


def test_joeynmt_epoch_loss_sum_is_no_training_loss(tmp_path):
    lines, step = [], 0
    for epoch in range(1, 5):
        for _ in range(4):
            step += 100
            loss = 4.0 * 0.9 ** (step / 100)
            lines.append(_JOEY.format(m=epoch) + f"Epoch {epoch:3d}, Step: {step:8d}, Batch Loss: {loss:12.6f}, "
                         f"Batch Acc: 0.{step:06d}, Tokens per Sec: {12357:8d}, Lr: 0.000300")
            if step % 200 == 0:
                lines.append(_JOEY.format(m=epoch) + f"Evaluation result (greedy) bleu: {step / 100:6.2f}, "
                             f"loss: {loss * 0.9:6.2f}, ppl: {2.7 ** loss:6.2f}, acc: 0.{step:04d}, "
                             "generation: 17.6537[sec], evaluation: 0.3441[sec]")
        lines.append(_JOEY.format(m=epoch) + f"Epoch {epoch:3d}: total training loss {4000 / epoch:.2f}")
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    runs, loaded = _load(tmp_path)
    tags = set(loaded[0].scalars.tag.unique())
    assert "Batch_Loss" in tags and "training_loss" not in tags
    report = scan([str(tmp_path)])
    assert report.runs[0].roles["train_loss"] == "Batch_Loss"


# ---------------------------------------------------------------- 4. HF Trainer header, no bar

def test_hf_dicts_placed_by_the_trainers_header(tmp_path):
    stamp = "[INFO|2024-11-26 22:07:15] "
    lines = [stamp + "trainer.py:2312 >> ***** Running training *****",
             stamp + "trainer.py:2314 >>   Num examples = 2,182",
             stamp + "trainer.py:2315 >>   Num Epochs = 1,000",
             stamp + "trainer.py:2316 >>   Instantaneous batch size per device = 1",
             stamp + "trainer.py:2319 >>   Total train batch size (w. parallel, distributed & accumulation) = 128",
             stamp + "trainer.py:2320 >>   Gradient Accumulation steps = 64",
             stamp + "trainer.py:2321 >>   Total optimization steps = 17,000"]
    for n in range(1, 61):  # logging every 5 optimizer steps; the epoch divides by 2182 / 128 batches
        s = 5 * n
        lines.append(stamp + f"logging.py:157 >> {{'loss': {2.3 * 0.97 ** n:.4f}, 'learning_rate': "
                     f"{min(5e-5, 2.5e-6 * n):.4e}, 'epoch': {round(s / (2182 / 128), 2)}}}")
    (tmp_path / "running_log.txt").write_text("\n".join(lines) + "\n")
    runs, loaded = _load(tmp_path)
    steps, values = _series(loaded[0], "loss")
    assert list(steps) == list(range(5, 305, 5))  # optimizer steps, not logging intervals 1..60
    assert any("Total optimization steps" in p.message for p in loaded[0].problems)


# ---------------------------------------------------------------- 5. epoch summaries after a cut bar

def test_epoch_summaries_after_a_cut_bar_sit_at_the_epochs_end(tmp_path):
    out = ["Built a model with 5458280 parameters"]
    for e in range(4):
        n = (6, 30, 16, 20)[e]
        out.append(f"\r| Epoch {e:03d}:   0%|          | 0/32 [00:00<?, ?it/s]\r| Epoch {e:03d}:  "
                   f"{100 * n // 32}%|██        | {n}/32 [00:02<00:08,  2.93it/s, loss={5.9 - e * 0.5:.3f}, "
                   f"lr=0.0003, num_tokens=29.89, batch_size=32, grad_norm=33.52, clip=1]\r{' ' * 40}\r"
                   f"Epoch {e:03d}: loss {5.5 - e * 0.5:.3f} | lr 0.0003 | num_tokens 29.49 | batch_size 31.25 | "
                   f"grad_norm 30.7 | clip 1")
        out.append(f"Time to complete epoch {e:03d} (training only): 3.79 seconds")
        out.append(f"\r| Validating Epoch {e:03d}:   0%|          | 0/4 [00:00<?, ?it/s]\r{' ' * 40}\r"
                   f"Epoch {e:03d}: valid_loss {5.39 - e * 0.2:.2f} | num_tokens 27.2 | batch_size 100 | "
                   f"valid_perplexity {220 - e * 20} | BLEU 0.000")
    (tmp_path / "toy_example.out").write_text("\n".join(out) + "\n")
    runs, loaded = _load(tmp_path)
    steps, values = _series(loaded[0], "valid_loss")
    assert list(steps) == [32, 64, 96, 128]  # each epoch's end, not where its bar's last draw was (6, 62, 80, 116)
    assert np.allclose(values, [5.39, 5.19, 4.99, 4.79])
    bar_steps, _ = _series(loaded[0], "loss")
    assert list(bar_steps) == [6, 62, 80, 116]
