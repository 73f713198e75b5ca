"""Stop 62, mend62: the breaker's findings on fx62's new reader rules (brk62 O1, W1-W4), each a kind, each test
written from the format's own print / dump calls and failing on fx62 (c4118ef3)."""
from __future__ import annotations

import contextlib
import io
import json
import math
import warnings

import loganalyzer
from _runs import runs_points as _runs


def _curve(i: float, a: float = 0.95, b: float = 0.3) -> float:
    return round(b + (a - b) * math.exp(-0.15 * i), 4)


def _quiet_read(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return loganalyzer.read_scalars(str(path), resolve=True)


# ---------------------------------------------------------------- O1: evaluation results named by mse are no history

def test_fold_and_horizon_results_of_mse_are_no_training_history(tmp_path):
    """``json.dump({"val_mse": scores, "val_mae": .., "fold": list(range(k))}, f)`` (k-fold cross-validation, one
    value per fold) and ``json.dump({"test_mse": .., "test_mae": .., "horizons": [1, 2, 4, ..]}, f)`` (a forecaster's
    per-horizon test metrics) are results: no run (they had been read as runs, stalled / overfit). A lone
    ``test_mse`` list is no history either; a ``train_mse``/``val_mse`` pair per epoch still is."""
    cv, hz, lone, hist = (tmp_path / n for n in ("cv", "hz", "lone", "hist"))
    for d in (cv, hz, lone, hist):
        d.mkdir()
    with open(cv / "cv_results.json", "w") as f:
        json.dump({"val_mse": [0.31, 0.29, 0.35, 0.33, 0.3], "val_mae": [0.41, 0.4, 0.44, 0.42, 0.4],
                   "fold": [0, 1, 2, 3, 4]}, f)
    with open(hz / "metrics.json", "w") as f:
        json.dump({"test_mse": [0.31, 0.35, 0.42, 0.48, 0.55, 0.61], "test_mae": [0.4, 0.43, 0.47, 0.5, 0.54, 0.57],
                   "horizons": [1, 2, 4, 8, 16, 32]}, f)
    with open(lone / "metrics.json", "w") as f:
        json.dump({"test_mse": [0.31, 0.35, 0.42, 0.48]}, f)
    with open(hist / "history.json", "w") as f:
        json.dump({"train_mse": [_curve(e) for e in range(10)], "val_mse": [_curve(e, 1.0, 0.4) for e in range(10)]},
                  f)
    for d in (cv, hz, lone):
        assert loganalyzer.discover(str(d)) == [] or not len(_quiet_read(d)), d
    frame = _quiet_read(hist)
    assert sorted(set(frame.tag)) == ["train_mse", "val_mse"] and len(frame[frame.tag == "val_mse"]) == 10


# ---------------------------------------------------------------- W1: a batch counter with a per-epoch total

def _vae_batch_log(epochs: int, batches: int, every: int, word: str = "Batch") -> str:
    """A hand-written VAE loop's prints: ``Epoch {e}/{E} | Batch {b}/{len(loader)} | Recon: {:.4f} | KL: {:.4f}``
    every ``every`` batches (``b`` counted from 1 within the epoch) and ``Epoch {e}/{E} done | Avg Recon: .. | Avg
    KL: ..`` after each epoch."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for epoch in range(1, epochs + 1):
            for b in range(1, batches + 1):
                if b % every == 0:
                    t = epoch - 1 + b / batches
                    print(f"Epoch {epoch}/{epochs} | {word} {b}/{batches} | Recon: {_curve(t, 110, 60):.4f} | "
                          f"KL: {5 + t / 10:.4f}")
            print(f"Epoch {epoch}/{epochs} done | Avg Recon: {_curve(epoch, 110, 60):.4f} | "
                  f"Avg KL: {5 + epoch / 10:.4f}")
    return out.getvalue()


def test_a_batch_counter_with_its_epoch_total_restarts_each_epoch(tmp_path):
    """``Batch 100/469`` (or ``Step 100/469``) after ``Epoch 1/5``: the count within the epoch (``/469``, the
    loader's length), back to 100 each epoch. One run of 5 epochs at ``(epoch - 1) x 469 + batch`` (it had been 5
    runs, one per epoch, each 'stalled'); each epoch's summary at its last line's step."""
    for word in ("Batch", "Step"):
        d = tmp_path / word
        d.mkdir()
        (d / "train.log").write_text(_vae_batch_log(5, 469, 100, word))
        (run,) = _runs(d).values()
        steps = [(e - 1) * 469 + b for e in range(1, 6) for b in (100, 200, 300, 400)]
        assert run["Recon"][0] == steps
        assert run["Avg_Recon"][0] == [(e - 1) * 469 + 400 for e in range(1, 6)]


# ---------------------------------------------------------------- W2: SplitFed's plain-FL baseline, 'Test:  Round'

def _fl_baseline_log(rounds: int, clients: int) -> str:
    """SplitFed repository's plain-FL baseline ``FL_ResNet_HAM10000.py``: each client's ``prRed``/``prGreen`` local
    lines, the ``Federation process at Server-Side`` banner, then ``print('Train: Round {:3d}, Avg Accuracy {:.3f} |
    Avg Loss {:.3f}'...)`` and ``print('Test:  Round {:3d}, Avg Accuracy {:.3f} | Avg Loss {:.3f}'...)`` (two
    spaces after ``Test:``)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for r in range(rounds):
            for c in range(clients):
                for e in range(5):
                    print("\033[91m {}\033[00m".format(f"Client{c} Train => Local Epoch: {e} \tAcc: {40 + r:2.3f} "
                                                       f"\tLoss: {_curve(r, 1.8, 0.7):2.4f}"))
                print("\033[92m {}\033[00m".format(f"Client{c} Test =>                   \tAcc: {30.0:2.3f} "
                                                   f"\tLoss: {2.0 + r / 20:2.4f}"))
            print("------------------------------------------------")
            print("------ Federation process at Server-Side -------")
            print("------------------------------------------------")
            print('Train: Round {:3d}, Avg Accuracy {:.3f} | Avg Loss {:.3f}'.format(r, 50 + r, _curve(r, 1.5, 0.7)))
            print('Test:  Round {:3d}, Avg Accuracy {:.3f} | Avg Loss {:.3f}'.format(r, 30.0, 2.0 + r / 20))
        print("Training and Evaluation completed!")
    return out.getvalue()


def test_splitfed_baseline_test_rounds_with_two_spaces_are_read(tmp_path):
    """``Test:  Round   3, ..`` (two spaces): the test averages were lost (no ``test_loss``, an overfit run called
    healthy); now ``test_acc``/``test_loss`` at each round beside ``acc``/``loss``."""
    (tmp_path / "FL_ResNet_HAM10000.txt").write_text(_fl_baseline_log(12, 3))
    (run,) = _runs(tmp_path).values()
    assert run["test_loss"] == (list(range(12)), [round(2.0 + r / 20, 3) for r in range(12)])
    assert run["loss"][0] == list(range(12)) and run["test_acc"][0] == list(range(12))


# ---------------------------------------------------------------- W3: an FLGo log with a relaunch appended

def _flgo_log(rounds: int, start: float) -> str:
    """FLGo's ``BasicServer.run`` round banners and its logger's ``log_once`` lines (``"{:<30s}{:.4f}"``), through
    the logging format ``'%(asctime)s %(filename)s %(funcName)s [line:%(lineno)d] %(levelname)s %(message)s'``."""
    stamp = "2026-04-14 01:03:59,196"
    lines = []
    for r in range(rounds + 1):
        banner = "Initial Evaluation" if r == 0 else f"Round {r}"
        lines.append(f"{stamp} fedbase.py run [line:300] INFO --------------{banner}--------------")
        for name, value in (("test_accuracy", 0.1 + r / 100), ("local_val_loss", _curve(r, start, 0.5)),
                            ("std_local_val_loss", 0.001)):
            lines.append(f"{stamp} __init__.py log_once [line:227] INFO " + "{:<30s}{:.4f}".format(name, value))
    return "\n".join(lines) + "\n"


def test_flgo_relaunch_appended_to_the_log_is_a_run_of_its_own(tmp_path):
    """An 8-round run, then a 20-round run appended to the same ``fedavg.log`` (its ``Initial Evaluation`` again,
    round 0): two runs, each round once (they had been one run with two values at each of rounds 0-7)."""
    (tmp_path / "fedavg.log").write_text(_flgo_log(8, 2.3) + _flgo_log(20, 2.4))
    runs = _runs(tmp_path)
    assert len(runs) == 2
    first, second = (runs[k] for k in sorted(runs))
    assert first["local_val_loss"][0] == list(range(9)) and second["local_val_loss"][0] == list(range(21))


# ---------------------------------------------------------------- W4: Pointnet2 sem-seg resumed, its epoch in brackets

def _pn2_semseg_log(first: int, last: int, total: int, resumed: bool) -> str:
    """``train_semseg.py``'s ``log_string`` lines (``PARAMETER ...``, its args, then each epoch's) through its
    FileHandler format (``'%(asctime)s - %(name)s - %(levelname)s - %(message)s'``): ``'**** Epoch %d (%d/%s) ****'
    % (global_epoch + 1, epoch + 1, args.epoch)`` with ``global_epoch`` from 0 at each launch and ``epoch`` from the
    checkpoint's (``Use pretrain model``)."""
    pre = "2021-03-22 13:30:00,000 - Model - INFO - "
    lines = [pre + "PARAMETER ...", pre + "Namespace(batch_size=16, epoch=%d, model='pointnet2_sem_seg')" % total,
             pre + ("Use pretrain model" if resumed else "No existing model, starting training from scratch...")]
    for g, epoch in enumerate(range(first - 1, last)):
        lines += [pre + "**** Epoch %d (%d/%s) ****" % (g + 1, epoch + 1, total),
                  pre + "Learning rate:0.001000", pre + "Training mean loss: %f" % _curve(epoch, 0.9, 0.1),
                  pre + "Training accuracy: %f" % (0.5 + epoch / 100),
                  pre + "---- EPOCH %03d EVALUATION ----" % (g + 1),
                  pre + "eval mean loss: %f" % _curve(epoch, 1.0, 0.2), pre + "eval point avg class IoU: 0.5",
                  pre + "eval point accuracy: 0.8", pre + "eval point avg class acc: 0.7"]
    return "\n".join(lines) + "\n"


def test_pn2_semseg_resumed_epochs_are_the_bracketed_number(tmp_path):
    """A launch of 10 epochs, then a ``Use pretrain model`` relaunch printing ``**** Epoch 1 (11/32) ****`` ..
    ``**** Epoch 10 (20/32) ****``: one run of epochs 1-20 (it had been two runs of epochs 1-10 each)."""
    d = tmp_path / "log" / "sem_seg" / "x" / "logs"
    d.mkdir(parents=True)
    (d / "pointnet2_sem_seg.txt").write_text(_pn2_semseg_log(1, 10, 32, False) + _pn2_semseg_log(11, 20, 32, True))
    (run,) = _runs(tmp_path).values()
    assert run["loss"] == (list(range(1, 21)), [round(_curve(e, 0.9, 0.1), 6) for e in range(20)])
