"""Agreement of loganalyzer's verdicts with careful human labels of real runs (no corpus needed).

Label sets (tab-separated, read with keep_default_na=False because `nan` is a label):
- ``eval/real_labels.tsv`` over ``../shared/real_logs`` (the team's development set: tuned on);
- ``eval/public/labels.tsv`` over ``eval/public`` (public runs labelled blind from plots, see eval/public/README.md),
  split by source project into ``holdout`` (the groups in ``eval/public/holdout.txt``: never tuned on) and ``dev``;
- ``eval/public/relabel.tsv``: a second blind label for 60 of the public runs (two fresh labellers who saw neither
  the first labels nor the tool's verdicts): printed as the agreement between the two humans, and the tool's
  agreement on the rows where they agree;
- ``eval/generated/gen{1,2}/labels.tsv`` over ``eval/generated/gen{1,2}/runs`` (really-trained runs with injected faults,
  labelled blind by their maker; rows name the run's directory, see eval/generated/README.md).

Runs are scanned through ``loganalyzer.scan.scan`` with default options, exactly what ``loganalyzer scan`` does.
A row counts as agreeing when the label matches; ``unclear`` labels count as agreeing when the tool's confidence is
below 0.6. Prints per set: agreement on every labelled row and on ``clear=yes`` rows, per-label precision/recall,
macro-F1 over the labels present, and the confusion rows; then "all public runs" (every labelled public run, dev and
held-out together). Per kind of issue 9 (``--no-kinds`` skips it, ~1-2 min): the kind tests (runs really trained
or real runs, ``tests/test_verdict_kinds*.py``, ``test_verdict_unseen.py`` for kinds 2 and 5 on newly generated
runs, ``test_replay_kinds.py`` for 11, ``test_series_choice.py`` for 12) run through pytest, passed/total per kind.
``--skip-holdout`` leaves the held-out projects out entirely (while tuning: never look at them).
``--sets 40,41`` scores only the staged sets named (their groups are the lines under ``# set NN`` in
``eval/public/holdout.txt``, commented or not), each and together, scanning only their runs: a blind set's one
measurement. ``--json FILE`` writes the numbers (and under ``every_row`` each row: run, human label, clear, tool label,
confidence, group). ``EVAL_SIBLINGS=0`` scans without the sibling comparison (``siblings.py``: it
turns 4 runs right on the labelled real runs and one of the generated set's unrelated ``run01``..``run44`` wrong).
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import warnings
import xml.etree.ElementTree as ET
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
        report = scan([str(root)], siblings=os.environ.get("EVAL_SIBLINGS", "1") == "1")
    got = {r.run: (r.verdict, r.confidence or 0.0) for r in report.runs}
    session = training_sessions(report.runs)
    for r in report.runs:  # rows may name a run's top directory (eval/generated): the first file found under it
        whole = got[session[r.run.split("#")[0]]]
        got.setdefault(r.run.split("/")[0], whole)
        # a file labelled whole that a reader splits into trainings (log.txt -> log.txt#1, #2...): its session
        got.setdefault(r.run.split("#")[0], whole)
    return got


def training_sessions(runs) -> dict[str, str]:
    """{file's run id: the id of the part standing for the whole file} for every run, split into parts or not.

    Where a reader splits a file into trainings (``log.txt#1``, ``#2``; ``#stage1``...), an un-numbered label is
    scored against the FIRST part, as every stop's figures were. Tried at stop 57 and dropped, measured on the dev
    rows of split files: the part with the most points (+2 rows -6: a labeller labels the whole file's plot, and a
    resumed session split off as #2 or the longest of many sessions is not what it shows) and the verdict most
    parts get (+2 -4). The rule looks at the runs alone, never at which part agrees with the label. A file not
    split stands for itself."""
    first: dict[str, str] = {}
    for r in runs:
        first.setdefault(r.run.split("#")[0], r.run)
    return first


def _got(got: dict, run: str) -> tuple[str, float]:
    """The verdict of a labelled run: its own, else -- a file labelled as ``log.txt#2`` when a reader split it into
    trainings that a later reader reads as one (the labeller labelled each part of the one training) -- the file's."""
    if run in got:
        return got[run]
    # a file's N-th training labelled as ``log.csv#2`` that the reader now names by the file's own text column
    # (``#stage2``, readers/_text_rows.py): the same run, in the same (file) order
    base, _, nth = run.rpartition("#")
    parts = [k for k in got if k.startswith(base + "#")] if base and nth.isdigit() else []
    if parts and 1 <= int(nth) <= len(parts) and not any(k[len(base) + 1:].isdigit() for k in parts):
        return got[parts[int(nth) - 1]]
    if "#" in run and run.split("#")[0] in got:
        return got[run.split("#")[0]]
    # a file labelled on its own that the tool joins into a run named by another file of its folder
    # (cs336lm tinystories: metrics.csv read with metrics.json as one run, `metrics.json`): that run's, when the
    # folder holds only that one run
    folder = run.rpartition("/")[0]
    same = {k for k in got if "/" in k and k.rpartition("/")[0] == folder} if folder else set()
    if len(same) == 1:
        return got[same.pop()]
    # a sub-directory labelled on its own that the tool joins into its parent's one run (horsecat100
    # catboost_info/learn and /test: CatBoost's two event dirs of one fit, discover_catboost): the folder's run,
    # when nothing below the folder is a run of its own
    if folder and folder in got and not any(k.startswith(folder + "/") for k in got):
        return got[folder]
    return ("missing", 0.0)


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
        "every_row": [(r["run"], r["label"], r.get("clear", ""), g[0], round(g[1], 2), r.get("group", ""))
                      for r, g in rows],
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


KIND_FILES = {"tests/test_replay_kinds.py": (11,), "tests/test_series_choice.py": (12,),
              "tests/test_verdict_unseen4.py": (5,),  # an accuracy that never rose: underfit
              "tests/test_val_metric.py": (4, 9)}  # the validation metric: NaN in it, its logged course
SECTIONED = ("tests/test_verdict_kinds.py", "tests/test_verdict_kinds2.py")
UNSEEN = "tests/test_verdict_unseen.py"  # underfit/healthy tests: kind 5; collapse/overfit/stalled/nan: kinds 1, 2, 4
UNSEEN2 = "tests/test_verdict_unseen2.py"  # collapse (kind 2), fine-tune overfit (kind 1), no-stall (kinds 2 and 10)
UNSEEN3 = "tests/test_verdict_unseen3.py"  # a collapse after learning little (kind 2), 3-epoch overfit (kinds 7, 10)


def kind_of_tests() -> dict[str, tuple[int, ...]]:
    """test function name -> the issue 9 kinds it covers: from the ``# --- kind N`` / ``kinds N and M`` section lines
    of the sectioned kind test files, whole files for kinds 11 and 12, the unseen-run tests by their label."""
    out: dict[str, tuple[int, ...]] = {}
    for path in SECTIONED:
        kinds: tuple[int, ...] = ()
        for line in (ROOT / path).read_text().splitlines():
            if line.startswith("# ---"):
                kinds = tuple(int(k) for k in re.findall(r"\b(\d+)\b", line.split("-")[-1])) if "kind" in line else ()
            m = re.match(r"def (test_\w+)", line)
            if m and kinds:
                out[m.group(1)] = kinds
    for path, kinds in KIND_FILES.items():
        for m in re.finditer(r"^def (test_\w+)", (ROOT / path).read_text(), re.M):
            out[m.group(1)] = kinds
    out["test_classifiers_that_cannot_fit_their_task_are_underfit_without_a_class_count"] = (5,)
    out["test_runs_that_learned_their_task_are_healthy"] = (5,)
    out["test_collapse_overfit_stall_and_nan_get_their_label"] = (1, 2)
    out["test_generated_runs_get_their_label"] = (1, 2)
    out["test_a_collapse_that_learned_little_is_diverged_by_the_rules_alone"] = (2,)
    out["test_flat_far_below_chance_from_the_first_log_is_no_stall"] = (2, 10)
    out["test_flat_training_loss_while_validation_fell_is_no_stall"] = (2, 10)
    out["test_plateau_from_the_first_log_far_below_chance_is_underfit"] = (2, 10)
    out["test_a_collapse_after_learning_little_is_diverged"] = (2,)
    out["test_the_rules_alone_see_the_collapse_in_a_per_step_log_and_say_so"] = (2, 9)
    out["test_an_accuracy_back_at_its_start_confirms_the_collapse"] = (2,)
    out["test_a_run_whose_accuracy_kept_rising_is_no_collapse"] = (2,)
    out["test_validation_above_its_first_evaluation_on_3_epochs_is_overfit_with_low_confidence"] = (7, 10)
    out["test_three_epochs_with_validation_falling_stay_healthy"] = (7,)
    out["test_a_language_model_cut_short_is_healthy_not_underfit"] = (5, 10)
    out["test_a_masked_lm_still_falling_is_healthy"] = (5, 10)
    out["test_a_classifier_cut_short_with_its_accuracy_low_is_underfit"] = (10,)
    out["test_a_climb_that_began_in_the_warm_up_is_diverged_with_doubt"] = (3,)
    out["test_kept_falling_is_said_only_of_a_fall"] = (9,)
    out["test_a_loss_that_fell_in_its_first_logs_then_flattened_is_no_stall"] = (9, 10)
    return out


def kind_results() -> dict[int, dict]:
    """Run the kind tests (pytest, 2 workers) and count passed/total per kind, with the failing test ids."""
    tests = kind_of_tests()
    with tempfile.TemporaryDirectory() as tmp:
        xml = Path(tmp) / "kinds.xml"
        files = list(SECTIONED) + list(KIND_FILES) + [UNSEEN, UNSEEN2, UNSEEN3]
        subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", f"--junitxml={xml}",
                        *files], cwd=ROOT, capture_output=True, text=True)
        cases = ET.parse(xml).getroot().iter("testcase") if xml.exists() else []
        per: dict[int, dict] = {k: {"passed": 0, "total": 0, "skipped": 0, "failed": []} for k in range(1, 13)}
        for case in cases:
            name = case.get("name", "")
            kinds = tests.get(name.split("[")[0], ())
            bad = case.find("failure") is not None or case.find("error") is not None
            skipped = case.find("skipped") is not None
            for k in kinds:
                per[k]["total"] += 1
                per[k]["skipped"] += skipped
                per[k]["passed"] += not bad and not skipped
                if bad:
                    per[k]["failed"].append(name)
    return per


def print_kinds(per: dict[int, dict]) -> None:
    print("\n== issue 9 kinds (tests on really-trained or real runs): passed/total")
    for k, v in per.items():
        state = "PASS" if v["total"] and not v["failed"] else ("no tests" if not v["total"] else "FAIL")
        skipped = f", {v['skipped']} skipped" if v["skipped"] else ""
        print(f"   kind {k:2d}: {v['passed']}/{v['total']}{skipped}  {state}  {' '.join(v['failed'][:3])}")


def set_groups(holdout: Path) -> dict[str, list[str]]:
    """Set number -> its project groups, from the ``# set NN (...)`` blocks of ``holdout.txt`` (a group line is one
    word, held out or commented out with ``#   group``; any other comment ends the block)."""
    sets: dict[str, list[str]] = {}
    current = None
    for line in holdout.read_text().splitlines():
        m = re.match(r"# set (\d+) \(", line)
        if m:
            current = sets.setdefault(m.group(1), [])
            continue
        word = re.fullmatch(r"#?\s*([a-z0-9][a-z0-9_-]*)", line.strip())
        if current is not None and word:
            current.append(word.group(1))
        else:
            current = None
    return sets


def _linked(public: Path, keep) -> Path:
    """A temporary folder of links to the run folders of the labelled rows ``keep`` accepts (the scan reads no other
    run)."""
    tmp = Path(tempfile.mkdtemp(prefix="eval_sub"))
    for run, row in read_labels(public / "labels.tsv").items():
        top = run.split("/")[0]
        if keep(row) and not (tmp / top).exists():
            (tmp / top).symlink_to(public / top)
    return tmp


def score_sets(public: Path, names: list[str]) -> dict:
    """Score the staged blind sets ``names`` (numbers) each and together; print them like the other sets."""
    groups = set_groups(public / "holdout.txt")
    missing = [n for n in names if n not in groups]
    if missing:
        raise SystemExit(f"eval_real: no '# set N' block for {', '.join(missing)} in {public / 'holdout.txt'}")
    wanted = {g for n in names for g in groups[n]}
    got = verdicts(_linked(public, lambda r: r["group"] in wanted))
    out = {}
    labels = read_labels(public / "labels.tsv")
    for name, gs in [(f"set {n}", set(groups[n])) for n in names] + [("sets " + "+".join(names), wanted)]:
        rows = [(r, _got(got, run)) for run, r in labels.items() if r["group"] in gs]
        out[name] = scores(rows)
        print_set(name, out[name])
    return out


def two_labellers(first: dict, second: dict, got: dict) -> dict:
    """How often two careful humans agree (``eval/public/relabel.tsv`` against ``labels.tsv``), and how often the
    tool agrees with them where they agree: the ceiling the labels allow, and the tool's distance to it."""
    both = [(first[run], row) for run, row in second.items() if run in first]
    same = [(a, b) for a, b in both if a["label"] == b["label"]]
    tool = sum(_got(got, a["run"])[0] == a["label"] for a, _ in same)
    print(f"\n== two labellers: {len(same)}/{len(both)} runs labelled alike by two blind humans; the tool agrees with "
          f"them on {tool}/{len(same)} of those")
    for a, b in both:
        if a["label"] != b["label"]:
            print(f"   differ {a['run']:<55} first {a['label']:<9} second {b['label']}")
    return {"rows": len(both), "humans_agree": len(same), "tool_agrees_where_humans_agree": tool}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path)
    ap.add_argument("--skip-holdout", action="store_true", help="leave the held-out projects out (while tuning)")
    ap.add_argument("--no-kinds", action="store_true", help="do not run the per-kind tests")
    ap.add_argument("--sets", help="score only these staged blind sets, e.g. 40,41 (their one measurement)")
    args = ap.parse_args(argv)
    if args.sets:
        out = score_sets(ROOT / "eval" / "public", [n.strip() for n in args.sets.split(",") if n.strip()])
        if args.json:
            args.json.write_text(json.dumps(out, indent=1))
        return 0
    out = {}
    sets = []
    if (SHARED / "real_logs").is_dir():
        sets.append(("shared real_logs (dev)", SHARED / "real_logs", ROOT / "eval" / "real_labels.tsv", None))
    public = ROOT / "eval" / "public"
    hold = {g.strip() for g in (public / "holdout.txt").read_text().splitlines() if g.strip() and not g.startswith("#")}
    if not args.skip_holdout:
        sets.append(("public holdout (never tuned on)", public, public / "labels.tsv", lambda r: r["group"] in hold))
    sets.append(("public dev", public, public / "labels.tsv", lambda r: r["group"] not in hold))
    if not args.skip_holdout:
        sets.append(("all public runs (dev + held-out)", public, public / "labels.tsv", None))
    for name in ("gen1", "gen2"):
        generated = ROOT / "eval" / "generated" / name
        if (generated / "labels.tsv").is_file():
            sets.append((f"generated {name} (blind; dev since stop 23)", generated / "runs", generated / "labels.tsv",
                         None))
    cache: dict[Path, dict] = {}
    # the labels as they are when the run starts, beside the held-out list read then: a set staged while the scan runs
    # (minutes) must not be scored as dev rows the scan never read (stop 58's dev_start counted 161 staged held-out
    # rows as dev 'missing')
    at_start = {labels: read_labels(labels) for _, _, labels, _ in sets}
    for name, root, labels, keep in sets:
        if root not in cache:
            dev = _linked(public, lambda r: r["group"] not in hold) if root == public and args.skip_holdout else None
            cache[root] = verdicts(dev or root)
        got = cache[root]
        rows = [(r, _got(got, run)) for run, r in at_start[labels].items()
                if keep is None or keep(r)]
        out[name] = scores(rows)
        print_set(name, out[name])
    second = public / "relabel.tsv"
    if second.is_file() and public in cache:
        out["two labellers"] = two_labellers(read_labels(public / "labels.tsv"), read_labels(second), cache[public])
    if not args.no_kinds:
        out["kinds"] = kind_results()
        print_kinds(out["kinds"])
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
