"""Which numbers written as JSON text are a point's number (``json_history``): only a metric's.

Loggers that run every value through ``str`` (``json.dump(row, f, default=str)``, pandas, ATMI/Megatoken
``log.json``: ``{"acc": "0.00", "loss": "10.7115"}``) write a metric as text, but the same kind of line carries text
metadata made of digits only: a structlog ``TimeStamper(fmt=None)`` stamp (``"timestamp": "1714564807.310"``), a run
id (``"run_id": "20231204"``), a short SHA (``"git_sha": "4821907"``), a version (``"version": "2.0"``), a device or
fold number (``"gpu": "0"``, ``"fold": "3"``). Read as numbers they were junk series, and step-less event lines
holding a stamp became rows that faked resumes. So a value in plain numeric text (``nan``/``inf`` included: a
diverged run's ``"loss": "nan"``) is a number only when its key names no id, time, version or device and either
names a measure (loss, acc, lr, grad norm, wer...) or holds real JSON numbers on other lines of the file. A
tensor/numpy repr (``"tensor(3.1155, device='cuda:0')"``) is a number whatever its key, as before.
"""
from __future__ import annotations

import re

from ._text_clean import _NUMERIC_TEXT, json_number

# digits-only metadata: ids, hashes, clocks, versions, devices, folds, seeds
_TEXT_WORDS = frozenset({
    "id", "ids", "uuid", "sha", "hash", "commit", "git", "rev", "revision", "time", "timestamp", "ts", "date",
    "datetime", "created", "asctime", "clock", "version", "ver", "gpu", "gpus", "device", "cuda", "rank", "pid",
    "host", "hostname", "node", "fold", "seed", "worker", "job", "port", "thread", "process", "lineno", "msecs",
    "shard", "slurm",
})
_MEASURE = re.compile(r"loss|acc|err|score|f1|bleu|rouge|map|auc|iou|dice|reward|return|perplex|ppl|psnr|ssim|"
                      r"precision|recall|metric|val|test|eval|mse|mae|rmse|wer|cer|top\d|nll|lr|learning_rate|"
                      r"grad|norm|step|iter|epoch|entropy|kl_|_kl|bpc|bpd", re.IGNORECASE)
_WORD = re.compile(r"[a-z]+", re.IGNORECASE)
_CAMEL = re.compile(r"([a-z])([A-Z])")


def text_key_ok(key: str, numeric_elsewhere: bool) -> bool:
    """Whether ``key``'s numeric text is a number (module docstring)."""
    name = str(key)
    words = {w.lower() for w in _WORD.findall(_CAMEL.sub(r"\1_\2", name))}
    if words & _TEXT_WORDS:
        return False
    return numeric_elsewhere or _MEASURE.search(name) is not None


def number(key: str, value, real: set) -> float | None:
    """``value``'s number (``_text_clean.json_number``), None for numeric text under a key it is no number for;
    ``real`` collects the keys seen holding a real JSON number."""
    found = json_number(value)
    if found is None:
        return None
    if not isinstance(value, str):
        real.add(key)
        return found
    if _NUMERIC_TEXT.fullmatch(value) and not text_key_ok(key, key in real):
        return None
    return found
