"""``_text_clean.head_rows`` decodes only the bytes up to its rows' last line end (a sniff's 8 KiB head holds
hundreds of lines, the sniffers ask for 10 or 20): it gives what decoding and splitting the whole head gives
(``_head_rows``), on the heads of every text file of the sample logs, the shared real logs and the public eval set,
and on generated heads of blank lines, BOMs, CR/CRLF/LF and Unicode line ends, bad UTF-8 and cut-off lines."""
from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from loganalyzer.readers._text_clean import _head_rows, head_rows

ROOT = Path(__file__).resolve().parents[1]
TREES = [ROOT / "sample_logs", ROOT / "eval" / "public", ROOT.parent / "shared" / "real_logs"]
SUFFIXES = (".csv", ".log", ".txt", ".tsv", ".out", ".err")


def _same(head: bytes) -> None:
    for limit in (0, 1, 2, 10, 20):
        assert head_rows(head, limit) == _head_rows(head, limit), (head[:200], limit)


def test_real_heads():
    seen = 0
    for tree in TREES:
        if not tree.is_dir():
            continue
        for path in sorted(tree.rglob("*")):
            if path.suffix.lower() in SUFFIXES and path.is_file():
                with open(path, "rb") as f:
                    head = f.read(8192)
                _same(head)
                seen += 1
    assert seen > 10


_PIECES = [b"\n", b"\r\n", b"\r", b" \n", b"\t\n", b"\xef\xbb\xbf", b"epoch,loss", b"0,1.5", b"\xff", b"\xc3",
           b"\xc3\xa9", b"\x0b", b"\x0c", b"\x1c", b"\xc2\x85", b"\xe2\x80\xa8", b"a", b",", b"\x00"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=80))
def test_generated_heads(pieces):
    _same(b"".join(pieces))
