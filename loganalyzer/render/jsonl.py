"""One JSON object per line: each run (the same object as in the JSON document), then each error as
``{"error": {"path": ..., "message": ...}}``. Suits ``jq -c``, log shippers, and streaming into a table."""
from __future__ import annotations

import json

from ..summary import ScanReport, error_dict


def _line(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def render(report: ScanReport) -> str:
    lines = [_line(run.to_dict()) for run in report.runs]
    lines += [_line({"error": error_dict(error)}) for error in report.errors]
    return "".join(line + "\n" for line in lines)
