"""Printed-log reader kinds of the sets opened at stop 53 (119-124), each failing on the stop's start code, with
guards:

- ``Epoch 0: {'loss': ..}`` logged by a script relaunched in the same file (titanslm121): its nine trainings were
  numbered 1..246 as one curve;
- a BasicSR-style validation block printed on one line, ``Validation ValSet,  # psnr: 26.49`` (hdrunet119 DRANet):
  never read, and ``time (data): 0.387`` read as a series;
- PaddleClas' evaluation progress ``[Eval][Epoch 1][Iter: 20/25]`` before the pass's ``[Eval][Epoch 1][Avg]``
  (paddleclas119): the running values were the validation, the average a second series ``val_CELoss_epoch``;
- glog's ``E tensorflow/core/util/events_writer.cc:162] ..`` written by stderr onto a validation line (tfcnn123):
  a series of one point 162;
- ``validation loss at step 0: ..`` printed before the training's ``step 0/2331 loss: ..`` (tfcnn123 sge.log): a run
  of its own.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

import loganalyzer
from _runs import close_logger, file_logger, mlp, read_resolved, series_by_step

_FMT = "%(asctime)s - %(name)s - %(levelname)s - %(message)s"


def _train(epochs: int, seed: int, lr: float = 3e-3) -> list[float]:
    """A tiny regression MLP trained for real on one data set (the model's initialisation drawn from ``seed``): its
    loss per epoch."""
    torch.manual_seed(0)
    x = torch.randn(128, 6)
    y = x @ torch.randn(6, 1)
    torch.manual_seed(seed)
    model = mlp(6, 16, 1)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    out = []
    for _ in range(epochs):
        loss = F.mse_loss(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        out.append(loss.item())
    return out


# ---------------------------------------------------------------- 'Epoch N: {dict}' relaunched in one file


def test_epoch_dicts_of_relaunched_trainings_are_runs_of_their_own(tmp_path):
    path = tmp_path / "train.log"
    log = file_logger(path, _FMT, "titans53")
    lengths = (20, 2, 30)
    for seed, epochs in enumerate(lengths):
        log.info("Starting training with configuration: small")
        for epoch, loss in enumerate(_train(epochs, seed)):
            log.info(f"Epoch {epoch}: {{'loss': {loss}}}")
        log.info("Training completed!")
    close_logger(log)
    runs = loganalyzer.discover(str(tmp_path))
    assert [r.id for r in runs] == ["train.log#1", "train.log#2", "train.log#3"]
    df, _ = read_resolved(tmp_path)
    for i, epochs in enumerate(lengths, 1):
        steps, _ = series_by_step(df[df["dir"] == f"train.log#{i}"], "loss")
        assert steps == list(range(epochs)), (i, steps[:5])


def test_per_batch_lines_naming_only_their_epoch_keep_their_order(tmp_path):
    """Guard: ``Epoch 0: {'loss': ..}`` printed for every batch (the epoch repeated line after line) is one training
    whose lines are counted in order, not collapsed onto their epochs."""
    path = tmp_path / "train.log"
    log = file_logger(path, _FMT, "batches53")
    losses = _train(30, 1)
    for i, loss in enumerate(losses):
        log.info(f"Epoch {i // 10}: {{'loss': {loss}}}")
    close_logger(log)
    assert [r.id for r in loganalyzer.discover(str(tmp_path))] == ["train.log"]
    df, _ = read_resolved(tmp_path)
    steps, values = series_by_step(df, "loss")
    assert len(steps) == 30 and values == sorted(values, key=losses.index)


# ---------------------------------------------------------------- a BasicSR-style validation block on one line


def test_one_line_validation_psnr_is_read_and_data_time_is_no_series(tmp_path):
    path = tmp_path / "train_denoise.log"
    log = file_logger(path, "%(asctime)s %(levelname)s: %(message)s", "dranet53")
    losses = _train(40, 2)
    for epoch in range(4):
        for it in range(10):
            step = epoch * 1000 + (it + 1) * 100
            log.info(f"epoch:{epoch}, iter:{step}, lr: 0.000150 loss: {losses[epoch * 10 + it]:.6f}  "
                     f"eta: 2 days, 5:01:17, time (data): 0.387")
        log.info(f"Saving models and training states on epoch {epoch}.")
        log.info(f"Validation ValSet,\t\t # psnr: {26.5 + epoch:.4f}")
    close_logger(log)
    df, _ = read_resolved(tmp_path)
    steps, values = series_by_step(df, "metrics/ValSet/psnr")
    assert values == [26.5, 27.5, 28.5, 29.5] and steps == [1000, 2000, 3000, 4000]
    assert not {"time_data", "time (data)"} & set(df["tag"].astype(str))


def test_a_validation_word_in_an_ordinary_line_reads_as_before(tmp_path):
    """Guard: ``Validation loss: 0.52`` lines are the printed-log reader's as before (no ``metrics/`` series)."""
    path = tmp_path / "train.log"
    log = file_logger(path, _FMT, "valword53")
    for epoch, loss in enumerate(_train(8, 3), 1):
        log.info(f"Epoch {epoch}/8, Loss: {loss:.4f}")
        log.info(f"Validation Loss: {loss * 1.1:.4f}")
    close_logger(log)
    df, _ = read_resolved(tmp_path)
    tags = set(df["tag"].astype(str))
    assert not any(t.startswith("metrics/") for t in tags) and len(tags) == 2, tags


# ---------------------------------------------------------------- an evaluation pass's running lines and its average


def _ppcls(path, avg: bool = True) -> list[float]:
    log = file_logger(path, "[%(asctime)s] ppcls %(levelname)s: %(message)s", f"ppcls53{avg}")
    averages = []
    for epoch, loss in enumerate(_train(6, 4), 1):
        for it in range(0, 30, 10):
            log.info(f"[Train][Epoch {epoch}/6][Iter: {it}/30]lr(LinearWarmup): 0.00016531, CELoss: {loss:.5f}, "
                     f"loss: {loss:.5f}, batch_cost: 0.48451s, reader_cost: 0.00118, ips: 264.18414 samples/s")
        log.info(f"[Train][Epoch {epoch}/6][Avg]CELoss: {loss:.5f}, loss: {loss:.5f}")
        running = [loss * (1.3 - 0.1 * k) for k in range(3)]  # the pass's running means, its first batches' harder
        for it, value in zip((0, 10, 20), running):
            log.info(f"[Eval][Epoch {epoch}][Iter: {it}/25]CELoss: {value:.5f}, loss: {value:.5f}, top1: 0.10000, "
                     "top5: 0.30000, batch_cost: 0.71648s, reader_cost: 0.39282, ips: 357.30297 images/sec")
        mean = round(loss * 1.05, 5)
        averages.append(mean)
        if avg:
            log.info(f"[Eval][Epoch {epoch}][Avg]CELoss: {mean:.5f}, loss: {mean:.5f}, top1: 0.12000, top5: 0.33000")
    close_logger(log)
    return averages


def test_evaluation_pass_averages_are_the_validation(tmp_path):
    averages = _ppcls(tmp_path / "train.log")
    df, _ = read_resolved(tmp_path)
    tags = set(df["tag"].astype(str))
    assert "val_CELoss_epoch" not in tags, tags
    _, values = series_by_step(df, "val_CELoss")
    assert values == averages


def test_evaluation_running_lines_without_averages_stay(tmp_path):
    """Guard: a log printing only the pass's running lines keeps them (they are all it has)."""
    _ppcls(tmp_path / "train.log", avg=False)
    df, _ = read_resolved(tmp_path)
    assert len(series_by_step(df, "val_CELoss")[1]) >= 6


# ---------------------------------------------------------------- glog source lines, a validation line before step 0


def test_glog_source_path_is_no_series(tmp_path):
    lines = []
    for i, v in enumerate(_train(30, 5)):
        lines.append(f"step {i}/866 loss: {v:.6f}")
        if i % 10 == 9:  # (the last one with stderr's glog line written onto it, no newline between: the job's)
            lines.append(f"validation loss at step {i + 1}: {v * 1.1:.6f}, the acc is: 0.535747"
                         + ("E tensorflow/core/util/events_writer.cc:162] The events file exp/cnn/logdir/events.out."
                            "tfevents.1493795794.host has disappeared." if i == 29 else ""))
    lines += ["the validation loss is worse, terminating training",
              "------- Dev: computing state pseudo-likelihoods ----------", "the utt's maxlength is: 742",
              "------- decoding dev sets ----------", "------- Test: computing state pseudo-likelihoods ----------",
              "the utt's maxlength is: 619", "get the likelihoods", "------- decoding testing sets ----------",
              "tfevents.1493795794.host has disappeared."]
    for n in (72, 74):
        lines.append(f"E tensorflow/core/util/events_writer.cc:131] Failed to flush {n} events to exp/cnn/logdir/"
                     "events.out.tfevents.1493795794.host")
        lines.append("E tensorflow/core/util/events_writer.cc:162] The events file exp/cnn/logdir/events.out."
                     "tfevents.1493795794.host has disappeared.")
    (tmp_path / "cnn.log").write_text("\n".join(lines) + "\n")
    df, _ = read_resolved(tmp_path)
    assert not any("events_writer" in t for t in df["tag"].astype(str)), set(df["tag"].astype(str))


def test_validation_before_the_first_training_step_opens_no_run(tmp_path):
    losses = _train(30, 6)
    lines = [  # TensorFlow 1.x's allocator lines before it (glog), as the job printed them
        "I tensorflow/core/common_runtime/gpu/pool_allocator.cc:259] Raising pool_size_limit_ from 233 to 256",
        "I tensorflow/core/common_runtime/gpu/pool_allocator.cc:247] PoolAllocator: After 0 get requests, put_count=1033 evicted_count=1000 eviction_rate=0.968054 and unsatisfied allocation rate=0",
        "I tensorflow/core/common_runtime/gpu/pool_allocator.cc:247] PoolAllocator: After 2456 get requests, put_count=1663 evicted_count=1000 eviction_rate=0.601323 and unsatisfied allocation rate=0.752036",
        "I tensorflow/core/common_runtime/gpu/pool_allocator.cc:259] Raising pool_size_limit_ from 596 to 655",
        "I tensorflow/core/common_runtime/gpu/pool_allocator.cc:247] PoolAllocator: After 2456 get requests, put_count=2160 evicted_count=1000 eviction_rate=0.462963 and unsatisfied allocation rate=0.566368",
        "I tensorflow/core/common_runtime/gpu/pool_allocator.cc:259] Raising pool_size_limit_ from 1053 to 1158",
    ]
    lines.append(f"validation loss at step 0: {losses[0]:.6f}, acc is 0.000260")
    lines += [
        "WARNING no targets for 47hc030g",
        "I tensorflow/core/common_runtime/gpu/pool_allocator.cc:247] PoolAllocator: After 3303 get requests, put_count=3633 evicted_count=1000 eviction_rate=0.275255 and unsatisfied allocation rate=0.277626",
        "I tensorflow/core/common_runtime/gpu/pool_allocator.cc:259] Raising pool_size_limit_ from 2725 to 2997",
    ]
    for i, v in enumerate(losses):
        lines.append(f"step {i}/2331 loss: {v:.6f}")
        if i % 10 == 9:
            lines.append(f"validation loss at step {i + 1}: {v * 1.1:.6f}, the acc is: 0.102526")
    (tmp_path / "sge.log").write_text("\n".join(lines) + "\n")
    assert [r.id for r in loganalyzer.discover(str(tmp_path))] == ["sge.log"]
    df, _ = read_resolved(tmp_path)
    steps, _ = series_by_step(df, "validation_loss")
    assert steps == [0, 10, 20, 30]
    assert len(series_by_step(df, "loss")[0]) == 30


def test_source_file_names_with_two_dots_or_headers_are_sources():
    """The breaker's glog variants: 'conv_ops_gpu.cu.cc', 'TensorExecutor.hpp' are source files, not series."""
    from loganalyzer.readers._joblog_notmetric import _SOURCE_TAG

    for tag in ("val_tensorflow/core/kernels/conv_ops_gpu.cu.cc", "val_TensorExecutor.hpp", "trainer.py"):
        assert _SOURCE_TAG.match(tag), tag
    for tag in ("val_loss", "acc", "val_top1.acc"):
        assert not _SOURCE_TAG.match(tag), tag
