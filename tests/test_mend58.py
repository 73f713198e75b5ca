"""Guards for the stop-58 breaker's regressions (R1-R4), each written as the program prints or writes it and failing
on the stop's merged code (7b5ad646)."""
from __future__ import annotations

import csv
import math
import warnings

from loganalyzer import discover
from loganalyzer.load import read_scalars


def _runs(path) -> dict:
    """{run id: {tag: ([steps], [values])}} of every run found under ``path``."""
    out = {}
    for run in discover(str(path)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            df = read_scalars(run, resolve=True)
        out[run.id] = {tag: (g.step.tolist(), g.value.round(6).tolist()) for tag, g in df.groupby("tag", sort=False)}
    return out


def _curve(i: float, a: float = 2.5, b: float = 0.3) -> float:
    return b + (a - b) * math.exp(-0.15 * i)


# ---------------------------------------------------------------- R1: 'steps' is the step only in the course's dicts


def test_steps_key_of_an_epoch_or_episode_dict_is_no_step(tmp_path):
    """``print({'epoch': e, 'steps': 469, 'loss': .., 'val_loss': ..})`` per epoch ('steps': optimizer steps per epoch,
    constant) and an RL loop's ``print({'episode': n, 'steps': length, ..})``: 'steps' is no global step (only the HF
    NLP course loop's dicts with 'loss/train' use it so). Every dict was read at step 469, each its own session."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "train.log").write_text("".join(
        str({'epoch': e, 'steps': 469, 'loss': round(_curve(e), 4), 'val_loss': round(_curve(e) + .1, 4)}) + "\n"
        for e in range(1, 21)))
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "train.log").write_text("".join(
        str({'episode': n, 'steps': 10 + (n * 7) % 40, 'reward': float(10 + (n * 7) % 40),
             'loss': round(_curve(n / 3, 1.0, 0.05), 4)}) + "\n" for n in range(1, 41)))
    runs = _runs(tmp_path)
    assert len(runs) == 2, list(runs)
    a, b = (runs[k] for k in sorted(runs))
    assert a["loss"][0] == list(range(1, 21))
    assert len(b["loss"][0]) == 40 and b["loss"][0] == sorted(b["loss"][0])


# ---------------------------------------------------------------- R2: a counter word is no loguru source function


def test_loguru_custom_format_keeps_its_step_counter(tmp_path):
    """loguru ``logger.add(f, format="{time:YYYY-MM-DD HH:mm:ss} | {level: <8} | {message}")`` with messages
    ``f"step:{step} | loss: {loss:.4f} | lr: {lr}"`` (and ``Epoch:{e} | ...``): ``step:100`` is the message's counter,
    not a ``{function}:{line}`` source prefix; it was stripped and the points sat at their line numbers. A real
    ``{function}:{line} | `` prefix (``on_train_epoch_end:383``) still goes with the level."""
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "train.log").write_bytes("".join(
        f"2024-03-01 10:00:00 | INFO     | step:{s} | loss: {_curve(s / 500):.4f} | lr: 0.0003\r\n"
        for s in range(0, 2000, 50)).encode())
    (tmp_path / "e").mkdir()
    (tmp_path / "e" / "train.log").write_text("".join(
        f"2024-03-01 10:00:00 | INFO     | Epoch:{e} | train_loss: {_curve(e / 5):.4f} | val_loss: "
        f"{_curve(e / 5) + .1:.4f}\n" for e in range(0, 100, 5)))
    (tmp_path / "f").mkdir()
    (tmp_path / "f" / "train.log").write_text("".join(
        f"2024-03-01 10:00:00 | INFO     | on_train_epoch_end:383 | epoch:{e} | loss: {_curve(e):.4f}\n"
        for e in range(1, 21)))
    e, f, s = (_runs(tmp_path)[k] for k in sorted(_runs(tmp_path)))
    assert s["loss"][0] == list(range(0, 2000, 50))
    assert e["train_loss"][0] == list(range(0, 100, 5)) and e["val_loss"][0] == list(range(0, 100, 5))
    assert list(f) == ["loss"] and f["loss"][0] == list(range(1, 21))


# ---------------------------------------------------------------- R3: chained name ranges need counters carrying on


def _hf_dicts(blow: bool) -> str:
    """The HF Trainer's printed log dicts (``{'loss': .., 'grad_norm': .., 'learning_rate': .., 'epoch': ..}``)."""
    out = []
    for s in range(10, 410, 10):
        loss = _curve(s / 40) * (1 + max(0, s - 200) / 15 if blow else 1)
        out.append(str({'loss': round(loss, 4), 'grad_norm': 1.2, 'learning_rate': 2e-05, 'epoch': round(s / 400 * 3, 2)}))
    return "\n".join(out) + "\n"


def test_names_chaining_by_chance_are_two_trainings(tmp_path):
    """Two fine-tunings of layer ranges (``finetune_layers_0_5.log``, ``finetune_layers_6_11.log``, HF dicts with no
    epoch/step counter word) and two days' logs (``train_2024_05_06.log``, ``train_2024_07_08.log``, ``it N: loss=``
    lines, each counting from 0): the names' numbers chain, but no file carries on the one before. They were joined
    into one run, the first training's points overwritten by the second's."""
    (tmp_path / "l").mkdir()
    (tmp_path / "l" / "finetune_layers_0_5.log").write_text(_hf_dicts(False))
    (tmp_path / "l" / "finetune_layers_6_11.log").write_text(_hf_dicts(True))
    (tmp_path / "d").mkdir()
    for name, k in (("train_2024_05_06.log", 0.0), ("train_2024_07_08.log", 1 / 30)):
        (tmp_path / "d" / name).write_text("".join(f"it {i}: loss={_curve(i / 20) * (1 + i * k):.4f}\n"
                                                   for i in range(150)))
    runs = _runs(tmp_path)
    assert len(runs) == 4, list(runs)
    assert all(len(pts["loss"][0]) in (40, 150) for pts in runs.values())


# ---------------------------------------------------------------- R4: a *.py that parses is source, not a pasted log


def test_module_whose_docstring_quotes_log_lines_is_no_run(tmp_path):
    """``parse_log.py`` (a script whose docstring quotes 25 Keras ``Epoch 1/25 - loss: ..`` lines above ``import re``
    and ``def main(path):``) and ``plot_history.py`` (its docstring pasting last run's ``epoch N train loss X val loss
    Y``) beside the run's ``train.csv``: both scripts became runs judged from their docstrings. A module parses as
    Python; a pasted log does not. A pasted log (``result.py`` of ``Train: Batch[100] - loss: ..`` lines) is read."""
    doc = ['"""Parse Keras training output such as:', ""]
    doc += [f"Epoch {e}/25 - loss: {_curve(e):.4f} - acc: 0.7 - val_loss: {_curve(e) + .2:.4f} - val_acc: 0.69"
            for e in range(1, 26)]
    doc += ["", "and plot the curves.", '"""', "import re", "import sys", "", "PAT = re.compile(r'loss: ([\\d.]+)')",
            "", "def main(path):", "    return [float(m.group(1)) for m in map(PAT.search, open(path)) if m]", ""]
    (tmp_path / "parse_log.py").write_text("\n".join(doc))
    hist = ['"""Plot the curves; last run printed:', ""]
    hist += [f"epoch {e} train loss {1.4 + e * 0.1:.4f} val loss {1.5 + e * 0.1:.4f}" for e in range(1, 26)]
    hist += ['"""', "import matplotlib.pyplot as plt", "", "def plot(h):", "    plt.plot(h)", ""]
    (tmp_path / "plot_history.py").write_text("\n".join(hist))
    with open(tmp_path / "train.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["epoch", "loss", "val_loss"])
        writer.writerows([e, round(_curve(e), 4), round(_curve(e) + .1, 4)] for e in range(20))
    (tmp_path / "pasted").mkdir()
    (tmp_path / "pasted" / "result.py").write_text("".join(
        f"Batch[{b}] - loss: {_curve(b / 100):.6f}  acc: {50 + b / 20:.4f}%({32 + b // 100}/64)\n"
        for b in range(100, 2100, 100)))
    runs = _runs(tmp_path)
    assert sorted(k.rsplit("/", 1)[-1] for k in runs) == ["result.py", "train.csv"], list(runs)


def test_log_pasted_whole_into_a_docstring_is_read(tmp_path):
    """nlpguide's ``train&validation_result.py``: cnn-text-classification-pytorch's printed output (a ``Parameters:``
    dump, ``Batch[100] - loss: ..`` and ``Evaluation - loss: ..`` lines) pasted between triple quotes. The module
    parses (one string expression) yet holds no statement of code: it is the run's log, read with both series. The
    same lines followed by ``import re`` stay source (the test above)."""
    lines = ['"""', "Loading data...", "", "Parameters:", "        BATCH_SIZE=64", "        EPOCHS=256", ""]
    for b in range(100, 2100, 100):
        lines += [f"Batch[{b}] - loss: {_curve(b / 100):.4f}  acc: {50 + b / 50:.4f}%(30/64)",
                  f"Evaluation - loss: {_curve(b / 100) + .1:.4f}  acc: {60 + b / 100:.4f}%(640/1066) ", ""]
    lines.append('"""')
    (tmp_path / "train&validation_result.py").write_text("\n".join(lines) + "\n")
    runs = _runs(tmp_path)
    assert list(runs) and all(k.endswith("train&validation_result.py") for k in runs), list(runs)
    (pts,) = runs.values()
    assert len(pts["loss"][0]) == 20, {t: len(v[0]) for t, v in pts.items()}
    assert any(len(v[0]) == 20 for t, v in pts.items() if t != "loss" and "loss" in t), list(pts)
