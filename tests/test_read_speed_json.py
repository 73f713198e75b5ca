"""The fast paths of the read_scalars speed round give what the slow ones give: orjson and json read a HF
``trainer_state.json`` into the very same points and problems (``hf_trainer_state._loads``), and the counting of
runs in a CSV without parsing it (``_blocks_onerun.one_run``) agrees with the parse."""
from __future__ import annotations

import json
import random
import re
import struct

import numpy as np
import pytest

from loganalyzer.readers import hf_trainer_state, keras_csv, plain_csv
from loganalyzer.readers._blocks_onerun import one_run
from loganalyzer.readers._joblog_files import printed_log

orjson = pytest.importorskip("orjson")


def _bits(values) -> list[bytes]:
    return [struct.pack("<d", float(v)) for v in values]


def test_orjson_rounds_every_float_as_json_does():
    rng = random.Random(7)
    texts = []
    for _ in range(50_000):
        kind = rng.random()
        if kind < 0.4:
            value = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
            if value != value or value in (float("inf"), float("-inf")):
                continue
            texts.append(repr(value))
        elif kind < 0.7:
            texts.append("%.*e" % (rng.randint(15, 25), rng.uniform(-10, 10) * 10.0 ** rng.randint(-320, 300)))
        else:
            texts.append(f"{rng.randint(0, 10**18)}." + "".join(rng.choice("0123456789") for _ in range(30)))
    texts = [t for t in texts if "inf" not in t and "nan" not in t]
    doc = ("[" + ",".join(texts) + "]").encode()
    assert _bits(orjson.loads(doc)) == _bits(json.loads(doc))


def _state(entries: str, extra: str = "") -> bytes:
    return ('{"global_step": 3, %s"log_history": [%s]}' % (extra, entries)).encode()


@pytest.mark.parametrize("data", [
    _state('{"loss": 0.5, "step": 1}, {"loss": NaN, "step": 2}, {"loss": Infinity, "step": 3}'),
    _state('{"loss": 1e400, "step": 1}, {"loss": -1e400, "step": 2}'),
    _state('{"loss": 0.5, "step": 18446744073709551616}, {"loss": 2, "step": 3}'),
    _state('{"loss": 123456789012345678901234567890, "step": 1}'),
    _state('{"loss": 0.5, "step": 1}', extra='"best_metric": -9223372036854775809, "trial_name": "\\ud800", '),
    _state('{"loss": 0.5, "step": 1, "loss": 0.25}, {"step": 2, "x": -0, "y": -0.0, "z": true}'),
    _state('{"loss": 0.5, "step": 1}, 7, {"epoch": 0.5}'),
    _state('{"loss": 0.5, "step": 1.5}, {"loss": 0.5, "step": "2"}'),
])
def test_trainer_state_read_alike_with_and_without_orjson(data, monkeypatch):
    fast = hf_trainer_state._parse(data, "t.json")
    monkeypatch.setattr(hf_trainer_state, "orjson", None)
    slow = hf_trainer_state._parse(data, "t.json")
    assert fast[0] == slow[0] and fast[4] == slow[4] and repr(fast[5]) == repr(slow[5])
    for a, b in zip(fast[1:4], slow[1:4]):
        assert a.dtype == b.dtype and a.tobytes() == b.tobytes()


@pytest.mark.parametrize("data", [b'{"log_history": [', b'[' * 5000 + b']' * 5000, b'{"log_history": [] } x'])
def test_trainer_state_errors_alike_with_and_without_orjson(data, monkeypatch):
    def problem():
        with pytest.raises(Exception) as caught:
            hf_trainer_state._parse(data, "t.json")
        return str(caught.value.problem)

    fast = problem()
    monkeypatch.setattr(hf_trainer_state, "orjson", None)
    assert fast == problem()


def _csv_lines(rng: random.Random, sep: str, col: int, width: int) -> bytes:
    counter = rng.randint(0, 3)
    lines = []
    for _ in range(rng.randint(0, 12)):
        r = rng.random()
        counter += rng.choice([1, 1, 1, 2, 0, -1, -3]) if r < 0.9 else 0
        cells = [f"{rng.random():.4f}" for _ in range(width)]
        cells[col] = str(counter) if rng.random() > 0.05 else rng.choice(["", "x", "1.5", " 3", "-1"])
        if rng.random() < 0.03:
            cells = cells[: rng.randint(0, width)]
        lines.append(sep.join(cells))
        if rng.random() < 0.02:
            lines.append(rng.choice(["", "epoch" + sep + "loss", "\r"]))
    return ("\n".join(lines) + ("\n" if rng.random() < 0.9 else "")).encode()


def test_one_run_agrees_with_the_parse():
    rng = random.Random(3)
    checked = 0
    for _ in range(600):
        sep = rng.choice([",", ";", "\t", "|"])
        width = rng.randint(2, 4)
        keras = rng.random() < 0.5
        col = 0 if keras else rng.randrange(width)
        names = [f"m{i}" for i in range(width)]
        names[col] = "epoch" if keras else rng.choice(["step", "iteration", "epoch"])
        data = (sep.join(names) + "\n").encode() + _csv_lines(rng, sep, col, width)
        reader = keras_csv if keras else plain_csv
        try:
            parsed = reader._parse(data, "f.csv").count
        except Exception:
            parsed = 1
        assert reader.count_segments(data, "f.csv") == parsed, data
        if one_run(data, 0, sep, col, ties_restart=keras):
            assert parsed == 1, data
            checked += 1
    assert checked > 50


# the pattern before the speed round (no prefilter, no look-behind): printed_log must answer as it did
_PRINTED_BEFORE = re.compile(rb"Epoch \d+/\d+\s*\n|Traceback \(most recent|slurmstepd|it/s[\],]|\d%\||"
                             rb"\{'(?:eval_)?loss'|iter \d+: loss|Train Epoch: \d|\d+/\d+ \[=*[>.]*\] - ")


def test_printed_log_prefilter_keeps_the_answer():
    rng = random.Random(5)
    pieces = ["Epoch 1/3\n", "12/40 [==>...] - ", "it/s]", "5%|", "{'loss'", "iter 3: loss", "Train Epoch: 2",
              "Traceback (most recent", "slurmstepd", "1,2,3\n", "0.5,0.25\n", "step,loss\n", "a/b", "99%"]
    for _ in range(3000):
        head = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))).encode()
        assert printed_log(head) == (_PRINTED_BEFORE.search(head) is not None)
    assert not printed_log(np.arange(2000).astype(str).tobytes())
