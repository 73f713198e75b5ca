"""scripts/eval_real.py matches a labelled run id to the tool's runs: a file's N-th training labelled ``#N`` is the
N-th part when a reader names the parts by the file's own text column (``#stage1``, ``#stage2``)."""
import csv
import importlib.util
from pathlib import Path

import loganalyzer

ROOT = Path(__file__).resolve().parents[1]


def _eval_real():
    spec = importlib.util.spec_from_file_location("eval_real", ROOT / "scripts" / "eval_real.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_a_numbered_label_finds_the_part_named_by_a_text_column(tmp_path):
    path = tmp_path / "run" / "train_log.csv"
    path.parent.mkdir()
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["stage", "epoch", "phase", "loss"])
        for stage, base in (("stage1", 0.5), ("stage2", 0.1)):
            for epoch in range(1, 6):
                w.writerow([stage, epoch, "train", base / epoch])
                w.writerow([stage, epoch, "val", base / epoch + 0.01])
    ids = [r.id for r in loganalyzer.discover(tmp_path)]
    assert [i.rpartition("#")[2] for i in ids] == ["stage1", "stage2"]
    got = {i: (f"verdict-{n}", 1.0) for n, i in enumerate(ids)}
    got[ids[0].rpartition("#")[0]] = ("verdict-0", 1.0)  # the file's own key (its first part), as the eval adds
    m = _eval_real()
    base = ids[0].rpartition("#")[0]
    assert m._got(got, base + "#2") == ("verdict-1", 1.0)
    assert m._got(got, base + "#1") == ("verdict-0", 1.0)
    assert m._got(got, base + "#3") == ("verdict-0", 1.0)  # no third part: the file's verdict, as before


def test_numbered_parts_still_match_by_their_own_names():
    m = _eval_real()
    got = {"a/log.txt#1": ("healthy", 0.9), "a/log.txt#2": ("overfit", 0.8)}
    assert m._got(got, "a/log.txt#2") == ("overfit", 0.8)
