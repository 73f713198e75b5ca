"""A printed log resumed many times (``readers/_joblog_restart.Restarts``): the run is read once, not again at each
resume, and every answer is the one a fresh look at the run so far gives. The logs are printed by a tiny torch
regression through tqdm, killed and resumed from its checkpoint (``benchmarks/resumed_log.py``)."""
from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pytest

pytest.importorskip("torch")
pytest.importorskip("tqdm")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from resumed_log import write  # noqa: E402

from loganalyzer import discover, read_scalars  # noqa: E402
from loganalyzer.readers import joblog  # noqa: E402
from loganalyzer.readers._joblog_restart import Restarts, new_training  # noqa: E402


@pytest.fixture(scope="module")
def logs(tmp_path_factory):
    root = tmp_path_factory.mktemp("resumed")
    (root / "job").mkdir()
    write(str(root / "job" / "train.log"), 30)
    (root / "two").mkdir()
    write(str(root / "two" / "train.log"), 6)
    with open(root / "two" / "train.log", "a") as log:  # a second training from scratch after the resumed one
        log.write("Namespace(lr=0.01, seed=1)\n")
    second = root / "second.log"
    write(str(second), 3, seed=1)
    with open(root / "two" / "train.log", "a") as log:
        log.write(second.read_text().replace("iter 0:", "iter 30:").replace("iter 10:", "iter 40:"))
    return root


def _calls(hits: list) -> list[tuple[int, int]]:
    """The (run start, line) questions ``joblog._segments`` asks, and the answers' starts, as it walks ``hits``."""
    asked, restarts, first, previous, start = [], None, None, None, 0
    for i, h in enumerate(hits):
        if h.record.kind != "train":
            continue
        if first is not None and h.step < previous and h.step > first:
            asked.append((start, i))
        first = h.step if first is None else first
        previous = h.step
    return asked


def test_each_answer_is_a_fresh_look_at_the_run_so_far(logs):
    for path in (logs / "job" / "train.log", logs / "two" / "train.log"):
        data = path.read_bytes()
        hits = joblog.parse(data, str(path)).hits
        asked = _calls(hits)
        assert len(asked) >= 5  # the resumes were asked about
        kept = Restarts(data, hits)
        assert [kept.new_training(s, i) for s, i in asked] == [new_training(data, hits, s, i) for s, i in asked]
        assert kept.upto == asked[-1][1]  # read up to the last question once, not again per question


def test_a_resumed_job_is_one_run_and_keeps_the_last_sessions_points(logs):
    runs = discover(logs / "job")
    assert [r.id for r in runs] == ["train.log"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = read_scalars(logs / "job", resolve=True)
    loss = df[df["tag"] == "loss"]
    last = {}
    for line in (logs / "job" / "train.log").read_text().split("\n"):
        if line.strip().startswith("iter "):
            it, value = line.strip()[5:].split(": loss ")
            last[int(it)] = float(value)  # a later session's line replaces the earlier one's
    end = max(last)
    assert end == 29 * 100 + 140  # the last session (from iter 2900) printed up to its 140th step
    assert loss["step"].max() == end and loss[loss["step"] == end]["value"].tolist() == [last[end]]
    assert loss["step"].min() == 0
