"""``loganalyzer.scan``: real logs written by torch's SummaryWriter and real Lightning/Keras CSVs, summarised exactly.

The log builders here are shared with tests/test_cli.py (imported from this module).
"""
from __future__ import annotations

import json
import math
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loganalyzer.scan import ScanReport, SeriesSummary, json_number, scan, summarise_series
from loganalyzer.verdict import VERDICTS

CORRUPT_EVENT_NAME = "events.out.tfevents.1700000000.host.1.0"
# Not a TFRecord: the first 8 bytes read as an absurd record length and its CRC does not match.
CORRUPT_EVENT_BYTES = b"this is definitely not a tfevents file\n" * 4


def write_tensorboard(log_dir: Path, series: dict[str, list[tuple[int, float]]]) -> None:
    """One event file written by torch.utils.tensorboard, as a training script would."""
    from torch.utils.tensorboard import SummaryWriter

    writer = SummaryWriter(log_dir=str(log_dir))
    for tag, points in series.items():
        for step, value in points:
            writer.add_scalar(tag, value, step)
    writer.close()


def write_lightning_csv(run_dir: Path) -> None:
    """What Lightning's CSVLogger writes: sparse rows, train and validation on separate rows of the same step."""
    run_dir.mkdir(parents=True)
    (run_dir / "metrics.csv").write_text(
        "epoch,step,train_loss,val_loss\n"
        "0,9,2.5,\n"
        "0,9,,2.0\n"
        "1,19,1.5,\n"
        "1,19,,1.25\n"
        "2,29,0.75,\n"
        "2,29,,1.0\n"
    )
    (run_dir / "hparams.yaml").write_text("lr: 0.001\n")


# What every test relies on: exact numbers, computed here from the values the builders write.
GOOD_LOSS = [(step, 1.0 / (1 + step)) for step in range(0, 1000, 10)]  # 100 points, steps 0..990
GOOD_LR = [(step, 0.001) for step in range(0, 1000, 10)]
NAN_LOSS = [(step, float("nan") if step >= 15 else (float("inf") if step == 12 else 2.0 - step * 0.1)) for step in range(20)]
NAN_LOSS_NONFINITE = 6  # inf at step 12, NaN at steps 15..19
NAN_LOSS_FIRST_NONFINITE = 12


@pytest.fixture(scope="session")
def logs(tmp_path_factory) -> Path:
    """A log root with: a healthy TensorBoard run, a TensorBoard run that went inf then NaN, a Lightning CSV run,
    and (in ``mixed/``) a good TensorBoard run next to a directory holding only a corrupt event file."""
    root = tmp_path_factory.mktemp("logs")
    write_tensorboard(root / "good_tb", {"train/loss": GOOD_LOSS, "lr": GOOD_LR})
    write_tensorboard(root / "nan_tb", {"loss": NAN_LOSS})
    write_lightning_csv(root / "lightning_logs" / "version_0")
    return root


@pytest.fixture(scope="session")
def mixed(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("mixed")
    write_tensorboard(root / "good", {"loss": GOOD_LOSS})
    (root / "broken").mkdir()
    (root / "broken" / CORRUPT_EVENT_NAME).write_bytes(CORRUPT_EVENT_BYTES)
    return root


def by_id(report: ScanReport) -> dict:
    return {run.run: run for run in report.runs}


def series_of(run) -> dict[str, SeriesSummary]:
    return {f"{s.dir}/{s.tag}" if s.dir else s.tag: s for s in run.series}


def strict_json(text: str):
    """json.loads that refuses NaN/Infinity tokens, as a strict parser (jq, JavaScript) would."""

    def refuse(token):
        raise ValueError(f"non-standard JSON token {token}")

    return json.loads(text, parse_constant=refuse)


# ----------------------------------------------------------------------------------------------------------------
# scan() on real logs


def test_scan_lists_every_run_with_exact_series(logs):
    report = scan([logs])
    runs = by_id(report)
    assert set(runs) == {"good_tb", "nan_tb", "lightning_logs/version_0"}
    assert report.errors == ()

    good = runs["good_tb"]
    assert good.format == "tensorboard"
    assert good.verdict in VERDICTS  # scan() judges every run (the label itself is test_cli_verdicts' business)
    assert good.roles["train_loss"] == "train/loss" and good.roles["lr"] == "lr"
    assert Path(good.path).resolve() == (logs / "good_tb").resolve()
    good_series = series_of(good)
    assert set(good_series) == {"train/loss", "lr"}  # add_scalar tags, not sub-directories
    loss = good_series["train/loss"]
    assert (loss.points, loss.first_step, loss.last_step) == (100, 0, 990)
    assert (loss.nonfinite, loss.first_nonfinite_step) == (0, None)
    assert loss.last_value == pytest.approx(1.0 / 991, rel=1e-6)  # written as float32
    assert good.points == 200

    nan_loss = series_of(runs["nan_tb"])["loss"]
    assert (nan_loss.points, nan_loss.first_step, nan_loss.last_step) == (20, 0, 19)
    assert nan_loss.nonfinite == NAN_LOSS_NONFINITE
    assert nan_loss.first_nonfinite_step == NAN_LOSS_FIRST_NONFINITE
    assert math.isnan(nan_loss.last_value)
    assert runs["nan_tb"].verdict == "nan"
    assert runs["nan_tb"].analysis.evidence["first_nonfinite_step"] == NAN_LOSS_FIRST_NONFINITE


def test_scan_reads_lightning_csv_sparse_rows(logs):
    run = by_id(scan([logs]))["lightning_logs/version_0"]
    assert run.format == "lightning_csv"
    series = series_of(run)
    assert (series["train_loss"].points, series["train_loss"].first_step, series["train_loss"].last_step) == (3, 9, 29)
    assert series["train_loss"].last_value == 0.75
    assert (series["val_loss"].points, series["val_loss"].last_value) == (3, 1.0)


def test_corrupt_event_file_is_an_error_and_the_good_run_is_still_listed(mixed):
    report = scan([mixed])
    runs = by_id(report)
    assert set(runs) == {"good", "broken"}  # a directory holding an event file is a run, even an unreadable one
    assert series_of(runs["good"])["loss"].points == 100
    assert [Path(e.path).name for e in report.errors] == [CORRUPT_EVENT_NAME]
    assert runs["broken"].series == ()
    assert [Path(e.path).name for e in runs["broken"].errors] == [CORRUPT_EVENT_NAME]
    assert runs["good"].errors == ()


def test_corrupt_event_file_next_to_a_good_one_in_the_same_run(tmp_path):
    write_tensorboard(tmp_path / "run", {"loss": GOOD_LOSS})
    (tmp_path / "run" / CORRUPT_EVENT_NAME).write_bytes(CORRUPT_EVENT_BYTES)
    report = scan([tmp_path])
    (run,) = report.runs
    assert series_of(run)["loss"].points == 100
    assert CORRUPT_EVENT_NAME in [Path(e.path).name for e in report.errors]


def test_one_path_keeps_discover_ids_and_a_run_directory_is_named_by_its_path(logs, monkeypatch):
    assert {r.run for r in scan([logs]).runs} == {"good_tb", "nan_tb", "lightning_logs/version_0"}
    assert [r.run for r in scan([logs / "good_tb"]).runs] == [(logs / "good_tb").as_posix()]
    # a lone str is one path, not characters
    assert [r.run for r in scan(str(logs / "good_tb") + "/").runs] == [(logs / "good_tb").as_posix()]
    monkeypatch.chdir(logs / "good_tb")
    assert [r.run for r in scan(".").runs] == ["good_tb"]  # never '.'
    monkeypatch.chdir(logs / "good_tb" / "..")
    assert [r.run for r in scan("good_tb").runs] == ["good_tb"]


def test_several_paths_prefix_ids_with_the_path_as_given(logs, mixed, monkeypatch):
    monkeypatch.chdir(logs.parent)
    given_logs, given_mixed = os.path.relpath(logs), os.path.relpath(mixed) + "/"  # trailing '/' is dropped
    report = scan([given_logs, given_mixed])
    ids = [r.run for r in report.runs]
    assert f"{given_logs}/good_tb" in ids
    assert f"{given_logs}/lightning_logs/version_0" in ids
    assert f"{given_mixed.rstrip('/')}/good" in ids
    assert len(ids) == len(set(ids))


def test_overlapping_paths_report_a_run_once(logs):
    report = scan([logs, logs / "good_tb", logs])
    ids = [r.run for r in report.runs]
    assert ids.count(f"{Path(logs).as_posix()}/good_tb") == 1
    assert len(ids) == 3


def test_missing_path_raises_before_reading_anything(logs, tmp_path):
    calls = []
    with pytest.raises(FileNotFoundError) as raised:
        scan([logs, tmp_path / "nope"], progress=lambda done, total: calls.append((done, total)))
    assert raised.value.filename == str(tmp_path / "nope")
    assert calls == []


def test_progress_counts_runs(logs):
    calls = []
    scan([logs], progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_to_dict_is_strict_json_with_nonfinite_as_strings(logs):
    document = scan([logs]).to_dict()
    parsed = strict_json(json.dumps(document, allow_nan=False))
    assert set(parsed) == {"version", "config", "options", "runs", "errors"}
    for run in parsed["runs"]:
        assert set(run) == {"run", "path", "format", "verdict", "confidence", "summary", "evidence", "findings",
                            "advice", "probabilities", "method", "confidence_basis", "roles", "notes", "step_rules",
                            "series", "warnings"}
    nan_run = next(r for r in parsed["runs"] if r["run"] == "nan_tb")
    (loss,) = nan_run["series"]
    assert loss == {
        "dir": "",
        "tag": "loss",
        "points": 20,
        "first_step": 0,
        "last_step": 19,
        "nonfinite": 6,
        "first_nonfinite_step": 12,
        "last_value": "nan",
        "role": "train_loss",
    }
    assert (nan_run["verdict"], nan_run["roles"]) == ("nan", {"train_loss": "loss"})
    assert nan_run["evidence"]["first_nonfinite_step"] == NAN_LOSS_FIRST_NONFINITE


def test_json_number_spellings():
    assert [json_number(v) for v in (1.5, float("nan"), float("inf"), float("-inf"), None)] == [
        1.5, "nan", "inf", "-inf", None,
    ]
    assert [float(json_number(v)) for v in (float("inf"), float("-inf"))] == [float("inf"), float("-inf")]


# ----------------------------------------------------------------------------------------------------------------
# summarise_series against a plain pandas reference


def reference_summary(frame: pd.DataFrame) -> list[tuple]:
    """The slow obvious way: per (dir, tag), sort by step (stable: the later-written of equal steps stays last)."""
    out = []
    for (dir_, tag), group in frame.groupby(["dir", "tag"], observed=True, sort=True):
        group = group.sort_values("step", kind="stable")
        values = group["value"].to_numpy()
        nonfinite = ~np.isfinite(values)
        first_bad = int(group["step"].to_numpy()[nonfinite][0]) if nonfinite.any() else None
        last = values[-1]
        out.append(
            (dir_, tag, len(group), int(group["step"].iloc[0]), int(group["step"].iloc[-1]), int(nonfinite.sum()),
             first_bad, "nan" if math.isnan(last) else last)
        )
    return out


def as_tuples(summaries) -> list[tuple]:
    return [
        (s.dir, s.tag, s.points, s.first_step, s.last_step, s.nonfinite, s.first_nonfinite_step,
         "nan" if math.isnan(s.last_value) else s.last_value)
        for s in summaries
    ]


rows = st.lists(
    st.tuples(
        st.sampled_from(["", "train", "validation"]),
        st.sampled_from(["loss", "lr", "acc"]),
        st.integers(-3, 30),
        st.sampled_from([0.0, 1.5, -2.0, float("nan"), float("inf"), float("-inf")]),
    ),
    min_size=1,
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(rows=rows, categorical_dir=st.booleans())
def test_summarise_series_matches_pandas_reference(rows, categorical_dir):
    dirs, tags, steps, values = zip(*rows)
    frame = pd.DataFrame(
        {
            "dir": pd.Categorical(dirs) if categorical_dir else list(dirs),
            "tag": pd.Categorical(tags),
            "step": np.array(steps, dtype=np.int64),
            "value": np.array(values, dtype=np.float64),
            "wall_time": np.full(len(rows), np.nan),
        }
    )
    assert as_tuples(summarise_series(frame)) == reference_summary(frame)


def test_summarise_series_of_an_empty_table():
    empty = pd.DataFrame({"dir": [], "tag": pd.Categorical([]), "step": np.array([], dtype=np.int64), "value": []})
    assert summarise_series(empty) == ()


def test_summarise_series_on_millions_of_points():
    import time

    n = 2_000_000
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "dir": pd.Categorical.from_codes(rng.integers(0, 2, n), ["", "validation"]),
            "tag": pd.Categorical.from_codes(rng.integers(0, 8, n), [f"tag{i}" for i in range(8)]),
            "step": np.arange(n, dtype=np.int64),
            "value": rng.normal(size=n),
        }
    )
    start = time.perf_counter()
    summaries = summarise_series(frame)
    elapsed = time.perf_counter() - start
    assert sum(s.points for s in summaries) == n
    assert len(summaries) == 16
    print(f"{elapsed:.2f}s for {n:,} points")  # speed: make bench, not a clock limit in a unit test
