"""One training's losses saved as sibling files named by split: ``<model>_train_loss.csv`` + ``<model>_val_loss.csv``
(``pd.DataFrame(train_losses).to_csv(...)``), ``Network_loss.csv`` + ``Network_validation.csv``,
``train_losses_cifar.csv`` + ``test_losses_cifar.csv``. Read file by file they were two runs, the validation curve
judged alone as a training loss and both series named ``loss``.

Logs named by the split alone (``train.log`` + ``valid.log``, one ``epoch,loss,ppl,accuracy`` line per epoch each:
public AotY/Pytorch-NCM ``log/``, written by the same code with the very same header line) are one run too, named by
the training's file (``log/train.log``): read as two Keras-like CSV runs, validation was judged as a training of its
own and the training had no validation.

A lone training loss file with metric files beside it (``train_loss.txt`` + ``train_acc.txt``, no validation file:
public snnmnist111, protofs111) is one run of them too (its accuracy had been dropped).

The rule: plain (or Keras-like) CSV logs (one run each) in one directory whose names are the same once the split words
(train/training vs val/valid/validation/eval/dev/test) and loss words (loss/losses) are left out, one of them training
(a train word, or no split word at all) and the others validation/test, and whose columns name no split (one series
each, or series without a split word), are ONE run named by that common name. Each file keeps its format's reader
(format ``split_csv``: ``readers/split_csv.py``), which names its series with the file's split (``train_loss``,
``val_loss``). One warning line of the run says which files were paired.

A file with no split word whose name holds ``epoch`` is the training's side when a validation file's name is its
name with ``epoch`` in place of the split word and no training file is named so (public sudehsna-mt2
``epoch-0.0-ppl.tsv`` + ``valid-0.0-ppl.tsv``: a word-LM script writing per-epoch train perplexity to
``epoch-<dropout>-ppl.tsv`` and validation perplexity to ``valid-<dropout>-ppl.tsv``, the same header: two runs, the
validation judged alone). ``_epoch_named_trains``.
"""
from __future__ import annotations

import re

from .runs import Run, SourceFile

_TOKEN = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")  # camelCase split: ``TrainLoss`` is two words
TRAIN_WORDS = frozenset({"train", "training", "trn"})
VAL_WORDS = frozenset({"val", "valid", "validation", "eval", "evaluation", "dev"})
TEST_WORDS = frozenset({"test", "testing"})
LOSS_WORDS = frozenset({"loss", "losses"})
EPOCH_WORDS = frozenset({"epoch", "epochs"})
_INDEX_COLUMNS = frozenset({"", "unnamed: 0", "epoch", "epochs", "step", "steps", "iteration", "iter", "index"})


def split_of_name(name: str) -> str | None:
    """``train``/``val``/``test`` for the split word in a file name, '' when it has none, None when it has two."""
    words = {w.lower() for w in _TOKEN.findall(name.rsplit(".", 1)[0])}
    found = {s for s, ws in (("train", TRAIN_WORDS), ("val", VAL_WORDS), ("test", TEST_WORDS)) if words & ws}
    return None if len(found) > 1 else (found.pop() if found else "")


_KEY_SPLIT = re.compile(r"[_\-. ]+")
_KEY_DROP = TRAIN_WORDS | VAL_WORDS | TEST_WORDS | LOSS_WORDS


def _key(name: str) -> str:
    """The name less its split and loss words, camelCase words too (``48_12_2Maps_TrainLoss`` -> ``48_12_2Maps``)."""
    stem = name.rsplit(".", 1)[0]
    parts = ("".join(t for t in _TOKEN.findall(w) if t.lower() not in _KEY_DROP) if _TOKEN.sub("", w) == "" else w
             for w in _KEY_SPLIT.split(stem) if w and w.lower() not in _KEY_DROP)
    return "_".join(p for p in parts if p)


def _columns_name_no_split(head: bytes, split: str = "") -> bool:
    """Whether a file's header names no split but its own (``train_epoch_loss`` in ``train_metrics.csv``,
    ``val_acc,val loss`` in ``val_metrics.csv``: one script's ``train_``/``val_`` files, each naming its columns by
    its file's split; a column of another split is a file of both splits, no sibling)."""
    line = bytes(head).split(b"\n", 1)[0].decode("utf-8", "replace").strip("\r\ufeff")
    sep = "\t" if line.count("\t") > line.count(",") else ","
    own = {"", split or "train"}
    cells = [cell.strip().strip('"').lower() for cell in line.split(sep)]
    for cell in cells:
        if cell in _INDEX_COLUMNS or _meter_value(cell, cells):
            continue
        if split_of_name(cell) not in own:
            return False
    return True


def _meter_value(cell: str, cells: list[str]) -> bool:
    """Whether ``cell`` is an ``AverageMeter``'s current value beside its running average (``loss_val`` beside
    ``loss_avg``: the meter's ``.val`` and ``.avg``, public s3fdrepvgg122 ``train_loss.csv`` and ``val_loss.csv``
    both ``eporch,iteration,loss_val,loss_avg,...``): its ``val`` names no split."""
    for sep in ("_", " ", "."):
        if cell.endswith(sep + "val") and cell[:-3] + "avg" in cells:
            return True
    return False


def _logger_table(fs, rel: str, split: str, full) -> bool:
    """Whether ``rel`` is a Torch7 ``optim.Logger`` file (``readers/_torch7_logger``) whose columns name no split but
    its own (``% top1 accuracy (test set)`` in ``test.log``, or ``(val set)``: an evaluation split either way; the
    logger's files of one script have headers of their own, so no header is shared)."""
    from .readers._torch7_logger import is_logger_table

    head = _head(fs, rel, full)
    if not is_logger_table(head):
        return False
    own = {"", split or "train", *(("val", "test") if split in ("val", "test") else ())}
    return all(split_of_name(c) in own for c in _cells(head.split(b"\n", 1)[0].decode("utf-8", "replace"))
               if c)


def _cells(header: str) -> list[str]:
    sep = "\t" if header.count("\t") > header.count(",") else ","
    return [c.strip().strip('"').lower() for c in header.split(sep)]


def _one_writer(headers: list) -> bool:
    """Whether split-named logs' header lines say one code wrote them: the very same line, or (3D-ResNets' loggers:
    ``train.log`` ``epoch loss acc lr``, ``val.log`` ``epoch loss acc``, tab-separated) the same first column and
    separator, one file's columns the first ones of the other's, at least two besides the first (the training's
    logger adds its learning rate at the end); the same columns in another order are another writer's."""
    if any(not h for h in headers):
        return False
    if len(set(headers)) == 1:
        return True
    cells = [_cells(h) for h in headers]
    if len({"\t" in h for h in headers}) != 1 or len({c[0] for c in cells}) != 1 or \
            any(len(set(c)) != len(c) for c in cells):
        return False
    widest = max(cells, key=len)
    return all(widest[:len(c)] == c and len(c) >= 3 for c in cells)


def _header(fs, rel_file: str, full) -> str | None:
    try:
        return bytes(fs.read_head(full(rel_file), 4096)).split(b"\n", 1)[0].decode("utf-8", "replace").strip("\r")
    except OSError:
        return None


def _siblings(fs, d: str, key: str, known: tuple[str, str], full) -> list[tuple[str, str]]:
    """CSV files beside ``known`` (a log file, its split) named like it but for the other split, written by the same
    code (the very same header line): they were not taken for logs by name alone."""
    header = _header(fs, known[0], full)
    if not header:
        return []
    try:
        names = [e.name for e in fs.list_dir(full(d) if d else full(".")) if e.is_file]
    except OSError:
        return []
    out = []
    for name in sorted(names):
        rel = f"{d}/{name}" if d else name
        split = split_of_name(name)
        if rel == known[0] or not name.lower().endswith((".csv", ".tsv")) or _key(name).lower() != key:
            continue
        if split is None or (split in ("train", "")) == (known[1] in ("train", "")):
            continue
        if _header(fs, rel, full) == header:
            out.append((rel, split))
    return out


def pair(fs, file_runs: list, full, problems: list | None = None) -> tuple[list, list[Run]]:
    """``file_runs`` (relative file, format, count) less the split-named files that make one run, and those runs."""
    from .discover_npysplits import join as join_npy, join_stepped, join_torch_lists  # loss.npy + rmse_tr.npy ..
    from .discover_npyfolder import join as join_npy_folder
    from .discover_alignn import join as join_alignn  # ALIGNN's history_train.json + history_val.json: one run

    file_runs, stepped = join_stepped(fs, file_runs, full)
    file_runs, torch_lists = join_torch_lists(file_runs, full)
    file_runs, runs = join_npy(fs, file_runs, full, problems)
    file_runs, folder_npy = join_npy_folder(fs, file_runs, full)  # losses-train.npy + acc-test.npy ..: one run
    file_runs, alignn = join_alignn(fs, file_runs, full)
    runs = stepped + torch_lists + runs + folder_npy + alignn
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for rel_file, fmt, count in file_runs:
        if fmt not in ("csv", "keras_csv") or count != 1:
            continue
        d, _, name = rel_file.rpartition("/")
        split = split_of_name(name)
        stem_words = {w.lower() for w in _TOKEN.findall(name.rsplit(".", 1)[0])}
        key = _key(name)
        bare = not key and not stem_words & LOSS_WORDS  # 'train.log' beside 'valid.log': the split alone
        if split is None or (bare and not split):
            continue
        groups.setdefault((d, key.lower(), bare), []).append(
            (rel_file, split, bool(split or stem_words & LOSS_WORDS)))
    _epoch_named_trains(groups)
    taken = set()
    for (d, key, bare), named in groups.items():
        files = [(f, s) for f, s, _ in named]
        torch7 = bare and all(_logger_table(fs, f, s, full) for f, s in files)  # Torch7's train.log + test.log
        if bare and not torch7 and not _one_writer([_header(fs, f, full) for f, _ in files]):
            continue  # split-named logs are one run's only when one code wrote them: the same header line
        if len(files) == 1 and named[0][2] and not bare:
            # its sibling of the other split not taken for a log by itself (no 'loss' in its name): looked for only
            # beside a file named by a split or a loss word (a rescan must not re-read every plain CSV log)
            files.extend(_siblings(fs, d, key, files[0], full))
        trains = [f for f, s in files if s in ("train", "")]
        others = [f for f, s in files if s in ("val", "test")]
        lone = len(files) == 1 and len(trains) == 1 and not bare and named[0][2] \
            and metric_siblings(fs, d, trains, full)  # train_loss.txt + train_acc.txt: its accuracy beside it
        if not lone and (len(trains) != 1 or not others
                         or len({s for _, s in files if s in ("val", "test")}) != len(others)):
            continue
        try:
            if not torch7 and not all(_columns_name_no_split(fs.read_head(full(f), 4096), s) for f, s in files):
                continue
        except OSError:
            continue
        name = _key(files[0][0].rpartition("/")[2]) or (d.rsplit("/", 1)[-1] if d else "loss")
        run_id = trains[0] if bare else f"{d}/{name}" if d else name  # bare: the training's log names the run
        ordered = trains + sorted(others)
        ordered += lone or metric_siblings(fs, d, ordered, full)  # acc.txt / val_acc.txt beside loss.txt /
        # val_loss.txt (a lone training file's were listed above: ``lone`` holds them)
        sources = tuple(SourceFile(full(f), "split_csv", "") for f in ordered)
        runs.append(Run(run_id, full(d) if d else full("."), "split_csv", sources))
        taken.update(ordered)
    return [item for item in file_runs if item[0] not in taken], runs


def _epoch_named_trains(groups: dict) -> None:
    """Move a file named with ``epoch`` and no split word (``epoch-0.0-ppl.tsv``) into the group of validation files
    named like it with a split word in ``epoch``'s place (``valid-0.0-ppl.tsv``), when that group has no training
    file: the epoch file is its training side (module docstring)."""
    for (d, key, bare), named in list(groups.items()):
        words = key.split("_")
        if bare or len(named) != 1 or named[0][1] != "" or not set(words) & EPOCH_WORDS:
            continue
        other = (d, "_".join(w for w in words if w not in EPOCH_WORDS), False)
        partners = groups.get(other)
        if not other[1] or not partners or any(s in ("train", "") for _, s, _ in partners):
            continue
        partners.insert(0, (named[0][0], "", True))
        del groups[(d, key, bare)]


# The same history's other keys saved beside the losses (``np.savetxt('acc.txt', history.history['acc'])`` beside
# ``loss.txt``/``val_loss.txt``: public Cell-detection-CNN-Unet): named as a loss file with the loss word replaced by
# a metric word, one number per line; read by ``split_csv`` as ``<split>_<metric>``.
METRIC_WORDS = frozenset({"acc", "accuracy", "dice", "iou", "f1", "mae", "mse", "auc", "precision", "recall"})
_ONE_NUMBER = re.compile(rb"[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|nan|inf)", re.IGNORECASE)


def metric_word(name: str) -> str | None:
    """The metric word of a file named like a loss file with a metric in place of the loss (``val_acc.txt``)."""
    words = [w.lower() for w in re.split(r"[_\-. ]+", name.rsplit(".", 1)[0]) if w]
    found = [w for w in words if w in METRIC_WORDS]
    return found[0] if len(found) == 1 and not set(words) & LOSS_WORDS else None


def one_number_lines(head: bytes) -> bool:
    """Whether a file's first bytes are one number per line (no header)."""
    lines = [line.strip() for line in bytes(head).splitlines()[:-1] if line.strip()] or \
        [line.strip() for line in bytes(head).splitlines() if line.strip()]
    return bool(lines) and all(_ONE_NUMBER.fullmatch(line) for line in lines)


def one_line_row(head: bytes) -> int | None:
    """How many numbers a file's one line holds (``np.savetxt(f, [history['acc']], delimiter=',')``: the epochs
    along the row), None for any other shape."""
    lines = [line.strip() for line in bytes(head).splitlines() if line.strip()]
    if len(lines) != 1:
        return None
    cells = [c.strip() for c in lines[0].split(b",")]
    return len(cells) if len(cells) > 1 and all(_ONE_NUMBER.fullmatch(c) for c in cells) else None


def _shape(head: bytes):
    """'lines' (one number per line), the count of a one-line row, or None."""
    return "lines" if one_number_lines(head) else one_line_row(head)


def metric_siblings(fs, d: str, files: list[str], full) -> list[str]:
    """Files beside a paired run's loss files named like them with a metric word for the loss word, of their very
    shape: one number per line, or one line of as many numbers as theirs (public cnnsg106 ``train_loss.csv``,
    ``val_loss.csv``, ``train_acc.csv``, ``val_acc.csv``: one line of 15 numbers each). See ``METRIC_WORDS``."""
    from .discover_qualmetric import qualified

    names = {f.rpartition("/")[2]: f for f in files}
    shapes = {_shape(_head(fs, f, full)) for f in files}
    if len(shapes) != 1 or None in shapes:
        return []
    shape = shapes.pop()
    try:
        entries = [e.name for e in fs.list_dir(full(d) if d else full(".")) if e.is_file]
    except OSError:
        return []
    out = []
    for name in sorted(entries):
        metric = metric_word(name)
        if metric is None or name in names:
            continue
        pattern = re.compile(r"(?i)(?<![A-Za-z])" + re.escape(metric) + r"(?![A-Za-z])")
        as_loss = {pattern.sub(w, name, count=1) for w in ("loss", "Loss", "LOSS", "losses")}
        if not as_loss & set(names) and (q := qualified(name, set(names))):  # list_train_lgg_acc_fold0.csv
            as_loss = {q[1]}
        rel = f"{d}/{name}" if d else name
        if as_loss & set(names) and _shape(_head(fs, rel, full)) == shape:
            out.append(rel)
    return out


def _head(fs, rel: str, full) -> bytes:
    try:
        return bytes(fs.read_head(full(rel), 4096))
    except OSError:
        return b""
