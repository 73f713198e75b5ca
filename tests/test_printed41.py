"""printed41: printed-log reader faults named by the labellers of blind set 76 (opened at stop 41).

- ``Train Epoch:  0  (learing rate : 0.0001 )| LOSS: 0.449 | F1: 0.265 | ...`` lines under a
  ``%(name)s [line:%(lineno)d] %(levelname)s`` prefix, ~21 launches appended each after a ``start_training`` banner
  (public dgadomain76 ``train.txt``): read as nothing (capital keys), then one session per launch;
- ``  Val Acc@1: 29.12% | MRR: 32.09% | NDCG: 32.57%`` under ``Epoch 0:`` / ``  Train Loss: 6.7396`` (public
  diye50t176 ``train_log.txt``): the @k metric dropped;
- ``E  1/500 | Loss:4.2306 | ...`` (public resgat76 ``training_output.log``): a series ``E`` (epochs 1-99 only);
- ``[train-step] epoch 1 (progress=0.1316) | loss: ..`` (public umclass76 ``train.log``): a series ``progress``,
  ~8 points at one epoch;
- ``run_loss.txt`` + ``run_val_loss.txt``, one number per line (the backpropkf76 kind): each on its own rows.
"""
from __future__ import annotations

import math

from test_readers20a import _ids, _read, _series, _write  # noqa: E402



# ------------------------------------------------------------------ dgadomain76: capital keys, relaunch banners

_BANNER = "[2020-04-03 17:{m:02d}:00]: train [line:45] INFO  __________________start_training___________________\n"
_TRAIN = ("[2020-04-03 17:{m:02d}:10]: train [line:107] INFO  Train Epoch: {e:2d}  (learing rate : 0.0001 )| "
          "LOSS: {loss:.3f} | F1: {f1:.3f} | ACC: 0.987 | PRECISION: 0.340 | RECALL: 0.229\n")
_VALID = ("[2020-04-03 17:{m:02d}:20]: train [line:140] INFO  Valid Epoch: {e:2d} | LOSS: {loss:.3f} | F1: {f1:.3f} | "
          "ACC: 0.990 | PRECISION: 0.687 | RECALL: 0.618\n")


def _dga_log(sessions: list[int]) -> tuple[str, list]:
    """Launches of ``sessions[i]`` epochs each (0: a banner only), as dgadomain76's train.txt appends them."""
    out, runs, m = [], [], 0
    for n in sessions:
        out.append(_BANNER.format(m=m % 60))
        m += 1
        run = []
        for e in range(n):
            loss, vloss, f1 = 0.45 - 0.1 * e / (e + 1), 0.34 - 0.01 * e / (e + 1), 0.3 + 0.04 * e
            out.append(_TRAIN.format(m=m % 60, e=e, loss=loss, f1=f1))
            out.append(_VALID.format(m=m % 60, e=e, loss=vloss, f1=f1 + 0.1))
            run.append((round(loss, 3), round(vloss, 3)))
            m += 1
        if run:
            runs.append(run)
    return "".join(out), runs


def test_capital_keys_read_and_each_launch_a_run(tmp_path):
    text, runs = _dga_log([0, 0, 1, 1, 0, 3, 0, 1, 5])
    path = _write(tmp_path, "train.txt", text)
    ids = _ids(path)
    assert len(ids) == len(runs) == 5
    df, _ = _read(path)
    assert "line" not in set(df.tag) and "LOSS" not in set(df.tag)
    for rid, run in zip(ids, runs):
        d = rid
        assert _series(df, "loss", d) == (list(range(len(run))), [a for a, _ in run])
        assert _series(df, "val_loss", d) == (list(range(len(run))), [b for _, b in run])
        assert len(_series(df, "val_f1", d)[0]) == len(run)
        assert {"acc", "val_acc", "precision", "val_recall"} <= set(df[df.dir == d].tag)


def test_capital_word_that_is_no_key_left_alone(tmp_path):
    # 'INFO' and 'EPOCH' without a number after a colon stay as printed; lower-case logs are untouched
    text = "".join(f"INFO EPOCH {e} | loss: {1 / (e + 1):.4f} | ACC: {0.5 + e / 20:.3f}\n" for e in range(6))
    df, _ = _read(_write(tmp_path, "train.log", text))
    assert "ACC" in set(df.tag) and "acc" not in set(df.tag)


# ------------------------------------------------------------------ diye50t176: 'Val Acc@1: ..%' lines

def _acc_at_log(epochs: int) -> tuple[str, list]:
    out, accs = ["Starting training...\n"], []
    for e in range(epochs):
        out.append(f"Epoch {e} [Train]: 100%|##########| 592/592 [01:00<00:00, 9.8it/s, loss={6 - e * 0.3:.4f}]\n")
        acc = 29.12 + 3 * e
        out += [f"\nEpoch {e}:\n", f"  Train Loss: {6.74 - 0.3 * e:.4f}\n",
                f"  Val Acc@1: {acc:.2f}% | MRR: {acc + 3:.2f}% | NDCG: {acc + 3.5:.2f}%\n",
                f"  Test Acc@1: {acc + 2:.2f}% | MRR: {acc + 5:.2f}% | NDCG: {acc + 6:.2f}%\n",
                "  LR: 0.000200\n",
                f"  \u2713 New best model saved! (Val Acc@1: {acc:.2f}%, Test Acc@1: {acc + 2:.2f}%)\n"]
        accs.append(round(acc, 2))
    out.append("Training completed!\nBest Val Acc@1: 52.12%\n")
    return "".join(out), accs


def test_val_acc_at_1_read_at_each_epoch(tmp_path):
    text, accs = _acc_at_log(6)
    df, _ = _read(_write(tmp_path, "train_log.txt", text))
    steps, values = _series(df, "Val_Acc@1")
    assert values == accs and len(set(steps)) == 6
    assert _series(df, "Val_MRR")[1] == [round(a + 3, 2) for a in accs]  # the Val line's MRR is the validation's
    assert _series(df, "Test_Acc@1")[1] == [round(a + 2, 2) for a in accs]
    assert _series(df, "Train_Loss")[0] == steps


def test_at_k_keys_on_a_loss_line(tmp_path):
    text = "".join(f"Epoch {e} | loss: {1 / (e + 1):.4f} | Acc@1: {50 + e:.1f} | Acc@5: {80 + e:.1f} | "
                   f"mAP@0.5: {0.3 + e / 100:.3f} | mAP@0.5:0.95: {0.2 + e / 100:.3f}\n" for e in range(5))
    df, _ = _read(_write(tmp_path, "train.log", text))
    assert _series(df, "Acc@1")[1] == [50.0 + e for e in range(5)]
    assert _series(df, "Acc@5")[1] == [80.0 + e for e in range(5)]
    assert _series(df, "mAP@0.5")[1] == [round(0.3 + e / 100, 3) for e in range(5)]
    assert _series(df, "mAP@0.5:0.95")[1] == [round(0.2 + e / 100, 3) for e in range(5)]


# ------------------------------------------------------------------ resgat76: 'E  1/500' counter

def test_abbreviated_epoch_counter_is_the_epoch(tmp_path):
    lines = ["\ufeff"]
    for e in range(1, 121):
        lines.append(f"E{e:3d}/500 | Loss:{1 / e:.4f} | TrA:{50 + e / 3:.2f}% TrF1:{50 + e / 3:.2f}% | "
                     f"VAcc:{40 + e / 4:.2f}% VF1:{40 + e / 4:.2f}% | ETA:{200 - e:.1f}min | BestVAcc:{40 + e / 4:.2f}%\n")
    df, _ = _read(_write(tmp_path, "training_output.log", "".join(lines)))
    assert "E" not in set(df.tag)
    steps, values = _series(df, "Loss")
    assert steps == list(range(1, 121)) and values[99] == round(1 / 100, 4)


# ------------------------------------------------------------------ umclass76: 'progress' a position

def test_progress_is_a_position_not_a_series(tmp_path):
    per, out, train = 8, [], []
    for fold in range(2):
        out.append(f"========== Running fold {fold}/1 ==========\nStart training...\n")
        for e in range(1, 6):
            for b in range(per):
                p = (e - 1) + (b + 1) / (per + 0.6)
                out.append(f"[train-step] epoch {e} (progress={p:.4f}) | loss: {1 / (p + 1):.4f} | lr: 0.000050\n")
                if fold == 0:
                    train.append(float(f"{1 / (p + 1):.4f}"))
            out.append(f"[val] epoch {e} | loss: {0.3 / e:.4f} | acc: {0.8 + e / 100:.4f}\n")
    path = _write(tmp_path, "train.log", "".join(out))
    ids = _ids(path)
    assert len(ids) == 2
    df, _ = _read(path)
    assert "progress" not in set(df.tag)
    steps, values = _series(df, "loss", ids[0])
    assert values == train and len(set(steps)) == len(steps) == 5 * per and steps == sorted(steps)
    vsteps, _ = _series(df, "val_loss", ids[0])
    assert len(vsteps) == 5
    # each validation after its epoch's training points, before the next epoch's
    for i, v in enumerate(vsteps):
        assert steps[(i + 1) * per - 1] < v < (steps[(i + 1) * per] if i < 4 else v + 1)


# ------------------------------------------------------------------ backpropkf76 kind: loss.txt + val_loss.txt

def test_val_numbers_on_the_training_rows(tmp_path):
    (tmp_path / "run_loss.txt").write_text("".join(f"{5 * math.exp(-i / 40) + 0.1:.4f}\n" for i in range(100)))
    (tmp_path / "run_val_loss.txt").write_text("".join(f"{5 * math.exp(-(i + 1) / 4) + 0.2:.4f}\n" for i in range(10)))
    assert len(_ids(tmp_path)) == 1
    df, warned = _read(tmp_path)
    assert _series(df, "train_loss")[0] == list(range(100))
    assert _series(df, "val_loss")[0] == [9 + 10 * i for i in range(10)]
    assert any("placed on the training file run_loss.txt" in w for w in warned)


def test_val_numbers_kept_on_their_rows_when_counts_do_not_divide(tmp_path):
    (tmp_path / "run_loss.txt").write_text("".join(f"{5 * math.exp(-i / 40) + 0.1:.4f}\n" for i in range(97)))
    (tmp_path / "run_val_loss.txt").write_text("".join(f"{5 * math.exp(-(i + 1) / 4) + 0.2:.4f}\n" for i in range(10)))
    assert len(_ids(tmp_path)) == 1
    df, warned = _read(tmp_path)
    assert _series(df, "val_loss")[0] == list(range(10))
    assert any("val split" in w and "its own row numbers" in w for w in warned)


def test_progress_beside_a_step_of_its_own_dropped(tmp_path):
    text = "".join(f"step {200 * i} | progress: {0.4 * i:.1f} | loss: {1 / i:.4f}\n" for i in range(1, 6))
    df, _ = _read(_write(tmp_path, "train.log", text))
    assert set(df.tag) == {"loss"}
    assert _series(df, "loss")[0] == [200 * i for i in range(1, 6)]


def test_starting_training_from_a_checkpoint_is_a_resume_not_a_launch(tmp_path):
    # public hifitse66 train.log: a job resumed twice from one checkpoint, 'Starting training from step 705000' each
    head = ("Device: cuda\nGenerator params: 11.79M\nResuming from ./checkpoints/checkpoint_0705000.pt\n"
            "Resumed at step 705000 (best_val_loss=None, best_val_si_sdr=-2.267410543190796, patience=0)\n"
            "Starting training from step 705000 (phase 2)\nEMA decay: 0.999, AMP: True (torch.bfloat16)\n"
            "train.py:119: FutureWarning: You are using `torch.load` with `weights_only=False`\n"
            "  ckpt = torch.load(path, map_location=device)\n")
    line = "step  {s} | phase 2 | loss_G {v:.4f} | sep {v:.4f} | phase_l 0.0944 | amp_l 0.0223 | rms 1.06 | " \
           "lr 1.32e-04 | rss 1283MB | 1.52s\n"
    text = head + line.format(s=705000, v=-2.6541) + "Saved checkpoint: ./checkpoints/checkpoint_0705000.pt\n"
    text += head + "".join(line.format(s=705000 + 500 * i, v=3.5 - i / 10) for i in range(40))
    path = _write(tmp_path, "train.log", text)
    assert len(_ids(path)) == 1
    df, _ = _read(path)
    assert _series(df, "loss_G")[0] == [705000 + 500 * i for i in range(40)]
