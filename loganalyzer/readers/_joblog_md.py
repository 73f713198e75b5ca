"""``*.md`` files holding what a training printed (used by ``discover``): console output pasted into Markdown
(public gaggenwaschke/NoProp ``logs/log_mnist.md``: a fenced block of ``Epoch 01 loss 12.6313 | train 2.5s``;
LightWeightCNN ``docs/squeezenet/log.md``: the transfer-learning tutorial's ``Epoch 0/49`` blocks; tensorflow-nlp
``*_imdb_test.md``; a Spanish ``dataset.1500_epoch.500_padding.edge.md``).

A ``*.md`` named like a log whose head shows a tqdm bar or a YOLO table is a job log by ``_joblog_names.sniff``.
Any other ``*.md`` (whatever its name, README.md included) is one when its head passes the ``*.txt`` sniff (a loss,
an epoch, a traceback: ``_joblog_txt``'s rule) AND the printed-log parser reads at least ``MIN_LINES`` progress lines
carrying a step or an epoch from it: a README's table of final results (no step) or prose naming a loss is no run.
When the head shows neither (a homework write-up whose pasted console output starts after a page of setup and
prose: public kharelb/ai-science-training-series ``homework_6.md``, ``step=5 loss=3.66`` from line 257; a
``*.log.md`` of pip installs and TensorFlow banners before its Keras lines at byte ~40,000), the same two checks run
on the first ``FAR_BYTES``, asking for ``FAR_LINES`` progress lines there. A log-named ``*.md`` that names a loss there but holds no such lines is reported in one
line (never a silent skip); other Markdown is documentation and passes in silence.
"""
from __future__ import annotations

from ._lazy import lazy_re
from ..runs import Problem, os_reason
from . import UnreadableFile, _joblog_names, _lfs

MIN_LINES = 2
FAR_LINES = 5  # past the head: a README's or API page's two or three example output lines are no training
HEAD_BYTES = 8192
FAR_BYTES = 1 << 20  # 1 MiB: a write-up with console output pasted below its setup (module docstring)
# the words a pasted console log is kept under (log.md, training_log.md, 运行日志.md, terminal_output.md)
_LOG_NAME = lazy_re(r"(?i)(?:log|train|output|stdout|progress|terminal|console|result|日志)[^/]*\.md$")


def progress_md(fs, path: str, name: str, problems: list) -> bool:
    """Whether the Markdown file at ``path`` is a printed training log by its first bytes (module docstring)."""
    if not name.lower().endswith(".md"):
        return False
    try:
        head = fs.read_head(path, HEAD_BYTES)
        verdict = _progress_in(name, path, head)
        if verdict in (None, "named") and len(head) == HEAD_BYTES:  # inconclusive head of a longer file
            head = fs.read_head(path, FAR_BYTES)
            verdict = _progress_in(name, path, head, FAR_LINES)
    except OSError as e:
        problems.append(Problem(path, f"{os_reason(e)}; not checked for logs"))
        return False
    if verdict is True:
        return True
    if verdict == "pointer":
        if _LOG_NAME().search(name):
            problems.append(_lfs.problem(path))
        return False
    if verdict == "named" and _LOG_NAME().search(name):  # a loss named, no progress lines
        problems.append(Problem(path, f"not read in a folder: Markdown named like a log whose first {len(head):,} "
                                      "bytes name a loss, an epoch or a traceback, but hold no two progress lines "
                                      "with a step or an epoch that loganalyzer reads (scan the file by name to read "
                                      "it as a printed log)"))
    return False


def _progress_in(name: str, path: str, head: bytes, least: int = MIN_LINES):
    """True: ``head`` holds ``MIN_LINES`` progress lines; "pointer": a Git LFS pointer; False: unreadable as a log;
    "named": a loss, an epoch or a traceback named but fewer progress lines; None: none of those named."""
    if _lfs.is_pointer(head):
        return "pointer"
    text = bytes(_joblog_names.utf8(head, cut=True))
    # the *.txt sniff (binary data refused there): a loss, an epoch, a traceback, an SB3 table in the head
    if not _joblog_names.sniff(name[:-3] + ".txt", text):
        return None
    end = text.rfind(b"\n")
    text = text[: end + 1] if end > 0 else text
    from . import joblog

    try:
        log = joblog.parse(text, path + "#head")
    except UnreadableFile:
        return False
    # a Keras fit line ('227/227 [====] - 147s - loss: 5.19', no 'Epoch N/M' header when piped) is an epoch's end
    stepped = sum(1 for h in log.hits if h.record.step is not None or h.record.epoch is not None
                  or h.record.shape == "keras")
    return True if stepped >= least else "named"
