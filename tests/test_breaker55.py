"""Stop 55's breakers: what the stop's new printed-log rules misread at first, as guards.

- A MAML fork printing ``Iter 500 - time: 30 - [train]: 0.22 - [valid]: 0.215 - [test]: 0.214`` (rising accuracies)
  beside its ``Iter 500 meta_loss: 1.44`` lines: the new ``' - '`` bracketed-split rule read the accuracies as
  losses (the training one did not fall) and a healthy run became `diverged` 0.98; such lines are now losses only
  where the training value falls, as the plain split prints already were.
- GNTPP-style ``Val Negative Log-Likelihood per event:`` lost its ``Negative`` with the split's qualifiers: a
  likelihood, higher is better. The sign belongs to the name (the NLL).
"""
from __future__ import annotations

from loganalyzer import read_scalars
from loganalyzer.readers._progress_perunit import per_unit
from loganalyzer.scan import scan


def _decay(n: int, start: float, end: float) -> list[float]:
    return [end + (start - end) * 0.9 ** i for i in range(n)]


def _maml_log(path, with_loss: bool = True) -> None:
    lines = []
    for i, loss in enumerate(_decay(25, 1.6, 0.4)):
        if with_loss:
            lines.append(f"Iter {i * 500} meta_loss: {loss:.4f}")
        acc = 0.2 + 0.02 * i
        lines.append(f"Iter {i * 500:<5d} - time: {i * 30:<5d} - [train]: {acc:.4f} - [valid]: {acc - 0.005 * min(i, 3):.4f}"
                     f" - [test]: {acc - 0.006 * min(i, 3):.4f}")
    path.write_text("\n".join(lines) + "\n")


def test_bracketed_split_accuracies_beside_a_loss_are_no_losses(tmp_path):
    _maml_log(tmp_path / "nohup.log")
    tags = set(read_scalars(tmp_path / "nohup.log").tag)
    assert "meta_loss" in tags and not tags & {"train_loss", "val_loss", "test_loss"}
    (run,) = scan([tmp_path]).runs
    assert run.roles["train_loss"] == "meta_loss"
    assert run.verdict != "diverged"


def test_bracketed_split_losses_that_fall_are_read(tmp_path):
    """The cavia forks' own shape (the rule's kind): the bracketed values fall, they are the splits' losses."""
    lines = [f"Iter {i * 100:<5d} - time: {i:<5d} - [train]: {v:.4f} - [valid]: {v + 0.02:.4f}"
             for i, v in enumerate(_decay(30, 0.94, 0.1))]
    (tmp_path / "nohup.log").write_text("\n".join(lines) + "\n")
    t = read_scalars(tmp_path / "nohup.log")
    assert {"train_loss", "val_loss"} <= set(t.tag)
    assert t[t.tag == "train_loss"].value.iloc[0] == 0.94


def test_negative_log_likelihood_keeps_its_sign():
    assert per_unit("---Epoch.3 Val Negative Log-Likelihood per event: 2.9") == "---Epoch 3 Val NLL: 2.9"
    # the qualifiers of a split before a loss name still go (GNTPP's training line)
    assert per_unit("---Epoch.0 Train Negative Overall Log-Loss per event: 4.14.") == "---Epoch 0 Train Log-Loss: 4.14."
