"""Reader kinds of branch readers17a (the twenty-eighth labeller's printed-log faults), each log printed by a real
tiny training loop:

- ``<Split> <name> at epoch N: X`` (a language model printing only its perplexity): ``train_perplexity`` /
  ``val_perplexity`` at step N, judged as the run's losses (the log gave no point);
- ``Epoch N trained with loss: X. ...`` / ``Epoch N evaluated with loss: Y, dice score: Z. ...``: the train and
  validation parts as their own series (they were one series ``with_loss``);
- cs231n's Solver lines (``(Epoch N / M) train acc: ..; val_acc: ..`` and ``Finished epoch N / M: cost X, train: Y,
  val Z, lr W``): cost, train/val accuracy and lr (the log gave no point).
"""
from __future__ import annotations

import contextlib
import math
import warnings

import torch

from loganalyzer import read_scalars
from loganalyzer.curves import find_curves

from _runs import one_thread  # noqa: F401,E402  (one_thread: autouse)

F = torch.nn.functional


def scalars(path, resolve=True):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(str(path), resolve=resolve)
    return df, [str(w.message) for w in caught]


def series(df, tag):
    rows = df[df.tag == tag]
    return list(rows.step), list(rows.value)


def _task(seed=0, n=96, d=8, classes=3):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, d, generator=g)
    y = (x[:, 0] > 0).long() + (x[:, 1] > 0.5).long()
    return x[: n * 3 // 4], y[: n * 3 // 4], x[n * 3 // 4:], y[n * 3 // 4:], classes


def _fit(epochs, on_epoch, lr=0.1):
    """A tiny softmax classifier trained full-batch; ``on_epoch(epoch, train_loss, val_loss, train_acc, val_acc,
    lr)`` prints what the script printed."""
    xt, yt, xv, yv, classes = _task()
    torch.manual_seed(0)
    model = torch.nn.Linear(xt.shape[1], classes)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, 0.95)
    for epoch in range(epochs):
        opt.zero_grad()
        out = model(xt)
        loss = F.cross_entropy(out, yt)
        loss.backward()
        opt.step()
        with torch.no_grad():
            val_out = model(xv)
            val_loss = F.cross_entropy(val_out, yv).item()
            train_acc = (out.argmax(1) == yt).float().mean().item()
            val_acc = (val_out.argmax(1) == yv).float().mean().item()
        on_epoch(epoch, loss.item(), val_loss, train_acc, val_acc, sched.get_last_lr()[0])
        sched.step()


def test_perplexity_at_epoch_lines_are_the_curve(tmp_path):
    log = tmp_path / "perplexity.out"
    seen = []
    with open(log, "w") as f, contextlib.redirect_stdout(f):
        def show(epoch, loss, val_loss, *_):
            seen.append((epoch, round(math.exp(loss), 2), round(math.exp(val_loss), 2)))
            print(f"Train perplexity at epoch {epoch}: {math.exp(loss):8.2f}")
            print(f"Validation perplexity at epoch {epoch}: {math.exp(val_loss):8.2f}")
            print()
        _fit(6, show)
    df, _ = scalars(tmp_path)
    assert sorted(set(df.tag)) == ["train_perplexity", "val_perplexity"]
    assert series(df, "train_perplexity") == ([e for e, _, _ in seen], [t for _, t, _ in seen])
    assert series(df, "val_perplexity") == ([e for e, _, _ in seen], [v for _, _, v in seen])
    curves = find_curves(df)
    assert curves.train_loss.tag == "train_perplexity" and curves.val_loss.tag == "val_perplexity"


def test_epoch_trained_and_evaluated_lines_are_two_parts(tmp_path):
    log = tmp_path / "train.out"
    seen = []
    with open(log, "w") as f, contextlib.redirect_stdout(f):
        print("Training samples 72 and val samples 24")

        def show(epoch, loss, val_loss, train_acc, val_acc, lr):
            dice = val_acc / 2
            seen.append((epoch, loss, val_loss, dice))
            print(f"Epoch {epoch} trained with loss: {loss}. The running time is {12.5 + epoch}.")
            print(f"Epoch {epoch} evaluated with loss: {val_loss}, dice score: {dice}. The running time is 3.25.")
            print(f"Best model saved at epoch: {epoch}")
        _fit(5, show)
    df, _ = scalars(tmp_path)
    assert sorted(set(df.tag)) == ["train_loss", "val_dice_score", "val_loss"]
    steps = [e for e, *_ in seen]
    assert series(df, "train_loss") == (steps, [t for _, t, _, _ in seen])
    assert series(df, "val_loss") == (steps, [v for _, _, v, _ in seen])
    assert series(df, "val_dice_score") == (steps, [d for *_, d in seen])


def test_cs231n_solver_epoch_lines(tmp_path):
    log = tmp_path / "nohup.out"
    seen = []
    epochs = 5
    with open(log, "w") as f, contextlib.redirect_stdout(f):
        print("Train data shape:  (72, 8)")

        def show(epoch, loss, val_loss, train_acc, val_acc, lr):
            seen.append((epoch, float(f"{loss:f}"), float(f"{train_acc:f}"), float(f"{val_acc:f}"),
                         float(f"{lr:e}")))
            print("Finished epoch %d / %d: cost %f, train: %f, val %f, lr %e" % (epoch, epochs, loss, train_acc,
                                                                                  val_acc, lr))
        _fit(epochs, show)
    df, _ = scalars(tmp_path)
    assert sorted(set(df.tag)) == ["cost", "lr", "train_acc", "val_acc"]
    steps = [s[0] for s in seen]
    for i, tag in enumerate(("cost", "train_acc", "val_acc", "lr"), start=1):
        assert series(df, tag) == (steps, [s[i] for s in seen])
    curves = find_curves(df)
    assert curves.train_loss.tag == "cost" and curves.val_acc.tag == "val_acc"


def test_cs231n_solver_verbose_prints(tmp_path):
    """cs231n's ``Solver.train`` (verbose): ``(Iteration t / T) loss: ..`` every print_every iterations and ``(Epoch
    e / E) train acc: ..; val_acc: ..`` after the first iteration and each epoch's end: the accuracies at the
    iteration printed before them."""
    log = tmp_path / "nohup.out"
    iters_per_epoch, epochs = 4, 3
    total = iters_per_epoch * epochs
    printed = []
    with open(log, "w") as f, contextlib.redirect_stdout(f):
        xt, yt, xv, yv, classes = _task()
        torch.manual_seed(0)
        model = torch.nn.Linear(xt.shape[1], classes)
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        epoch = 0
        for t in range(total):
            idx = torch.arange(t % iters_per_epoch * 18, t % iters_per_epoch * 18 + 18)
            opt.zero_grad()
            loss = F.cross_entropy(model(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
            print("(Iteration %d / %d) loss: %f" % (t + 1, total, loss.item()))
            epoch_end = (t + 1) % iters_per_epoch == 0
            if epoch_end:
                epoch += 1
            if t == 0 or t == total - 1 or epoch_end:
                with torch.no_grad():
                    train_acc = (model(xt).argmax(1) == yt).float().mean().item()
                    val_acc = (model(xv).argmax(1) == yv).float().mean().item()
                printed.append((t + 1, float(f"{train_acc:f}"), float(f"{val_acc:f}")))
                print("(Epoch %d / %d) train acc: %f; val_acc: %f" % (epoch, epochs, train_acc, val_acc))
    df, _ = scalars(tmp_path)
    assert sorted(set(df.tag)) == ["loss", "train_acc", "val_acc"]
    assert series(df, "loss")[0] == list(range(1, total + 1))
    steps = sorted({s for s, _, _ in printed})
    last = {s: (a, v) for s, a, v in printed}
    assert series(df, "train_acc") == (steps, [last[s][0] for s in steps])
    assert series(df, "val_acc") == (steps, [last[s][1] for s in steps])


def test_leading_iteration_counter_is_the_step(tmp_path):
    """deep-text-recognition-benchmark's train.py: ``[i/N] Train loss: .., Valid loss: .., Elapsed_time: ..`` then the
    accuracy lines (``f'{"Current_accuracy":17s}: ..'``) and a table of predictions: the iteration is the step of all
    of them; the elapsed time is no series."""
    num_iter, val_interval = 60, 20
    seen = []
    xt, yt, xv, yv, classes = _task()
    torch.manual_seed(0)
    model = torch.nn.Linear(xt.shape[1], classes)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with open(tmp_path / "log_train.txt", "w") as log:
        best = 0.0
        for iteration in range(num_iter):
            opt.zero_grad()
            loss = F.cross_entropy(model(xt), yt)
            loss.backward()
            opt.step()
            if (iteration + 1) % val_interval == 0:
                with torch.no_grad():
                    valid_loss = F.cross_entropy(model(xv), yv).item()
                    acc = 100 * (model(xv).argmax(1) == yv).float().mean().item()
                best = max(best, acc)
                loss_log = (f"[{iteration+1}/{num_iter}] Train loss: {loss.item():0.5f}, Valid loss: "
                            f"{valid_loss:0.5f}, Elapsed_time: {1.5 * iteration:0.5f}")
                current = f'{"Current_accuracy":17s}: {acc:0.3f}, {"Current_norm_ED":17s}: {acc / 100:0.4f}'
                best_log = f'{"Best_accuracy":17s}: {best:0.3f}, {"Best_norm_ED":17s}: {best / 100:0.4f}'
                log.write(f"{loss_log}\n{current}\n{best_log}\n" + "-" * 80 + "\nTROY | TROY | 0.4822\tTrue\n")
                seen.append((iteration + 1, round(loss.item(), 5), round(valid_loss, 5), round(acc, 3)))
    df, _ = scalars(tmp_path)
    assert "Elapsed_time" not in set(df.tag)
    steps = [s[0] for s in seen]
    assert series(df, "Train_loss") == (steps, [s[1] for s in seen])
    assert series(df, "Valid_loss") == (steps, [s[2] for s in seen])
    assert series(df, "Current_accuracy") == (steps, [s[3] for s in seen])


def test_epoch_bracket_and_iteration_then_testing_line(tmp_path):
    """``[epoch/epochs] iteration), Loss: .., mAP ..%`` every few iterations and ``TESTING: iteration), mAP ..%`` after
    each epoch: the iteration is the step; the test line is ``test_mAP`` at its own iteration."""
    epochs, per_epoch = 3, 4
    train, test = [], []
    xt, yt, xv, yv, classes = _task()
    torch.manual_seed(0)
    model = torch.nn.Linear(xt.shape[1], classes)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    it = 0
    with open(tmp_path / "nohup.out", "w") as f, contextlib.redirect_stdout(f):
        print("Start training: lr 0.010000, batch size 10")
        for epoch in range(1, epochs + 1):
            for _ in range(per_epoch):
                opt.zero_grad()
                out = model(xt)
                loss = F.cross_entropy(out, yt)
                loss.backward()
                opt.step()
                m = 100 * (out.argmax(1) == yt).float().mean().item()
                if it % 2 == 0:
                    print("[%d/%d] %d), Loss: %.3f, mAP %.2f%%" % (epoch, epochs, it, loss.item(), m))
                    train.append((it, round(loss.item(), 3), round(m, 2)))
                it += 1
            print("Saved: ../checkpoints/")
            with torch.no_grad():
                m = 100 * (model(xv).argmax(1) == yv).float().mean().item()
            print("TESTING: %d), mAP %.2f%%" % (it, m))
            test.append((it, round(m, 2)))
    df, _ = scalars(tmp_path)
    assert series(df, "Loss") == ([s for s, _, _ in train], [v for _, v, _ in train])
    assert series(df, "mAP") == ([s for s, _, _ in train], [v for _, _, v in train])
    assert series(df, "test_mAP") == ([s for s, _ in test], [v for _, v in test])


def test_values_under_a_test_epoch_header(tmp_path):
    """A face-recognition loop (ShuffleFaceNet's train.py): ``Train Epoch: e/E ...`` / ``    total_loss: .. time: ..``
    each epoch and every few epochs ``Test Epoch: e ...`` / ``    ave: ..`` (the test accuracy, no loss on its line):
    ``test_ave`` at epoch e beside ``total_loss`` at its epoch."""
    epochs, test_every = 6, 2
    train, test = [], []
    xt, yt, xv, yv, classes = _task()
    torch.manual_seed(0)
    model = torch.nn.Linear(xt.shape[1], classes)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with open(tmp_path / "log_train.txt", "w") as f, contextlib.redirect_stdout(f):
        print("defining lfw dataloader...")
        for epoch in range(1, epochs + 1):
            print("Train Epoch: {}/{} ...".format(epoch, epochs))
            opt.zero_grad()
            loss = F.cross_entropy(model(xt), yt)
            loss.backward()
            opt.step()
            print("    total_loss: {:.4f} time: {}m {}s".format(loss.item(), 10, epoch))
            train.append((epoch, round(loss.item(), 4)))
            if epoch % test_every == 0:
                print("Test Epoch: {} ...".format(epoch))
                with torch.no_grad():
                    acc = (model(xv).argmax(1) == yv).float().mean().item()
                print("    ave: {:.4f}".format(acc * 100))
                test.append((epoch, round(acc * 100, 4)))
    df, _ = scalars(tmp_path)
    assert sorted(set(df.tag)) == ["test_ave", "total_loss"]
    assert series(df, "total_loss") == ([s for s, _ in train], [v for _, v in train])
    assert series(df, "test_ave") == ([s for s, _ in test], [v for _, v in test])


def test_pointnet_block_log(tmp_path):
    """Frustum-PointNets' train.py ``log_string`` blocks: ``**** EPOCH %03d ****``, every 2 batches `` -- %03d / %03d
    --`` then one value per line, and ``---- EPOCH %03d EVALUATION ----`` with ``eval ...`` lines: training values at
    epoch x batches + batch, evaluation values at the training step before them, ``a / b`` values two series."""
    epochs, batches = 3, 4
    train, evals = [], []
    xt, yt, xv, yv, classes = _task()
    torch.manual_seed(0)
    model = torch.nn.Linear(xt.shape[1], classes)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with open(tmp_path / "log_train.txt", "w") as fout:
        def log_string(out_str):
            fout.write(out_str + "\n")
        log_string("Namespace(batch_size=18, max_epoch=3)")
        log_string("pid: 9131")
        for epoch in range(epochs):
            log_string("**** EPOCH %03d ****" % epoch)
            log_string("2018-11-30 00:30:00.504209")
            loss_sum = 0.0
            for batch_idx in range(batches):
                idx = torch.arange(batch_idx * 18, batch_idx * 18 + 18)
                opt.zero_grad()
                out = model(xt[idx])
                loss = F.cross_entropy(out, yt[idx])
                loss.backward()
                opt.step()
                loss_sum += loss.item()
                if (batch_idx + 1) % 2 == 0:
                    acc = (out.argmax(1) == yt[idx]).float().mean().item()
                    log_string(" -- %03d / %03d --" % (batch_idx + 1, batches))
                    log_string("mean loss: %f" % (loss_sum / 2))
                    log_string("segmentation accuracy: %f" % acc)
                    log_string("box IoU (ground/3D): %f / %f" % (acc / 2, acc / 3))
                    log_string("box estimation accuracy (IoU=0.7): %f" % (acc / 4))
                    train.append((epoch * batches + batch_idx + 1, float("%f" % (loss_sum / 2)),
                                  float("%f" % (acc / 2)), float("%f" % (acc / 3))))
                    loss_sum = 0.0
            with torch.no_grad():
                val_loss = F.cross_entropy(model(xv), yv).item()
            log_string("2018-11-30 00:40:36.312887")
            log_string("---- EPOCH %03d EVALUATION ----" % epoch)
            log_string("eval mean loss: %f" % val_loss)
            log_string("eval box IoU (ground/3D): %f / %f" % (0.5, 0.25))
            log_string("Model saved in file: train/log/model.ckpt")
            evals.append((train[-1][0], float("%f" % val_loss)))
    df, _ = scalars(tmp_path)
    steps = [s[0] for s in train]
    assert series(df, "mean_loss") == (steps, [s[1] for s in train])
    assert series(df, "box_IoU_ground") == (steps, [s[2] for s in train])
    assert series(df, "box_IoU_3D") == (steps, [s[3] for s in train])
    assert series(df, "box_estimation_accuracy_IoU_0.7")[0] == steps
    assert series(df, "eval_mean_loss") == ([s for s, _ in evals], [v for _, v in evals])
    assert series(df, "eval_box_IoU_3D")[1] == [0.25] * epochs


def test_logging_source_location_and_sets_evaluated_in_turn(tmp_path):
    """Python logging with ``%(pathname)s : %(funcName)s [%(lineno)d]`` in its format, a trainer evaluating its
    train, valid and test sets in turn each epoch (``finished eval of epoch-N of <set>-set  eval_loss=..``): one series
    per set at step N; the source location is no series."""
    import logging

    logger = logging.getLogger("readers17a_train")
    handler = logging.FileHandler(tmp_path / "log_train.txt")
    handler.setFormatter(logging.Formatter("%(asctime)s - %(levelname)s - %(name)s - %(pathname)s : %(funcName)s "
                                           "[%(lineno)d] - %(message)s", datefmt="%Y-%m-%d %H:%M:%S"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    seen = {"train": [], "valid": [], "test": []}
    xt, yt, xv, yv, classes = _task()
    sets = {"train": (xt, yt), "valid": (xv[:12], yv[:12]), "test": (xv[12:], yv[12:])}
    torch.manual_seed(0)
    model = torch.nn.Linear(xt.shape[1], classes)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)

    def train():
        logger.info("defualt architecture is GRU")
        for epoch in range(1, 5):
            logger.info("Training train set - epoch %d", epoch)
            opt.zero_grad()
            F.cross_entropy(model(xt), yt).backward()
            opt.step()
            for name, (x, y) in sets.items():
                logger.info("Evaluating %s set - epoch %d", name, epoch)
                with torch.no_grad():
                    loss = F.cross_entropy(model(x), y).item()
                logger.info(f"finished eval of epoch-{epoch} of {name}-set \t eval_loss={loss:.2f}")
                seen[name].append((epoch, round(loss, 2)))
            logger.info("new lr is %.10f.", 0.1)
    try:
        train()
    finally:
        logger.removeHandler(handler)
        handler.close()
    df, _ = scalars(tmp_path)
    assert sorted(set(df.tag)) == ["test_loss", "train_loss", "valid_loss"]
    for name, points in seen.items():
        assert series(df, f"{name}_loss") == ([s for s, _ in points], [v for _, v in points])


def test_epoch_summary_printed_after_every_batch(tmp_path):
    """The TF2 transformer tutorial's loop with its epoch summary indented into the batch loop: after every batch
    ``Epoch {} Loss {:.4f} Accuracy {:.4f}`` (running means) and ``Time taken for 1 epoch: ..``, every 4 batches
    ``Epoch {} Batch {} Loss .. Accuracy ..``: the k-th summary line of an epoch is batch k of it, one point per
    step, and the batch lines on the same axis."""
    epochs, batches = 3, 6
    xt, yt, xv, yv, classes = _task(n=144)
    torch.manual_seed(0)
    model = torch.nn.Linear(xt.shape[1], classes)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    running, batch_lines = [], []
    with open(tmp_path / "log_train.txt", "w") as f, contextlib.redirect_stdout(f):
        for epoch in range(epochs):
            total = correct = seen = 0.0
            for batch in range(batches):
                idx = torch.arange(batch * 18, batch * 18 + 18)
                opt.zero_grad()
                out = model(xt[idx])
                loss = F.cross_entropy(out, yt[idx])
                loss.backward()
                opt.step()
                total += loss.item() * 18
                correct += (out.argmax(1) == yt[idx]).sum().item()
                seen += 18
                step = epoch * batches + batch
                if batch % 4 == 0:
                    print("Epoch {} Batch {} Loss {:.4f} Accuracy {:.4f}".format(epoch + 1, batch, total / seen,
                                                                                 correct / seen))
                    batch_lines.append((step, round(total / seen, 4)))
                print("Epoch {} Loss {:.4f} Accuracy {:.4f}".format(epoch + 1, total / seen, correct / seen))
                print("Time taken for 1 epoch: {} secs\n".format(1.25 + batch))
                running.append((step, round(total / seen, 4)))
    df, _ = scalars(tmp_path)
    assert series(df, "Loss_epoch") == ([s for s, _ in running], [v for _, v in running])
    assert series(df, "Loss") == ([s for s, _ in batch_lines], [v for _, v in batch_lines])


def test_ijepa_epoch_batch_lines_avg_summaries_and_bare_losses(tmp_path):
    """I-JEPA fine-tuning's logging (``logging.basicConfig``: ``INFO:root:...``): ``[%d, %5d/%5d] train_loss: %.3f
    [wd: ..] [lr: ..]`` at (epoch - 1) x batches + batch, ``avg. train_loss``/``avg. test_loss .. avg. Accuracy@1 ..``
    epoch summaries as ``<name>_epoch`` series at the epoch's last training step, and the evaluation loop's bare
    ``print("Loss:", ..)`` lines left out with a line saying so."""
    import logging

    log = tmp_path / "nohup2.out"
    epochs, batches = 3, 6
    train, summaries = [], []
    xt, yt, xv, yv, classes = _task(n=144)
    torch.manual_seed(0)
    model = torch.nn.Linear(xt.shape[1], classes)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with open(log, "w") as f, contextlib.redirect_stdout(f):
        handler = logging.StreamHandler(f)
        handler.setFormatter(logging.Formatter(logging.BASIC_FORMAT))
        logger = logging.getLogger("root")
        old_level, logger.level = logger.level, logging.INFO
        logger.addHandler(handler)
        try:
            for epoch in range(1, epochs + 1):
                logger.info("Epoch %d" % epoch)
                total = 0.0
                for itr in range(batches):
                    idx = torch.arange(itr * 18, itr * 18 + 18)
                    opt.zero_grad()
                    loss = F.cross_entropy(model(xt[idx]), yt[idx])
                    loss.backward()
                    opt.step()
                    total += loss.item()
                    if itr % 2 == 0:
                        logger.info("[%d, %5d/%5d] train_loss: %.3f [wd: %.2e] [lr: %.2e] [mem: %.2e] (%.1f ms)"
                                    % (epoch, itr, batches, total / (itr + 1), 0.05, 0.1, 6.4e4, 3855.1))
                        # epoch 1 (I-JEPA prints epoch + 1) is the steps 0..5 (readers19e: 1-based epochs)
                        train.append(((epoch - 1) * batches + itr, round(total / (itr + 1), 3)))
                with torch.no_grad():
                    for b in range(2):
                        print("Loss:", F.cross_entropy(model(xv[:12]), yv[:12]).item())
                    test_loss = F.cross_entropy(model(xv), yv).item()
                    acc = (model(xv).argmax(1) == yv).float().mean().item()
                logger.info("avg. train_loss %.3f" % (total / batches))
                logger.info("avg. test_loss %.3f avg. Accuracy@1 %.3f - avg. Accuracy@5 %.3f" % (test_loss, acc, 1.0))
                summaries.append((train[-1][0], round(total / batches, 3), round(test_loss, 3), round(acc, 3)))
        finally:
            logger.removeHandler(handler)
            logger.level = old_level
    df, warned = scalars(tmp_path)
    assert sorted(set(df.tag)) == ["lr", "test_Accuracy@1_epoch", "test_Accuracy@5_epoch", "test_loss_epoch",
                                   "train_loss", "train_loss_epoch", "wd"]
    assert series(df, "train_loss") == ([s for s, _ in train], [v for _, v in train])
    steps = [s[0] for s in summaries]
    assert series(df, "train_loss_epoch") == (steps, [s[1] for s in summaries])
    assert series(df, "test_loss_epoch") == (steps, [s[2] for s in summaries])
    assert series(df, "test_Accuracy@1_epoch") == (steps, [s[3] for s in summaries])
    assert any("bare 'Loss' lines" in w and "nohup2.out" in w for w in warned)
