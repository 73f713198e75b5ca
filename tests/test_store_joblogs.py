"""The store keeps discovery's measure of each printed job log (``filestate.SniffCache.measure``): an unchanged
rescan parses no job log at all (issue 12, "Unchanged files are never re-read"; before, discovery parsed every log
again to count its runs: 720 unchanged logs cost 5.0 s CPU of an 11.1 s cold scan), a grown log is parsed again,
and the report is byte for byte what a scan without the store gives.

The logs are printed by a tiny real torch loop in the shapes two frameworks print:
- transformers' ``PrinterCallback.on_log`` (huggingface/transformers, src/transformers/trainer_callback.py:
  ``print(logs)`` of the Trainer's log dict, ``{'loss': 0.6931, 'learning_rate': 4.5e-05, 'epoch': 0.1}``), as in
  SLURM ``slurm-<id>.out`` files, with its ``.err`` beside it;
- Keras' ``Progbar`` with ``verbose=2`` (keras-team/keras, keras/src/utils/progbar.py: ``Epoch 1/8`` then
  ``2/2 - 0s - loss: 0.6931 - accuracy: 0.5000 - val_loss: ...``), the sibling shape, in a ``train.log``.
"""
from __future__ import annotations

import json
import os

import pytest

from loganalyzer.scan import scan

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _loop(seed: int, steps: int, lr: float):
    """(loss, val_loss, accuracy) per step of a tiny linear classifier trained full-batch (real torch SGD)."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(64, 6, generator=g)
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).long()
    model = torch.nn.Linear(6, 2)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    for _ in range(steps):
        out = model(x[:48])
        loss = F.cross_entropy(out, y[:48])
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            val = F.cross_entropy(model(x[48:]), y[48:]).item()
        yield loss.item(), val, (out.argmax(1) == y[:48]).float().mean().item()


def _hf_lines(seed: int, steps: int, lr: float = 0.3) -> str:
    lines = []
    for i, (loss, val, _) in enumerate(_loop(seed, steps, lr), start=1):
        epoch = round(i / steps * 3, 2)
        lines.append(str({"loss": round(loss, 4), "learning_rate": 5e-05 * (1 - i / steps), "epoch": epoch}))
        if i % 5 == 0:
            lines.append(str({"eval_loss": round(val, 4), "eval_runtime": 0.0123, "epoch": epoch}))
    return "\n".join(lines) + "\n"


def _keras_lines(seed: int, epochs: int) -> str:
    lines = []
    for i, (loss, val, acc) in enumerate(_loop(seed, epochs, 0.2), start=1):
        lines += [f"Epoch {i}/{epochs}", f"2/2 - 0s - loss: {loss:.4f} - accuracy: {acc:.4f} - val_loss: {val:.4f}"
                  f" - val_accuracy: {acc:.4f} - 12ms/epoch - 6ms/step"]
    return "\n".join(lines) + "\n"


@pytest.fixture
def jobs(tmp_path):
    root = tmp_path / "jobs"
    for j in range(3):
        d = root / f"job{j}"
        d.mkdir(parents=True)
        text = _hf_lines(j, 30)
        if j == 0:  # two trainings in one job: two runs, slurm-1000.out#1 and #2
            text += "***** Running training *****\n" + _hf_lines(10 + j, 25)
        (d / f"slurm-{1000 + j}.out").write_text(text)
        (d / f"slurm-{1000 + j}.err").write_text("Some weights of the model were not initialized\n")
    keras = root / "keras"
    keras.mkdir()
    (keras / "train.log").write_text(_keras_lines(7, 12))
    return root


@pytest.fixture
def parses(monkeypatch):
    """Every ``joblog.parse`` call by path (the real parser runs; its in-process cache of the last logs is emptied
    before each scan, so a call is a read of the file)."""
    from loganalyzer.readers import joblog

    calls: list[str] = []
    real = joblog.parse

    def spy(data, path):
        calls.append(os.path.basename(path))
        return real(data, path)

    monkeypatch.setattr(joblog, "parse", spy)

    def scanned(path, **kw):
        joblog._CACHE.clear()
        calls.clear()
        report = json.dumps(scan([str(path)], **kw).to_dict(), sort_keys=True)
        return report, sorted(calls)

    return scanned


def _runs(report: str) -> list[str]:
    return sorted(r["run"] for r in json.loads(report)["runs"])


def test_unchanged_job_logs_are_not_parsed_on_a_rescan(jobs, parses, tmp_path):
    db = str(tmp_path / "store.sqlite")
    fresh, fresh_calls = parses(jobs)
    assert _runs(fresh) == ["job0/slurm-1000.out#1", "job0/slurm-1000.out#2", "job1/slurm-1001.out",
                            "job2/slurm-1002.out", "keras/train.log"]
    assert {"slurm-1000.out", "slurm-1000.err", "train.log"} <= set(fresh_calls)
    cold, cold_calls = parses(jobs, store=db)
    assert cold == fresh and cold_calls == fresh_calls
    again, again_calls = parses(jobs, store=db)
    assert again == fresh
    assert again_calls == []  # neither discovery nor the loader read a log


def test_a_grown_job_log_is_parsed_again_and_its_new_runs_found(jobs, parses, tmp_path):
    db = str(tmp_path / "store.sqlite")
    parses(jobs, store=db)
    grown = jobs / "job1" / "slurm-1001.out"
    with open(grown, "a") as f:  # the job went on: a second training in the same log
        f.write("***** Running training *****\n" + _hf_lines(21, 25))
    with open(jobs / "keras" / "train.log", "a") as f:  # the sibling shape grown too: one more epoch
        f.write("Epoch 13/13\n2/2 - 0s - loss: 0.3012 - accuracy: 0.9000 - val_loss: 0.3333 - val_accuracy: 0.9000"
                " - 12ms/epoch - 6ms/step\n")
    stored, calls = parses(jobs, store=db)
    fresh, _ = parses(jobs)
    assert stored == fresh
    assert "job1/slurm-1001.out#2" in _runs(stored)  # a stale measure would have kept one run
    assert set(calls) == {"slurm-1001.out", "train.log"}  # the unchanged logs of jobs 0 and 2 are not read


def test_a_job_log_given_directly_is_not_parsed_on_a_rescan(jobs, parses, tmp_path):
    db = str(tmp_path / "store.sqlite")
    log = jobs / "job0" / "slurm-1000.out"
    fresh, _ = parses(log)
    assert [os.path.basename(r) for r in _runs(fresh)] == ["slurm-1000.out#1", "slurm-1000.out#2"]
    parses(log, store=db)
    again, calls = parses(log, store=db)
    assert again == fresh
    assert "slurm-1000.out" not in calls  # its .err partner is measured again (only the file given is looked up)


def test_other_job_log_settings_measure_the_log_again(jobs, parses, tmp_path):
    """A user pattern (``joblog_patterns``) changes what a parse finds: a measure made under other settings is not
    used."""
    db = str(tmp_path / "store.sqlite")
    odd = jobs / "odd"
    odd.mkdir()
    lines = [f"it {i} L={loss:.4f}" for seed in (3, 4) for i, (loss, _, _) in enumerate(_loop(seed, 20, 0.3))]
    (odd / "slurm-9.out").write_text("\n".join(lines) + "\n")
    plain, _ = parses(jobs, store=db)
    pattern = r"it (?P<step>\d+) L=(?P<loss>\S+)"
    stored, calls = parses(jobs, store=db, joblog_patterns=[pattern])
    fresh, _ = parses(jobs, joblog_patterns=[pattern])
    assert stored == fresh
    assert "odd/slurm-9.out#2" in _runs(stored)  # two trainings by the pattern's steps; a stale measure: one run
    assert "odd/slurm-9.out#2" not in _runs(plain)
    assert "slurm-9.out" in calls
