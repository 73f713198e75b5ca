"""Stop 62, the lead's fixes of stop 61's leftovers, each a kind, each failing before its change."""
from __future__ import annotations

import math

import loganalyzer

from _runs import runs_points as _runs


def _curve(i: float, a: float = 2.5, b: float = 0.3) -> float:
    return round(b + (a - b) * math.exp(-0.15 * i), 4)


def test_job_output_under_a_script_suffix_past_a_long_comment_header(tmp_path):
    """A job's output saved as ``exp_run.sh`` (no shebang: no script) whose first 8 KiB are ``#`` lines (the sweep's
    commented command variants) and whose progress comes after: the head judged without its comments is empty, so
    the file is read on (stop 61 refused it: the whole-file test measured the uncommented text)."""
    lines = [f"# python train.py --lr {0.001 * k:.3f} --seed {k}  # tried on node{k}, results on the wiki page"
             for k in range(100)]
    lines += [f"Epoch {e}/30 - loss: {_curve(e)} - val_loss: {_curve(e, b=0.35)}" for e in range(1, 31)]
    (tmp_path / "exp_run.sh").write_text("\n".join(lines) + "\n")
    (run,) = _runs(tmp_path).values()
    assert run["loss"] == (list(range(1, 31)), [_curve(e) for e in range(1, 31)])
    assert run["val_loss"][1][-1] == _curve(30, b=0.35)


def test_long_commented_results_above_a_yaml_config_stay_a_config(tmp_path):
    """The same long comment header above a YAML config's keys (a previous run's results pasted as comments) is
    read on and still judged by its keys: no log (the walk finds no run)."""
    lines = [f"#   epoch {e:3d} | train loss {_curve(e):.4f} | val loss {_curve(e, b=0.35):.4f} | note {'x' * 40}"
             for e in range(1, 120)]
    lines += ["model: resnet18", "lr: 0.001", "epochs: 30"]
    (tmp_path / "exp12.yaml").write_text("\n".join(lines) + "\n")
    assert loganalyzer.discover(str(tmp_path), []) == []
