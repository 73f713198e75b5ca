"""The C reader of HF ``log_history`` (``readers/_hfhistory.c``) gives what its Python twin
(``hf_trainer_state._points_by_shape_py``) gives, bit for bit: on files the real ``transformers`` writer saved
(``TrainerState.save_to_json``, and a real ``Trainer.train``), on the sample/eval/shared trees, and on generated
histories with odd shapes and types (bools, nulls, text, big ints, floats as steps, many shapes)."""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from loganalyzer.readers import hf_trainer_state as hf

from test_fastcsv import TREES
from test_hf_fast import ODD, _same

_hfhistory = pytest.importorskip("loganalyzer.readers._hfhistory", reason="C extension not built (no compiler)")


def _both(history) -> None:
    """C and twin on one parsed history: both None, or the same tags and arrays bit for bit."""
    got = _hfhistory.points(history)
    want = hf._points_by_shape_py(history)
    if got is NotImplemented:
        assert len({tuple(e) for e in history if isinstance(e, dict)}) > 64
        return
    if want is None:
        assert got is None
        return
    assert got is not None
    tags, codes, steps, values = got
    assert tags == want[0]
    np.testing.assert_array_equal(np.frombuffer(codes, dtype=np.int64), want[1])
    np.testing.assert_array_equal(np.frombuffer(steps, dtype=np.int64), want[2])
    np.testing.assert_array_equal(np.frombuffer(values, dtype=np.float64).view(np.int64), want[3].view(np.int64))
    assert want[1].dtype == want[2].dtype == np.int64 and want[3].dtype == np.float64


ODD_HISTORIES = [
    [], [{}], [{"step": 1}], [{"loss": 1.0}], [{"loss": 1.0, "step": 1}, 7], [{"loss": 1.0, "step": True}],
    [{"loss": 1.0, "step": 1.0}], [{"loss": 1.0, "step": 2**63}], [{"loss": 1.0, "step": 2**63 - 1}],
    [{"loss": 1.0, "step": -2**63}], [{"loss": 1.0, "step": -2**63 + 1}], [{"loss": 1.0, "step": None}],
    [{"loss": True, "step": 1}], [{"loss": None, "step": 1}, {"loss": 2, "step": 2}],
    [{"loss": "a", "step": 1}, {"loss": "b", "step": 2}], [{"loss": 1, "step": 1}, {"loss": "b", "step": 2}],
    [{"loss": 10**400, "step": 1}], [{"loss": 2**64 + 1, "step": 1}], [{"loss": -(2**70) + 3, "step": 1}],
    [{"loss": 2**53 + 1, "step": 1}], [{"loss": float("nan"), "step": 1}], [{"loss": float("-inf"), "step": 1}],
    [{"a": 1, "step": 1}, {"step": 2, "a": 2}, {"a": 3, "step": 3}, {"b": 1.5, "step": 4, "a": 4}],
    [{"step": 1, "x": [1]}, {"step": 2, "x": 0.5}], [{"step": 1, "x": [1]}, {"step": 2, "x": [2]}],
    [{"step": 5}, {"step": 6, "m": 1.0}],  # a shape with no tag
    [{"b": 1.0, "step": 1}, {"a": 1.0, "step": 2}, {"a": 2.0, "b": 3.0, "step": 3}],  # codes in shape order
    [{f"k{i}": 1.0, "step": i} for i in range(70)],  # more than 64 shapes: the twin reads it
    [{f"k{i % 64}": 1.0, "step": i} for i in range(200)],
    [{"loss": 1.0, "step": 1}, {"loss": 1.0, "step": 1}] * 50,
]


@pytest.mark.parametrize("history", ODD_HISTORIES, ids=range(len(ODD_HISTORIES)))
def test_odd_histories_equal_the_twin(history):
    _both(history)


def test_subclasses_are_not_taken():
    class D(dict):
        pass

    _both([D(loss=1.0, step=1)])
    _both([{"loss": 1.0, "step": 1}, D(loss=1.0, step=2)])


def _value(rng: random.Random):
    return rng.choice([rng.random(), rng.randint(-5, 10**6), 1e-300 * rng.random(), None, True, "x", [1],
                       float("nan"), 2**63 + rng.randint(0, 9), rng.uniform(-1e300, 1e300)])


def test_generated_histories_equal_the_twin():
    rng = random.Random(21)
    keys = ["loss", "eval_loss", "learning_rate", "epoch", "grad_norm", "step", "x"]
    for _ in range(3000):
        history = []
        for i in range(rng.randint(1, 30)):
            names = rng.sample(keys, rng.randint(1, len(keys)))
            if "step" not in names and rng.random() < 0.95:
                names.append("step")
            entry = {}
            for k in names:
                entry[k] = (i if rng.random() < 0.97 else _value(rng)) if k == "step" else (
                    rng.random() if rng.random() < 0.9 else _value(rng))
            history.append(entry)
        _both(history)
        _both(json.loads(json.dumps(history)))  # keys as json makes them


@pytest.mark.parametrize("data", ODD, ids=range(len(ODD)))
def test_files_equal_the_per_entry_loop(data: bytes):
    _same(data)  # test_hf_fast's check, now through the C reader


@pytest.mark.parametrize("tree", TREES, ids=lambda p: p.name)
def test_real_files_equal_the_twin(tree: Path):
    if not tree.is_dir():
        pytest.skip(f"{tree} not here")
    for path in tree.rglob(hf.FILE_NAME):
        raw = path.read_bytes()
        try:
            history = json.loads(raw)["log_history"]
        except (ValueError, KeyError, TypeError):
            continue
        _both(history)
        _same(raw, str(path))


_WRITER = r'''
import sys, torch
from transformers import Trainer, TrainingArguments
from transformers.trainer_callback import TrainerState

class Data(torch.utils.data.Dataset):
    def __init__(self, n, seed):
        g = torch.Generator().manual_seed(seed)
        self.x, self.y = torch.randn(n, 4, generator=g), torch.randn(n, generator=g)
    def __len__(self):
        return len(self.x)
    def __getitem__(self, i):
        return {"x": self.x[i], "labels": self.y[i]}

class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = torch.nn.Linear(4, 1)
    def forward(self, x, labels=None):
        out = self.layer(x).squeeze(-1)
        return {"loss": torch.nn.functional.mse_loss(out, labels), "logits": out}

torch.manual_seed(0)
args = TrainingArguments(sys.argv[1], max_steps=40, logging_steps=3, eval_strategy="steps", eval_steps=10,
                         save_strategy="steps", save_steps=20, per_device_train_batch_size=4, report_to=[],
                         disable_tqdm=True, use_cpu=True, learning_rate=1e-2)
Trainer(model=Model(), args=args, train_dataset=Data(64, 1), eval_dataset=Data(16, 2)).train()
TrainerState(global_step=3, log_history=[{"loss": float("nan"), "step": 1}, {"loss": 0.5, "grad_norm": 2, "step": 2},
             {"eval_loss": 0.7, "step": 2, "epoch": 1.0}]).save_to_json(sys.argv[1] + "/nan_state.json")
'''


def test_real_trainer_files_equal_the_twin(tmp_path: Path):
    done = subprocess.run([sys.executable, "-c", _WRITER, str(tmp_path)], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    files = sorted(tmp_path.rglob("trainer_state.json")) + [tmp_path / "nan_state.json"]
    assert len(files) >= 3
    for path in files:
        raw = path.read_bytes()
        _both(json.loads(raw)["log_history"])
        _same(raw, str(path))


def test_digit_run_equals_the_twin():
    """``has_digit_run`` (C) says what the translate-and-search twin says: generated bytes with digit runs around
    19 long at the start, the end and between other bytes (non-ASCII digits, signs, dots, NULs), and the tree files."""
    rng = random.Random(12)
    pieces = [b"0", b"9", b"5", b".", b"-", b"e", b" ", b"\x00", b"\xff", b"/", b":", b"\xd9\xa3", b'"']
    cases = [b"", b"1" * 18, b"1" * 19, b"1" * 20, b"x" + b"2" * 19, b"3" * 19 + b"x", b"1" * 9 + b"." + b"1" * 9]
    for _ in range(3000):
        size = rng.choice((1, 5, 18, 19, 20, 40, 200))
        run = b"".join(rng.choice(pieces[:3]) for _ in range(rng.choice((17, 18, 19, 20, 25))))
        noise = b"".join(rng.choice(pieces) for _ in range(size))
        at = rng.randrange(len(noise) + 1)
        cases.append(noise[:at] + (run if rng.random() < 0.7 else b"") + noise[at:])
    for tree in TREES:
        cases.extend(p.read_bytes() for p in sorted(Path(tree).rglob("trainer_state.json"))[:50])
    for data in cases:
        want = hf._long_digits(data, pure_python=True)
        assert hf._long_digits(data, pure_python=False) is want
        assert _hfhistory.has_digit_run(memoryview(data), 19) is want
    with pytest.raises(ValueError):
        _hfhistory.has_digit_run(b"1", 0)
