"""The whole report as one indented JSON document (``ScanReport.to_dict()``, strict JSON: no NaN tokens)."""
from __future__ import annotations

import json

from ..scan import ScanReport


def render(report: ScanReport) -> str:
    # allow_nan=False: a bare NaN slipping past to_dict() is a bug to see, not a document that breaks parsers
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
