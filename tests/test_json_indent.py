"""render/json_indent.py: the C encoder's compact JSON re-indented by ``_jsonindent`` is json.dumps(indent=2)'s
text byte for byte -- on real scan reports (sample_logs and public runs of every writer) and on generated
documents made to trip a re-indenter (quotes, backslash runs, brackets, commas and colons inside strings, empty
containers, non-ASCII and lone surrogates, floats of every magnitude)."""
from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest

from loganalyzer.render import json_indent, render
from loganalyzer.scan import scan

REPO = Path(__file__).resolve().parents[1]
needs_c = pytest.mark.skipif(json_indent._jsonindent is None, reason="the C re-indenter was not built")


def reference(obj) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False, allow_nan=False)


@needs_c
def test_real_scan_reports_byte_identical():
    public = sorted(p for p in (REPO / "eval" / "public").iterdir() if p.is_dir())[::20]  # ~70 runs, many formats
    for paths in ([REPO / "sample_logs"], public):
        report = scan([str(p) for p in paths])
        assert len(report.runs) > 10
        text = render(report, "json")
        assert text.encode() == (reference(report.to_dict()) + "\n").encode()


PIECES = ['"', "\\", '\\"', '\\\\"', "{", "}", "[", "]", ",", ":", "{}", "[]", ", ", ": ", "\n", "\t", "\x00",
          "\x1f", "\x7f", "é", "漢字", "\u2028", "\ud800", "🙂", "a", " ", "null", "1e-05", "//"]


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randrange(0, 6)))


def _number(rng: random.Random):
    kind = rng.randrange(6)
    if kind == 0:
        return rng.randrange(-10**25, 10**25)
    if kind == 1:
        return rng.choice([0, -1, True, False, None, 0.0, -0.0, 1e16, 1e-5, 1e-4, 5e-324, 1.7976931348623157e308])
    return rng.uniform(-1, 1) * 10.0 ** rng.randrange(-30, 30)


def _doc(rng: random.Random, depth: int = 0):
    kind = rng.randrange(5 if depth < 6 else 2)
    if kind == 0:
        return _text(rng)
    if kind == 1:
        return _number(rng)
    if kind == 2:
        return [_doc(rng, depth + 1) for _ in range(rng.randrange(0, 4))]
    keys = [rng.choice([_text(rng), rng.randrange(-5, 5), 1.5, True, None]) for _ in range(rng.randrange(0, 4))]
    return {k: _doc(rng, depth + 1) for k in keys}


@needs_c
def test_generated_documents_byte_identical():
    rng = random.Random(12)
    for _ in range(3000):
        doc = _doc(rng)
        assert json_indent.dumps(doc) == reference(doc), doc
    for doc in ("", "x", [], {}, [[]], [{}], {"": {}}, [[[], {}], []], 0, -0.0, None, '"\\"', "\\\\"):
        assert json_indent.dumps(doc) == reference(doc)


def test_same_errors():
    for bad in ({"x": math.nan}, [math.inf], {"x": object()}):
        with pytest.raises((ValueError, TypeError)) as ours:
            json_indent.dumps(bad)
        with pytest.raises(type(ours.value)):
            reference(bad)


def test_pure_python_is_the_reference(monkeypatch):
    monkeypatch.setenv("LOGANALYZER_PURE_PYTHON", "1")
    doc = {"a": [1, 2.5, {"b": "c\\\"d"}], "e": {}}
    assert json_indent.dumps(doc) == reference(doc)


def test_jsonable_fast_paths_keep_the_values():
    """summary._jsonable's plain-type shortcuts give what its general path gives (numpy scalars, NaN/inf, keys)."""
    import numpy as np

    from loganalyzer.summary import _jsonable

    value = {"a": 1.5, "nan": math.nan, "inf": math.inf, "-inf": -math.inf, 3: [np.float64(2.5), np.float32(math.nan),
             np.int64(7), np.bool_(True), True, None, "x", (1, {"k": np.inf})], 1.5: {}, None: [], True: 0}
    got = _jsonable(value)
    assert got == {"a": 1.5, "nan": "nan", "inf": "inf", "-inf": "-inf",
                   "3": [2.5, "nan", 7, True, True, None, "x", [1, {"k": "inf"}]], "1.5": {}, "None": [], "True": 0}
    assert [type(v) for v in got["3"][:4]] == [float, str, int, bool]
    assert json_indent.dumps(got) == reference(got)


@needs_c
def test_malformed_input_does_not_crash():
    """indent2 is only given the encoder's output; other bytes still come back as bytes (no crash, no hang)."""
    for junk in (b"]]]", b"}", b'"unterminated', b'"\\', b"[1,", b"{:}", b"\xff\xfe[", b"1 2"):
        assert isinstance(json_indent._jsonindent.indent2(junk), bytes)
