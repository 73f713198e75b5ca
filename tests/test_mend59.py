"""Guards for stop 59's new reader rules, each on the breaker's input that the rule misread (brk59 FINDINGS R0..R7,
W1..W3): small files hand-written in the printed or exported format, asserting what the rule got wrong."""
from __future__ import annotations

import warnings

from loganalyzer import read_scalars


def _series(path, resolve: bool = False) -> dict[str, tuple[list, list]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = read_scalars(str(path), resolve=resolve)
    return {tag: (g.step.tolist(), [round(v, 6) for v in g.value.tolist()]) for tag, g in df.groupby("tag", sort=False)}


def _falling(n: int, a: float, b: float) -> list[float]:
    return [round(a + (b - a) * i / max(1, n - 1), 4) for i in range(n)]


# ---------------------------------------------------------------- R0: an 'ERROR:root:' / 'Error: 503' line


def test_split_rows_pass_over_a_logging_or_http_error_line(tmp_path):
    """'Epoch k' / 'train: x' / 'val: y' with one 'ERROR:root:..' or 'Error: 503 ..' line between epochs: the line is
    no SHRED 'Error <number>' and is passed over (it made the whole file no split-row log)."""
    train, val = _falling(6, 0.93, 0.10), _falling(6, 1.02, 0.17)
    for i, bad in enumerate(("ERROR:root:failed to write tensorboard summary (disk quota exceeded)",
                             "Error: 503 Service Unavailable while uploading checkpoint, retrying")):
        lines = []
        for e in range(6):
            lines += [f"Epoch {e + 1}:", f"train: {train[e]}", f"val: {val[e]}"]
            if e == 2:
                lines.append(bad)
        log = tmp_path / f"r{i}" / "train.log"
        log.parent.mkdir()
        log.write_text("\n".join(lines) + "\n")
        series = _series(log)
        assert series["train_loss"] == (list(range(1, 7)), train)
        assert series["val_loss"] == (list(range(1, 7)), val)


# ---------------------------------------------------------------- R2: 'loss = x, l2 = y' outside ReChorus


def test_loss_l2_line_is_the_epochs_loss_without_rechorus_epoch_lines(tmp_path):
    """A recommender's 'loss = x, l2 = y' each epoch with no ReChorus 'Epoch N  loss=x [t s]' line: the epoch's only
    loss, read (it was dropped as ReChorus's batch check, and the run read nothing)."""
    losses = _falling(8, 0.69, 0.25)
    lines = []
    for e, loss in enumerate(losses, 1):
        lines += [f"Epoch {e}", f"loss = {loss:.4f}, l2 = 0.0021",
                  f"valid: HR@10 = {0.3 + e / 100:.4f}, NDCG@10 = {0.15 + e / 100:.4f}"]
    log = tmp_path / "train.log"
    log.write_text("\n".join(lines) + "\n")
    assert _series(log)["loss"] == (list(range(1, 9)), losses)


# ---------------------------------------------------------------- R1: a resumed run with a run id


def test_run_id_blocks_with_a_step_running_on_are_one_resumed_run(tmp_path):
    """A W&B export ``step,run,loss,val_loss`` of one run resumed: ``run`` 1 then 2, ``step`` counting on (500..6000).
    One run with its 12 points (it was split into two runs of 6)."""
    loss, val = _falling(12, 1.0, 0.12), _falling(6, 0.9, 0.5) + _falling(6, 0.55, 0.86)
    rows = ["step,run,loss,val_loss"] + [f"{500 * (i + 1)},{1 if i < 6 else 2},{loss[i]},{val[i]}" for i in range(12)]
    (tmp_path / "history.csv").write_text("\n".join(rows) + "\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = read_scalars(str(tmp_path / "history.csv"))
    assert df["dir"].nunique() == 1
    got = df[df.tag == "val_loss"].sort_values("step")
    assert got.step.tolist() == [500 * (i + 1) for i in range(12)]
    assert [round(v, 4) for v in got.value] == val


# ---------------------------------------------------------------- R4 + W1: a bare loss with no sign of evaluation


def _bare_roles(path) -> list[str]:
    import loganalyzer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (run,) = loganalyzer.analyze(str(path), config=False).runs
    return [n for n in run.notes if "bare loss" in n]


def test_bare_loss_copy_or_last_batch_beside_train_loss_is_no_validation(tmp_path):
    """``epoch,train_loss,loss,lr`` with ``loss`` == ``train_loss`` (logged twice), and ``epoch,train_loss,loss`` with
    ``loss`` the last batch's noisy loss: no evaluation metric beside it, so no validation loss (both were)."""
    train = _falling(20, 1.52, 0.06)
    dup = tmp_path / "dup"
    dup.mkdir()
    (dup / "metrics.csv").write_text("epoch,train_loss,loss,lr\n" + "".join(
        f"{e},{t},{t},0.001\n" for e, t in enumerate(train)))
    last = tmp_path / "last"
    last.mkdir()
    (last / "history.csv").write_text("epoch,train_loss,loss\n" + "".join(
        f"{e},{t},{round(t * (0.8 if e % 2 else 1.25), 4)}\n" for e, t in enumerate(train)))
    assert _bare_roles(dup) == []
    assert _bare_roles(last) == []
    ev = tmp_path / "eval"
    ev.mkdir()  # the rule's own kind: 'epoch,train_loss,loss,iou' (evaluate() returning loss and iou)
    (ev / "training_history.csv").write_text("epoch,train_loss,loss,iou\n" + "".join(
        f"{e},{t},{round(t * 0.7 + 0.05, 4)},{round(0.5 + e / 50, 4)}\n" for e, t in enumerate(train)))
    assert len(_bare_roles(ev)) == 1


# ---------------------------------------------------------------- R6: a docstring table of models' results


def test_py_module_of_one_docstring_table_of_results_is_no_run(tmp_path):
    """A ``results.py`` that is one docstring listing five models' best results, all at ``epoch 200``: source, no run
    (it was a run of five points at one epoch); a docstring of progress lines that advance stays a log."""
    import loganalyzer

    rows = [("resnet18", 0.21, 0.95), ("resnet34", 0.19, 0.953), ("vgg16", 0.27, 0.93), ("mobilenet", 0.33, 0.91),
            ("densenet", 0.18, 0.955)]
    table = tmp_path / "table"
    table.mkdir()
    (table / "results.py").write_text('"""\nBenchmark on CIFAR-10 (best checkpoint of each model)\n\n' + "".join(
        f"model {m:<10} epoch 200  loss: {loss:.4f}  acc: {acc:.4f}\n" for m, loss, acc in rows) + '"""\n')
    assert loganalyzer.discover(str(table)) == []
    log = tmp_path / "log"
    log.mkdir()
    (log / "result.py").write_text('"""\n' + "".join(
        f"Batch[{b}] - loss: {1 / b * 100:.4f}  acc: {50 + b / 50:.4f}%(30/64)\n" for b in range(100, 1100, 100)) + '"""\n')
    assert len(loganalyzer.discover(str(log))) == 1


# ---------------------------------------------------------------- R3: two phases, each its own loss


def test_pretrain_then_finetune_losses_restarting_at_epoch_one_are_two_runs(tmp_path):
    """``Epoch k: pretrain_loss = x`` for 6 epochs, a banner, then ``Epoch k: finetune_loss = y`` from epoch 1: two
    trainings (they were one run, ``pretrain_loss`` a component of ``finetune_loss``)."""
    import loganalyzer

    pre, fine = _falling(6, 1.48, 0.33), [0.9953, 0.9006, 0.8149, 0.8874, 0.9672, 1.0537]
    lines = ["== pretraining =="] + [f"Epoch {e}: pretrain_loss = {v:.4f}" for e, v in enumerate(pre, 1)]
    lines += ["== finetuning =="] + [f"Epoch {e}: finetune_loss = {v:.4f}" for e, v in enumerate(fine, 1)]
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    runs = loganalyzer.discover(str(tmp_path))
    assert len(runs) == 2, [r.id for r in runs]


# ---------------------------------------------------------------- R5: a final test value equal to the last val value


def test_final_test_accuracy_equal_to_last_val_accuracy_is_read(tmp_path):
    """Two-decimal epoch lines, then ``Final test loss: 0.23`` / ``Final test accuracy: 0.86`` where the last
    ``val acc`` was 0.86: the test accuracy is a split of its own, read (it was dropped as a restatement)."""
    lines = []
    for e in range(1, 7):
        lines += [f"Epoch {e}/6", f"  train loss: {0.8 - e / 10:.2f}  train acc: {0.5 + e / 20:.2f}",
                  f"  val loss: {0.85 - e / 10:.2f}  val acc: {0.56 + e / 20:.2f}"]
    lines += ["Evaluating best model on the test set...", "Final test loss: 0.23", "Final test accuracy: 0.86"]
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    series = _series(tmp_path / "train.log")
    assert series["val_acc"][1][-1] == 0.86
    assert [v for t, (s, v) in series.items() if t.startswith("test_acc")] == [[0.86]], list(series)


# ---------------------------------------------------------------- R7: a regression loss above 10 in a model zoo log


def test_model_zoo_logs_of_a_regression_loss_above_ten_are_losses(tmp_path):
    """An age-regression fork of a kuangliu-style trainer: ``ResNet18-train-log.csv`` / ``ResNet18-test-log.csv``
    ``1,25.6386`` .. ``15,4.6574`` (an L1 loss in years): ``train_loss`` and ``test_loss`` (they were renamed
    ``train_error``/``test_error``, an error rate in %)."""
    train, test = _falling(15, 25.6386, 4.6574), _falling(15, 28.17, 7.544)
    (tmp_path / "ResNet18-train-log.csv").write_text("".join(f"{e},{v}\n" for e, v in enumerate(train, 1)))
    (tmp_path / "ResNet18-test-log.csv").write_text("".join(f"{e},{v}\n" for e, v in enumerate(test, 1)))
    series = _series(tmp_path, resolve=True)
    assert series["train_loss"][1] == train and series["test_loss"][1] == test
    assert not any("error" in t for t in series), list(series)


# ---------------------------------------------------------------- W2: ComboGAN lines printing nan


def test_combogan_lines_of_nan_are_read(tmp_path):
    """ComboGAN's ``print_current_errors`` (``'%.3f' % v`` per domain) prints ``D: nan, nan, nan | ..`` once the
    losses diverge: those lines are points (NaN), not passed over (the run read healthy on its finite epochs)."""
    lines = ["================ Training Loss (Sun Dec  6 10:00:00 2026) ================"]
    for e in range(1, 5):
        for it in (100, 200, 300):
            v = "nan" if e == 4 else f"{0.3 - e * 0.03 - it / 10000:.3f}"
            lines.append(f"(epoch: {e}, iters: {it}, time: 0.291) D: {v}, {v}, {v} | G: {v}, {v}, {v} | "
                         f"Cyc: {v}, {v}, {v} | ")
    (tmp_path / "loss_log.txt").write_text("\n".join(lines) + "\n")
    steps, values = _series(tmp_path / "loss_log.txt")["loss_D_0"]
    assert len(steps) == 12 and steps[-1] > steps[-4]
    assert all(v != v for v in values[-3:]) and all(v == v for v in values[:9])


# ---------------------------------------------------------------- W3: spaCy 2's tuple lines under Python 2, alone


def test_spacy2_python2_losses_tuples_alone_are_a_log(tmp_path):
    """spaCy's ``train_ner.py`` example under Python 2, ``print('Losses', losses)`` per iteration and nothing else:
    ``('Losses', {u'ner': 30.000})`` lines (LF and CRLF) are a log of ``ner_loss`` (discovery passed them over)."""
    import loganalyzer

    losses = _falling(10, 30.0, 2.016)
    for end in ("\n", "\r\n"):
        run = tmp_path / ("crlf" if end == "\r\n" else "lf")
        run.mkdir()
        (run / "log_train.txt").write_bytes("".join(f"('Losses', {{u'ner': {v:.3f}}}){end}" for v in losses).encode())
        assert [r.id for r in loganalyzer.discover(str(run))] == ["log_train.txt"]
        assert _series(run / "log_train.txt")["ner_loss"][1] == [round(v, 3) for v in losses]

