"""The CSV fast path (``readers/_fastcsv.py``) and the readers' bare columns (``read_columns``: the CSV readers and
HuggingFace ``trainer_state.json``) give exactly what pandas and the DataFrame path give: the same points bit for
bit (values, steps, wall times, tags and their order), problems and hparams, on every file of those formats in the
sample logs, the shared real logs and cases and the public eval set, and on generated files of every number spelling
a logger writes (and the ones the fast path must leave to pandas)."""
from __future__ import annotations

import random
import struct
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loganalyzer.load import _reader
from _trees import log_files
from loganalyzer.readers import ScalarColumns, _fastcsv, keras_csv, lightning_csv, plain_csv, ultralytics_csv

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TREES = [ROOT / "sample_logs", ROOT / "eval" / "public", SHARED / "real_logs", SHARED / "cases"]
CSV_FORMATS = {"lightning_csv", "keras_csv", "plain_csv", "ultralytics_csv", "hf_trainer_state"}


def _bits(a) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(a, dtype=np.float64)).view(np.int64)


def _same_columns(a: ScalarColumns, b: ScalarColumns) -> None:
    assert a.tags == b.tags
    assert a.tag_codes.dtype == b.tag_codes.dtype == np.int64
    np.testing.assert_array_equal(a.tag_codes, b.tag_codes)
    assert a.steps.dtype == b.steps.dtype == np.int64
    np.testing.assert_array_equal(a.steps, b.steps)
    np.testing.assert_array_equal(_bits(a.values), _bits(b.values))
    np.testing.assert_array_equal(_bits(a.wall_times), _bits(b.wall_times))


def _outcome(fn, *args):
    try:
        return fn(*args)
    except Exception as error:  # UnreadableFile: both paths must raise the same
        return repr(error)


def check_file(reader, data: bytes, path: str, segment=None) -> None:
    """Fast path vs pandas, DataFrame vs bare columns: one file, one segment."""
    args = (data, path) if segment is None else (data, path, segment)
    fast = _outcome(reader.read, *args)
    fast_columns = _outcome(reader.read_columns, *args)
    with _fastcsv.pandas_only():
        slow = _outcome(reader.read, *args)
    if isinstance(slow, str):
        assert fast == slow and fast_columns == slow
        return
    assert fast.problems == slow.problems
    assert fast_columns[1].problems == slow.problems and fast_columns[1].hparams == slow.hparams
    assert list(fast.scalars.columns) == list(slow.scalars.columns)
    assert [str(d) for d in fast.scalars.dtypes] == [str(d) for d in slow.scalars.dtypes]
    assert list(fast.scalars["tag"].cat.categories) == list(slow.scalars["tag"].cat.categories)
    _same_columns(ScalarColumns.from_frame(fast.scalars), ScalarColumns.from_frame(slow.scalars))
    _same_columns(fast_columns[0], ScalarColumns.from_frame(slow.scalars))


def _csv_sources():
    for tree in TREES:
        if not tree.is_dir():
            continue
        for file in log_files(tree):  # every whole CSV log, as discovery sniffs it (tests/_trees.py)
            if file.format in CSV_FORMATS:
                yield file


def test_every_real_csv_reads_the_same_both_ways():
    sources = list(_csv_sources())
    assert len(sources) >= 20  # the sample logs alone hold Lightning, Keras and plain CSV runs
    for file in sources:
        check_file(_reader(file.format), Path(file.path).read_bytes(), file.path, file.segment)
    # most real files take the fast path (the test would pass vacuously if none did)
    taken = 0
    for file in sources:
        data = Path(file.path).read_bytes()
        header = data.split(b"\n", 1)[0].decode("utf-8", "replace")
        taken += _fastcsv.simple_table(data, ",", header.count(",") + 1, ("",)) is not None
    assert taken >= len(sources) // 3


def _cell(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.25:
        return repr(rng.uniform(-5, 5) * 10 ** rng.randint(-9, 9))
    if kind < 0.35:
        return repr(struct.unpack("d", struct.pack("Q", rng.getrandbits(62)))[0])
    if kind < 0.5:
        return rng.choice(["%.6f", "%.17g", "%.25f", "%.3e", "%.8E", "%g"]) % (rng.uniform(-1e4, 1e4))
    if kind < 0.6:
        return str(rng.randint(-10**17, 10**17))
    if kind < 0.7:
        return "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 30))) + "." + \
            "".join(rng.choice("0123456789") for _ in range(rng.randint(0, 30)))
    if kind < 0.8:
        return ""
    if kind < 0.9:  # spellings pandas reads its own way: the fast path must leave these files to pandas
        return rng.choice(["nan", "inf", "-inf", "NaN", "-0", "+5", ".5", "5.", " 1.5", "2.5 ", "1e", "True", "x",
                           "1e400", "-0.0", "0", "007", "1_0", "12345678901234567890", " ", "1 2", "-.5e-3"])
    return str(rng.randint(0, 1000))


@pytest.mark.parametrize("seed", range(40))
def test_generated_files_read_the_same_both_ways(tmp_path, seed):
    rng = random.Random(seed)
    columns = rng.randint(2, 6)
    rows = rng.randint(1, 60)
    plain = seed % 2 == 0  # half the files: only the cells the fast path takes
    lines = []
    for i in range(rows):
        cells = [str(i)]
        for _ in range(columns - 1):
            cell = _cell(rng)
            while plain and (cell in ("inf", "-inf", "True", "x", "1e", "1e400", " ", "1 2", "1_0",
                                      "12345678901234567890", "-0")):
                cell = _cell(rng)
            cells.append(cell)
        lines.append(",".join(cells))
    end = "\r\n" if seed % 5 == 0 else "\n"
    body = end.join(lines) + end
    names = ["step"] + [f"m{j}_loss" for j in range(columns - 1)]
    lightning = ("step," + ",".join(names[1:]) + end + body).encode()
    check_file(lightning_csv, lightning, str(tmp_path / "metrics.csv"))
    plain_file = ("step," + ",".join(names[1:]) + end + body).encode()
    check_file(plain_csv, plain_file, str(tmp_path / "log.csv"))
    keras = ("epoch," + ",".join(names[1:]) + end + body).encode()
    check_file(keras_csv, keras, str(tmp_path / "training.log"))
    check_file(ultralytics_csv, keras, str(tmp_path / "results.csv"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False, width=64), min_size=1, max_size=30),
       st.sampled_from(["{!r}", "{:.17g}", "{:.6f}", "{:.30f}", "{:e}", "{:.20E}"]))
def test_any_float_spelling_reads_as_pandas_reads_it(values, spelling):
    body = "".join(f"{i},{spelling.format(v)}\n" for i, v in enumerate(values))
    data = ("step,loss\n" + body).encode()
    fast = _fastcsv.simple_table(data, ",", 2, ("",))
    check_file(plain_csv, data, "log.csv")
    if fast is not None:
        np.testing.assert_array_equal(_bits(fast[1].values), _bits([float(spelling.format(v)) for v in values]))


@pytest.mark.parametrize("reader,header", [(lightning_csv, "step"), (plain_csv, "step"), (keras_csv, "epoch")])
def test_nan_and_fractions_in_the_step_column_say_the_same(reader, header):
    data = f"{header},loss\n0,1.5\n1.5,2\nNaN,3\n-nan,\n,4\n3,nan\n4,NAN\n".encode()
    assert _fastcsv.simple_table(data, ",", 2, ("",)) is not None
    check_file(reader, data, "metrics.csv")


def test_what_the_fast_path_leaves_to_pandas():
    take = _fastcsv.simple_table
    assert take(b"step,loss\n0,1.5\n1,\n", ",", 2, ("",)) is not None
    assert take(b"step,loss\r\n0,1.5\r\n", ",", 2, ("",)) is not None
    nan = take(b"step,loss\n0,nan\n1,\n2,-NaN\n", ",", 2, ("",))
    assert nan[1].present.tolist() == [True, False, True] and np.isnan(nan[1].values).all()
    assert (_bits(nan[1].values) == _bits([np.nan] * 3)).all()  # pandas' NaN, whatever the sign written
    for data in (b"step,loss\n0,inf\n", b"step,loss\n0,1.5\n1", b"step,loss\n0,1.5\n\n1,2\n", b'step,loss\n0,"1"\n',
                 b"step,loss\n0,1.5,3\n", b"step,loss\n0\n", b"step,loss\n-0,1\n", b"step,loss\n0,1e999\n",
                 b"step,loss\n0,True\n", b"step,loss\n0,1\r2\n", b"step,loss\n0,NA\n"):
        assert take(data, ",", 2, ("",)) is None, data
    assert take(b"step,loss\n0,1\n", ",", 2, ("", "NA")) is not None
    assert take(b"step,loss\n0,NA\n", ",", 2, ("", "NA")) is None
    with _fastcsv.pandas_only():
        assert take(b"step,loss\n0,1.5\n", ",", 2, ("",)) is None


@pytest.mark.parametrize("data", [
    b"step,loss\n0,nan\n1, 1.5\n2,2.5 \n",  # a NaN makes the column text to pandas: blanks, then, are its own way
    b"step,loss\n0,nan\n1,5.\n2,.5\n3,1e5\n4,1E-3\n5,+2\n6,007\n",
    b"step,loss\n0,nan\n1,\t1.5\n",
    b"step,loss\n 0,1\n1 ,2\n",
])
@pytest.mark.parametrize("reader", [plain_csv, lightning_csv])
def test_odd_spellings_beside_a_nan_read_the_same(reader, data):
    assert _fastcsv.simple_table(data, ",", 2, ("",)) is not None
    check_file(reader, data, "metrics.csv")


_CELL = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, width=64).map(repr),
    st.floats(allow_nan=False, allow_infinity=False, width=64).map("{:.25e}".format),
    st.integers(-10**19, 10**19).map(str),
    st.sampled_from(["", "-0", "-0.0", "-00", "1e-0", "0e0", "-0e5", "1.", ".5", "+1", " 2", "3 ", "1e400", "-1e-400",
                     "1e-320", "2.2250738585072011e-308", "9007199254740993", "nan", "-nan", "NA", "1e", "--1"]),
    st.text("0123456789.eE+- ", max_size=8),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_CELL, min_size=1, max_size=40))
def test_the_json_parse_of_cells_is_float_of_each(cells):
    """``_floats`` (one orjson parse when the cells make a JSON array) gives what ``float`` of each cell gives, bit for
    bit, or raises as it raises."""
    cells = [c.encode() for c in cells]
    try:
        expected = _fastcsv._floats_one_by_one(cells)
    except ValueError:
        with pytest.raises(ValueError):
            _fastcsv._floats(cells)
        return
    np.testing.assert_array_equal(_bits(_fastcsv._floats(cells)), _bits(expected))
