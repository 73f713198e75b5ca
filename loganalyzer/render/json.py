"""The whole report as one indented JSON document (``ScanReport.to_dict()``, strict JSON: no NaN tokens)."""
from __future__ import annotations

from ..summary import ScanReport
from .json_indent import dumps


def render(report: ScanReport) -> str:
    # allow_nan=False: a bare NaN slipping past to_dict() is a bug to see, not a document that breaks parsers
    return dumps(report.to_dict()) + "\n"  # json.dumps(indent=2, ensure_ascii=False)'s bytes, faster
