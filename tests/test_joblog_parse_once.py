"""A printed job log is parsed once per scan and per ``read_scalars`` (issue 12; ``readers._joblog_cache``).

Discovery parses each job log to count its runs and points (``_joblog_files._measure``), then the loader reads
each run from the same bytes. Before, the in-process cache kept only the last 4 logs, and a scan discovers every
log before it reads the first run: a tree of 5 or more logs had each parsed twice (9 logging logs: 18 parses).

The logs are written by Python's ``logging`` module (``logging.FileHandler`` with the format
``%(asctime)s [%(levelname)s] %(name)s: %(message)s``), as the newcomer's big training log of stop 65 was. The
count is of real parses: a spy around ``joblog._scan`` (the parse's pass over the lines, once per parse of such a
log) that calls the real one.
"""
from __future__ import annotations

import json
import logging
import math
from collections import Counter

import pytest

import loganalyzer
from loganalyzer.readers import _joblog_cache, joblog
from loganalyzer.scan import scan


def _write_log(path, steps: int, name: str) -> None:
    logger = logging.getLogger(f"parse_once.{name}")
    logger.handlers = []
    logger.propagate = False
    logger.setLevel(logging.INFO)
    handler = logging.FileHandler(path, "w")
    handler.setFormatter(logging.Formatter("%(asctime)s [%(levelname)s] %(name)s: %(message)s"))
    logger.addHandler(handler)
    for step in range(1, steps + 1):
        logger.info("step %d/%d | loss %.5f | lr %.3e", step, steps, 0.2 + 2.1 * math.exp(-step / 40), 3e-4)
        if step % 50 == 0:
            logger.info("eval step %d | val_loss %.5f", step, 0.25 + 2.1 * math.exp(-step / 40))
    handler.close()
    logger.handlers = []


@pytest.fixture
def parses(monkeypatch):
    """Full parses by path length: each call of the real ``joblog._scan``."""
    counted: Counter = Counter()
    real = joblog._scan

    def spy(data, size, *rest, **kw):
        counted[size] += 1
        return real(data, size, *rest, **kw)

    monkeypatch.setattr(joblog, "_scan", spy)
    joblog._CACHE.clear()
    yield counted
    joblog._CACHE.clear()


def test_read_scalars_of_a_printed_log_parses_it_once(tmp_path, parses):
    log = tmp_path / "train.log"
    _write_log(log, 400, "one")
    frame = loganalyzer.read_scalars(str(log), resolve=True)
    assert set(frame["tag"]) >= {"loss", "val_loss"}
    assert sum(parses.values()) == 1


@pytest.mark.parametrize("given", ["file", "folder"])
def test_scan_of_one_printed_log_parses_it_once(tmp_path, parses, given):
    (tmp_path / "run").mkdir()
    log = tmp_path / "run" / "train.log"
    _write_log(log, 400, given)
    report = scan([str(log if given == "file" else log.parent)])
    assert [r.verdict for r in report.runs] != []
    assert sum(parses.values()) == 1


def test_serial_scan_of_a_tree_parses_each_log_once(tmp_path, parses):
    """9 logs in one process (``jobs=1``): discovery measures all 9 before the loader reads the first."""
    sizes = []
    for i in range(9):
        (tmp_path / f"r{i}").mkdir()
        _write_log(tmp_path / f"r{i}" / "train.log", 100 + 20 * i, f"tree{i}")
        sizes.append((tmp_path / f"r{i}" / "train.log").stat().st_size)
    report = scan([str(tmp_path)], jobs=1)
    assert len(report.runs) == 9
    assert dict(parses) == {size: 1 for size in sizes}
    joblog._CACHE.clear()
    again = json.dumps(scan([str(tmp_path)], jobs=1).to_dict(), sort_keys=True)
    assert again == json.dumps(report.to_dict(), sort_keys=True)


def test_measured_logs_are_bounded(tmp_path, parses, monkeypatch):
    """Past ``MEASURED_LOGS`` logs the oldest measures are dropped (then parsed again when read), and a log read by
    the loader leaves the measured part: the cache never holds more than its bounds."""
    monkeypatch.setattr(_joblog_cache, "MEASURED_LOGS", 3)
    for i in range(6):
        (tmp_path / f"r{i}").mkdir()
        _write_log(tmp_path / f"r{i}" / "train.log", 100 + 20 * i, f"bound{i}")
    report = scan([str(tmp_path)], jobs=1)
    assert len(report.runs) == 6
    assert sum(parses.values()) == 6 + 3  # the 3 oldest measures dropped before their runs were read
    assert len(joblog._CACHE.measured) == 0 and len(joblog._CACHE.recent) <= _joblog_cache.RECENT
