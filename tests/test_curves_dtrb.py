"""deep-text-recognition-benchmark's printed ``Current_accuracy`` is the validation accuracy (``curves_dtrb``)."""
from __future__ import annotations

from loganalyzer.scan import scan


def _log(path, zero_losses: bool):
    """Lines as clovaai/deep-text-recognition-benchmark's train.py prints them into log_train.txt."""
    lines = []
    for i, it in enumerate(range(100, 2100, 100)):
        tl, vl = (0.0, 0.0) if zero_losses else (2.0 / (i + 1), 2.2 / (i + 1) + 0.05)
        acc = min(80.0, 10.0 + 7.0 * i)
        lines.append(f"[{it}/2000] Train loss: {tl:0.5f}, Valid loss: {vl:0.5f}, Elapsed_time: {7.1 * (i + 1):0.5f}")
        lines.append(f'{"Current_accuracy":17s}: {acc:0.3f}, {"Current_norm_ED":17s}: {acc / 100:0.4f}')
        lines.append(f'{"Best_accuracy":17s}: {acc:0.3f}, {"Best_norm_ED":17s}: {acc / 100:0.4f}')
        lines.append("-" * 80)
        lines.append(f'{"Ground Truth":25s} | {"Prediction":25s} | Confidence Score & T/F')
        lines.append("-" * 80)
        lines.append(f"{'hello':25s} | {'hello':25s} | 0.9981\tTrue")
        lines.append("-" * 80)
    path.write_text("\n".join(lines) + "\n")


def test_current_accuracy_is_the_validation_accuracy(tmp_path):
    _log(tmp_path / "log_train.txt", zero_losses=False)
    (run,) = scan([str(tmp_path)]).runs
    roles = dict(run.roles)
    assert roles.get("val_acc") == "Current_accuracy" and "train_acc" not in roles, roles
