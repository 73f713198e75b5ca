"""The C cell parser of the batch CSV path (``readers/_csvcells.c``) gives what its Python twin
(``_batchcsv._cells_py``: numpy + orjson) gives, file for file and bit for bit, NaN places included: on files
written by the real writers (Lightning ``CSVLogger``, Keras ``CSVLogger``), on the sample/eval/real trees, on edge
cases (a cut last line, empty cells, exponents, ``-0``, very long numbers) and on generated cells; each value is
Python's ``float()`` of its cell."""
from __future__ import annotations

import random
import struct
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from loganalyzer.discover import discover
from loganalyzer.readers import _batchcsv

from test_batchcsv import ODD, _check, _keras, _lightning, _plain
from _trees import log_files
from test_fastcsv import TREES, _bits

_csvcells = pytest.importorskip("loganalyzer.readers._csvcells", reason="C extension not built (no compiler)")


def _both(items: list[tuple[str, str, bytes]], monkeypatch) -> dict:
    """read_many by the C parser and by the Python twin: the same files taken, the same arrays bit for bit."""
    monkeypatch.delenv("LOGANALYZER_PURE_PYTHON", raising=False)
    got_c = _check(items)  # and each equals its per-file reader
    monkeypatch.setenv("LOGANALYZER_PURE_PYTHON", "1")
    got_py = _batchcsv.read_many(items)
    monkeypatch.delenv("LOGANALYZER_PURE_PYTHON")
    assert set(got_c) == set(got_py)
    for path, (c, _) in got_c.items():
        p = got_py[path][0]
        assert c.tags == p.tags, path
        for name in ("tag_codes", "steps"):
            np.testing.assert_array_equal(getattr(c, name), getattr(p, name), err_msg=path)
            assert getattr(c, name).dtype == getattr(p, name).dtype
        for name in ("values", "wall_times"):
            np.testing.assert_array_equal(_bits(getattr(c, name)), _bits(getattr(p, name)), err_msg=path)
    return got_c


def _cells(text: bytes, fields: int):
    values, filled, rows = _csvcells.parse([text], fields)
    return (np.frombuffer(values, dtype=np.float64), np.frombuffer(filled, dtype=bool),
            int(np.frombuffer(rows, dtype=np.int64)[0]))


def _twin_takes(text: bytes, fields: int) -> bool:
    """The Python twin takes the body and its own checks (past int64, -0) leave it in; ``read_many`` gives neither
    parser a body that is empty, starts with a blank line or does not end in a line end."""
    if not text or text[:1] == b"\n" or text[-1:] != b"\n":
        return False
    parsed = _batchcsv._cells_py([("f", text)], fields)
    if parsed is None:
        return False
    flat, _, minus_zero, _ = parsed
    with np.errstate(invalid="ignore"):
        odd = (np.abs(flat) >= 1e18) | ((flat == 0) & np.signbit(flat))
    return not odd.any() and not len(minus_zero)


EDGE = [  # (body, fields)
    (b"0,1.5\n1,0.5", 2),  # the last line cut: no '\n'
    (b"0,1.5\n1,", 2),
    (b"0,1.5\n1,0.5\n2\n", 2),  # a short row
    (b"0,1.5,\n1,,\n", 3),  # empty cells
    (b"0,,\n", 3),
    (b"0,1e5\n1,1E-5\n2,2.5e+3\n3,-7.25E-300\n", 2),  # exponents
    (b"0,1e\n", 2), (b"0,1e+\n", 2), (b"0,e5\n", 2), (b"0,1.e5\n", 2),
    (b"0,-0\n", 2), (b"0,-0.0\n", 2), (b"0,-0e3\n", 2), (b"0,0e999999999\n", 2), (b"0,-00\n", 2), (b"0,0\n", 2),
    (b"0,01\n", 2), (b"0,+1\n", 2), (b"0,.5\n", 2), (b"0,1.\n", 2), (b"0,-\n", 2), (b"0,1-2\n", 2), (b"0,1..2\n", 2),
    (b"0,nan\n1,nan\n", 2), (b"0,na\n", 2), (b"0,nann\n", 2), (b"0,-nan\n", 2), (b"0,nan1\n", 2), (b"0,n\n", 2),
    (b"0,1e400\n", 2), (b"0,-1e400\n", 2), (b"0,1e-400\n", 2), (b"0,-1e-400\n", 2), (b"0,4.9406564584124654e-324\n", 2),
    (b"0,2.2250738585072011e-308\n", 2), (b"0,1.7976931348623157e308\n", 2), (b"0,1e18\n", 2),
    (b"0,999999999999999999\n", 2), (b"0,9007199254740993\n", 2), (b"0,123456789012345678901234567890\n", 2),
    (b"0,0." + b"0" * 400 + b"1\n", 2), (b"0,1." + b"0" * 400 + b"1\n", 2), (b"0," + b"9" * 17 + b"\n", 2),
    (b"0,1.00000000000000011102230246251565404236316680908203125\n", 2),  # exactly a midpoint: to even
    (b"0,1.00000000000000011102230246251565404236316680908203126\n", 2),
    (b"0,0.30000000000000004\n1,2.3800000001113135\n2,0.6931471824645996\n", 2),
    (b"", 2), (b"\n", 2), (b"0,1\n\n", 2), (b"0,1,\n", 2), (b",\n", 2),
]


@pytest.mark.parametrize("body,fields", EDGE, ids=[repr(b[:24]) for b, _ in EDGE])
def test_edge_cases_equal_the_twin(body: bytes, fields: int):
    values, filled, rows = _cells(body, fields)
    assert (rows >= 0) == _twin_takes(body, fields)
    if rows >= 0:
        flat, present, _, rows_of = _batchcsv._cells_py([("f", body)], fields)
        assert rows == int(rows_of[0]) and len(values) == rows * fields
        np.testing.assert_array_equal(_bits(values), _bits(flat))
        np.testing.assert_array_equal(filled, present)


STEP_EDGE = [(b"1,0.5\n0,0.4\n", 2), (b"0,1\n0,2\n", 2), (b"0.5,1\n1,2\n", 2), (b"nan,1\n", 2), (b",1\n", 2),
             (b"1e3,1\n2e3,\n", 2), (b"-3,1\n-2,1\n", 2), (b"0,,\n1,,\n", 3), (b"0,,1\n1,2,\n", 3),
             (b"5,nan,nan\n6,1e-7,\n", 3), (b"0,1\n1,2\n0,3\n", 2)]


@pytest.mark.parametrize("fmt", ["keras_csv", "lightning_csv", "csv"])
def test_edge_files_equal_the_twin_and_their_readers(fmt: str, tmp_path: Path, monkeypatch):
    items = []
    for i, (body, fields) in enumerate(EDGE + STEP_EDGE):
        first = {"keras_csv": ["epoch"], "lightning_csv": ["step"], "csv": ["step"]}[fmt]
        header = ",".join(first + [f"c{j}" for j in range(fields - 1)]).encode()
        items.append((str(tmp_path / f"e{i}.csv"), fmt, header + b"\n" + body))
        if fmt == "lightning_csv" and fields > 2:  # the step column inside
            header = ",".join(["c0", "step"] + [f"c{j}" for j in range(1, fields - 1)]).encode()
            items.append((str(tmp_path / f"m{i}.csv"), fmt, header + b"\n" + body))
    _both(items, monkeypatch)


def _near_midpoints(rng: random.Random, n: int) -> list[str]:
    """Decimal strings of 15-20 significant digits near the midpoint between two adjacent doubles (and some exact
    midpoints): where a parser that rounds twice goes wrong."""
    out = []
    for _ in range(n):
        d = abs(struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0])
        if not 1e-300 < d < 1e17:
            d = rng.uniform(0, 10) * 10.0 ** rng.randint(-30, 17)
        mid = (Decimal(d) + Decimal(np.nextafter(d, np.inf))) / 2
        digits = rng.randint(15, 20)
        out.append(f"{mid:.{digits}e}" if rng.random() < 0.5 else format(mid.normalize(), "f")[:digits + 2])
        if rng.random() < 0.05:
            out.append(format(mid, "f"))  # the exact midpoint (long)
    return [s.rstrip(".") for s in out]


def test_values_are_float_of_the_cell():
    rng = random.Random(5)
    cells = _near_midpoints(rng, 20000)
    cells += [repr(rng.uniform(-1e6, 1e6)) for _ in range(20000)]
    cells += [repr(rng.random() * 10.0 ** rng.randint(-300, 17)) for _ in range(20000)]
    cells += [f"{rng.random():.{rng.randint(1, 17)}g}" for _ in range(5000)]
    cells += [str(rng.randint(0, 10 ** 17)) for _ in range(5000)]
    cells = [c for c in cells if abs(float(c)) < 1e18 and not str(float(c)).startswith("-0")]  # else left out
    body = "".join(f"{i},{c}\n" for i, c in enumerate(cells)).encode()
    values, filled, rows = _cells(body, 2)
    assert rows == len(cells) and filled.all()
    want = np.array([float(c) for c in cells])
    bad = np.flatnonzero(_bits(values[1::2]) != _bits(want))
    assert not len(bad), [cells[i] for i in bad[:5]]


def _random_cell(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.3:
        return repr(rng.uniform(-5, 5))
    if kind < 0.4:
        return ""
    if kind < 0.45:
        return "nan"
    if kind < 0.5:
        return "".join(rng.choice("0123456789.eE+-na") for _ in range(rng.randint(1, 6)))
    if kind < 0.6:
        return f"{rng.random():.{rng.randint(1, 20)}e}".replace("e", rng.choice("eE"))
    return str(rng.randint(-10, 10 ** rng.randint(1, 19)))


def test_generated_bodies_equal_the_twin():
    rng = random.Random(7)
    for _ in range(3000):
        fields = rng.randint(2, 4)
        rows = [",".join(_random_cell(rng) for _ in range(fields)) for _ in range(rng.randint(1, 5))]
        body = ("\n".join(rows) + "\n").encode()
        values, filled, n = _cells(body, fields)
        assert (n >= 0) == _twin_takes(body, fields), body
        if n >= 0:
            flat, present, _, _ = _batchcsv._cells_py([("f", body)], fields)
            np.testing.assert_array_equal(_bits(values), _bits(flat), err_msg=repr(body))
            np.testing.assert_array_equal(filled, present, err_msg=repr(body))


def test_many_files_in_one_call_keep_their_own_rows():
    bodies = [b"0,1.5\n1,0.5\n", b"0,01\n", b"0,2\n", b"0,1\n1\n", b"0,nan\n1,\n2,3e2\n"]
    values, filled, rows = _csvcells.parse(bodies, 2)
    assert np.frombuffer(rows, dtype=np.int64).tolist() == [2, -1, 1, -1, 3]
    np.testing.assert_array_equal(_bits(np.frombuffer(values, dtype=np.float64)),
                                  _bits([0, 1.5, 1, 0.5, 0, 2, 0, np.nan, 1, np.nan, 2, 300.0]))
    assert np.frombuffer(filled, dtype=bool).tolist() == [1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1]


def test_generated_files_and_odd_ones_equal_the_twin(tmp_path: Path, monkeypatch):
    rng = random.Random(11)
    items = []
    for i in range(200):
        make, fmt = [(_keras, "keras_csv"), (_lightning, "lightning_csv"), (_plain, "csv")][i % 3]
        items.append((str(tmp_path / f"f{i}.csv"), fmt, make(rng, rng.randint(1, 40), ["loss", "val_loss"]).encode()))
    for name, fmt, text, _ in ODD:
        items.insert(rng.randrange(len(items)), (str(tmp_path / f"{name}.csv"), fmt, text.encode()))
    assert len(_both(items, monkeypatch)) > 200


@pytest.mark.parametrize("tree", TREES, ids=lambda p: p.name)
def test_real_trees_equal_the_twin(tree: Path, monkeypatch):
    if not tree.is_dir():
        pytest.skip(f"{tree} not here")
    items = [(f.path, f.format, Path(f.path).read_bytes()) for f in log_files(tree)  # as discovery sniffs them
             if f.format in _batchcsv.FORMATS]
    _both(items, monkeypatch)


_WRITERS = r'''
import os, sys
root = sys.argv[1]
os.chdir(root)
import torch, pytorch_lightning as pl
from pytorch_lightning.loggers import CSVLogger

class Tiny(pl.LightningModule):
    def __init__(self, lr):
        super().__init__()
        self.lr = lr
        self.layer = torch.nn.Linear(3, 1)
    def training_step(self, batch, i):
        x, y = batch
        loss = torch.nn.functional.mse_loss(self.layer(x), y)
        self.log("train_loss", loss)
        self.log("train_mae", torch.nn.functional.l1_loss(self.layer(x), y), on_epoch=True)
        return loss
    def validation_step(self, batch, i):
        x, y = batch
        self.log("val_loss", torch.nn.functional.mse_loss(self.layer(x), y))
    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.lr)

quiet = dict(enable_progress_bar=False, enable_model_summary=False, enable_checkpointing=False)
for i, lr in enumerate((0.1, 0.01, 1e3, 0.5)):  # 1e3: the loss overflows to inf, then nan
    torch.manual_seed(i)
    data = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.randn(64, 3), torch.randn(64, 1) * 1e3),
                                       batch_size=8)
    pl.Trainer(max_epochs=3, logger=CSVLogger("lightning"), log_every_n_steps=1 + i, **quiet).fit(Tiny(lr), data, data)

os.environ["KERAS_BACKEND"] = "torch"
import numpy as np, keras
for i, lr in enumerate((0.01, 0.1, 1e4)):  # 1e4: the loss goes to nan
    keras.utils.set_random_seed(i)
    x = np.random.default_rng(i).random((32, 3), dtype=np.float32)
    y = np.random.default_rng(i + 9).random((32, 1), dtype=np.float32) * 100
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(keras.optimizers.SGD(lr), "mse", metrics=["mae"])
    os.makedirs(f"keras_{i}", exist_ok=True)
    model.fit(x, y, epochs=6, validation_split=0.25, verbose=0,
              callbacks=[keras.callbacks.CSVLogger(f"keras_{i}/training.log")])
'''


@pytest.fixture(scope="module")
def writer_files(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("csvwriters")
    done = subprocess.run([sys.executable, "-c", _WRITERS, str(root)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return root


def test_real_writers_equal_the_twin(writer_files: Path, monkeypatch):
    items = [(f.path, f.format, Path(f.path).read_bytes()) for run in discover(str(writer_files), [])
             for f in run.files if f.format in _batchcsv.FORMATS and f.segment is None]
    assert {fmt for _, fmt, _ in items} == {"lightning_csv", "keras_csv"} and len(items) == 7
    got = _both(items, monkeypatch)
    assert len(got) >= 5  # the plain ones are taken (a NaN run may be left to its reader)
    from loganalyzer.readers import keras_csv

    for path, fmt, data in items:
        assert b"\r\n" in data  # Python's csv module
        if fmt == "keras_csv":  # counted without a parse (``one_run``), as the parser counts
            assert keras_csv.count_segments(data, path) == keras_csv._parse(data, path).count == 1
    cut = [(path + "#cut", fmt, data[:-7]) for path, fmt, data in items]  # the last line cut mid-write
    _both(cut, monkeypatch)


def _parsed_count(fmt: str, data: bytes) -> int:
    from loganalyzer.readers import keras_csv, plain_csv

    return (keras_csv if fmt == "keras_csv" else plain_csv)._parse(data, "f.csv").count


def test_crlf_files_count_their_runs_as_the_parser_does():
    """``_blocks_onerun.one_run`` takes CRLF files (both CSVLoggers write them): its answer is the parser's."""
    from loganalyzer.readers import keras_csv, plain_csv

    rng = random.Random(17)
    texts = [("keras_csv", _keras(rng, rng.randint(1, 30), ["loss", "val_loss"])) for _ in range(60)]
    texts += [("csv", _plain(rng, rng.randint(1, 30), ["loss", "val_loss"], rng.choice(["step", "epoch"])))
              for _ in range(60)]
    texts += [(fmt if fmt != "lightning_csv" else "csv", text) for _, fmt, text, _ in ODD]
    texts += [("keras_csv", "epoch,loss\n0,1.0\n1,0.5\nepoch,loss\n0,0.9\n1,0.4\n"),  # fit() twice: 2 runs
              ("keras_csv", "epoch,loss\n0,1.0\n\n1,0.5\n"), ("keras_csv", "epoch,loss\n0,1.0\n1,0.5\r\n"),
              ("csv", "loss,step\n1.0,0\n0.5,5\n0.4,0\n"), ("csv", "loss,step\n1.0,0\n0.5,5\n0.4,9\n")]
    for fmt, text in texts:
        reader = keras_csv if fmt == "keras_csv" else plain_csv
        lf = text.replace("\r\n", "\n").encode()
        crlf = lf.replace(b"\n", b"\r\n")
        try:
            want = _parsed_count(fmt, crlf)
        except Exception:  # UnreadableFile: the loader says why
            continue
        got = reader.count_segments(crlf, "f.csv")
        assert got == reader.count_segments(lf, "f.csv"), (fmt, text)  # as its LF twin
        assert got == want or want == 0, (fmt, text)  # as the parser (header only: 1 run, as before)


def test_counts_up_equals_the_twin():
    """``counts_up`` (C) answers what ``_blocks_onerun._counts_up_py`` answers: generated bodies of counters going up by
    one, with a jump, a leading zero, a blank line, a missing or other separator, 15/16 digits, no last line end;
    several separators (a multi-byte one too); and every CSV body of the sample/eval/real trees."""
    from loganalyzer.readers import _blocks_onerun as _blocks

    rng = random.Random(7)
    seps = [b",", b";", b"\t", b" ", b"|", b"\xc2\xa7"]
    cases = [(b"", b","), (b"\n", b","), (b"0,a", b","), (b"0,a\n", b","), (b"0,a\n\n", b","), (b"00,a\n01,b\n", b","),
             (b"7,a\n8,b\n", b","), (b"999999999999999,a\n", b","), (b"99999999999998,a\n99999999999999,b\n", b","),
             (b"1234567890123456,a\n", b","), (b"0\n1\n", b","), (b"0,\n1,", b","), (b"-1,a\n0,a\n", b",")]
    for _ in range(4000):
        sep = rng.choice(seps)
        start = rng.choice((0, 1, 5, 9, 99, 10**14 - 3, 10**15 - 2))
        lines = []
        for i in range(rng.choice((1, 2, 3, 10, 30))):
            n = start + i
            cell = b"%d" % n
            r = rng.random()
            if r < 0.03:
                cell = b"0" + cell
            elif r < 0.06:
                cell = b"%d" % (n + 1)
            elif r < 0.08:
                cell = b""
            elif r < 0.09:
                cell = b"%d.0" % n
            tail = b"" if rng.random() < 0.05 else sep + b"0.5" + (sep + b"1e-3" if rng.random() < 0.5 else b"")
            lines.append(cell + (rng.choice(seps) if rng.random() < 0.03 else b"") + tail)
        body = b"\n".join(lines) + (b"\n" if rng.random() < 0.8 else b"") + (b"\n" if rng.random() < 0.03 else b"")
        cases.append((body, sep))
    for tree in TREES:
        for path in sorted(Path(tree).rglob("*")):
            if path.suffix in (".csv", ".log") and path.is_file():
                data = path.read_bytes()[:200_000].replace(b"\r\n", b"\n")
                cases.extend((data[data.find(b"\n") + 1:], sep) for sep in (b",", b";", b"\t"))
    taken = 0
    for body, sep in cases:
        want = _blocks._counts_up_py(body, sep)
        assert _csvcells.counts_up(body, sep) is want, (body[:200], sep)
        assert _blocks._counts_up(body, sep, pure_python=False) is want
        taken += want
    assert 100 < taken < len(cases)
    for bad in (b"", b"1", b"\n", b",\n"):
        with pytest.raises(ValueError):
            _csvcells.counts_up(b"0,a\n", bad)


def test_empty_cell_equals_the_twin():
    """``empty_cell`` (C) answers what ``_batchcsv._empty_cell_py`` answers: every short body of the bytes that
    matter (``,``, ``\\n``, digits, ``.``) up to 6 bytes, random longer ones, and every CSV body of the
    sample/eval/real trees (Keras logs without an empty cell, Lightning files with many)."""
    from itertools import product

    bodies = [bytes(p) for n in range(7) for p in product(b"0,\n.", repeat=n)]
    rng = random.Random(11)
    bodies += [bytes(rng.choice(b"0123456789,.\ne-") for _ in range(rng.randint(7, 400))) for _ in range(3000)]
    for tree in TREES:
        for path in sorted(Path(tree).rglob("*")):
            if path.suffix in (".csv", ".log") and path.is_file():
                data = path.read_bytes()[:200_000].replace(b"\r\n", b"\n")
                bodies.append(data[data.find(b"\n") + 1:])
    found = 0
    for body in bodies:
        want = _batchcsv._empty_cell_py(body)
        assert _csvcells.empty_cell(body) is want, body[:200]
        found += want
    assert 100 < found < len(bodies)
