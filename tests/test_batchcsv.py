"""Plain Keras/Lightning/plain CSV files read many at a time (``readers/_batchcsv.py``) give, array for array and bit for
bit, what each file's own reader gives; files of any other kind are left to that reader; ``read_scalars`` gives
the same table and warnings with the batch path on and off."""
from __future__ import annotations

import random
import warnings
from pathlib import Path

import numpy as np
import pytest

import loganalyzer
from loganalyzer.readers import _batchcsv, keras_csv, lightning_csv, plain_csv

from _trees import log_files
from test_fastcsv import TREES, _bits

READERS = {"keras_csv": keras_csv, "lightning_csv": lightning_csv, "csv": plain_csv}


def _same(batched, path: str, fmt: str, data: bytes) -> None:
    columns, result = batched
    want, want_result = READERS[fmt].read_columns(data, path)
    assert columns.tags == want.tags, path
    for name in ("tag_codes", "steps"):
        got, ref = getattr(columns, name), getattr(want, name)
        assert got.dtype == ref.dtype == np.int64
        np.testing.assert_array_equal(got, ref, err_msg=path)
    for name in ("values", "wall_times"):
        np.testing.assert_array_equal(_bits(getattr(columns, name)), _bits(getattr(want, name)), err_msg=path)
    assert (result.problems, result.hparams, result.restarts) == (want_result.problems, want_result.hparams,
                                                                  want_result.restarts)


def _check(items: list[tuple[str, str, bytes]]) -> dict:
    got = _batchcsv.read_many(items)
    for path, fmt, data in items:
        if path in got:
            _same(got[path], path, fmt, data)
    return got


def _num(rng: random.Random) -> str:
    return rng.choice([repr(rng.uniform(-5, 5)), str(rng.randint(0, 9)), repr(rng.random() * 1e-7), "nan",
                       f"{rng.random():.6g}", "1e-05", "2.5E3"])


def _keras(rng: random.Random, rows: int, cols: list[str], empty: float = 0.1) -> str:
    lines = [",".join(["epoch", *cols])]
    for e in range(rows):
        lines.append(",".join([str(e)] + ["" if rng.random() < empty else _num(rng) for _ in cols]))
    return "\n".join(lines) + "\n"


def _lightning(rng: random.Random, rows: int, cols: list[str]) -> str:
    lines = [",".join(["epoch", "step", *cols])]
    for s in range(rows):
        cells = ["" if rng.random() < 0.5 else _num(rng) for _ in cols]
        lines.append(",".join([str(s // 10), str(s - s % 2)] + cells))
    return "\n".join(lines) + "\n"


def _plain(rng: random.Random, rows: int, cols: list[str], x: str = "step") -> str:
    lines = [",".join([x, *cols]) if rng.random() < 0.5 else ",".join([*cols, x])]
    first = lines[0].split(",")[0] == x
    for s in range(rows):
        cells = ["" if rng.random() < 0.2 else _num(rng) for _ in cols]
        lines.append(",".join([str(3 * s), *cells] if first else [*cells, str(3 * s)]))
    return "\n".join(lines) + "\n"


# (name, format, text, taken by the batch path)
ODD = [
    ("keras_back", "keras_csv", "epoch,loss\n0,1.0\n1,0.5\n1,0.4\n", False),  # appended run: segments
    ("keras_frac", "keras_csv", "epoch,loss\n0.5,1.0\n1,0.5\n", False),
    ("keras_inf", "keras_csv", "epoch,loss\n0,inf\n1,0.5\n", False),
    ("keras_na", "keras_csv", "epoch,loss\n0,NA\n1,0.5\n", False),
    ("keras_crlf", "keras_csv", "epoch,loss\r\n0,1.0\r\n1,0.5\r\n", True),  # Python's csv module: CRLF
    ("keras_crlf_mixed", "keras_csv", "epoch,loss\r\n0,1.0\n1,0.5\r\n", False),
    ("keras_lone_cr", "keras_csv", "epoch,loss\r\n0,1.0\r\r\n1,0.5\r\n", False),
    ("keras_crlf_cut", "keras_csv", "epoch,loss\r\n0,1.0\r\n1,0.5\r", False),
    ("keras_cut", "keras_csv", "epoch,loss\n0,1.0\n1,0.5", False),
    ("keras_short", "keras_csv", "epoch,loss,acc\n0,1.0\n1,0.5,0.2\n", False),
    ("keras_big", "keras_csv", "epoch,loss\n0,1e18\n1,0.5\n", False),
    ("keras_minus0", "keras_csv", "epoch,loss\n0,-0\n1,0.5\n", False),
    ("keras_minus0f", "keras_csv", "epoch,loss\n0,-0.0\n1,0.5\n", False),
    ("keras_header_only", "keras_csv", "epoch,loss\n", False),
    ("keras_no_epoch", "keras_csv", "epoch,loss\n,1.0\n1,0.5\n", False),
    ("keras_dup", "keras_csv", "epoch,loss,loss\n0,1.0,2.0\n1,0.5,0.6\n", False),
    ("keras_space", "keras_csv", "epoch, loss\n0, 1.0\n1, 0.5\n", False),
    ("keras_empty_col", "keras_csv", "epoch,loss,val_loss\n0,1.0,\n1,0.5,\n", True),
    ("keras_int", "keras_csv", "epoch,loss\n0,3\n1,-2\n", True),
    ("lightning_back", "lightning_csv", "epoch,step,loss\n0,5,1.0\n1,0,0.5\n1,5,0.4\n", False),
    ("lightning_nostep", "lightning_csv", "epoch,step,loss\n0,,1.0\n0,1,0.5\n", False),
    ("lightning_same", "lightning_csv", "epoch,step,loss,val\n0,0,1.0,\n0,0,,2.0\n0,1,0.5,\n", True),
    ("lightning_crlf", "lightning_csv", "epoch,step,loss,val\r\n0,0,1.0,\r\n0,0,,2.0\r\n0,1,0.5,\r\n", True),
    ("lightning_quote", "lightning_csv", 'epoch,step,"loss"\n0,0,1.0\n', False),
    ("lightning_dot", "lightning_csv", "epoch,step,loss\n0,0,1.\n0,1,.5\n", False),
    ("lightning_nostepcol", "lightning_csv", "epoch,loss\n0,1.0\n", False),
    ("csv_copies", "csv", "step,loss\n0,1.0\n1,0.5\n1,0.5\n", False),
    ("csv_back", "csv", "step,loss\n0,1.0\n5,0.5\n2,0.4\n", False),
    ("csv_time", "csv", "step,loss,time\n0,1.0,1700000000\n1,0.5,1700000001\n", False),
    ("csv_no_numbers", "csv", "step,loss\n0,\n1,\n", False),
    ("csv_epoch_inner", "csv", "epoch,batch,loss\n0,0,1.0\n0,1,0.9\n1,0,0.8\n1,1,0.7\n", False),
    ("csv_epoch_major_no", "csv", "epoch,step,loss\n0,0,1.0\n0,10,0.9\n1,20,0.8\n", True),
    ("csv_epoch_x", "csv", "epoch,loss\n0,1.0\n1,0.9\n", True),
    ("csv_index", "csv", ",loss\n0,1.0\n1,0.9\n", False),
]


def test_generated_files_equal_their_readers(tmp_path: Path):
    rng = random.Random(12)
    items, plain = [], set()
    for i in range(300):
        if i % 3 == 2:
            text = _plain(rng, rng.randint(1, 40), rng.choice([["train_loss"], ["train_loss", "val_loss"]]))
            fmt = "csv"
        elif i % 3:
            text = _keras(rng, rng.randint(1, 40), rng.choice([["loss"], ["acc", "loss", "val_loss"]]))
            fmt = "keras_csv"
        else:
            text = _lightning(rng, rng.randint(1, 40), rng.choice([["train_loss"], ["train_loss", "val_loss"]]))
            fmt = "lightning_csv"
        path = str(tmp_path / f"f{i}.csv")
        items.append((path, fmt, text.encode()))
        rows = [line.split(",") for line in text.splitlines()[1:] if line]
        if not (fmt == "csv" and rows and any(all(r[j] == "" for r in rows) for j in range(len(rows[0])))):
            plain.add(path)  # (a plain CSV column empty in every row: left to its reader, which says so)
    for name, fmt, text, taken in ODD:
        path = str(tmp_path / f"{name}.csv")
        items.insert(rng.randrange(len(items)), (path, fmt, text.encode()))
        if taken:
            plain.add(path)
    got = _check(items)
    assert set(got) == plain


def test_a_file_orjson_refuses_is_found_in_its_chunk(tmp_path: Path):
    good = [(str(tmp_path / f"g{i}.csv"), "keras_csv", b"epoch,loss\n0,1.5\n1,0.5\n") for i in range(7)]
    odd = (str(tmp_path / "odd.csv"), "keras_csv", b"epoch,loss\n0,01\n1,0.5\n")  # '01': no JSON number
    assert set(_check(good[:3] + [odd] + good[3:])) == {p for p, _, _ in good}


@pytest.mark.parametrize("tree", TREES, ids=lambda p: p.name)
def test_real_files_equal_their_readers(tree: Path):
    if not tree.is_dir():
        pytest.skip(f"{tree} not here")
    items = [(f.path, f.format, Path(f.path).read_bytes()) for f in log_files(tree)  # as discovery sniffs them
             if f.format in _batchcsv.FORMATS]
    _check(items)


def _read(path) -> tuple:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = loganalyzer.read_scalars(path, jobs=1)
    return frame, [str(w.message) for w in caught]


def test_read_scalars_same_with_and_without_batches(tmp_path: Path, monkeypatch):
    rng = random.Random(3)
    for i in range(40):
        run = tmp_path / "lightning_logs" / f"version_{i}"
        run.mkdir(parents=True)
        (run / "metrics.csv").write_text(_lightning(rng, rng.randint(1, 30), ["train_loss", "val_loss"]))
        (tmp_path / f"k{i}.log").write_text(_keras(rng, rng.randint(1, 30), ["loss", "val_loss"]))
        (tmp_path / f"p{i}.csv").write_text(_plain(rng, rng.randint(1, 30), ["loss", "val_loss"]))
    for name, fmt, text, _ in ODD:
        if fmt != "lightning_csv":
            (tmp_path / f"{name}.{'log' if fmt == 'keras_csv' else 'csv'}").write_text(text)
    on = _read(tmp_path)
    monkeypatch.setattr(_batchcsv, "orjson", None)  # every file through its own reader
    off = _read(tmp_path)
    import pandas as pd

    pd.testing.assert_frame_equal(on[0], off[0], check_exact=True)
    assert on[0].attrs == off[0].attrs
    assert on[1] == off[1] and on[1]  # the odd files' warnings, in the same order


def _curve(rng: random.Random, rows: int, cols: list[str], x: list[str], empty: float) -> str:
    """A training's falling losses (the random cells of ``_num`` are no run the verdicts can judge)."""
    lines = [",".join([*x, *cols])]
    for s in range(rows):
        cells = ["" if rng.random() < empty else repr(2.0 * 0.97 ** s + rng.uniform(0, 0.05) + 0.1 * j)
                 for j in range(len(cols))]
        lines.append(",".join([str(s) if x == ["epoch"] else str(s // 10), *([str(s)] if len(x) > 1 else [])]
                              + cells if x != ["step"] else [str(3 * s), *cells]))
    return "\n".join(lines) + "\n"


def test_scan_same_with_and_without_batches(tmp_path: Path, monkeypatch):
    """``batch.analyse_chunk`` reads a chunk's plain CSV files through ``load_batch.prefetch``: the report (every
    verdict, warning and number) is the one the per-file readers give."""
    from loganalyzer.scan import scan

    rng = random.Random(5)
    for i in range(12):
        run = tmp_path / "lightning_logs" / f"version_{i}"
        run.mkdir(parents=True)
        (run / "metrics.csv").write_text(_curve(rng, rng.randint(2, 90), ["train_loss", "val_loss"],
                                                ["epoch", "step"], 0.3))
        (tmp_path / f"k{i}.log").write_text(_curve(rng, rng.randint(2, 90), ["loss", "val_loss"], ["epoch"], 0.05))
        (tmp_path / f"p{i}.csv").write_text(_curve(rng, rng.randint(2, 90), ["loss", "val_loss"], ["step"], 0.1))
    for name, fmt, text, _ in ODD:
        if fmt != "lightning_csv":
            (tmp_path / f"{name}.{'log' if fmt == 'keras_csv' else 'csv'}").write_text(text)
    taken = []
    real = _batchcsv.read_many
    monkeypatch.setattr(_batchcsv, "read_many", lambda items: taken.extend(real(items)) or real(items))
    on = scan([tmp_path], jobs=1).to_dict()
    assert len(set(taken)) >= 36  # the generated files did take the batch path
    monkeypatch.setattr(_batchcsv, "orjson", None)  # every file through its own reader
    off = scan([tmp_path], jobs=1).to_dict()
    assert len(on["runs"]) >= 36 and on == off


def test_read_once_opens_a_small_file_once(tmp_path: Path, monkeypatch):
    from loganalyzer import fs

    path = tmp_path / "training.log"
    path.write_bytes(b"epoch,loss\n0,1.5\n1,0.5\n")
    opened = []
    real_open, real_os_open = open, fs.os.open

    def counting_open(file, *args, **kwargs):
        opened.append(file)
        return real_open(file, *args, **kwargs)

    def counting_os_open(file, *args, **kwargs):  # fs.read_local: os.open, os.read
        opened.append(file)
        return real_os_open(file, *args, **kwargs)

    monkeypatch.setattr(fs, "open", counting_open, raising=False)
    monkeypatch.setattr(fs.os, "open", counting_os_open)
    with fs.read_once():
        assert fs.LOCAL_FS.read_head(str(path), 4) == b"epoc"
        with fs.LOCAL_FS.open_bytes(str(path)) as data:
            assert bytes(data) == path.read_bytes()
        assert fs.take(str(path)) == path.read_bytes() and fs.take(str(path)) is None
    assert opened == [str(path)]
    assert fs.take(str(path)) is None  # no block open: nothing kept
    with fs.LOCAL_FS.open_bytes(str(path)) as data:
        assert bytes(data) == path.read_bytes()
    assert len(opened) == 2


def test_read_local_is_open_read(tmp_path: Path):
    """``fs.read_local`` (os.open/os.read, fewer system calls) gives what ``open(path, 'rb').read(limit)`` gives,
    and raises what it raises; ``open_bytes`` reads small files through it and still maps big ones."""
    import mmap

    from loganalyzer import fs

    path = tmp_path / "a.log"
    for size in (0, 1, 100, (1 << 16) - 1, 1 << 16, (1 << 16) + 1, 300_000):
        data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
        path.write_bytes(data)
        for limit in (-1, 0, 1, 4, 8192, (1 << 16) + 1, size, size + 1):
            assert fs.read_local(str(path), limit) == open(path, "rb").read(limit)
        with fs.LOCAL_FS.open_bytes(str(path)) as got:
            assert type(got) is bytes and got == data
    big = tmp_path / "big.log"
    big.write_bytes(b"y" * (fs.MMAP_THRESHOLD + 1))
    with fs.LOCAL_FS.open_bytes(str(big)) as got:
        assert isinstance(got, mmap.mmap) and len(got) == fs.MMAP_THRESHOLD + 1
    for bad in (tmp_path, tmp_path / "missing.log"):
        with pytest.raises(OSError) as expected:
            open(bad, "rb").read()
        for call in (lambda: fs.read_local(str(bad)), lambda: fs.LOCAL_FS.read_head(str(bad), 10)):
            with pytest.raises(type(expected.value)) as raised:
                call()
            assert str(raised.value) == str(expected.value)


@pytest.mark.parametrize("pure", ["0", "1"])
def test_empty_cell_precheck_takes_what_the_regex_took(tmp_path: Path, monkeypatch, pure: str):
    """``_empty_cell`` before ``_ONE_CELL``: every body the regex would match has an empty cell, but for a row of one
    cell and no comma, which the parser leaves out (C and twin): the same files read, each equal to its reader."""
    monkeypatch.setenv("LOGANALYZER_PURE_PYTHON", pure)
    rng = random.Random(7)
    bodies = ["0,1.5,2\n1,,3\n2,0.5,1\n", "0,1.5,2\n1,,\n2,0.5,1\n", "0,1.5,2\n1\n2,0.5,1\n", "0,1.5,2\n1,1,1\n",
              "0,1.5\n1,\n", "0,1.5\n,2\n", ",1.5,2\n1,1,1\n", "0,1.5,2\n1,1,\n"]
    items = []
    for i in range(60):
        header = "epoch,loss,val_loss" if i % 2 else "epoch,loss"
        body = rng.choice([b for b in bodies if b.count(",", 0, b.find("\n")) == header.count(",")] + ["0\n"])
        items.append((str(tmp_path / f"f{i}.csv"), rng.choice(["keras_csv", "csv"]), (header + "\n" + body).encode()))
    for _, _, data in items:
        body = data[data.find(b"\n") + 1:]
        lines = body.split(b"\n")[:-1]
        if _batchcsv._ONE_CELL.search(body) and not _batchcsv._empty_cell(body):
            assert any(b"," not in line for line in lines)
    got = _check(items)
    for path, _, data in items:
        body = data[data.find(b"\n") + 1:]
        if any(b"," not in line for line in body.split(b"\n")[:-1]):
            assert path not in got  # too few fields: the per-file reader says so
