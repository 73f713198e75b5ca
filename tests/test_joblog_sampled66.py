"""Past ``MAX_LINES`` progress lines the job-log scan samples the rest (issue 12: bounded time and memory); the
sampling must still keep the log's LAST line (a run's last logged value is the one users check: a newcomer's 60 MB,
520,000-line ``logging`` log showed step 519,999 as its last point, not 520,000) and say so in its warning.

The logs are written by Python's own ``logging`` module (a ``FileHandler`` with the usual
``%(asctime)s [%(levelname)s] %(name)s: %(message)s`` format), as /work/s66/gen_big.py wrote the newcomer's; the
limit is lowered to 1,000 lines so the test reads a 3,000-line log, not a 60 MB one (the scan reads the limit at call
time). No timing is asserted."""
from __future__ import annotations

import logging
import math
import warnings

import pytest

from loganalyzer.load import read_scalars
from loganalyzer.readers import _joblog_scan, joblog


def _write_log(path, steps: int, newline_at_end: bool = True) -> None:
    logger = logging.getLogger(f"pf66.{path}")
    logger.handlers, logger.propagate = [], False
    logger.setLevel(logging.INFO)
    handler = logging.FileHandler(path, "w")
    handler.setFormatter(logging.Formatter("%(asctime)s [%(levelname)s] %(name)s: %(message)s"))
    logger.addHandler(handler)
    for s in range(1, steps + 1):
        logger.info("step %d/%d | loss %.5f | lr %.3e | tokens/s 123456.7 | mem 12.3GB", s, steps,
                    0.2 + 2.1 * math.exp(-s / 400), 3e-4)
        if s % 500 == 0:
            logger.info("eval step %d | val_loss %.5f", s, 0.25 + 2.1 * math.exp(-s / 400))
    handler.close()
    logger.handlers = []
    if not newline_at_end:  # a job killed after its last flush: the last line has no newline
        data = path.read_bytes()
        path.write_bytes(data.rstrip(b"\n"))


def _read(path):
    joblog._CACHE.clear()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = read_scalars(str(path), resolve=True)
    return frame, [str(w.message) for w in caught]


@pytest.mark.parametrize("newline_at_end", [True, False])
def test_sampled_log_keeps_its_last_line(tmp_path, monkeypatch, newline_at_end):
    monkeypatch.setattr(_joblog_scan, "MAX_LINES", 1_000)
    log = tmp_path / "train.log"
    _write_log(log, 3_000, newline_at_end)
    frame, said = _read(log)
    assert [w for w in said if "progress lines" in w and "the last 64 KiB read whole" in w and "train.log" in w]
    loss = frame[frame.tag == "loss"]
    assert 1_000 < len(loss) < 3_000  # the first 1,000 lines, then sampled
    assert loss.step.iloc[-1] == 3_000  # the last line read, not the sampling's last pick
    assert loss.value.iloc[-1] == pytest.approx(0.2 + 2.1 * math.exp(-3_000 / 400), abs=1e-5)
    assert loss.step.is_monotonic_increasing and loss.step.is_unique
    val = frame[frame.tag == "val_loss"].step.tolist()  # (a validation line past the limit may be sampled away)
    assert val[0] == 500 and val[-1] == 3_000 and set(val) <= {500 * k for k in range(1, 7)}


def test_sampling_warning_says_the_last_line_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(_joblog_scan, "MAX_LINES", 1_000)
    log = tmp_path / "train.log"
    _write_log(log, 3_000)
    joblog._CACHE.clear()
    parsed = joblog.parse(log.read_bytes(), str(log))
    notes = [str(p) for p in parsed.problems if "progress lines" in str(p)]
    assert notes == [notes[0]] and "more than 1,000 progress lines" in notes[0]
    assert "the last 64 KiB read whole" in notes[0]


def test_under_the_limit_nothing_is_sampled(tmp_path, monkeypatch):
    monkeypatch.setattr(_joblog_scan, "MAX_LINES", 4_000)
    log = tmp_path / "train.log"
    _write_log(log, 3_000)
    frame, _ = _read(log)
    assert frame[frame.tag == "loss"].step.tolist() == list(range(1, 3_001))
