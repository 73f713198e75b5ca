#!/usr/bin/env python
"""Would a model trained on the labelled real runs themselves beat the rules? (stop 24's experiment; not shipped)

Scans every labelled dev run (``eval/public`` minus the held-out groups of ``holdout.txt``, ``../shared/real_logs``,
``eval/generated/gen{1,2}``), keeps what ``verdict.judge`` sees (the curve features and rule scores: the shipped
model's input), the shipped model's probabilities and a few evidence values (validation's rise after its best, the
findings' kinds), and fits scikit-learn's ``HistGradientBoostingClassifier`` on the human labels (shape labels only:
`nan` is a rule). Folds are grouped by source project (``GroupKFold``-style, 5 folds, 4 shuffles): the score is what
the model would do on projects it never saw. Printed beside it: the tool's own agreement on the same rows (which was
tuned on them, so it is optimistic).

    python scripts/real_label_model.py            # needs scikit-learn (pip install scikit-learn)

Stop 24, before the twenty-fourth and twenty-fifth sets were opened: 827 rows, the model 0.80-0.82 (macro-F1
0.73-0.78), and trained on all 827, 40-42/51 on those then held-out sets against the tool's 42/51. With them: 875 rows,
0.807-0.814 (macro-F1 0.745-0.759) against the tool's 0.864 on its own (tuned-on) dev rows.
"""
from __future__ import annotations

import csv
import os
import sys
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHAPES = ("diverged", "stalled", "underfit", "overfit", "healthy")
FINDINGS = ("possible_underfit", "thin_evidence", "possible_stalled", "possible_healthy", "spike", "components",
            "possible_overfit", "mismatch", "within_noise", "presumed_classes", "no_train_loss", "oscillation",
            "lr_schedule", "val_metric", "possible_diverged", "gan")


def capture(root: Path) -> dict[str, dict]:
    """Per run id: the model's input vector, its probabilities, the verdict's label, its validation rise, findings."""
    import loganalyzer.scan as scan_module
    from loganalyzer import verdict as V
    from loganalyzer.verdict_evidence import val_rise

    seen, current = {}, {}
    analyse_run, judge = scan_module.analyse_run, scan_module.judge

    def analyse(loaded, options, groups=None):
        current["id"] = loaded.run.id
        return analyse_run(loaded, options, groups)

    def judged(curves, features, model=True):
        verdict = judge(curves, features, model=model)
        vector = V.model_vector(features, V.rule_scores(features))
        shipped = V.load_default_model()
        p = dict(zip(shipped.classes, map(float, shipped.predict_proba(vector[None, :])[0])))
        rise = val_rise(curves)
        seen[current["id"]] = dict(vector=vector, p=p, tool=verdict.label,
                                   rise=(-9.0, -9.0, -1.0) if rise is None else (rise.rise, rise.rise_end,
                                                                                 rise.evals_after),
                                   findings={f.kind for f in verdict.findings})
        return verdict

    scan_module.analyse_run, scan_module.judge = analyse, judged
    try:
        report = scan_module.scan([str(root)], jobs=1, siblings=True)
    finally:
        scan_module.analyse_run, scan_module.judge = analyse_run, judge
    return {r.run: dict(seen.get(r.run, {}), final=r.verdict) for r in report.runs}


def rows() -> list[dict]:
    hold = {g.strip() for g in (ROOT / "eval/public/holdout.txt").read_text().splitlines()
            if g.strip() and not g.startswith("#")}
    sets = [(ROOT / "eval/public", ROOT / "eval/public/labels.tsv", lambda run, r: None if r["group"] in hold
             else r["group"])]
    if (ROOT.parent / "shared/real_logs").is_dir():
        sets.append((ROOT.parent / "shared/real_logs", ROOT / "eval/real_labels.tsv",
                     lambda run, r: "real:" + run.split("__")[0].split("/")[0]))
    for name in ("gen1", "gen2"):
        sets.append((ROOT / f"eval/generated/{name}/runs", ROOT / f"eval/generated/{name}/labels.tsv",
                     lambda run, r, name=name: name))
    out = []
    for root, labels, group_of in sets:
        got = capture(root)
        with open(labels, newline="") as f:
            for r in csv.DictReader(f, delimiter="\t"):
                group = group_of(r["run"], r)
                key = r["run"] if r["run"] in got else next(
                    (k for k in got if r["run"] in (k.split("/")[0], k.split("#")[0])), None)
                if group is None or key is None or "vector" not in got[key]:
                    continue
                if r["label"] in SHAPES and got[key]["tool"] in SHAPES:
                    out.append(dict(got[key], label=r["label"], group=group))
    return out


def features(r: dict) -> list[float]:
    return (list(np.nan_to_num(r["vector"], nan=-9.0)) + [r["p"].get(s, 0.0) for s in SHAPES] + list(r["rise"])
            + [float(k in r["findings"]) for k in FINDINGS])


def macro_f1(y: np.ndarray, pred: np.ndarray) -> float:
    scores = []
    for c in np.unique(y):
        tp, n_pred, n_true = int(((y == c) & (pred == c)).sum()), int((pred == c).sum()), int((y == c).sum())
        precision, recall = (tp / n_pred if n_pred else 0.0), tp / n_true
        scores.append(2 * precision * recall / (precision + recall) if tp else 0.0)
    return float(np.mean(scores))


def main() -> int:
    try:
        from sklearn.ensemble import HistGradientBoostingClassifier
    except ImportError:
        print("needs scikit-learn: pip install scikit-learn", file=sys.stderr)
        return 2
    os.environ["LOGANALYZER_DB"] = "off"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = rows()
    X = np.array([features(r) for r in data])
    y = np.array([SHAPES.index(r["label"]) for r in data])
    tool = np.array([SHAPES.index(r["tool"]) for r in data])
    groups = np.array([r["group"] for r in data])
    rng, names = np.random.RandomState(0), np.unique(groups)
    accuracy, f1 = [], []
    for _ in range(4):
        fold_of = {g: i % 5 for i, g in enumerate(rng.permutation(names))}
        fold = np.array([fold_of[g] for g in groups])
        pred = np.zeros_like(y)
        for k in range(5):
            model = HistGradientBoostingClassifier(max_depth=3, learning_rate=0.05, max_iter=150,
                                                   l2_regularization=1.0, min_samples_leaf=10, random_state=0)
            model.fit(X[fold != k], y[fold != k])
            pred[fold == k] = model.predict(X[fold == k])
        accuracy.append(float((pred == y).mean()))
        f1.append(macro_f1(y, pred))
    print(f"{len(y)} labelled dev runs (shape labels), {len(names)} groups")
    print(f"model trained on the labels, projects unseen: accuracy {min(accuracy):.3f}-{max(accuracy):.3f}, "
          f"macro-F1 {min(f1):.3f}-{max(f1):.3f}")
    print(f"the tool on the same rows (tuned on them): accuracy {(tool == y).mean():.3f}, macro-F1 "
          f"{macro_f1(y, tool):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
