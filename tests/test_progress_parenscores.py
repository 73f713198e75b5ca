"""Show-Attend-and-Tell logs (public satwong221 ``1-results.out``): per-epoch validation meters placed at their epoch's
end (``_joblog_withinepochs`` / ``_joblog_evalcounter``) and the ``Validation Epoch: N\\tBLEU-1 (..)`` lines read
(``readers/_progress_parenscores``), printed with the trainer's own format strings."""
from __future__ import annotations

import contextlib
import io

from loganalyzer import discover
from tests._runs import run_points

_METER = ("{0} Batch: [{1}/{2}]\tLoss {3:.4f} ({4:.4f})\tTop 1 Accuracy {5:.3f} ({6:.3f})\t"
          "Top 5 Accuracy {7:.3f} ({8:.3f})")


def _log(epochs=4, batches=6468, val_batches=391):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        print("Starting training with Namespace(alpha_c=1, batch_size=64, data='data/coco', epochs=10)")
        for epoch in range(1, epochs + 1):
            for i in range(0, batches, 100):
                loss = 4.5 - 0.3 * epoch - i / 30000
                print(_METER.format("Train", i, batches, loss, loss + 0.05, 40.0, 37.0, 65.0, 59.0))
            for i in range(0, val_batches, 100):
                val = 6.6 + 0.15 * epoch
                print(_METER.format("Validation", i, val_batches, val + 0.05, val, 18.0, 18.3, 30.0, 30.6))
            b = [0.35 + 0.01 * epoch, 0.24 + 0.01 * epoch, 0.16 + 0.005 * epoch, 0.10 + 0.005 * epoch]
            print('Validation Epoch: {}\tBLEU-1 ({})\tBLEU-2 ({})\tBLEU-3 ({})\tBLEU-4 ({})\t'.format(epoch, *b))
            print(f"Saved model to model/model_{epoch}.pth")
    return out.getvalue()


def test_validation_meters_and_bleu_lines_at_each_epochs_end(tmp_path):
    (tmp_path / "1-results.out").write_text(_log())
    (run,) = discover(tmp_path)
    points = run_points(run)
    ends = [k * 6468 + 6400 for k in range(4)]
    assert points["val_Loss"][0] == ends  # all at step 6400 before
    steps, values = points["val_BLEU-4"]  # unread before
    assert steps == ends and values == [0.105, 0.11, 0.115, 0.12]
    assert len(points["val_BLEU-1"][1]) == 4 and not any("Epoch" in t for t in points)
