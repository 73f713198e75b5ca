"""The config a training script logs before step 1, for ``joblog``: no point of any curve.

OpenMMLab's runners log the whole config as one logger record whose message spans hundreds of lines: mmengine's
``Runner`` (``self.logger.info(f'Config:\\n{self.cfg.pretty_text}')``, mmengine/runner/runner.py) and mmcv 1.x's
``tools/train.py`` (``logger.info(f'Config:\\n{cfg.pretty_text}')``), each line of the dump without the logger's
prefix, e.g. ``loss_decode=dict(type='CrossEntropyLoss', use_sigmoid=False, loss_weight=0.4)``. Such a
hyper-parameter is no logged value: the region from a logger line ending in ``Config:`` up to the next line that
starts with a timestamp (the logger's next record) is no progress, whatever it holds.

The same holds for a dataclass/argparse repr printed one field a line (HF ``print(training_args)``:
``TrainingArguments(`` then ``router_aux_loss_coef=0.0,`` ... up to a line ``)``; ms-swift's ``[INFO:swift] args:
SftArguments(``), for a later step-less echo of one of its fields with the dumped value (swift's ``[INFO:swift]
router_aux_loss_coef: 0.0``), for a line of >= 15 ``key=value`` pairs before the first step (a one-line dump), and
for a one-line repr whose first field is a dict or list (``Config(train={'batch_size': 16, ..}, model={..})``) there.
"""
from __future__ import annotations

import re

from ._linespans import Lines
from ._settings_lines import drop_settings

# a logger record opening the dump: ``2023/06/14 06:55:04 - mmengine - INFO - Config:`` (mmengine's MMFormatter),
# ``2023-02-05 16:40:51,207 - mmcls - INFO - Config:`` (mmcv's get_logger), the console's ``06/14 06:55:04 - ...``
_OPENS = re.compile(rb"(?m)^[^\n]{0,60}\d\d:\d\d:\d\d[^\n]{0,40} - INFO - Config:[ \t]*\r?$")
# the next record: a line starting with a date or a time, as the logger's prefix does
_RECORD = re.compile(rb"(?m)^(?:\d{4}[/-]\d\d[/-]\d\d|\d\d/\d\d)[ T]\d\d:\d\d:\d\d")


def regions(data) -> list[tuple[int, int]]:
    """(start, end) byte offsets of each logged config dump in ``data``: the lines after its ``Config:`` record
    line, up to the next logger record; none without a next record (a log whose progress is printed without the
    logger's prefix: where the dump ends is not known, and no line is dropped)."""
    out = []
    if data.find(b" - INFO - Config:") < 0:  # (what every _OPENS match holds: a log without it skips the pattern)
        return out
    for m in _OPENS.finditer(data):
        start = m.end()
        nxt = _RECORD.search(data, start)
        if nxt is not None:
            out.append((start, nxt.start()))
    return out


# KAIR's options dump (cszn/KAIR ``utils/utils_option.dict2str``, logged by main_train_*.py as one record
# ``logger.info(option.dict2str(opt))``): ``21-09-20 21:35:48.636 :   task: swinir_..`` then ``  model: plain``,
# nested dicts opened by ``  train:[`` and closed by ``  ]``, each line without the logger's prefix; its
# ``G_lossfn_weight: 1.0`` / ``E_decay: 0.999`` were read as series (public swinir-skchen191 train.log)
_NESTED_OPEN = re.compile(rb"(?m)^[ \t]+\w+:\[[ \t]*\r?$")
_KAIR_RECORD = re.compile(rb"(?m)^(?:\d\d-\d\d-\d\d|\d{4}[/-]\d\d[/-]\d\d) \d\d:\d\d:\d\d")


def _dict2str_regions(data) -> list[tuple[int, int]]:
    """(start, end) of each KAIR-style options dump: the continuation lines of a logger record holding a nested
    ``name:[`` line, from the record's first line to the next record line (or the end of ``data``)."""
    out: list[tuple[int, int]] = []
    if data.find(b":[") < 0:
        return out
    for m in _NESTED_OPEN.finditer(data):
        if out and m.start() < out[-1][1]:
            continue
        back = data.rfind(b"\n", 0, m.start())
        start = None
        while back > 0:  # the record line this continuation belongs to: the last line before it with a timestamp
            prev = data.rfind(b"\n", 0, back) + 1
            if _KAIR_RECORD.match(data, prev):
                start = back
                break
            line = data[prev:back]
            if not line.strip() or m.start() - prev > _REPR_MAX:  # a blank line: no record of the logger above
                break
            back = prev - 1
        if start is None:
            continue
        nxt = _KAIR_RECORD.search(data, m.end())
        out.append((start, nxt.start() if nxt is not None else len(data)))
    return out


def outside(offsets: list[int], spans: list[tuple[int, int]]) -> list[bool]:
    """Per offset, whether it lies outside every span."""
    return [not any(a <= o < b for a, b in spans) for o in offsets]


# a multi-line repr's first line and its closing line; the fields between (``name=value,``)
_REPR_OPENS = re.compile(rb"(?m)(?:^|[\s:])[A-Z]\w*(?:Arguments|Args|Config|Params|Parameters|Options|Settings|"
                         rb"Namespace)\([ \t]*\r?$")
_REPR_WORDS = (b"Arguments", b"Args", b"Config", b"Params", b"Parameters", b"Options", b"Settings", b"Namespace")
_REPR_CLOSE = re.compile(rb"(?m)^[ \t]*\)[ \t]*,?\r?$")
_FIELD = re.compile(rb"(?m)^[ \t]*(\w+)=([^\n,]*)")
_PAIR = re.compile(r"(?:^|[\s,(])\w+=")
# a config object's repr on one line, its fields dicts: 'Config(train={'batch_size': 16, 'num_epochs': 20, ..},
# model={..})' (public rscd181's loguru record before its first epoch: batch_size, lr, num_classes... read as points)
_ONE_LINE_REPR = re.compile(r"(?:^|[\s:\-])(?:[A-Z]\w*)?(?:Arguments|Args|Config|Params|Parameters|Options|Settings|"
                            r"Namespace)\(\w+=[{\[(]")
_REPR_MAX = 1 << 19  # a repr longer than this is no dump (its close is somebody else's)


def _repr_regions(data) -> tuple[list[tuple[int, int]], dict]:
    """The multi-line repr dumps of ``data`` and the numeric values of their fields (name -> value)."""
    spans, fields = [], {}
    if all(data.find(word + b"(") < 0 for word in _REPR_WORDS):  # (no dump's opening word: the pattern not run)
        return spans, fields
    for m in _REPR_OPENS.finditer(data):
        if spans and m.start() < spans[-1][1]:
            continue  # a nested repr (``fsdp_config=FSDPConfig(``): inside the dump already
        close = _REPR_CLOSE.search(data, m.end(), m.end() + _REPR_MAX)
        if close is None:
            continue
        spans.append((m.end(), close.end()))
        for f in _FIELD.finditer(data, m.end(), close.start()):
            try:
                fields[f.group(1).decode()] = float(f.group(2).strip().strip(b"'\""))
            except ValueError:
                continue
    return spans, fields


def drop(data, hits: list) -> list:
    """``hits`` (``joblog._Hit``) less the values of a logged config: OpenMMLab's ``Config:`` record, a multi-line
    repr dump, KAIR's ``dict2str`` options record, a later step-less echo of a dumped field with its dumped value (a
    field never printed with another value), and before the first step a line of >= 15 ``key=value`` pairs or a
    one-line repr whose first field is a dict or list (each line found, decoded and matched once:
    ``_linespans.Lines``)."""
    spans = regions(data) + _dict2str_regions(data)
    reprs, fields = _repr_regions(data)
    spans += reprs
    if spans:
        hits = [h for h, keep in zip(hits, outside([h.offset for h in hits], spans)) if keep]
    if fields:
        other = {tag for h in hits for tag, value in h.record.values if fields.get(tag, value) != value}
        hits = [h for h in hits if not (h.record.step is None and h.record.values and all(
            tag in fields and tag not in other for tag, _ in h.record.values))]
    hits = drop_settings(data, hits)  # 'loss_det_coeff = 10.0' one a line before step 1 (_settings_lines)
    out, stepped, lines, dumped = [], False, Lines(data), {}
    for h in hits:
        stepped = stepped or h.record.step is not None
        if not stepped:
            start = lines.span(h.offset)[0]  # each line found, decoded and matched once (a tqdm bar: one line)
            if start not in dumped:
                text = lines.text(h.offset)
                dumped[start] = _ONE_LINE_REPR.search(text) is not None, len(_PAIR.findall(text)) >= 15
            if dumped[start][0] or dumped[start][1] and len(h.record.values) >= 15:
                continue
        out.append(h)
    return out
