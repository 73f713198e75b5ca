#!/usr/bin/env python
"""A second opinion learned from the labelled real runs, for the border calls (stop 24's experiment, redone at stop 33).

    python scripts/real_label_model.py build      # scan every labelled dev run once -> /tmp/realmodel33_rows.pkl
    python scripts/real_label_model.py measure    # grouped CV on today's rows: tool, features, stacked, gates
    python scripts/real_label_model.py train      # fit on every dev row -> loganalyzer/second_model.json
    python scripts/real_label_model.py blindrows 44,45 OUT.pkl CUR/eval/public  # from an old tree (see below)
    python scripts/real_label_model.py blind OUT1.pkl OUT2.pkl ...             # the gate on blind-time verdicts

``build`` scans every labelled dev run (``eval/public`` minus the held-out groups of ``holdout.txt``, which are
neither scanned nor read; ``../shared/real_logs``; ``eval/generated/gen{1,2}``) with the second opinion off and keeps
per run what ``verdict.judge`` sees (curve features + rule scores: the shipped model's input), the shipped model's
probabilities, the evidence numbers of ``verdict_second.second_evidence`` (validation's rise after its best, the share
of the run after it, training's fall after it, first/last training loss / ln k, accuracy level, evaluations...), the
tool's judge-time label/confidence/method/finding kinds and its final label after the scan (siblings), the group
(source project), the human label and its clear flag. 1,493 rows (8 digitrec ``history.csv#N`` rows are not matched).

Stop 33's measurements (1,492 scored rows, ``unclear`` left out; 979 groups; HistGradientBoosting depth 3, 150
iterations, 5 folds grouped by source project, 5 shuffles; agreement, macro-F1, rows fixed/broken vs the tool):

  on today's rows, out of fold        all rows (tool tuned on them)           sets 44/45 (58 rows, tuned on least)
  (a) tool                            1282 0.859 F1 0.846                     45 0.776 F1 0.631
  (b) features model replaces          1217 0.816 F1 0.766  +75 -140           44 0.759 F1 0.603
  (c) stacked (tool's call + feats)   1257 0.842 F1 0.818  +41 -66            46 0.793 F1 0.685
  (d) gate, features, p>=0.6 / 0.7    1260 / 1267   +55 -77 / +43 -58         44 / 45
      p>=0.8 / 0.9                    1273 / 1280   +32 -41 / +20 -22         46 / 46
  (d) gate, stacked, p>=0.6 / 0.7     1274 / 1282   +28 -36 / +22 -22         46 / 46  (+1 -0)
      p>=0.8 / 0.9                    1280 / 1281                             46 / 45
  (class_weight=balanced or slower learning: the same within 1-2 rows; every transition about as often right as
  wrong, e.g. stacked p>=0.7: underfit->healthy +10 -11, healthy->overfit +2 -3.)
  Read: on rows the rules were tuned on, no learned variant beats the tool (the tool is in-sample there).

  on blind-time verdicts (the honest test): each pair's runs scanned with the code that measured it blind (34/35 at
  68872e4, 36/37 at ac22119, 40/41 at 1439297, 42/43 at 0f526dd, 44/45 at 0ed387d; 330 scored rows), the model
  trained on today's rows of every other project, the gate applied to the tool's label of then (today's labels and
  run files: 44/45's tool scores 41/58 here against 43/58 when it was measured):
                                      agree        macro-F1        fixed/broken  recall stal/unde/over/heal
  tool then                           227 (0.688)  0.569                         0.78 0.23 0.50 0.75
  gate, features, p>=0.6              244 (0.739)  0.620           +23 -6        0.83 0.32 0.61 0.79
  gate, features, p>=0.7              246 (0.745)  0.627           +22 -3        0.83 0.36 0.61 0.79
  gate, features, p>=0.75             243 (0.736)  0.610           +19 -3        0.83 0.27 0.61 0.79
  as shipped (p>=0.75 + guards)       237 (0.718)  0.588           +10 -0        0.78 0.23 0.55 0.79
  gate, features, p>=0.8              240 (0.727)  0.598           +16 -3        0.83 0.23 0.59 0.79
  gate, stacked, p>=0.6 / 0.7         237 / 234    0.587 / 0.583   +13 -3 / +9 -2
  Per pair (features, p>=0.7): 44/45 41->43, 42/43 43->48, 40/41 33->39, 36/37 64->67, 34/35 46->49; nan and
  diverged untouched (the gate never moves them). Transitions: underfit->healthy +10 -0, healthy->overfit +3 -2,
  healthy->underfit +2 -0, overfit->healthy +2 -0, healthy->stalled +0 -1, others +1 each.
  Read: the stacked model learns to trust a tool that is right 86% of the time on its training rows (tuned on them)
  and gains little; the features-only model, judging the curves afresh, fixes the unseen tool's border calls.
  So the features-only gate ships (``verdict_second``) at 0.75, not 0.7: at 0.7 it moved test_verdict_kinds2's kind-1
  flat noisy plateau (p 0.73) to underfit; blind-time 243/330 (+19 -3) at 0.75. Two guards keep the team's
  definitions (tests/test_verdict_*.py): no move when a definition decided the label (``DEFINITIONAL`` findings:
  frozen validation, presumed_classes, rl_objective, gan...: cost 0 on the blind rows) nor to a label the rules
  weighed and set aside with a reason (a ``possible_<label>`` finding, e.g. "learned before the first log"): with
  both, blind-time 237/330 (0.718, +10 -0; 238 +11 -0 at 0.7). Its in-sample dev figure means nothing (it fits its
  training rows).

``blindrows`` needs the old tree's code: ``git archive COMMIT | tar -x -C DIR``, build its C helpers, copy this
script and ``loganalyzer/verdict_second.py`` into it, and run it there with the current ``eval/public`` as the
labels and runs (the set's groups only are linked and scanned).

Needs scikit-learn for training and measuring only; scans read the exported JSON through ``loganalyzer.model``.
"""
from __future__ import annotations

import csv
import os
import pickle
import sys
import warnings
from pathlib import Path

import numpy as np

os.environ.setdefault("OMP_NUM_THREADS", "1")  # scikit-learn's trees: threads only fight on a shared machine
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CACHE = Path(os.environ.get("REALMODEL_ROWS", "/tmp/realmodel33_rows.pkl"))
SHAPES = ("diverged", "stalled", "underfit", "overfit", "healthy")
SHAPE_LABELS = SHAPES
from loganalyzer.verdict_second import EVIDENCE_NAMES, MODEL_FILE, second_evidence  # noqa: E402


FINDING_KINDS = ("possible_underfit", "thin_evidence", "possible_stalled", "possible_healthy", "spike", "components",
                 "possible_overfit", "mismatch", "within_noise", "presumed_classes", "no_train_loss", "oscillation",
                 "lr_schedule", "val_metric", "possible_diverged", "gap", "initial_loss")
TOOL_NAMES = tuple(f"tool.{label}" for label in SHAPE_LABELS) + ("tool.confidence", "tool.model_chose") + tuple(
    f"finding.{k}" for k in FINDING_KINDS)


def tool_values(verdict) -> dict[str, float]:
    """The tool's own call as numbers (``TOOL_NAMES``): label one-hot, confidence, whether the learned model chose
    it against the rules, and the findings' kinds."""
    kinds = {f.kind for f in verdict.findings}
    out = {f"tool.{label}": float(verdict.label == label) for label in SHAPE_LABELS}
    out.update({"tool.confidence": float(verdict.confidence), "tool.model_chose": float(verdict.method == "model")})
    out.update({f"finding.{k}": float(k in kinds) for k in FINDING_KINDS})
    return out


def capture(root: Path) -> dict[str, dict]:
    """Per run id: the model's input, its probabilities, the evidence numbers, the tool's call at judge time, and
    the scan's final label/confidence/findings."""
    import loganalyzer.scan as scan_module
    from loganalyzer import verdict as V

    seen, current = {}, {}
    analyse_run, judge = scan_module.analyse_run, scan_module.judge

    def analyse(loaded, options, groups=None):
        current["id"] = loaded.run.id
        return analyse_run(loaded, options, groups)

    def judged(curves, features, model=True):
        verdict = judge(curves, features, model=model, second=False)
        vector = V.model_vector(features, V.rule_scores(features))
        shipped = V.load_default_model()
        p = dict(zip(shipped.classes, map(float, shipped.predict_proba(vector[None, :])[0])))
        seen[current["id"]] = dict(vector=vector, names=V.MODEL_FEATURE_NAMES, p=p,
                                   ev=second_evidence(curves, features),
                                   tv=tool_values(verdict), judge=verdict.label, judge_conf=verdict.confidence)
        return verdict

    scan_module.analyse_run, scan_module.judge = analyse, judged
    try:
        report = scan_module.scan([str(root)], jobs=1, siblings=True)
    finally:
        scan_module.analyse_run, scan_module.judge = analyse_run, judge
    got = {}
    for r in report.runs:
        a = r.analysis
        row = dict(seen.get(r.run, {}), final=r.verdict, final_conf=r.confidence or 0.0,
                   findings=sorted({f.kind for f in a.findings}) if a is not None else [])
        got[r.run] = row
        got.setdefault(r.run.split("/")[0], row)  # rows may name a run's top folder, or a file split into #1, #2
        got.setdefault(r.run.split("#")[0], row)
    return got


def holdout_groups() -> set[str]:
    return {g.strip() for g in (ROOT / "eval/public/holdout.txt").read_text().splitlines()
            if g.strip() and not g.startswith("#")}


def build() -> list[dict]:
    """Scan the dev sets (held-out groups never scanned nor read) and return the labelled rows."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from eval_real import _linked

    hold = holdout_groups()
    public = ROOT / "eval/public"
    sets = [("public", _linked(public, lambda r: r["group"] not in hold), public / "labels.tsv",
             lambda run, r: r["group"])]
    if (ROOT.parent / "shared/real_logs").is_dir():
        sets.append(("real", ROOT.parent / "shared/real_logs", ROOT / "eval/real_labels.tsv",
                     lambda run, r: "real:" + run.split("__")[0].split("/")[0]))
    for name in ("gen1", "gen2"):
        sets.append((name, ROOT / f"eval/generated/{name}/runs", ROOT / f"eval/generated/{name}/labels.tsv",
                     lambda run, r, name=name: name))
    out = []
    for name, root, labels, group_of in sets:
        got = capture(root)
        with open(labels, newline="") as f:
            for r in csv.DictReader(f, delimiter="\t"):
                if name == "public" and r["group"] in hold:
                    continue
                g = got.get(r["run"])
                if g is None or "vector" not in g:
                    continue
                out.append(dict(g, run=r["run"], label=r["label"], clear=r.get("clear", "") == "yes",
                                group=group_of(r["run"], r), set=name))
    return out


def load_rows(rebuild: bool = False) -> list[dict]:
    if CACHE.is_file() and not rebuild:
        return pickle.loads(CACHE.read_bytes())
    os.environ["LOGANALYZER_DB"] = "off"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = build()
    CACHE.write_bytes(pickle.dumps(data))
    return data



GATE_LABELS = ("stalled", "underfit", "overfit", "healthy")  # the border the second opinion may move between
PARAMS = dict(max_depth=3, learning_rate=0.05, max_iter=150, l2_regularization=1.0, min_samples_leaf=10,
              random_state=0)


def feature_names(stacked: bool) -> tuple[str, ...]:
    from loganalyzer.verdict import MODEL_FEATURE_NAMES

    names = MODEL_FEATURE_NAMES + tuple(f"p.{s}" for s in SHAPES) + EVIDENCE_NAMES
    return names + TOOL_NAMES if stacked else names


def matrix(data: list[dict], stacked: bool) -> np.ndarray:
    """One row per run: the features judge() sees, the shipped model's probabilities, the evidence numbers, and
    (``stacked``) the tool's judge-time label, confidence and findings. NaN where a value does not apply."""
    rows = []
    for r in data:
        x = list(r["vector"]) + [r["p"].get(s, 0.0) for s in SHAPES] + [r["ev"][k] for k in EVIDENCE_NAMES]
        if stacked:
            x += [r["tv"][k] for k in TOOL_NAMES]
        rows.append(x)
    return np.array(rows, dtype=np.float64)


def macro_f1(y, pred) -> float:
    scores = []
    for c in sorted(set(y)):
        tp = sum(a == b == c for a, b in zip(y, pred))
        n_pred, n_true = sum(b == c for b in pred), sum(a == c for a in y)
        precision, recall = (tp / n_pred if n_pred else 0.0), tp / n_true
        scores.append(2 * precision * recall / (precision + recall) if tp else 0.0)
    return float(np.mean(scores))


def oof_proba(X, y, groups, seed: int, params=PARAMS, folds: int = 5) -> np.ndarray:
    """Out-of-fold class probabilities (columns: SHAPES), folds grouped by source project."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.RandomState(seed)
    names = np.unique(groups)
    fold_of = {g: i % folds for i, g in enumerate(rng.permutation(names))}
    fold = np.array([fold_of[g] for g in groups])
    out = np.zeros((len(y), len(SHAPES)))
    for k in range(folds):
        train = (fold != k) & (y >= 0)
        model = HistGradientBoostingClassifier(**params).fit(X[train], y[train])
        cols = [SHAPES.index(c) for c in (SHAPES[i] for i in model.classes_)]
        out[np.ix_(fold == k, cols)] = model.predict_proba(X[fold == k])
    return out


def gate(tool: list[str], q: np.ndarray, p: float) -> list[str]:
    """The tool's label unless it is one of GATE_LABELS and the model's most likely label among them is another with
    probability >= p (nan, diverged and unknown are never touched, never produced)."""
    out = []
    cols = [SHAPES.index(c) for c in GATE_LABELS]
    for t, row in zip(tool, q):
        if t in GATE_LABELS:
            m = GATE_LABELS[int(np.argmax(row[cols]))]
            if m != t and row[SHAPES.index(m)] >= p:
                t = m
        out.append(t)
    return out


def replace(tool: list[str], q: np.ndarray) -> list[str]:
    """The model's label wherever the tool gave a shape label (nan/unknown kept)."""
    return [SHAPES[int(np.argmax(row))] if t in SHAPES else t for t, row in zip(tool, q)]


def summary(y: list[str], tool: list[str], pred: list[str]) -> dict:
    labels = [c for c in ("nan",) + SHAPES if c in y]
    recall = {c: sum(a == b == c for a, b in zip(y, pred)) / max(1, sum(a == c for a in y)) for c in labels}
    return dict(n=len(y), agree=sum(a == b for a, b in zip(y, pred)), f1=macro_f1(y, pred), recall=recall,
                fixed=sum(a == b != t for a, b, t in zip(y, pred, tool)),
                broke=sum(a == t != b for a, b, t in zip(y, pred, tool)))


def fmt(name: str, s: dict) -> str:
    rec = " ".join(f"{c[:4]} {v:.2f}" for c, v in s["recall"].items())
    return (f"  {name:<26} {s['agree']:>4}/{s['n']:<4} {s['agree'] / s['n']:.3f}  F1 {s['f1']:.3f}  "
            f"+{s['fixed']:<3} -{s['broke']:<3} | {rec}")


def measure(data: list[dict], seeds=(0, 1, 2, 3, 4), cuts=(0.4, 0.5, 0.6, 0.7, 0.8, 0.9)) -> None:
    """Print (a) the tool, (b) a model on features alone, (c) stacked on the tool's call, (d) gates of (b) and (c)
    at each probability cut, out of fold, on every scored row and on the sets 44/45 (opened last: tuned on least)."""
    scored = [r for r in data if r["label"] in ("nan",) + SHAPES]
    y_all = [r["label"] for r in scored]
    tool = [r["final"] for r in scored]
    yi = np.array([SHAPES.index(v) if v in SHAPES else -1 for v in y_all])
    groups = np.array([r["group"] for r in scored])
    recent = [i for i, r in enumerate(scored) if r["set"] == "public" and r["group"][-2:] in ("44", "45")]
    print(f"{len(scored)} scored rows (unclear left out), {len(np.unique(groups))} groups; 44/45: {len(recent)} rows "
          f"in {len({scored[i]['group'] for i in recent})} groups")
    mats = {"features": matrix(scored, False), "stacked": matrix(scored, True)}
    table: dict[str, list[tuple[dict, dict]]] = {}

    def add(name, pred):
        sub = lambda v: [v[i] for i in recent]  # noqa: E731
        table.setdefault(name, []).append((summary(y_all, tool, pred), summary(sub(y_all), sub(tool), sub(pred))))

    for seed in seeds:
        print(f"seed {seed}", file=sys.stderr, flush=True)
        add("(a) tool", tool)
        for kind, X in mats.items():
            q = oof_proba(X, yi, groups, seed)
            add(f"(b/c) {kind} replaces", replace(tool, q))
            for p in cuts:
                add(f"(d) gate {kind} p>={p:.2f}", gate(tool, q, p))
    for name, runs in table.items():
        print(name)
        for label, k in (("all rows", 0), ("sets 44/45", 1)):
            ss = [r[k] for r in runs]
            agree = [s["agree"] / s["n"] for s in ss]
            mean = {key: float(np.mean([s[key] for s in ss])) for key in ("agree", "f1", "fixed", "broke")}
            rec = {c: float(np.mean([s["recall"][c] for s in ss])) for c in ss[0]["recall"]}
            print(fmt(label, dict(ss[0], agree=round(mean["agree"]), f1=mean["f1"], fixed=round(mean["fixed"]),
                                  broke=round(mean["broke"]), recall=rec)) + f"  [{min(agree):.3f}-{max(agree):.3f}]")



THRESHOLD = 0.75  # the gate: the second opinion moves a border label at p >= 0.75 (blind-time table above)
ROWS_FILE = ROOT / "eval/second_model_rows.csv.gz"  # the training matrix, for the test that refits it


def fit(X: np.ndarray, y: list[str]):
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(**PARAMS).fit(X, np.array(y))


def spec_of(clf, n_rows: int, n_groups: int) -> dict:
    from loganalyzer.model import export_sklearn

    return export_sklearn(clf, feature_names(False), 1.0, {
        "threshold": THRESHOLD, "rows": n_rows, "groups": n_groups, "params": PARAMS,
        "trained_by": "scripts/real_label_model.py train (make realmodel)"})


def train(data: list[dict]) -> Path:
    """Fit the features-only model on every shape-labelled dev row; write the JSON the stage loads and the
    training matrix (``ROWS_FILE``: label, group, then the features; byte-identical on a rerun)."""
    import gzip
    import json

    rows = sorted((r for r in data if r["label"] in SHAPES), key=lambda r: (r["set"], r["run"]))
    X, y = matrix(rows, False), [r["label"] for r in rows]
    clf = fit(X, y)
    out = ROOT / "loganalyzer" / MODEL_FILE
    out.write_text(json.dumps(spec_of(clf, len(rows), len({r["group"] for r in rows})), separators=(",", ":")))
    lines = ["\t".join(("label", "group") + feature_names(False))]
    lines += ["\t".join([a, g] + [repr(float(v)) for v in x]) for a, g, x in zip(y, (r["group"] for r in rows), X)]
    with open(ROWS_FILE, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as z:
        z.write(("\n".join(lines) + "\n").encode())
    return out



def blind_rows(sets: list[str], out: Path, labels_root: Path) -> None:
    """Run from a copy of this script inside an old tree (``git archive COMMIT``, its C helpers built): capture the
    groups of the staged sets ``sets`` (their ``# set N`` blocks in ``labels_root``'s holdout.txt) with that tree's
    code -- what the tool said when those projects were unseen -- into the pickle ``out``."""
    sys.path.insert(1, str(labels_root.parents[1] / "scripts"))
    from eval_real import read_labels, set_groups

    import tempfile

    groups = set_groups(labels_root / "holdout.txt")
    wanted = {g for n in sets for g in groups[n]}
    tmp = Path(tempfile.mkdtemp(prefix="blindrows"))
    labels = read_labels(labels_root / "labels.tsv")
    for run, r in labels.items():
        top = run.split("/")[0]
        if r["group"] in wanted and not (tmp / top).exists():
            (tmp / top).symlink_to(labels_root / top)
    os.environ["LOGANALYZER_DB"] = "off"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = capture(tmp)
    rows = [dict(got.get(run) or {}, run=run, label=r["label"], group=r["group"], set="public",
                 found=run in got and "vector" in got[run]) for run, r in labels.items() if r["group"] in wanted]
    out.write_bytes(pickle.dumps(rows))


def blind(pickles: list[Path], cuts=(0.5, 0.6, 0.7, 0.75, 0.8)) -> None:
    """The gate of a model trained on today's rows of every other project, applied to the blind-time rows of
    ``blind_rows`` (the tool's label then), scored against the human labels."""
    from loganalyzer.verdict import MODEL_FEATURE_NAMES
    from loganalyzer.verdict_second import DEFINITIONAL

    today = [r for r in load_rows() if r["label"] in SHAPES]

    def mat(rows, stacked):
        out = []
        for r in rows:
            v = dict(zip(r.get("names", MODEL_FEATURE_NAMES), r["vector"]))
            x = [v.get(n, np.nan) for n in MODEL_FEATURE_NAMES] + [r["p"].get(c, 0.0) for c in SHAPES]
            x += [r["ev"][k] for k in EVIDENCE_NAMES] + ([r["tv"][k] for k in TOOL_NAMES] if stacked else [])
            out.append(x)
        return np.array(out, dtype=np.float64)

    got: dict[tuple, list] = {}
    for path in pickles:
        old = pickle.loads(Path(path).read_bytes())
        test = [r for r in old if r["label"] in ("nan",) + SHAPES]
        seen = {r["group"] for r in old}
        train_rows = [r for r in today if r["group"] not in seen]
        idx = [i for i, r in enumerate(test) if r["found"]]
        for stacked in (False, True):
            clf = fit(mat(train_rows, stacked), [r["label"] for r in train_rows])
            q = np.zeros((len(test), len(SHAPES)))
            q[np.ix_(idx, [SHAPES.index(c) for c in clf.classes_])] = clf.predict_proba(
                mat([test[i] for i in idx], stacked))
            tool = [r.get("final", "missing") for r in test]
            for p in cuts:
                gated = gate(tool, q, p)
                # as shipped (verdict_second): no move where a definition decided, nor to a label set aside
                kept = [t if set(DEFINITIONAL) & set(r.get("findings", ())) or "possible_" + g in r.get("findings", ())
                        else g for r, t, g in zip(test, tool, gated)]
                for name, values in ((("stacked" if stacked else "features"), gated), ("shipped", kept)):
                    if name == "shipped" and stacked:
                        continue
                    y_t_g = got.setdefault((name, p), [[], [], []])
                    for part, v in zip(y_t_g, ([r["label"] for r in test], tool, values)):
                        part.extend(v)
    for (name, p), (y, tool, g) in got.items():
        before, after = summary(y, tool, tool), summary(y, tool, g)
        print(f"{name:<9} p>={p:.2f}: tool {before['agree']}/{len(y)} F1 {before['f1']:.3f} -> gated "
              f"{after['agree']}/{len(y)} F1 {after['f1']:.3f} (+{after['fixed']} -{after['broke']}) | "
              + " ".join(f"{c[:4]} {before['recall'][c]:.2f}->{after['recall'][c]:.2f}" for c in before["recall"]))


def main(argv: list[str]) -> int:
    what = argv[0] if argv else "measure"
    if what == "build":
        data = load_rows(rebuild=True)
        print(f"{len(data)} labelled rows cached in {CACHE}")
        return 0
    if what == "blindrows":  # blindrows SETS OUT.pkl CURRENT/eval/public
        blind_rows(argv[1].split(","), Path(argv[2]), Path(argv[3]))
        return 0
    if what == "blind":  # blind OLD1.pkl OLD2.pkl ...
        blind([Path(a) for a in argv[1:]])
        return 0
    if what == "train":
        print(f"wrote {train(load_rows())}")
        return 0
    if what == "measure":
        measure(load_rows())
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
