"""breaker53: regressions the stop's two breakers found in its new rules, each mended; the inputs are the
breakers' own generators (tests/breaker53/*.py: tiny real torch trainings, printed or logged as scripts print),
run into a temporary folder. Each test checks that NOW reads and judges as the code before the rule did, or better.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import loganalyzer
from _runs import verdict

HERE = Path(__file__).parent / "breaker53"


def _made(tmp_path, name: str) -> Path:
    shutil.copy(HERE / f"{name}.py", tmp_path / "gen.py")
    subprocess.run([sys.executable, str(tmp_path / "gen.py")], cwd=tmp_path, check=True, timeout=300,
                   capture_output=True)
    (tmp_path / "gen.py").unlink()
    return tmp_path


def _verdicts(path) -> dict[str, str]:
    report = loganalyzer.analyze(str(path), config=False)
    return {r.run: r.verdict for r in report.runs}


def test_validation_named_logs_still_split_on_relaunches(tmp_path):
    """Test-time adaptation on three corruptions, 'step i | test_loss: ..' from step 0 each: three runs."""
    assert len(loganalyzer.discover(str(_made(tmp_path, "p19_tta_test_named")))) == 3


def test_evaluations_at_training_iterations_are_kept_beside_a_final_average(tmp_path):
    """'[Eval][Epoch e][Iter: 100/300]' validations on the training's own counter, one closing '[Avg]': 18 kept,
    and the run's overfitting with them."""
    _made(tmp_path, "p23_avg_only_final_overfit")
    df = loganalyzer.read_scalars(str(tmp_path), resolve=True)
    assert (df["tag"] == "val_loss").sum() >= 18
    assert set(_verdicts(tmp_path).values()) == {"overfit"}


def test_a_second_stage_counting_epochs_from_zero_is_one_training(tmp_path):
    """Head-only epochs 0-5, then the whole model 0-9, the loss going on: one run, as before the epoch-steps rule."""
    assert len(loganalyzer.discover(str(_made(tmp_path, "p04_two_stage_finetune")))) == 1


def test_a_loss_collapsed_to_minus_one_with_no_other_loss_is_judged(tmp_path):
    """SimSiam without its stop-gradient: -1.00 at every epoch is its collapse, not a placeholder: `stalled`."""
    assert set(_verdicts(_made(tmp_path, "p06_simsiam_collapse")).values()) == {"stalled"}


def test_a_gan_that_learned_then_balanced_is_not_at_chance(tmp_path):
    """A 1-D GAN matching its data: its discriminator won first (0.77), then both settled at ln 4 / ln 2."""
    s = verdict(_made(tmp_path, "p03_gan_converged_far"))
    assert not any(f.kind == "gan_at_chance" for f in s.analysis.findings), s.summary


def test_counts_on_a_validation_line_are_no_series(tmp_path):
    """'Validation set, # samples: 600': a count, not an image-quality measure."""
    _made(tmp_path, "p07_validation_count")
    df = loganalyzer.read_scalars(str(tmp_path), resolve=True)
    assert not any(str(t).startswith("metrics/") for t in df["tag"].unique())


def test_a_short_divergence_with_one_low_log_stays_diverged(tmp_path):
    """A converged model fine-tuned at too high a rate: 0.023 -> 0.68 -> 0.20 over 12 logs, no validation."""
    assert set(_verdicts(_made(tmp_path, "p20_short_noisy_divergence")).values()) == {"diverged"}
