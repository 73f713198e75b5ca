"""``[e/E, i/N]`` line prefixes (``readers/_joblog_twice.epoch_iter_prefixes``; public capdith221's slurm logs),
printed as the captioning trainer prints them, its sample captions between the progress lines."""
from __future__ import annotations

import contextlib
import io

from loganalyzer import discover
from tests._runs import run_points


def _captions(k):
    for j in range(5):
        print(f"image: ('12830823_87d2654e3{j}.jpg',)")
        print("truth == people stare at the orange fish")
        print(f"output > a man in a red shirt is running through the water {k} <EOS>")
        print()
    print("Saved checkpoint to saved_models/vit_transformer_pass_3/model.pt")


def test_one_bracket_epoch_iter_prefix_keeps_one_run(tmp_path):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        print("[Parser] Loaded 40455 caption rows for 8091 unique images.")
        print("[Flickr8kDataset] split='train'  caption pairs=30000")
        k = 0
        for epoch in range(1, 31):
            for i in (251, 501, 751, 938):
                k += 1
                _captions(k)
                train, val = 5.1 * 0.97 ** k, 4.3 * 0.985 ** k if k < 44 else 2.3 + 0.004 * k
                print(f"[{epoch}/30, {i:5d}/938] avg train loss: {train:.3f} avg val loss: {val:.3f} lr: {1e-4:f}")
    (tmp_path / "vit_transformer_best.out").write_text(out.getvalue())
    (run,) = discover(tmp_path)  # 5-8 runs before: each sample-caption block taken for a start-up block again
    steps, values = run_points(run)["val_loss"]
    assert len(values) == 120 and steps[:4] == [251, 501, 751, 938] and steps[4] == 938 + 251
    assert steps[-1] == 30 * 938
