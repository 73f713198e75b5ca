"""Why a CSV/JSON file named like a training log is not read, when its shape says what it is (for discovery).

Three shapes that were passed over with a generic line ("its header names no step, epoch or loss column") or none:

- a CSV with no header, its rows bare values, ``tensor(...)`` reprs counting as numbers (public Akssi/StyleTransfer
  ``log.csv``: ``writer.writerow([epoch, i, styleLoss, contentLoss])`` gives ``0,3,tensor(318428413952.),
  tensor(52796006400.)``, and ``writer.writerow('New experiment')`` at each launch gives the character-split marker
  ``N,e,w, ,e,x,p,e,r,i,m,e,n,t``): which column is the loss is not written anywhere, so it is said, never guessed;
- a JSON list of number rows that ``_json_unnamed.rows`` does not read (public CollinPhipps/llm
  ``loss_history.json``: ``[[200, 5.954, 6.021], [400, ...]]`` is read there, a step counting up and one or two
  losses in a loss-named file): no name in the file, said the same way;
- a per-run summary table (public nanoGPT ablations ``metrics.csv``: ``run_name,seed,...,final_train_loss,
  final_val_loss,training_time_sec``, one row per training): final values, no curve over steps.
"""
from __future__ import annotations

import re

_NUM = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
# a bare number, or one wrapped as torch/numpy print it: tensor(3.14), "tensor(3.14, device='cuda:0', grad_fn=<..>)"
_CELL = re.compile(rf"""^\s*"?\s*(?:{_NUM}|nan|inf|(?:tensor|array)\(\s*\[?\s*{_NUM}\.?\s*\]?[^)]*\))\s*"?\s*$""",
                   re.IGNORECASE)
_TENSOR_QUOTED = re.compile(r'"[^"\n]*"')
_FIX = "write a header line (epoch,loss,...) or name each value"
_JSON_ROWS = re.compile(r"^\s*\[\s*\[\s*([-+\d.eE]+(?:\s*,\s*[-+\d.eENaIfity]+)+)\s*\]")
_FINAL = re.compile(r"^(?:final|best|last|min|max|end)[_ -]", re.IGNORECASE)
_RUN_NAME = frozenset({"run", "run_name", "name", "experiment", "exp", "exp_name", "model", "config", "run_id"})


def _cells(line: str) -> list[str]:
    quoted = _TENSOR_QUOTED.findall(line)  # "tensor(674269312., grad_fn=<ThAddBackward>)": one cell with commas
    for k, q in enumerate(quoted):
        line = line.replace(q, f"\x00{k}\x00", 1)
    cells = line.split(",")
    for k, q in enumerate(quoted):
        cells = [c.replace(f"\x00{k}\x00", q) for c in cells]
    return cells


def _marker(cells: list[str]) -> bool:
    """``writer.writerow('New experiment')``: a string written as a row, one character a cell."""
    return len(cells) >= 4 and all(len(c) <= 1 for c in cells) and any(c.isalpha() for c in cells)


def why_csv(head: bytes) -> str | None:
    """Why a CSV head of one of the module's shapes is not read, else None."""
    text = bytes(head).decode("utf-8", "replace").lstrip("\ufeff")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1 and not text.endswith(("\n", "\r")):
        lines = lines[:-1]
    if len(lines) < 2:
        return None
    rows = [_cells(line) for line in lines[:400]]
    markers = [r for r in rows if _marker(r)]
    data = [r for r in rows if not _marker(r)]
    if len(data) >= 2 and all(len(r) >= 2 and all(_CELL.match(c) for c in r) for r in data):
        wrapped = any("tensor(" in c or "array(" in c for r in data for c in r)
        marker = "".join(markers[0]) if markers else ""
        return (f"no header: its rows are bare values with no names (e.g. {lines[rows.index(data[0])][:70]!r}"
                + (", tensor reprs read as numbers" if wrapped else "")
                + (f"; lines {marker[:30]!r} written one character a cell (a launch's marker?)" if markers else "")
                + f"): which column is the loss is not written, so nothing is read; {_FIX}")
    header = [c.strip().strip('"').lower() for c in rows[0]]
    finals = [c for c in header if _FINAL.match(c) and "loss" in c]
    if finals and header[0] in _RUN_NAME and "step" not in header and "epoch" not in header and "iter" not in header:
        return (f"a summary table, one row per run ({len(rows) - 1} row(s) in its first bytes, named by "
                f"{rows[0][0].strip()!r}) with final values ({', '.join(finals[:3])}), no curve over steps: "
                "not read as curves; give each run's own training log")
    return None


def why_json(name: str, head: bytes) -> str | None:
    """Why a JSON list of number rows (``[[200, 5.95, 6.02], ...]``) named as a loss/training log is not read, else
    None (a list of number rows in another file, a data set's, is no log: nothing said)."""
    from ._json_unnamed import _LOG_NAME

    if _LOG_NAME.search(name) is None:
        return None
    m = _JSON_ROWS.match(bytes(head).decode("utf-8", "replace").lstrip("\ufeff"))
    if m is None:
        return None
    first = re.sub(r"\s+", "", m.group(1))
    width = first.count(",") + 1
    return (f"a list of rows of {width} numbers with no names (e.g. [{first[:60]}]): which is the step and which "
            "the loss is not written in the file, so nothing is read; dump dicts ({\"step\": .., \"train_loss\": ..}) "
            "instead")
