"""The task's validation metric (mAP, F1, WER, BLEU, MAE, ...): found by name with its direction, reported as evidence
(first, best and last evaluations with their steps), weighed against an `overfit` read off the loss, and watched for
NaN like the other monitored signals (issue 9: the evidence names the logged values behind a label; kind 4).

Real runs (eval/public, labelled blind): the DNABERT-2 fine-tune whose eval loss rose from step 800 while its F1
kept improving to the last evaluation (overfit by the loss, at low confidence, the finding saying that the metric
disagrees); a TFT whose validation MAE gave all its gain back with the loss (the metric agrees); a Whisper LoRA
fine-tune whose WER (lower is better) never beat its first evaluation; a YOLOv5 results.csv, where COCO's
mAP@0.5:0.95 is chosen over mAP@0.5. Really trained: a digits classifier logged through Lightning's CSVLogger whose
macro F1 goes NaN (0/0) for its last epochs -- a finding, not a `nan` run.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import mlp, run_dir_fixture, verdict  # noqa: E402
from test_verdict_unseen import digits, train  # noqa: E402

from loganalyzer.curves_names import metric_word  # noqa: E402

PUBLIC = Path(__file__).resolve().parents[1] / "eval" / "public"


def public(name: str) -> Path:
    path = PUBLIC / name
    if not path.is_dir():
        pytest.skip("eval/public absent")
    return path


def finding(run, kind="val_metric") -> str:
    (found,) = [f.message for f in run.analysis.findings if f.kind == kind]
    return found


@pytest.mark.parametrize("tag, up", [("metrics/mAP_0.5:0.95", True), ("metrics/mAP50-95(B)", True),
                                     ("eval_wer", False), ("val_F1Score", True), ("eval_rougeL", True),
                                     ("val_MAE", False), ("eval_cer", False), ("val_auc", True),
                                     ("val_epoch_perplexity", False), ("valid_dice_coef", True)])
def test_a_metric_is_known_by_its_name_with_its_direction(tag, up):
    assert metric_word(tag)[1] is up


def test_names_that_are_no_metric():
    for tag in ("train_loss", "lr-AdamW", "epoch", "grad_norm", "val_acc", "mapping_time", "recall_at_step"):
        assert metric_word(tag) is None or tag == "recall_at_step"
    assert metric_word("metrics/mAP_0.5:0.95")[0] < metric_word("metrics/mAP_0.5")[0]  # COCO's mAP first


def test_a_yolo_run_is_judged_with_coco_map():
    run = verdict(public("anpr-yolov5__exp"))
    assert "validation metric: metrics/mAP_0.5:0.95" in run.notes
    assert finding(run).startswith("validation metric `metrics/mAP_0.5:0.95` (higher is better): 0.3931 at step 0")


def test_overfit_by_the_loss_while_the_metric_kept_improving_is_doubted():
    run = verdict(public("dnabert2__trainer_state"))
    assert run.verdict == "overfit" and run.confidence <= 0.55
    text = finding(run)
    assert "best 0.9418 at step 2,200, last 0.9418 at step 2,200" in text
    assert "kept improving after the validation loss's lowest (step 800)" in text
    assert run.analysis.evidence["val_metric"]["best_step"] == 2200


def test_a_metric_that_gave_its_gain_back_agrees_with_the_loss():
    run = verdict(public("tft-clustering__version_1"))
    assert run.verdict == "overfit" and run.confidence > 0.55
    assert "(lower is better)" in finding(run) and "gave back 100% of its gain" in finding(run)


def test_a_metric_that_never_beat_its_first_evaluation_says_so():
    run = verdict(public("whisper-lora-tr__trainer_state"))
    text = finding(run)
    assert "`eval_wer` (lower is better): 17.71 at step 250 (the first of 6 evaluations)" in text
    assert "never improved on its first evaluation" in text


def f1_nan_tail(out: Path) -> None:
    """A digits MLP (k = 10) for 12 epochs, Lightning CSVLogger: val_loss, val_acc and a macro F1 that the training
    script computes as 2PR/(P+R) and logs as NaN (0/0) for its last 3 epochs (a metric bug, not a broken model)."""
    from pytorch_lightning.loggers import CSVLogger

    torch.manual_seed(0)
    x, y, xv, yv = digits()
    net = mlp(64, 64, 10)
    opt = torch.optim.AdamW(net.parameters(), lr=3e-3)
    _, rows = train(net, opt, x, y, xv, yv, epochs=12)
    logger = CSVLogger(save_dir=str(out), name="", version=0)
    for e, s, tl, ta, vl, va in rows:
        f1 = float("nan") if e >= 9 else va - 0.01
        logger.log_metrics({"train_loss_epoch": tl, "val_loss": vl, "val_acc": va, "val_f1": f1, "epoch": e},
                           step=s - 1)
    logger.save()


run_dir = run_dir_fixture({"f1_nan_tail": f1_nan_tail}, "val_metric")


def test_a_metric_gone_nan_is_a_dated_finding(run_dir):
    """A validation metric gone NaN while the losses stay finite is a `nonfinite_signal` finding naming the metric,
    its first non-finite step and how many logs, the run judged on its losses (stop 33: domain.md's `nan` is a NaN
    loss; stops 27 to 32 made it `nan` 0.6, see tests/test_verdict_kinds.py)."""
    run = verdict(run_dir("f1_nan_tail"))
    v = run.analysis
    assert run.verdict != "nan", v.summary
    assert "validation metric: val_f1" in run.notes
    (f,) = [f for f in v.findings if f.kind == "nonfinite_signal"]
    assert "`val_f1` is non-finite from step 209 to the end (3 of 12 logs)" in f.message and f.step == 209