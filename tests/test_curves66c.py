"""Series roles of adversarial training (sets 197-204, opened at stop 66), each failing on int66, with guards:

- a WideResNet adversarial-training log (public wrnadv201, Seonwoo Min's trainer) whose only losses are
  ``train_adv_loss`` / ``test_adv_loss``: ``adv`` read as a component word left the test loss with no role (robust
  overfitting, labelled `overfit`, judged on training alone: `healthy`). A test loss named as the same component as
  the one training loss chosen is now the validation loss; a component test loss beside a training total is not;
- FastEstimator's adversarial-training evaluation (public vbvgadv201) prints ``clean_accuracy`` beside
  ``adversarial_accuracy``: the adversarial one (low by design) won on its letters. The clean one is the task's.
"""
from __future__ import annotations

import math
import warnings

import pandas as pd

import loganalyzer
from test_readers66b import _wrn_log


def _roles(path) -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (run,) = loganalyzer.analyze(path, config=False).runs
    return run.roles


def test_adversarial_test_loss_is_the_validation_loss(tmp_path):
    _wrn_log(tmp_path / "adv_train_wrn_log.txt", epochs=10)
    roles = _roles(tmp_path)
    assert roles["train_loss"] == "train_adv_loss"
    assert roles["val_loss"] == "test_adv_loss"
    assert roles["val_acc"] == "test_adv_acc"


def test_component_test_loss_beside_a_training_total_stays_unjudged(tmp_path):
    """pandas ``to_csv`` of a VAE's epoch history: ``train_loss`` (the total) and ``train_kl_loss`` for training, only
    the ``test_kl_loss`` term for test. The KL term is not the validation loss."""
    n = 12
    pd.DataFrame({"epoch": range(n), "train_loss": [2 * math.exp(-i / 4) + 0.5 for i in range(n)],
                  "train_kl_loss": [0.1 + 0.02 * i for i in range(n)],
                  "test_kl_loss": [0.12 + 0.02 * i for i in range(n)]}).to_csv(tmp_path / "history.csv", index=False)
    roles = _roles(tmp_path)
    assert roles["train_loss"] == "train_loss"
    assert roles.get("val_loss") is None


def _decay(n: int, a: float, b: float) -> list[float]:
    return [b + (a - b) * math.exp(-i / 3.0) for i in range(n)]


def _fastestimator_adv_log(path, adversarial_only: bool = False, epochs: int = 10) -> None:
    """FastEstimator's Logger lines of an adversarial-training example (vbvgadv201 ``adversarial_training.txt``:
    ``FastEstimator-Eval: step: N; epoch: E; avg_ce: ..; adv_ce: ..; base_ce: ..; clean_accuracy: ..;
    adversarial_accuracy: ..;``)."""
    lines = ["FastEstimator-Start: step: 1; num_device: 0; logging_interval: 1000;",
             "FastEstimator-Train: step: 1; avg_ce: 2.3901;"]
    train, val = _decay(epochs, 1.5, 1.1), _decay(epochs, 1.45, 1.15)
    clean, adv = _decay(epochs, 0.54, 0.71), _decay(epochs, 0.37, 0.48)
    for e in range(1, epochs + 1):
        step = e * 1000
        accs = ("" if adversarial_only else f" clean_accuracy: {clean[e - 1]:.4f};") + \
            f" adversarial_accuracy: {adv[e - 1]:.4f};"
        lines += [f"FastEstimator-Train: step: {step}; avg_ce: {train[e - 1]:.7f}; steps/sec: 60.1;",
                  f"FastEstimator-Eval: step: {step}; epoch: {e}; avg_ce: {val[e - 1]:.7f}; adv_ce: "
                  f"{val[e - 1] + 0.2:.7f}; base_ce: {val[e - 1] - 0.2:.7f};{accs} since_best_base_ce: 0;"]
    path.write_text("\n".join(lines) + "\n")


def test_clean_accuracy_over_adversarial_accuracy(tmp_path):
    _fastestimator_adv_log(tmp_path / "adversarial_training.txt")
    assert _roles(tmp_path)["val_acc"] == "val_clean_accuracy"


def test_adversarial_accuracy_alone_is_still_the_accuracy(tmp_path):
    _fastestimator_adv_log(tmp_path / "adversarial_training.txt", adversarial_only=True)
    assert _roles(tmp_path)["val_acc"] == "val_adversarial_accuracy"


# ---------------------------------------------------------------- a validation loss alone, its accuracy held


def _openlth_logger(path, losses: list[float], accs: list[float], every: int = 1000) -> None:
    """open_lth ``MetricLogger.save`` (training/metric_logger.py): ``'\\n'.join(['{},{},{}'.format(k[0], k[1], v)
    ...])`` of its ``(name, iteration) -> value`` dict: test_loss / test_accuracy / test_examples per evaluation."""
    log = {}
    for i, (loss, acc) in enumerate(zip(losses, accs)):
        log[("test_loss", i * every)] = loss
        log[("test_accuracy", i * every)] = acc
        log[("test_examples", i * every)] = 10000.0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('\n'.join(['{},{},{}'.format(k[0], k[1], v) for k, v in log.items()]))


def _climbing_test_loss(n: int = 50) -> list[float]:
    """openlth201 exp1-level_12's shape: 1.67 at iteration 0, best ~0.055 early, then a steady climb to ~0.2."""
    return [1.67 if i == 0 else 0.055 + 0.003 * max(0, i - 3) + 0.002 * ((i * 7) % 3) for i in range(n)]


def _verdict(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (run,) = loganalyzer.analyze(path, config=False).runs
    return run


def test_validation_loss_alone_climbing_while_its_accuracy_holds_is_overfit(tmp_path):
    """Only the test loss and accuracy logged (open_lth): the loss climbs 3.6x its best while the accuracy stays at
    0.98. Was `diverged` (the rules read the validation loss as a training loss); a model that diverges loses its
    accuracy too: overfit, with the held-back diverged said."""
    n = 50
    accs = [0.65] + [0.98 + 0.002 * ((i * 5) % 3) for i in range(1, n)]
    _openlth_logger(tmp_path / "level_12" / "main" / "logger", _climbing_test_loss(n), accs)
    run = _verdict(tmp_path)
    assert run.verdict == "overfit"
    assert any(f.kind == "possible_diverged" for f in run.analysis.findings)


def test_validation_loss_alone_climbing_with_its_accuracy_lost_stays_diverged(tmp_path):
    """The same climb with the accuracy falling back to chance: not overfitting's overconfidence."""
    n = 50
    accs = [0.10] + [min(0.95, 0.5 + 0.1 * i) if i < 8 else max(0.1, 0.95 - 0.05 * (i - 8)) for i in range(1, n)]
    _openlth_logger(tmp_path / "level_0" / "main" / "logger", _climbing_test_loss(n), accs)
    assert _verdict(tmp_path).verdict == "diverged"


# ---------------------------------------------------------------- a domain-adaptation total


def _deepda_log(path, cls: list[float], transfer: list[float], test: list[float], weight: float = 0.5) -> None:
    """transferlearning's DeepDA ``main.py`` print of each epoch (``'Epoch: [{:2d}/{}], cls_loss: {:.4f},
    transfer_loss: {:.4f}, total_Loss: {:.4f}'`` then ``', test_loss {:4f}, test_acc: {:.4f}'``), its total
    ``cls_loss + transfer_loss_weight * transfer_loss``, as public octda198's ``DANN_D2A.log`` holds it."""
    n = len(cls)
    lines = ["DANN BC----------2------", "Namespace(backbone='resnet50', n_epoch=%d, transfer_loss='adv', "
             "transfer_loss_weight=%s)" % (n, weight)]
    for e in range(n):
        info = "Epoch: [{:2d}/{}], cls_loss: {:.4f}, transfer_loss: {:.4f}, total_Loss: {:.4f}".format(
            e + 1, n, cls[e], transfer[e], cls[e] + weight * transfer[e])
        info += ", test_loss {:4f}, test_acc: {:.4f}".format(test[e], 70 + 15 * (1 - math.exp(-e / 5)))
        lines += ["0", info]
    lines.append("Transfer result: 85.0000")
    path.write_text("\n".join(lines) + "\n")


def test_domain_adversarial_total_rising_to_ln2_is_judged_on_the_task_loss(tmp_path):
    """DANN's domain classifier wins early (transfer_loss 0.3) and is confused later (-> ln 2): the total rises
    after epoch 4 while cls_loss falls to ~0. Was `diverged` 0.99 on the total; judged on cls_loss now, the target
    test loss rising from its best at epoch 7 makes it overfit (octda198 DANN_D2A, labelled overfit)."""
    n = 40
    cls = [0.18 * math.exp(-e / 3) + 0.0007 for e in range(n)]
    transfer = [0.62 if e == 0 else 0.69 - 0.37 * math.exp(-(e - 1) / 6) for e in range(n)]
    transfer[1], transfer[2], transfer[3] = 0.32, 0.33, 0.38
    test = [1.37, 1.6, 1.3, 1.2, 1.15, 1.1, 1.07] + [1.1 + 0.8 * (1 - math.exp(-e / 8)) for e in range(n - 7)]
    _deepda_log(tmp_path / "DANN_D2A.log", cls, transfer, test)
    run = _verdict(tmp_path)
    assert run.roles["train_loss"] == "total_Loss"
    assert run.verdict == "overfit"
    assert any(f.kind == "annealed_total" for f in run.analysis.findings)


def test_domain_adaptation_whose_task_loss_climbs_stays_diverged(tmp_path):
    """The same log with cls_loss climbing back above its start (the task itself failed): still diverged."""
    n = 40
    cls = [0.6 * math.exp(-e / 3) + 0.05 if e < 8 else 0.1 + 0.1 * (e - 8) for e in range(n)]
    transfer = [0.62] + [0.69 - 0.37 * math.exp(-e / 6) for e in range(1, n)]
    test = [1.37] + [1.0 + 0.1 * max(0, e - 8) for e in range(1, n)]
    _deepda_log(tmp_path / "DANN_D2A.log", cls, transfer, test)
    assert _verdict(tmp_path).verdict == "diverged"


# ---------------------------------------------------------------- a validation-only run that lost what it learned


def _eval_only_events(root, losses: list[float], accs: list[float], every: int = 200) -> None:
    """An HF Trainer's TensorBoard callback of a run whose training loss was never logged (dnabertenh199: only
    ``eval/loss``, ``eval/accuracy`` at each evaluation), written by torch's SummaryWriter."""
    from torch.utils.tensorboard import SummaryWriter
    w = SummaryWriter(str(root))
    for i, (loss, acc) in enumerate(zip(losses, accs), 1):
        w.add_scalar("eval/loss", loss, i * every)
        w.add_scalar("eval/accuracy", acc, i * every)
    w.close()


def test_validation_only_loss_up_and_accuracy_gone_is_diverged(tmp_path):
    """dnabertenh199 run_lr5e3_Jul20's shape (lr 5e-3: eval/loss 0.605 -> 1.09 -> 1.03, accuracy 0.933 -> 0.038,
    one class predicted; labelled diverged) was `stalled` 0.49."""
    _eval_only_events(tmp_path, [0.605, 1.09, 1.03], [0.933, 0.038, 0.038])
    run = _verdict(tmp_path)
    assert run.verdict == "diverged"
    assert any(f.kind.startswith("possible_") for f in run.analysis.findings)


def test_validation_only_loss_up_with_accuracy_kept_is_not_called_diverged(tmp_path):
    _eval_only_events(tmp_path, [0.605, 1.09, 1.03], [0.90, 0.91, 0.92])
    assert _verdict(tmp_path).verdict != "diverged"
