"""Agreement of loganalyzer's verdicts with careful human labels of real runs (no corpus needed).

Label sets (tab-separated, read with keep_default_na=False because `nan` is a label):
- ``eval/real_labels.tsv`` over ``../shared/real_logs`` (the team's development set: tuned on);
- ``eval/public/labels.tsv`` over ``eval/public`` (public runs labelled blind from plots, see eval/public/README.md),
  split by source project into ``holdout`` (the groups in ``eval/public/holdout.txt``: never tuned on) and ``dev``.

Runs are scanned through ``loganalyzer.scan.scan`` with default options, exactly what ``loganalyzer scan`` does.
A row counts as agreeing when the label matches; ``unclear`` labels count as agreeing when the tool's confidence is
below 0.6. Prints per set: agreement on every labelled row and on ``clear=yes`` rows, per-label precision/recall,
macro-F1 over the labels present, and the confusion rows. ``--json FILE`` writes the numbers.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
LABELS = ("nan", "diverged", "stalled", "underfit", "overfit", "healthy")


def read_labels(path: Path) -> dict[str, dict]:
    with open(path, newline="") as f:
        return {r["run"]: r for r in csv.DictReader(f, delimiter="\t")}


def verdicts(root: Path) -> dict[str, tuple[str, float]]:
    from loganalyzer.scan import scan

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = scan([str(root)])
    return {r.run: (r.verdict, r.confidence or 0.0) for r in report.runs}


def agrees(row: dict, got: tuple[str, float]) -> bool:
    if row["label"] == "unclear":
        return got[1] < 0.6 or got[0] == "unknown"
    return row["label"] == got[0]


def scores(rows: list[tuple[dict, tuple[str, float]]]) -> dict:
    labelled = [(r, g) for r, g in rows if r["label"] in LABELS]
    truth = [r["label"] for r, _ in labelled]
    pred = [g[0] for _, g in labelled]
    per = {}
    for lab in sorted(set(truth), key=LABELS.index):
        tp = sum(t == p == lab for t, p in zip(truth, pred))
        n_pred, n_true = pred.count(lab), truth.count(lab)
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_true
        per[lab] = {"precision": prec, "recall": rec, "f1": 2 * prec * rec / (prec + rec) if tp else 0.0,
                    "n": n_true}
    clear = [(r, g) for r, g in rows if r.get("clear", "yes") == "yes"]
    return {
        "rows": len(rows),
        "agree": sum(agrees(r, g) for r, g in rows),
        "clear_rows": len(clear),
        "clear_agree": sum(agrees(r, g) for r, g in clear),
        "macro_f1": sum(v["f1"] for v in per.values()) / len(per) if per else None,
        "per_label": per,
        "confusion": {lab: dict(Counter(p for t, p in zip(truth, pred) if t == lab)) for lab in per},
        "misses": [(r["run"], r["label"], r.get("clear", ""), g[0], round(g[1], 2)) for r, g in rows
                   if not agrees(r, g)],
    }


def print_set(name: str, s: dict) -> None:
    if not s["rows"]:
        print(f"\n== {name}: no rows")
        return
    print(f"\n== {name}: {s['agree']}/{s['rows']} rows agree ({s['agree'] / s['rows']:.0%}); clear rows "
          f"{s['clear_agree']}/{s['clear_rows']}; macro-F1 {s['macro_f1']:.3f}")
    for lab, v in s["per_label"].items():
        print(f"   {lab:9s} n={v['n']:3d}  precision {v['precision']:.2f}  recall {v['recall']:.2f}  "
              f"-> {s['confusion'][lab]}")
    for run, lab, clear, got, conf in s["misses"]:
        print(f"   miss {run[:58]:58s} human {lab:9s}{'(clear)' if clear == 'yes' else '':8s} tool {got} {conf}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    out = {}
    sets = []
    if (SHARED / "real_logs").is_dir():
        sets.append(("shared real_logs (dev)", SHARED / "real_logs", ROOT / "eval" / "real_labels.tsv", None))
    public = ROOT / "eval" / "public"
    hold = {g.strip() for g in (public / "holdout.txt").read_text().splitlines() if g.strip() and not g.startswith("#")}
    sets.append(("public holdout (never tuned on)", public, public / "labels.tsv", lambda r: r["group"] in hold))
    sets.append(("public dev", public, public / "labels.tsv", lambda r: r["group"] not in hold))
    cache: dict[Path, dict] = {}
    for name, root, labels, keep in sets:
        if root not in cache:
            cache[root] = verdicts(root)
        got = cache[root]
        rows = [(r, got.get(run, ("missing", 0.0))) for run, r in read_labels(labels).items()
                if keep is None or keep(r)]
        out[name] = scores(rows)
        print_set(name, out[name])
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
