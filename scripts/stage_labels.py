"""Stage a blind labeller's set into ``eval/public`` as a held-out set.

Usage: ``python scripts/stage_labels.py LABELDIR SET [--stop N]``. ``LABELDIR`` is a labeller's folder made by the
prompt in ``eval/public/labeller_prompt.md``: ``runs/<group>__<name>/`` (the files, byte for byte), ``labels.tsv``
(run, label, clear, reason, group, task) and ``SOURCES.tsv`` (run, repository, commit, paths, format, license, task).

What it does, refusing (exit 1, nothing written) when a check fails:
- every labelled run's top folder exists in ``LABELDIR/runs`` and not yet in ``eval/public``;
- no group slug is already used by ``eval/public/labels.tsv`` (a different project with the same slug would be
  held out or opened together with it: rename it with the set number first);
- every labelled run has a ``SOURCES.tsv`` row;
then appends the holdout.txt block (first, so that an evaluation starting meanwhile never counts the rows as dev),
copies the run folders, appends the rows to ``labels.tsv`` and ``SOURCES.tsv``; the block is
``# set SET (R runs, P projects), staged DATE (stop N):`` listing the groups (held out until opened). ``--check``
only runs the checks. ``scripts/eval_real.py --sets SET`` then measures it.
"""
from __future__ import annotations

import argparse
import csv
import datetime
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PUBLIC = ROOT / "eval" / "public"
LABEL_COLS = ("run", "label", "clear", "reason", "group", "task")


def _rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _append(path: Path, rows: list[dict], cols: list[str]) -> None:
    text = path.read_text(encoding="utf-8")
    with open(path, "a", newline="", encoding="utf-8") as f:
        if text and not text.endswith("\n"):
            f.write("\n")
        w = csv.DictWriter(f, fieldnames=cols, delimiter="\t", extrasaction="ignore", lineterminator="\n")
        for r in rows:
            w.writerow({c: (r.get(c) or "").replace("\t", " ").replace("\n", " ") for c in cols})


def stage(labeldir: Path, number: str, stop: str, check: bool = False) -> int:
    labels = _rows(labeldir / "labels.tsv")
    sources = {r["run"]: r for r in _rows(labeldir / "SOURCES.tsv")}
    have = _rows(PUBLIC / "labels.tsv")
    used = {r["group"] for r in have}
    problems = []
    for r in labels:
        top = r["run"].split("/")[0]
        if not (labeldir / "runs" / top).is_dir():
            problems.append(f"{r['run']}: no folder {labeldir / 'runs' / top}")
        if (PUBLIC / top).exists():
            problems.append(f"{r['run']}: eval/public/{top} exists already")
        if r["group"] in used:
            problems.append(f"{r['run']}: group '{r['group']}' is already used in eval/public/labels.tsv")
        if r["run"] not in sources and top not in sources:
            problems.append(f"{r['run']}: no row in SOURCES.tsv")
        if set(LABEL_COLS) - set(r):
            problems.append(f"{r['run']}: labels.tsv lacks {sorted(set(LABEL_COLS) - set(r))}")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    tops = sorted({r["run"].split("/")[0] for r in labels})
    groups = sorted({r["group"] for r in labels})
    if check:
        print(f"set {number}: {len(labels)} runs ({len(tops)} folders), {len(groups)} projects: ready to stage")
        return 0
    # the groups are held out first: an evaluation starting while the rows are appended never counts them as dev
    block = [f"# set {number} ({len(labels)} runs, {len(groups)} projects), staged "
             f"{datetime.date.today().isoformat()} (stop {stop}):", *groups]
    with open(PUBLIC / "holdout.txt", "a", encoding="utf-8") as f:
        f.write("\n".join(block) + "\n")
    for top in tops:
        shutil.copytree(labeldir / "runs" / top, PUBLIC / top)
    _append(PUBLIC / "labels.tsv", labels, list(LABEL_COLS))
    with open(PUBLIC / "SOURCES.tsv", newline="", encoding="utf-8") as f:
        source_cols = next(csv.reader(f, delimiter="\t"))
    _append(PUBLIC / "SOURCES.tsv", [sources.get(r["run"]) or sources[r["run"].split("/")[0]] | {"run": r["run"]}
                                      for r in labels], source_cols)
    print(f"staged set {number}: {len(labels)} runs ({len(tops)} folders), {len(groups)} projects, held out")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("labeldir", type=Path)
    ap.add_argument("set", help="the set's number, e.g. 40")
    ap.add_argument("--stop", default="?", help="the stop (session) number, for the holdout.txt block")
    ap.add_argument("--check", action="store_true", help="only check the set (the refusals above); write nothing")
    args = ap.parse_args(argv)
    return stage(args.labeldir, args.set, args.stop, args.check)


if __name__ == "__main__":
    sys.exit(main())
