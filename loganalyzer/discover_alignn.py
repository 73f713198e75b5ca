"""ALIGNN's ``history_train.json`` + ``history_val.json`` in one output directory: one training, one run.

ALIGNN (usnistgov/alignn ``train.py``) writes the two files side by side in ``config.output_dir`` each epoch
(``readers/_json_alignn.py``). Read file by file they were two runs, the validation file judged as a training of its
own. The rule: the two files of one directory, both taken by ``json_history`` (one run each) and both ALIGNN's rows, make one run named by
the training's file; its sources are read by ``json_history``, which names the validation file's series ``val_*``.
A lone ``history_train.json`` stays the run it is.
"""
from __future__ import annotations

from .runs import Run, SourceFile


def join(fs, file_runs: list, full) -> tuple[list, list[Run]]:
    """``file_runs`` (relative file, format, count) less ALIGNN's paired history files, and the runs they make.
    Both files must start with ALIGNN's rows (``_json_alignn.sniff``): an older ALIGNN's dict of metric lists
    (``{"loss": [..], "mae": [..]}`` in both files) names no split in its keys, and stays two runs."""
    from .readers._json_alignn import sniff, split_of

    by_dir: dict[str, dict[str, str]] = {}
    for rel_file, fmt, count in file_runs:
        d, _, name = rel_file.rpartition("/")
        if fmt == "json_history" and count == 1 and (split := split_of(name)) is not None:
            by_dir.setdefault(d, {})[split] = rel_file
    runs, taken = [], set()
    for d, files in by_dir.items():
        if set(files) != {"train", "val"}:
            continue
        try:
            if not all(sniff(f, bytes(fs.read_head(full(f), 256))) for f in files.values()):
                continue
        except OSError:
            continue
        ordered = [files["train"], files["val"]]
        runs.append(Run(files["train"], full(d) if d else full("."), "json_history",
                        tuple(SourceFile(full(f), "json_history", "") for f in ordered)))
        taken.update(ordered)
    return [item for item in file_runs if item[0] not in taken], runs
