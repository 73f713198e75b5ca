"""W&B logs: run directories written by the real ``wandb`` package in offline mode, and panel CSV exports.

The offline run is written in a subprocess (``WANDB_MODE=offline``, ``WANDB_DIR`` in tmp: no network, no account),
so wandb's background service never lives in the test process. The points are checked against the values logged
and against wandb's own protobuf classes decoding the same file.
"""
from __future__ import annotations

import json
import math
import struct
import textwrap
import warnings
import zlib
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import loganalyzer
from loganalyzer.cli import main
from loganalyzer.discover import discover
from loganalyzer.load import LogReadWarning, load_run
from loganalyzer.readers import UnreadableFile, wandb_csv, wandb_run

from _runs import wandb_offline  # noqa: E402

STEPS = 30
BIG = 100_000  # a config value this long makes the run record span several 32 KiB blocks (FIRST/MIDDLE/LAST)


def train_loss(i: int) -> float:
    return 2.3 * math.exp(-i / 8) + 0.05


def val_loss(i: int) -> float:
    return 2.4 * math.exp(-i / 9) + 0.15


WRITER = textwrap.dedent(f"""
    import math, wandb
    run = wandb.init(project="demo", name="offline-demo",
                     config={{"lr": 0.01, "num_classes": 10, "optim": {{"name": "adam", "beta": 0.9}},
                              "notes": "x" * {BIG}}})
    for i in range({STEPS}):
        wandb.log({{"train/loss": 2.3 * math.exp(-i / 8) + 0.05, "val/loss": 2.4 * math.exp(-i / 9) + 0.15,
                   "lr": 0.01, "extra": {{"grad_norm": 1.0 / (i + 1)}}}})
    wandb.log({{"probe": float("nan"), "label": "not a number"}})
    wandb.finish()
""")


@pytest.fixture(scope="module")
def offline_run(tmp_path_factory) -> Path:
    """The ``wandb/offline-run-*`` directory of a real offline run; its parent's parent is the WANDB_DIR."""
    root = tmp_path_factory.mktemp("wandb_offline")
    wandb_offline(root, WRITER)
    (run_dir,) = (root / "wandb").glob("offline-run-*")
    return run_dir


def wandb_file(run_dir: Path) -> Path:
    (path,) = run_dir.glob("run-*.wandb")
    return path


def wandb_own_history(path: Path) -> list[dict]:
    """History rows decoded with wandb's own protobuf classes (framing as in wandb/sdk/internal/datastore.py)."""
    from wandb.proto import wandb_internal_pb2

    data = path.read_bytes()
    pos, buf, rows = 7, b"", []
    while pos + 7 <= len(data):
        if 32768 - pos % 32768 < 7:
            pos += 32768 - pos % 32768
            continue
        crc, length, kind = struct.unpack_from("<IHB", data, pos)
        payload = data[pos + 7 : pos + 7 + length]
        assert crc == zlib.crc32(bytes([kind]) + payload)
        pos += 7 + length
        buf += payload
        if kind in (1, 4):
            record = wandb_internal_pb2.Record()
            record.ParseFromString(buf)
            buf = b""
            if record.WhichOneof("record_type") == "history":
                rows.append({item.key or ".".join(item.nested_key): json.loads(item.value_json)
                             for item in record.history.item})
    return rows


# ---------------------------------------------------------------- an offline run directory


def test_offline_run_is_found_as_one_run(offline_run):
    root = offline_run.parent.parent
    runs = discover(root)
    (run,) = [r for r in runs if r.format == "wandb"]
    assert run.id == f"wandb/{offline_run.name}#offline-demo"  # wandb.init(name=...), read past a 100 kB config
    assert [Path(f.path).name for f in run.files] == [wandb_file(offline_run).name]
    assert not [r for r in runs if "latest-run" in r.id]


def test_read_scalars_gives_every_logged_point(offline_run):
    root = offline_run.parent.parent
    with warnings.catch_warnings():
        warnings.simplefilter("error", LogReadWarning)  # an intact file: no warning at all
        table = loganalyzer.read_scalars(root)
    table = table[table["dir"] == f"wandb/{offline_run.name}#offline-demo"]
    series = {tag: group for tag, group in table.groupby("tag", observed=True)}
    assert set(series) == {"train/loss", "val/loss", "lr", "extra.grad_norm", "probe"}  # no _runtime: W&B's clock
    np.testing.assert_array_equal(series["train/loss"]["step"], np.arange(STEPS))
    np.testing.assert_array_equal(series["train/loss"]["value"], [train_loss(i) for i in range(STEPS)])
    np.testing.assert_array_equal(series["val/loss"]["value"], [val_loss(i) for i in range(STEPS)])
    np.testing.assert_array_equal(series["extra.grad_norm"]["value"], [1.0 / (i + 1) for i in range(STEPS)])
    assert list(series["probe"]["step"]) == [STEPS] and math.isnan(series["probe"]["value"].iloc[0])
    wall = table["wall_time"].to_numpy()
    assert np.isfinite(wall).all() and (np.abs(wall - wall[0]) < 600).all() and wall[0] > 1.5e9


def test_points_match_wandbs_own_decoding(offline_run):
    path = wandb_file(offline_run)
    expected = []
    for row in wandb_own_history(path):
        for key, value in row.items():
            if key not in ("_step", "_timestamp", "_runtime") and isinstance(value, (int, float)):
                expected.append((key, row["_step"], float(value)))
    got = wandb_run.read(path.read_bytes(), str(path)).scalars
    pairs = list(zip(got["tag"].astype(str), got["step"].tolist(), got["value"].tolist()))
    assert len(pairs) == len(expected)
    for (tag, step, value), (etag, estep, evalue) in zip(pairs, expected):
        assert (tag, step) == (etag, estep)
        assert value == evalue or (math.isnan(value) and math.isnan(evalue))


def test_config_and_summary_come_as_hparams(offline_run):
    (run,) = [r for r in discover(offline_run.parent.parent) if r.format == "wandb"]
    loaded = load_run(run)
    assert loaded.errors == () and loaded.problems == ()
    hp = loaded.hparams
    assert (hp["lr"], hp["num_classes"], hp["optim.name"], hp["optim.beta"]) == (0.01, 10, "adam", 0.9)
    assert hp["notes"] == "x" * BIG  # the record spanning several blocks was put back together
    assert hp["summary/train/loss"] == train_loss(STEPS - 1)
    assert hp["summary/val/loss"] == val_loss(STEPS - 1)
    assert (hp["wandb.name"], hp["wandb.project"], hp["wandb.exit_code"]) == ("offline-demo", "demo", 0)
    assert not any(k.startswith(("_wandb", "summary/_wandb")) for k in hp)
    assert len(loaded.scalars[loaded.scalars["tag"] == "train/loss"]) == STEPS


def test_scan_json_judges_the_offline_run(offline_run):
    root = offline_run.parent.parent
    result = CliRunner().invoke(main, ["scan", str(root), "--format", "json"], env={"COLUMNS": None})
    assert result.exit_code == 0, result.output
    (run,) = json.loads(result.stdout)["runs"]
    assert (run["run"], run["format"], run["verdict"]) == (f"wandb/{offline_run.name}#offline-demo", "wandb",
                                                               "healthy")
    assert run["roles"]["train_loss"] == "train/loss" and run["roles"]["val_loss"] == "val/loss"
    loss = {s["tag"]: s for s in run["series"]}["train/loss"]
    assert (loss["points"], loss["first_step"], loss["last_step"]) == (STEPS, 0, STEPS - 1)
    assert run["warnings"] == []


def test_a_wandb_file_given_directly(offline_run):
    path = wandb_file(offline_run)
    (run,) = discover(path)
    assert (run.id, run.format) == (".", "wandb")
    assert len(load_run(run).scalars) > 3 * STEPS


# ---------------------------------------------------------------- damaged files


def history_row_at(data: bytes, step: int) -> int:
    """A byte offset inside the history record of ``step``: its train/loss value is written twice, in the summary
    record of that step and then in the history record (wandb writes the summary first)."""
    at = data.rfind(json.dumps(train_loss(step)).encode())
    assert at > 0
    return at


def test_truncated_file_keeps_the_rows_before_the_cut(offline_run, tmp_path):
    data = wandb_file(offline_run).read_bytes()
    run_dir = tmp_path / "wandb" / "run-20260101_000000-cut"
    run_dir.mkdir(parents=True)
    cut = history_row_at(data, 20) + 3  # a job killed while writing the history row of step 20
    (run_dir / "run-cut.wandb").write_bytes(data[:cut])
    with pytest.warns(LogReadWarning) as caught:
        table = loganalyzer.read_scalars(tmp_path)
    (message,) = {str(w.message) for w in caught}
    assert "run-cut.wandb @ byte " in message and "cut short" in message and f"ends at byte {cut}" in message
    offset = int(message.split("@ byte ")[1].split(":")[0])
    assert cut - 300 < offset < cut
    loss = table[table["tag"] == "train/loss"]
    np.testing.assert_array_equal(loss["step"], np.arange(20))
    np.testing.assert_array_equal(loss["value"], [train_loss(i) for i in range(20)])


def test_damaged_record_is_skipped_and_the_rest_read(offline_run):
    data = bytearray(wandb_file(offline_run).read_bytes())
    full = wandb_run.read(bytes(data), "run-x.wandb").scalars
    at = history_row_at(bytes(data), 12)
    data[at] ^= 0x01
    result = wandb_run.read(bytes(data), "run-x.wandb")
    (problem,) = result.problems
    assert at - 300 < problem.offset < at and "damaged record (checksum mismatch)" in problem.message
    assert str(problem).startswith(f"run-x.wandb @ byte {problem.offset}: ")
    got = result.scalars
    # the row of step 12 is lost, every row after it is read
    assert got[got["tag"] == "train/loss"]["step"].tolist() == [i for i in range(STEPS) if i != 12]
    assert len(got) == len(full[full["step"] != 12])


def test_not_a_wandb_file_is_one_clear_error(tmp_path):
    run_dir = tmp_path / "wandb" / "run-20260101_000000-bad"
    run_dir.mkdir(parents=True)
    (run_dir / "run-bad.wandb").write_bytes(b"PK\x03\x04 not a record log at all")
    with pytest.raises(UnreadableFile, match=r"run-bad.wandb @ byte 0: not a W&B run file"):
        wandb_run.read((run_dir / "run-bad.wandb").read_bytes(), str(run_dir / "run-bad.wandb"))
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--format", "json"], env={"COLUMNS": None})
    assert "Traceback" not in result.output
    (error,) = json.loads(result.stdout)["errors"]
    assert error["path"].endswith("run-bad.wandb") and "not a W&B run file" in error["message"]


# ---------------------------------------------------------------- panel CSV exports


def export_csv(runs: dict[str, dict[str, list]], steps) -> str:
    """A panel export as the W&B UI writes it: quoted header, a value/__MIN/__MAX column triple per run and
    metric, empty cells where a run has no value."""
    header = ["Step"]
    for run, metrics in runs.items():
        for metric in metrics:
            header += [f"{run} - {metric}", f"{run} - {metric}__MIN", f"{run} - {metric}__MAX"]
    lines = [",".join(f'"{h}"' for h in header)]
    for row, step in enumerate(steps):
        cells = [str(step)]
        for metrics in runs.values():
            for values in metrics.values():
                v = values[row] if row < len(values) else None
                # __MIN/__MAX differ from the value: the test sees they are not read as points
                cells += ["", "", ""] if v is None else [repr(v), repr(v - 0.5), repr(v + 0.5)]
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


def healthy(n: int) -> list[float]:
    return [2.3 * math.exp(-i / 10) + 0.1 + 0.01 * math.sin(i) for i in range(n)]


def diverging(n: int) -> list[float]:
    return [2.3 * math.exp(-i / 10) + 0.1 if i < 20 else 0.4 * math.exp((i - 20) / 3) for i in range(n)]


@pytest.fixture
def two_run_export(tmp_path) -> Path:
    path = tmp_path / "wandb_export_2026-01-01.csv"
    path.write_text(export_csv({"calm-sea-1": {"train/loss": healthy(60)},
                                "wild-fire-2": {"train/loss": diverging(40)}}, range(60)))
    return path


def test_export_is_sniffed_and_split_into_runs(two_run_export):
    head = two_run_export.read_bytes()[:8192]
    assert wandb_csv.sniff(two_run_export.name, head)
    runs = discover(two_run_export.parent)
    assert [(r.id, r.format) for r in runs] == [
        (f"{two_run_export.name}#calm-sea-1", "wandb_csv"), (f"{two_run_export.name}#wild-fire-2", "wandb_csv")]
    assert [r.files[0].segment for r in runs] == [0, 1]


def test_export_points_per_run_without_min_max(two_run_export):
    table = loganalyzer.read_scalars(two_run_export.parent)
    name = two_run_export.name
    assert set(table["tag"].astype(str)) == {"train/loss"}
    calm = table[table["dir"] == f"{name}#calm-sea-1"]
    wild = table[table["dir"] == f"{name}#wild-fire-2"]
    np.testing.assert_array_equal(calm["value"], healthy(60))
    np.testing.assert_array_equal(wild["value"], diverging(40))  # empty cells after step 39 are no points
    np.testing.assert_array_equal(wild["step"], np.arange(40))
    assert table["wall_time"].isna().all()


def test_export_runs_are_judged_separately(two_run_export):
    result = CliRunner().invoke(main, ["scan", str(two_run_export.parent), "--format", "json"],
                                env={"COLUMNS": None})
    assert result.exit_code == 0, result.output
    verdicts = {r["run"]: r["verdict"] for r in json.loads(result.stdout)["runs"]}
    name = two_run_export.name
    assert verdicts == {f"{name}#calm-sea-1": "healthy", f"{name}#wild-fire-2": "diverged"}


def test_export_of_one_run_is_the_file_itself(tmp_path):
    path = tmp_path / "loss.csv"
    path.write_text(export_csv({"solo": {"train/loss": healthy(20), "val/loss": healthy(20)}}, range(20)))
    (run,) = discover(path)
    assert (run.id, run.format, run.files[0].segment) == ("loss.csv", "wandb_csv", None)
    loaded = load_run(run)
    assert set(loaded.scalars["tag"].astype(str)) == {"train/loss", "val/loss"}
    assert loaded.hparams == {"wandb.name": "solo"}


def test_run_names_with_dashes_and_duplicate_names():
    text = export_csv({"lr 0.1 - bs 32": {"loss": [1.0, 0.9]}, "b": {"loss": [3.0, 2.0]}}, [0, 1])
    assert wandb_csv.run_names(text.encode(), "x.csv") == ["lr 0.1 - bs 32", "b"]
    twice = ('"Step","a - loss","a - loss__MIN","a - loss__MAX","a - loss","a - loss__MIN","a - loss__MAX"\n'
             "0,1,1,1,5,5,5\n")
    assert wandb_csv.run_names(twice.encode(), "x.csv") == ["a", "a (2)"]
    second = wandb_csv.read(twice.encode(), "x.csv", segment=1).scalars
    assert list(second["value"]) == [5.0]


def test_bad_cells_are_reported_with_their_line():
    text = ('"Step","r - loss","r - loss__MIN","r - loss__MAX"\n'
            "0,1.0,1.0,1.0\n1,oops,1,1\n2,NaN,,\n3,0.5,0.5,0.5\n")
    result = wandb_csv.read(text.encode(), "e.csv", segment=0)
    assert [str(p) for p in result.problems] == ["e.csv:3: column 'r - loss': 'oops' is not a number; cell skipped"]
    assert result.scalars["step"].tolist() == [0, 2, 3] and math.isnan(result.scalars["value"].iloc[1])


def test_plain_csv_is_not_taken_for_an_export():
    assert not wandb_csv.sniff("m.csv", b"step,loss,val_loss\n0,1,2\n")
    assert not wandb_csv.sniff("m.csv", b'"Step","a - loss"\n0,1\n')  # no __MIN/__MAX companion


RESUMED = textwrap.dedent("""
    import math, wandb
    for session in range(2):  # offline resume: a new offline-run-<time>-<id> dir each time, _step from 0 again
        run = wandb.init(project="demo", id="resumed01", resume="allow")
        for i in range(30 * session, 30 * session + 30):
            wandb.log({"loss": 2.3 * math.exp(-i / 15) + 0.05})
        wandb.finish()
""")


def test_resumed_offline_run_is_one_run_its_sessions_in_order(tmp_path):
    """``wandb.init(id=..., resume=...)`` writes one dir per session with the same id: one run (named by the newest
    dir), the second session (its _step from 0 again, offline) continued after the first; it was two runs, the
    second judged on its tail alone."""
    wandb_offline(tmp_path, RESUMED)
    dirs = sorted(p.name for p in (tmp_path / "wandb").glob("offline-run-*"))
    assert len(dirs) == 2 and all("-resumed01" in d for d in dirs)  # '-resumed01-1' when started in one second
    (run,) = discover(tmp_path)
    assert run.id == f"wandb/{dirs[-1]}" and len(run.files) == 2
    assert [Path(f.path).parent.name for f in run.files] == dirs
    raw = loganalyzer.read_scalars(tmp_path)
    assert len(raw[raw.tag == "loss"]) == 60 and set(raw["dir"]) == {f"wandb/{dirs[-1]}"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LogReadWarning)
        resolved = loganalyzer.read_scalars(tmp_path, resolve=True)
    loss = resolved[resolved.tag == "loss"]
    assert loss.step.tolist() == list(range(60))
    assert np.allclose(loss.value, [2.3 * math.exp(-i / 15) + 0.05 for i in range(60)], rtol=1e-6)
    assert "counter_reset_continued" in resolved.attrs["step_rules"]


STEP_METRIC = textwrap.dedent("""
    import math, wandb
    run = wandb.init(project="demo")
    # what Lightning's WandbLogger does (HF's WandbCallback the same with train/global_step)
    run.define_metric("trainer/global_step")
    run.define_metric("*", step_metric="trainer/global_step", step_sync=True)
    for step in range(3, 200, 4):  # log_every_n_steps=4
        wandb.log({"train_loss": 2.3 * math.exp(-step / 60) + 0.05, "trainer/global_step": step})
        if step % 40 == 39:
            wandb.log({"val_loss": 2.4 * math.exp(-step / 70) + 0.15, "trainer/global_step": step})
            wandb.log({"val_acc": step / 200})  # a row without the step metric: at its last value (step_sync)
    wandb.finish()
""")


def test_define_metric_step_metric_is_the_step(tmp_path):
    """A key charted against a step metric (``define_metric("*", step_metric="trainer/global_step")``, Lightning's
    WandbLogger; HF's WandbCallback) is at that metric's value, as in the W&B UI, not at ``_step`` (which only
    counts wandb.log calls: train_loss was at 0..54, val_loss between them, instead of the global steps 3..199)."""
    wandb_offline(tmp_path, STEP_METRIC)
    frame = loganalyzer.read_scalars(tmp_path)
    train = frame[frame.tag == "train_loss"]
    assert train.step.tolist() == list(range(3, 200, 4))
    val = frame[frame.tag == "val_loss"]
    assert val.step.tolist() == [39, 79, 119, 159, 199]
    assert np.allclose(val.value, [2.4 * math.exp(-s / 70) + 0.15 for s in (39, 79, 119, 159, 199)], rtol=1e-6)
    assert frame[frame.tag == "val_acc"].step.tolist() == [39, 79, 119, 159, 199]
    assert not (frame.tag == "_runtime").any()  # wandb's own clock: bookkeeping, no series
