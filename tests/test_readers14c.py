"""Printed logs of readers14c (breaker4 faults 3, 8, 9 and the Keras/empty-file notes), each written by its writer
or printed by a real tiny training loop:

- MLPerf ``:::MLLOG`` records: ``mlperf_logging.mllog`` is not installed here, so the loop logs as its source does
  (``mllog.MLLogger._do_log``: ``':::MLLOG ' + json.dumps({"namespace", "time_ms", "event_type", "key", "value",
  "metadata": {"file", "lineno", **metadata}})`` through a ``logging`` handler), every rank behind srun -l's ``N: ``.
"""
from __future__ import annotations

import inspect
import json
import logging
import time
import warnings

import torch

from loganalyzer import read_scalars
from loganalyzer.discover import discover

from _runs import tiny_epochs  # noqa: E402


def _mllogger(path, rank: int):
    logger = logging.getLogger(f"mllog_test_{path}_{rank}")
    logger.handlers.clear()
    logger.propagate = False
    handler = logging.FileHandler(path, mode="a")
    handler.setFormatter(logging.Formatter(f"{rank:2d}: %(message)s"))  # srun -l's rank label
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

    def event(key, value=None, metadata=None):
        frame = inspect.stack()[1]
        meta = {"file": frame.filename, "lineno": frame.lineno, **(metadata or {})}
        logger.info(":::MLLOG " + json.dumps({"namespace": "", "time_ms": int(time.time() * 1000),
                                              "event_type": "POINT_IN_TIME", "key": key, "value": value,
                                              "metadata": meta}))
    return event, logger, handler


def _mlperf_log(tmp_path, evals=True):
    path = tmp_path / "result_0.log"
    torch.manual_seed(0)
    x = torch.randn(64, 4)
    y = (x[:, 0] > 0).long()
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    loggers = [_mllogger(path, r) for r in (0, 1)]
    for event, _, _ in loggers:
        event("submission_benchmark", "bert")
        event("global_batch_size", 16)
        event("run_start")
    expected, samples = [], 0
    for step in range(1, 13):
        b = slice((step * 16) % 64, (step * 16) % 64 + 16)
        loss = torch.nn.functional.cross_entropy(model(x[b]), y[b])
        opt.zero_grad()
        loss.backward()
        opt.step()
        samples += 16
        if step % 3 == 0:
            with torch.no_grad():
                out = model(x)
                acc = (out.argmax(1) == y).float().mean().item()
                eval_loss = torch.nn.functional.cross_entropy(out, y).item()
            for rank, (event, logger, _) in enumerate(loggers):
                event("tracked_stats", {"throughput": 1234.5}, {"epoch_num": samples})
                if evals:
                    event("eval_accuracy", acc + rank, {"epoch_num": samples})
                    logger.info(str({"global_steps": step, "eval_loss": eval_loss + rank,
                                     "eval_mlm_accuracy": acc + rank}))
            expected.append((samples, acc, eval_loss))
    for event, logger, handler in loggers:
        if evals:
            logger.info(str({"e2e_time": 1.5, "final_loss": 0.0}))  # BERT's closing print: no step
        event("run_stop", None, {"status": "success"})
        handler.close()
        logger.removeHandler(handler)
    return path, expected


def test_mlperf_mllog_eval_accuracy_at_epoch_num(tmp_path):
    path, expected = _mlperf_log(tmp_path)
    runs = discover(tmp_path)
    assert [r.id for r in runs] == ["result_0.log"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(path)
    assert any("final_loss" in str(w.message) and "MLLOG" in str(w.message) for w in caught)
    assert "final_loss" not in set(df.tag)
    acc = df[df.tag == "eval_accuracy"]
    assert acc.step.tolist() == [s for s, _, _ in expected]
    assert acc.value.tolist() == [a for _, a, _ in expected]  # rank 0's
    loss = df[df.tag == "eval_loss"]  # the dict printed after the record: the same evaluation
    assert loss.step.tolist() == [s for s, _, _ in expected]
    assert loss.value.round(6).tolist() == [round(v, 6) for _, _, v in expected]
    assert "global_steps" not in set(df.tag) and "throughput" not in set(df.tag)


def test_mlperf_log_without_eval_says_mllog(tmp_path):
    path, _ = _mlperf_log(tmp_path, evals=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(tmp_path)
    assert df.empty
    text = " ".join(str(w.message) for w in caught)
    assert "MLLOG" in text and "no loss, epoch" not in text


def _hyperref_out(sections):
    """hyperref's ``\\BOOKMARK`` lines (hyperref.sty ``\\Hy@writebookmark`` -> ``paper.out``) of these sections, as
    pdflatex writes them (the titles in PDF's UTF-16 octal escapes)."""
    lines = []
    for i, title in enumerate(sections, start=1):
        octal = "\\376\\377" + "".join(f"\\000{c}" if c.isalnum() else "\\000\\040" for c in title)
        lines.append(f"\\BOOKMARK [1][-]{{section.{i}}}{{{octal}}}{{}}% {i}\n")
    return "".join(lines)


def test_latex_bookmarks_out_is_no_job_log(tmp_path):
    (tmp_path / "paper.out").write_text(_hyperref_out(["Introduction", "Training loss", "Results"]))
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "report.out").write_text("Epoch 1 loss 0.5\n")  # beside report.tex: LaTeX's too
    (tmp_path / "notes" / "report.tex").write_text("\\documentclass{article}\n")
    torch.manual_seed(0)
    model = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x, y = torch.randn(8, 2), torch.randn(8, 1)
    with open(tmp_path / "slurm-7.out", "w") as f:  # a job's stdout stays a run
        for epoch in range(1, 4):
            loss = torch.nn.functional.mse_loss(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            print(f"Epoch {epoch} loss {loss.item():.4f}", file=f)
    assert [r.id for r in discover(tmp_path)] == ["slurm-7.out"]


def test_empty_log_says_empty_file(tmp_path):
    handler = logging.FileHandler(tmp_path / "train.log")  # a job that died before logging a line
    handler.close()
    assert (tmp_path / "train.log").stat().st_size == 0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        read_scalars(tmp_path)
    text = " ".join(str(w.message) for w in caught)
    assert "empty file" in text and "first 0 bytes" not in text


def test_marian_train_log(tmp_path):
    """Marian is not installed: a tiny torch loop logs as Marian 1.7's scheduler does (spdlog pattern ``[%Y-%m-%d
    %H:%M:%S] ``; ``Ep. {} : Up. {} : Sen. {} : Cost {:.8f} : Time {:.2f}s : {:.2f} words/s : L.r. {:.4e}``;
    the valid logger's ``[valid] Ep. {} : Up. {} : {} : {} : new best|stalled {} times``), after its ~150
    ``[config]`` lines (past discovery's 8 KB head)."""
    stamp = "[2018-12-08 17:18:31] "
    lines = [stamp + "[marian] Marian v1.7.3 3efcfdf 2018-12-05 21:03:05 -0800",
             stamp + "[marian] Running on host as process 4179 with command line:"]
    lines += [stamp + f"[config] option-number-{i}: {'value ' * 8}".rstrip() for i in range(160)]
    lines += [stamp + "Training started"]
    torch.manual_seed(0)
    x, y = torch.randn(200, 6), torch.randint(0, 3, (200,))
    model = torch.nn.Linear(6, 3)
    opt = torch.optim.Adam(model.parameters(), lr=3e-2)
    costs, valids, best = [], [], None
    for up in range(1, 61):
        b = slice((up * 20) % 200, (up * 20) % 200 + 20)
        loss = torch.nn.functional.cross_entropy(model(x[b]), y[b])
        opt.zero_grad()
        loss.backward()
        opt.step()
        if up % 10 == 0:
            lr = opt.param_groups[0]["lr"]
            lines.append(stamp + f"Ep. {up // 20 + 1} : Up. {up} : Sen. {up * 20 * 1000:,} : Cost {loss.item():.8f}"
                         f" : Time 12.34s : 11345.70 words/s : L.r. {lr:.4e}")
            costs.append((up, round(loss.item(), 8)))
        if up % 20 == 0:
            with torch.no_grad():
                ce = torch.nn.functional.cross_entropy(model(x), y).item()
            word = "new best" if best is None or ce < best else "stalled 1 times"
            best = ce if best is None else min(best, ce)
            lines.append(stamp + f"[valid] Ep. {up // 20 + 1} : Up. {up} : cross-entropy : {ce:g} : {word}")
            lines.append(stamp + f"[valid] Ep. {up // 20 + 1} : Up. {up} : perplexity : {2.718281828 ** ce:g} : {word}")
            valids.append((up, float(f"{ce:g}")))
    lines.append(stamp + "Training finished")
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    assert len("\n".join(lines[:150])) > 8192
    assert [r.id for r in discover(tmp_path)] == ["train.log"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = read_scalars(tmp_path)
    cost = df[df.tag == "cost"]
    assert list(zip(cost.step, cost.value)) == costs
    val = df[df.tag == "val_cross_entropy"]
    assert list(zip(val.step, val.value)) == valids
    assert set(df.tag) == {"cost", "learning_rate", "val_cross_entropy", "val_perplexity"}


def _fit_printed(path, epochs: int, planned: int):
    """A torch loop printing as old Keras ``fit(verbose=2)`` did (Keras 1.x ``callbacks.ProgbarLogger``: the
    ``Epoch 3/15`` header, then ``138s - loss: 0.1709 - acc: 0.9517 - val_loss: 2.4616 - val_acc: 0.5115``),
    stopped after ``epochs`` of ``planned``."""
    torch.manual_seed(0)
    x, y = torch.randn(64, 5), torch.randint(0, 2, (64,))
    with open(path, "w") as f:
        print("Train on 48 samples, validate on 16 samples", file=f)
        for epoch, (loss, acc, val_loss, val_acc) in enumerate(tiny_epochs(x, y, epochs, lr=0.3), 1):
            print(f"Epoch {epoch}/{planned}", file=f)
            print(f"1s - loss: {loss:.4f} - acc: {acc:.4f} - val_loss: {val_loss:.4f} - val_acc: {val_acc:.4f}", file=f)


def test_epoch_headers_reaching_planned_total_complete(tmp_path):
    from loganalyzer.scan import scan
    (tmp_path / "done").mkdir()
    (tmp_path / "cut").mkdir()
    _fit_printed(tmp_path / "done" / "train.log", 4, 4)
    _fit_printed(tmp_path / "cut" / "train.log", 2, 4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        runs = {r.path.replace("\\", "/").split("/")[-2]: r for r in scan([str(tmp_path)]).runs}
    assert runs["done"].ended.cause == "completed"
    assert runs["cut"].ended.cause != "completed"
