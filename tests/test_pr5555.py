"""Printed-log reader kinds of the sets opened at stop 55 (131-136), each failing on the stop's start code:

- CycleGAN/pix2pix ``loss_log.txt`` lines of forks: a ``[Rank 0]`` prefix and commas between the pairs
  (chineseink135), another timing inside the parenthesis (``, dataset: ..``: invgan136), a summed term named with a
  ``+`` (DeblurGAN's ``D_real+fake``: deblurgancc133): nothing was read;
- a headerless ``losses.txt`` whose epoch counter is the LAST column (``train\\tval\\tepoch``: textsumm135): nothing
  was read.
"""
from __future__ import annotations

import math

from _runs import read_resolved, series_by_step


def _curve(n: int, start: float, end: float) -> list[float]:
    return [round(start + (end - start) * (i / (n - 1)) ** 0.5, 4) for i in range(n)]


# ---------------------------------------------------------------- CycleGAN / pix2pix loss_log of forks


def _print_current_losses(f, epoch: int, iters: int, losses: dict, *, extra: str = ", data: 0.003",
                          rank: str = "", sep: str = " ") -> None:
    """junyanz ``Visualizer.print_current_losses``: ``(epoch: %d, iters: %d, time: %.3f, data: %.3f) `` then
    ``'%s: %.3f ' % (k, v)`` for each loss; the forks' variants as named by the keywords."""
    message = f"{rank}(epoch: {epoch}, iters: {iters}, time: 0.412{extra}) "
    message += sep.join(f"{k}: {v:.3f}" for k, v in losses.items()) + " "
    print(message, file=f)


def test_cyclegan_forks(tmp_path):
    n = 12
    d, g = [round(v, 3) for v in _curve(n, 3.3, 0.2)], [round(v, 3) for v in _curve(n, 4.8, 0.6)]
    cases = {
        "rank": dict(rank="[Rank 0] ", sep=", ", names=("D_A", "G_A")),
        "dataset": dict(extra=", dataset: 3297449849.897", names=("GAN", "D")),
        "plus": dict(extra="", names=("G_GAN", "D_real+fake")),
    }
    for case, kw in cases.items():
        names = kw.pop("names")
        path = tmp_path / case / "loss_log.txt"
        path.parent.mkdir()
        with open(path, "w") as f:
            print("================ Training Loss (Sat Nov 29 20:58:22 2025) ================", file=f)
            for i in range(n):
                _print_current_losses(f, 1 + i // 4, 100 * (1 + i % 4), {names[0]: g[i], names[1]: d[i]}, **kw)
        df, _ = read_resolved(path)
        for name, values in ((names[0], g), (names[1], d)):
            steps, got = series_by_step(df, "loss_" + name)
            assert got == values, (case, name, got)
            assert steps == [400 * (i // 4) + 100 * (1 + i % 4) for i in range(n)], (case, steps)


def test_cyclegan_rank_taken(tmp_path):
    """Rank 1's lines of a DDP job printing all ranks are not rank 0's curve."""
    path = tmp_path / "loss_log.txt"
    with open(path, "w") as f:
        for i in range(8):
            for rank in (0, 1):
                _print_current_losses(f, 1, 20 * (i + 1), {"D_A": 1.0 + rank + i / 10}, rank=f"[Rank {rank}] ", sep=", ")
    df, _ = read_resolved(path)
    assert not df.empty
    _, got = series_by_step(df[~df.dir.astype(str).str.contains("rank", case=False)], "loss_D_A")
    assert all(v < 2.0 for v in got), got


# ---------------------------------------------------------------- losses.txt, the epoch last


def test_losses_txt_epoch_last(tmp_path):
    train, val = _curve(20, 60.0, 30.0), _curve(20, 50.0, 44.0)
    val = val[:8] + [round(44.0 + 0.4 * i, 4) for i in range(12)]
    path = tmp_path / "losses.txt"
    with open(path, "w") as f:
        for epoch, (t, v) in enumerate(zip(train, val)):
            f.write(f"{t}\t{v}\t{epoch}\n")  # a summariser's loop: train, val, epoch
    df, _ = read_resolved(path)
    steps, got = series_by_step(df, "train_loss")
    assert steps == list(range(20)) and got == train
    _, got = series_by_step(df, "val_loss")
    assert all(math.isclose(a, b) for a, b in zip(got, val)) and len(got) == 20


def test_losses_txt_no_counter_stays_unread(tmp_path):
    """Three unnamed columns with no counter anywhere: still not read (which is the loss is not certain)."""
    path = tmp_path / "losses.txt"
    path.write_text("".join(f"{1.0 / (i + 1)}\t{2.0 / (i + 1)}\t{0.5 + i / 100}\n" for i in range(10)))
    df, _ = read_resolved(path)
    assert df.empty


# ---------------------------------------------------------------- a bare-pipe table under a dashed rule, '61s' cells


def test_pipe_table_rule_and_seconds(tmp_path):
    """A trainer's own table (lgnlut136): ``epoch | tr_loss | .. | time`` over a rule of dashes, each row's time
    ``61s``: nothing was read (the rule ended the table before its first row; the seconds were no number)."""
    tr, va = _curve(12, 1.54, 0.37), _curve(12, 1.64, 1.31)
    path = tmp_path / "train.log"
    with open(path, "w") as f:
        print("device=cuda  args={'epochs': 12, 'batch_size': 1024, 'lr': 0.02}", file=f)
        print("train=45000  val=5000  test=10000 images", file=f)
        header = f"{'epoch':>5} | {'tr_loss':>7} | {'tr_acc':>6} | {'va_loss':>7} | {'va_acc':>6} | {'time':>5}"
        print(header, file=f)
        print("-" * len(header), file=f)
        for e in range(12):
            print(f"{e + 1:5d} | {tr[e]:7.3f} | {47 + 4 * e:6.2f} | {va[e]:7.3f} | {42 + e:6.2f} | {61 * (e + 1):4d}s",
                  file=f)
    df, _ = read_resolved(path)
    steps, got = series_by_step(df, "tr_loss")
    assert steps == list(range(1, 13)) and got == [round(v, 3) for v in tr]
    _, got = series_by_step(df, "va_loss")
    assert got == [round(v, 3) for v in va]
    _, got = series_by_step(df, "time")
    assert got == [61.0 * (e + 1) for e in range(12)]


# ---------------------------------------------------------------- 'Validation Score:' lines


def test_validation_score_line(tmp_path):
    """``Validation Score:  0.862`` under each epoch's training line (dd2424kd136): dropped before."""
    path = tmp_path / "best_model.log"
    loss, score = _curve(8, 4.6, 1.25), _curve(8, 0.86, 0.90)
    with open(path, "w") as f:
        print("phase:  1\nMaking aux 1 network...", file=f)
        for e in range(8):
            print(f"Epoch: {e}", file=f)
            print(f"Train Time used: 14 \t Loss: {loss[e]:.3f} | Train Acc: {87 + e:.3f}% (43197/49500)", file=f)
            print(f"Validation Score:  {score[e]:.3f}", file=f)
    df, _ = read_resolved(path)
    steps, got = series_by_step(df, "val_score")
    assert steps == list(range(8)) and got == [round(v, 3) for v in score]


# ---------------------------------------------------------------- Torch7 optim.Logger train.log / test.log


def _logger_file(path, names: list[str], rows: list[list]) -> None:
    """torch/optim ``Logger.lua``: each name then a TAB, each value ``%11.4e`` (or ``tostring``) then a TAB."""
    with open(path, "w") as f:
        f.write("".join(n + "\t" for n in names) + "\n")
        for row in rows:
            f.write("".join((v if isinstance(v, str) else "%11.4e" % v) + "\t" for v in row) + "\n")


def test_torch7_test_log_on_training_rows(tmp_path):
    """``test.log``'s epoch counter starts at 2 (written after ``epoch = epoch + 1``) beside a ``train.log`` with no
    counter (nanodesign136): the test series was 2 steps late."""
    cost, test = _curve(8, 1.008, 0.678), [1.004, 1.003, 1.003, 1.002, 0.825, 0.783, 0.810, 0.871]
    _logger_file(tmp_path / "train.log", ["Cost function value"], [[c] for c in cost])
    _logger_file(tmp_path / "test.log", ["1", "2", "epoch: % fSumTest: % fMinTest: %"],
                 [[repr(t), repr(min(test[:i + 1])), float(i + 2)] for i, t in enumerate(test)])
    df, _ = read_resolved(tmp_path)
    steps, _ = series_by_step(df, "Cost function value")
    assert steps == list(range(8))
    steps, got = series_by_step(df, "test_fSumTest")
    assert steps == list(range(8)) and got == test


# ---------------------------------------------------------------- an epoch banner is no table header


def test_epoch_banner_is_no_header(tmp_path):
    """The PyTorch quickstart loop printed under ``--------- Epoch #t ---------`` banners (capstone7901-135
    ``loss_log.txt``): sniffed as a whitespace table (an ``Epoch`` column), eleven one-epoch runs of wrong cells."""
    path = tmp_path / "loss_log.txt"
    losses = _curve(30, 0.697, 0.662)
    with open(path, "w") as f:
        for t in range(5):
            print(f"--------- Epoch #{t} ---------", file=f)
            for b in range(6):  # the tutorial's 'loss: {loss:>7f}  [{current:>5d}/{size:>5d}]'
                print(f"loss: {losses[6 * t + b]} [{b * 228600}/5334]", file=f)
            print(f"Acc:{0.53 + t / 100:.6f}, Avg Loss: {0.0217 - t / 10000:.6f}", file=f)
    df, _ = read_resolved(path)
    assert df.dir.nunique() == 1
    _, got = series_by_step(df, "loss")
    assert got == losses
    steps, got = series_by_step(df, "Acc")
    assert len(got) == 5


# ---------------------------------------------------------------- cavia's '[train]: x - [valid]: y' lines


def test_bracketed_split_values(tmp_path):
    """A cavia regression fork's ``Iter i - time: t - [train]: x - [valid]: y - [adapt]: ..`` (cavia131 navier): no
    line names a loss, the file was not read at all."""
    n = 40
    train, valid = _curve(n, 0.9425, 0.1053), _curve(n, 0.9509, 0.1269)
    path = tmp_path / "nohup.log"
    with open(path, "w") as f:
        print("Using the following arguments:\ntask navier\nn_iter 40\nlr_inner 0.1\n", file=f)
        print("Number of parameters in the model:  310959", file=f)
        for i in range(n):
            print(f"saving best model at iter {i}", file=f)
            print(f"Iter {i:<4} - time: {1:<5} - [train]: {train[i]:<6} - [valid]: {valid[i]:<6} - "
                  f"[adapt]: {train[i] - 0.005:.4f} - [adapt_test]: {valid[i] - 0.002:.4f} - "
                  f"[adapt_test_per_env]: [1.0253, 0.9716]", file=f)
    df, _ = read_resolved(path)
    steps, got = series_by_step(df, "train_loss")
    assert steps == list(range(n)) and got == train
    _, got = series_by_step(df, "val_loss")
    assert got == valid
    assert set(df.tag.astype(str)) == {"train_loss", "val_loss"}


# ---------------------------------------------------------------- Python 2's printed tuples of Keras losses


def test_python2_tuple_losses(tmp_path):
    """``print('dcgan Loss: ', g, '\\t discriminator loss', d)`` under Python 2, ``g``/``d`` Keras
    ``train_on_batch`` lists ``[loss, acc]`` of numpy scalars (dcgan131): nothing was read."""
    import numpy as np

    n = 12
    g, d = _curve(n, 0.95, 1.03), _curve(n, 0.548, 0.52)
    path = tmp_path / "nohup.out"
    with open(path, "w") as f:
        print(repr(("Number of epochs: ", 60)), file=f)
        for i in range(n):
            print(repr(("Epoch: ", 5 * i + 1)), file=f)
            print(repr(("after epoch: ", 5 * i + 1)), file=f)
            gl = [np.array(g[i], dtype=np.float32), np.array(0.1171875, dtype=np.float32)]
            dl = [np.array(d[i], dtype=np.float32), np.array(0.7890625, dtype=np.float32)]
            print(repr(("dcgan Loss: ", gl, "\t discriminator loss", dl)), file=f)
    df, _ = read_resolved(path)
    _, got = series_by_step(df, "dcgan_Loss")
    assert [round(v, 4) for v in got] == g
    _, got = series_by_step(df, "discriminator_loss")
    assert [round(v, 4) for v in got] == d


# ---------------------------------------------------------------- 'Log-Loss per event', 'Epoch.N'


def test_loss_per_unit_and_dotted_epoch(tmp_path):
    """GNTPP's ``---Epoch.0 Train Negative Overall Log-Loss per event: 4.140010.`` (gntpp136, Python logging's
    default format): the key was read as ``per event`` and the file gave no point."""
    import logging

    n = 10
    train, val = _curve(n, 4.14, 2.68), _curve(n, 2.97, 2.45)
    path = tmp_path / "info.log"
    log = logging.getLogger("trainers.trainer.pr55")
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("%(asctime)s - %(name)s - %(levelname)s - %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        for e in range(n):
            log.info(f"---Epoch.{e} Train Negative Overall Log-Loss per event: {train[e]:.6f}. ")
            log.info(f"---Epoch.{e} Val Negative Log-Loss per event: {val[e]:.6f}; Negative Log-Likelihood per "
                     f"event:0.000000; Cross-Entropy per event: 0.000000; MAPE: 0.000000")
    finally:
        log.removeHandler(handler)
        handler.close()
    df, _ = read_resolved(path)
    steps, got = series_by_step(df, "Train_Log-Loss")
    assert steps == list(range(n)) and got == [round(v, 6) for v in train]
    steps, got = series_by_step(df, "Val_Log-Loss")
    assert steps == list(range(n)) and got == [round(v, 6) for v in val]


# ---------------------------------------------------------------- a logger named by a file path


def _chinese_ner_log(path, logger_name: str, passes: int = 6, steps: int = 10):
    """zjy-ucas/ChineseNER ``utils.get_logger(log_file)``: ``logging.getLogger(log_file)`` with the format
    ``%(asctime)s - %(name)s - %(levelname)s - %(message)s``; per pass a loss line then ``evaluate:dev`` and
    conlleval's summary."""
    import logging

    log = logging.getLogger(logger_name)
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("%(asctime)s - %(name)s - %(levelname)s - %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    fb1 = _curve(passes, 48.3, 91.6)
    try:
        for p in range(passes):
            log.info(f"iteration:{p + 1} step:{steps}/{steps}, NER loss:{30.0 / (p + 1):9.6f}")
            log.info("evaluate:dev")
            log.info(f"accuracy:  {93 + p * 0.5:.2f}%; precision:  {fb1[p]:.2f}%; recall:  {fb1[p]:.2f}%; "
                     f"FB1:  {fb1[p]:.2f}")
    finally:
        log.removeHandler(handler)
        handler.close()
    return [round(v, 2) for v in fb1]


def test_logger_named_by_path(tmp_path):
    """The logger's name a Windows or absolute path (chnerjb131 ``log\\train.log``, nerslot131
    ``/Users/../log/train.log``): the prefix stayed on the line and conlleval's dev F1 was not read."""
    for i, name in enumerate(("log\\train.log", "/Users/me/ner/log/train.log")):
        path = tmp_path / f"{i}" / "train.log"
        path.parent.mkdir()
        fb1 = _chinese_ner_log(path, name)
        df, _ = read_resolved(path)
        _, got = series_by_step(df, "val_FB1")
        assert got == fb1, (name, got)


# ---------------------------------------------------------------- LAVIS' JSON-lines log.txt


def test_lavis_eval_lines_and_rounded_lr(tmp_path):
    """LAVIS ``RunnerBase``'s ``log.txt`` (unimernet136): ``{"train_lr": "0.000", "train_loss": "0.401"}`` (the
    MetricLogger's ``'{:.3f}'``) then the evaluation's ``{"eval_bleu": .., "eval_best_iters": 1000}``: the evaluation
    was dropped (no loss) and the rate read as a series of zeros."""
    import json

    n = 8
    loss, bleu = _curve(n, 0.401, 0.129), _curve(n, 0.0058, 0.0497)
    path = tmp_path / "log.txt"
    with open(path, "w") as f:
        f.write(json.dumps({"run": {"task": "formula_rec", "lr_sched": "linear_warmup_cosine_lr"}}, indent=4) + "\n")
        for i in range(n):
            f.write(json.dumps({"train_lr": "{:.3f}".format(1e-5), "train_loss": "{:.3f}".format(loss[i])}) + "\n")
            f.write(json.dumps({"eval_bleu": bleu[i], "eval_agg_metrics": 100 * bleu[i],
                                "eval_best_iters": 1000 * (i + 1)}) + "\n")
    df, _ = read_resolved(path)
    _, got = series_by_step(df, "train_loss")
    assert got == [round(v, 3) for v in loss]
    steps, got = series_by_step(df, "eval_bleu")
    assert got == bleu and steps == series_by_step(df, "train_loss")[0]
    assert not {"train_lr", "eval_best_iters"} & set(df.tag.astype(str))


def test_keras_test_score_is_no_validation_score(tmp_path):
    """The Keras examples' ``print('Test score:', score[0])`` is the test loss: not read as a score."""
    path = tmp_path / "train.log"
    with open(path, "w") as f:
        for e in range(6):
            print(f"Epoch: {e}\nTrain Time used: 14 \t Loss: {2.0 - 0.2 * e:.3f} | Train Acc: {80 + e:.3f}%", file=f)
        print("Test score: 0.0303", file=f)
    df, _ = read_resolved(path)
    assert not any("score" in t.lower() for t in df.tag.astype(str))
