"""printed38a: printed-log shapes the blind labellers of sets 66 and 68 found read wrong or not at all.

- python logging of a trainer ending its sentences with a period (public HSabbar/decision-capp-segmentation
  ``Mcheckpoints/train.log``: ``- DEBUG - Training Epoch: 1, Loss: 0.2057.``): nothing was read;
- ``Epoch 001: train=2.5584, val=2.3731, ppl=10.73 [BEST]`` under a logging prefix (public 123412341234a/LLM-homework
  ``results/train.log``): nothing was read;
- a fresh tqdm bar's first ``set_postfix`` drawn at ``0/K`` (public surajcodesml/RCNN-OCT ``train_output.log``): the
  first batch's loss was dropped;
- a ProgressMeter line as a tqdm description, redraws separated by ``\\r``, and stdout's validation blocks flushed at
  the end (public RCVLab-AiimLab/crowd_counting ``train_alt_1.out``): 0 rows;
- AutoVC's ``Elapsed [0:00:50], Iteration [500/1000000], G/loss_id: ..`` lines (public lohjine/autovc
  ``trainlog.txt``): not discovered; short restarts of another set-up appended to it were spliced in as resumes.

Each log text is printed here by a real tiny torch training in the script's own print format.
"""
from __future__ import annotations

import io
import logging

import pytest

torch = pytest.importorskip("torch")
tqdm = pytest.importorskip("tqdm").tqdm

from loganalyzer import discover  # noqa: E402
from loganalyzer.scan import scan  # noqa: E402
from test_readers20a import _read, _series  # noqa: E402
from test_readers28b import _close  # noqa: E402


def _losses(steps: int, seed: int = 0, lr: float = 0.05, scale: float = 1.0):
    """(training loss, validation loss) of each step of a tiny regression (targets times ``scale``)."""
    g = torch.Generator().manual_seed(seed)
    x, xv = torch.randn(64, 4, generator=g), torch.randn(32, 4, generator=g)
    w = torch.randn(4, 1, generator=g)
    y, yv = x @ w * scale, xv @ w * scale
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    mse = torch.nn.functional.mse_loss
    for _ in range(steps):
        loss = mse(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            yield loss.item(), mse(model(xv), yv).item()


def _logger(path, name: str) -> logging.Logger:
    """A python logger writing '%(asctime)s - %(levelname)s - %(message)s' to ``path``, as both scripts set it up."""
    logger = logging.getLogger(f"printed38a.{name}")
    logger.handlers.clear()
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("%(asctime)s - %(levelname)s - %(message)s"))
    logger.addHandler(handler)
    return logger


# ------------------------------------------------------------------ 'Training Epoch: 1, Loss: 0.2057.'


def test_logged_sentences_ending_in_a_period(tmp_path):
    """text-segmentation's run.py: ``logger.debug('Training Epoch: {}, Loss: {:.4}.'.format(...))``, then the
    validation's accuracy/Pk line (no loss); two sessions appended to one file are two runs."""
    path = tmp_path / "train.log"
    logger = _logger(path, "capp")
    train = []
    for session in range(2):
        logger.debug("Running with config {'cuda': True, 'bs': 8, 'epochs': 4}")
        train.append([])
        for epoch, (tl, vl) in enumerate(_losses(4, seed=session), start=1):
            logger.debug("Training Epoch: {}, Loss: {:.4}.".format(epoch, tl))
            logger.info("Validating Epoch: {}, accuracy: {:.4}, Pk: {:.4}, Windiff: {:.4}, F1: {:.4} . ".format(
                epoch, 0.96, vl, -1.0, 0.0))
            logger.debug("Testing Epoch: {}, accuracy: {:.4}, Pk: {:.4}, Windiff: {:.4}, F1: {:.4} . ".format(
                epoch, 0.96, vl, -1.0, 0.0))
            train[-1].append(float("{:.4}".format(tl)))
    _close(logger)
    assert [r.id for r in discover(str(tmp_path))] == ["train.log#1", "train.log#2"]
    df, _ = _read(tmp_path)
    for i, values in enumerate(train, start=1):
        assert _series(df, "Loss", run=f"train.log#{i}") == ([1, 2, 3, 4], values)
    # 'Training Epoch' / 'Validating Epoch' are the epoch, no series; since stop 39 the accuracy lines are read as
    # their split's metrics (test_printed39c)
    assert {"Loss", "val_accuracy", "val_Pk", "test_Pk"} <= set(df.tag)
    assert not {"Training_Epoch", "Validating_Epoch", "accuracy", "Pk"} & set(df.tag)
    for i in (1, 2):
        assert _series(df, "val_Pk", run=f"train.log#{i}")[0] == [1, 2, 3, 4]
    runs = scan([str(tmp_path)]).runs
    assert all(r.verdict not in (None, "unknown") for r in runs)


def test_a_version_or_file_name_is_no_sentence_end(tmp_path):
    """'loss 0.5.pt', 'version 1.2.3': a period followed by more text is no sentence's end."""
    from loganalyzer.readers._progress import parse

    assert parse(b"saved best loss 0.5.pt") is None
    record = parse(b"Epoch: 3, loss: 0.25.")
    assert record is not None and record.values == (("loss", 0.25),) and record.step == 3


# ------------------------------------------------------------------ 'Epoch 001: train=2.5584, val=2.3731, ppl=10.73 [BEST]'


def test_split_named_epoch_lines_under_a_logging_prefix(tmp_path):
    import math

    path = tmp_path / "train.log"
    logger = _logger(path, "llmhw")
    logger.info("Logger initialized. Writing to results/train.log")
    logger.info("Using device: cpu")
    train, valid, best, wait = [], [], math.inf, 0
    for epoch, (tl, vl) in enumerate(_losses(12), start=1):
        note = "[BEST]" if vl < best else f"(no improve {wait + 1}/10)"
        best, wait = (vl, 0) if vl < best else (best, wait + 1)
        logger.info(f"Epoch {epoch:03d}: train={tl:.4f}, val={vl:.4f}, ppl={math.exp(vl):.2f} {note}")
        train.append(round(tl, 4))
        valid.append(round(vl, 4))
    _close(logger)
    assert [r.id for r in discover(str(tmp_path))] == ["train.log"]
    df, _ = _read(tmp_path)
    assert _series(df, "train_loss") == (list(range(1, 13)), train)
    assert _series(df, "val_loss") == (list(range(1, 13)), valid)
    assert len(df[df.tag == "ppl"]) == 12  # the last value before its remark is kept
    (run,) = scan([str(tmp_path)]).runs
    assert run.roles == {"train_loss": "train_loss", "val_loss": "val_loss"}


# ------------------------------------------------------------------ a fresh tqdm bar's first postfix


def _bar_log(epochs: int, batches: int, reset: bool = False) -> tuple[str, list]:
    """A training loop's tqdm output: a fresh bar per epoch (``pbar.set_postfix(loss=...)`` after each batch), or
    one bar ``reset()`` at each epoch's start (its postfix still the last epoch's)."""
    out, losses = io.StringIO(), []
    steps = iter(_losses(epochs * batches))
    bar = tqdm(total=batches, file=out, desc="Epoch 1", mininterval=0, ascii=False) if reset else None
    for epoch in range(1, epochs + 1):
        if reset:
            bar.reset()
            bar.set_description(f"Epoch {epoch}")
            pbar = bar
        else:
            pbar = tqdm(range(batches), desc=f"Epoch {epoch}", file=out, mininterval=0)
        for _ in range(batches):
            loss, _ = next(steps)
            pbar.set_postfix(loss=f"{loss:.4f}")
            losses.append(round(loss, 4))
            pbar.update(1)
        if not reset:
            pbar.close()
    if reset:
        bar.close()
    return "Starting training for %d epochs...\n\n" % epochs + out.getvalue(), losses


def test_a_reset_bars_postfix_at_zero_is_no_point(tmp_path):
    text, losses = _bar_log(3, 10, reset=True)
    (tmp_path / "train_output.log").write_text(text)
    df, _ = _read(tmp_path)
    steps, values = _series(df, "loss")
    assert len(steps) == len(set(steps)) and steps[0] == 1  # no point at 0/K (a bar at 0 with a postfix)
    # the reset bar at 'Epoch 2: 0/10' shows epoch 1's last value (drawn at 10/10 = step 10): no second point there
    assert dict(zip(steps, values))[10] == losses[9]


# ------------------------------------------------------------------ ProgressMeter as a tqdm description


class _Meter:
    """pytorch/examples' AverageMeter: the value and its running average."""

    def __init__(self):
        self.val, self.sum, self.count = 0.0, 0.0, 0

    def update(self, v: float) -> None:
        self.val, self.sum, self.count = v, self.sum + v, self.count + 1

    @property
    def avg(self) -> float:
        return self.sum / self.count


def test_meter_descriptions_and_validation_flushed_at_exit(tmp_path):
    """crowd_counting's train.py: ``pbar.set_description('Epoch [{0}][{1}/{2}] Time/b {batch_time.val:.2f}
    ({batch_time.avg:.2f}) Loss {loss.val:.4f} ({loss.avg:.3f}) ')`` on stderr, ``print('begin validation')`` and
    ``print(' * MAE_Count_T {mae:.3f} ')`` on a block-buffered stdout: both redirected to one file, stdout's lines
    come after the last bar (flushed at exit)."""
    err, stdout = io.StringIO(), io.StringIO()
    epochs, batches = 4, 12
    steps = iter(_losses(epochs * batches + 5, scale=10.0))
    train = []
    for epoch in range(epochs + 1):  # the last epoch cut short by a crash
        loss, timer = _Meter(), _Meter()
        pbar = tqdm(range(batches), file=err, mininterval=0)
        for bi in pbar:
            if epoch == epochs and bi == 5:
                break
            value, val = next(steps)
            loss.update(value)
            timer.update(0.5)
            pbar.set_description(f"Epoch [{epoch}][{bi}/{batches}] Time/b {timer.val:.2f} ({timer.avg:.2f}) "
                                 f"Loss {loss.val:.4f} ({loss.avg:.3f}) ")
            train.append(round(value, 4))
        pbar.close()
        if epoch < epochs:
            print("begin validation", file=stdout)
            print(f" * MAE_Count_T {val * 3:.3f} ", file=stdout)
            print(f" * Best MAE {val * 3:.3f} ", file=stdout)
    text = err.getvalue() + "Traceback (most recent call last):\n  File \"train.py\", line 88, in train\n" \
        "OSError: Unable to create file\n" + stdout.getvalue()
    (tmp_path / "train_alt_1.out").write_text(text)
    df, _ = _read(tmp_path)
    steps_read, values = _series(df, "Loss")
    assert values[0] == train[0] and steps_read[:3] == [0, 1, 2]
    assert _series(df, "val_MAE_Count_T")[0] == [b * batches + batches - 1 for b in range(epochs)]


def test_validation_blocks_not_matching_the_epochs_stay_put(tmp_path):
    """Three blocks after two epochs: no buffered per-epoch validation; they stay at the last step."""
    lines = []
    for epoch in range(2):
        for bi, (value, _) in enumerate(_losses(4, seed=epoch)):
            lines.append(f"Epoch: [{epoch}][{bi}/4]\tTime 0.5 (0.5)\tLoss {value:.4f} ({value:.4f})")
    lines += [" * MAE 3.0", " * MAE 2.0", " * MAE 1.0"]
    (tmp_path / "train.out").write_text("\n".join(lines) + "\n")
    df, _ = _read(tmp_path)
    assert set(_series(df, "val_MAE")[0]) == {7}


# ------------------------------------------------------------------ AutoVC's 'Iteration [500/1000000], G/loss_id: ..'


def _autovc_lines(steps: int, every: int, key: str = "Iteration", start: int = 0, scale: float = 1.0,
                  seed: int = 0, stride: int = 1, lr: float = 0.05, warm: int = 0) -> list[str]:
    """solver_encoder.py's ``log = "Elapsed [{}], Iteration [{}/{}]".format(...)`` and its ``, {}: {:.4f}`` parts
    (the printed iteration: ``start`` + ``stride`` x the loop's; ``warm`` steps trained first, unprinted: a model
    loaded from another set-up's checkpoint)."""
    out = []
    for i, (loss, val) in enumerate(_losses(warm + steps, seed=seed, scale=scale, lr=lr), start=1 - warm):
        if i > 0 and i % every == 0:
            it = start + i * stride
            out.append(f"Elapsed [0:00:{i % 60:02d}], {key} [{it}/1000000], G/loss_id: {loss:.4f}, "
                       f"G/loss_id_psnt: {loss * 1.01:.4f}, G/loss_cd: {val / 50:.4f}, mvg_avg: {val / 40:.4f}")
    return out


def test_iteration_lines_naming_loss_parts_are_found(tmp_path):
    lines = _autovc_lines(400, 10, scale=3.0, stride=100, lr=0.002)  # iterations 1,000 ... 40,000: 12.8 -> 0.61
    lines += _autovc_lines(30, 1, key="Iter", start=1000, warm=3000)  # another set-up from 1,001
    (tmp_path / "trainlog.txt").write_text("\n".join(lines) + "\n")
    assert [r.id for r in discover(str(tmp_path))] == ["trainlog.txt#1", "trainlog.txt#2"]
    df, _ = _read(tmp_path)
    steps, _ = _series(df, "G/loss_id", run="trainlog.txt#1")
    assert steps[0] == 1000 and steps[-1] == 40000 and len(steps) == 40  # not replaced by the restart from 1001
    assert _series(df, "G/loss_id", run="trainlog.txt#2")[0][0] == 1001


def test_a_resume_near_the_runs_level_stays_one_run(tmp_path):
    lines = _autovc_lines(400, 10, scale=3.0, stride=100)
    lines += _autovc_lines(400, 10, scale=3.0, stride=100)[30:]  # resumed from iteration 31,000 at the same level
    (tmp_path / "trainlog.txt").write_text("\n".join(lines) + "\n")
    assert [r.id for r in discover(str(tmp_path))] == ["trainlog.txt"]
