"""Stop 28's breaker (scale and service as a platform engineer): faults found and fixed."""
from __future__ import annotations

from loganalyzer.batch import scan_context
from loganalyzer.filestate import code_fingerprint


def test_the_code_fingerprint_is_taken_when_a_scan_opens_its_store(tmp_path):
    """The store files results under the running code's fingerprint. It was first computed after discovery, from
    the files on disk: code edited or upgraded while a long scan discovered runs filed the old code's results under
    the new fingerprint, served for good afterwards (the breaker: 0 of 240 changed summaries re-judged)."""
    code_fingerprint.cache_clear()
    with scan_context(1, "auto", None, str(tmp_path / "store.sqlite")) as context:
        assert context.store is not None
        assert code_fingerprint.cache_info().currsize == 1  # fixed before anything was discovered or read
    code_fingerprint.cache_clear()
    with scan_context(1, "auto", None, None):
        assert code_fingerprint.cache_info().currsize == 0  # no store: nothing to fingerprint
