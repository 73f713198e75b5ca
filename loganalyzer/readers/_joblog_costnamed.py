"""Progress lines naming their loss a ``cost`` (used by ``readers/joblog.py`` when no line names a loss).

TensorFlow 1's tutorials and the code written from them call the objective the cost: a CTC speech model
(public srproj104 ``log.txt``: ``Epoch 26/500`` then ``Train cost: 66.34, train label error rate: 1.0``, every 25
epochs) printed no word ``loss``, so the reader's pass (it stops at ``loss``) found nothing and the run was
`unknown`. A line naming a ``cost`` with its value (``cost: 1.2``, ``cost = 1.2``, ``Cost 1.2``) is read as the
reader reads any ``name: value`` line, the cost its loss (``curves_names.LOSS_WORDS`` holds ``cost``), the other
pairs of the line beside it; steps from the line itself or the epoch header above it. A cost named with time, an
API, tokens or memory (``time cost: 12.3s``) is no loss. At least ``MIN_LINES`` lines, or nothing is read.

The cross-entropy named only by its abbreviation (public zged111 ``train_log.txt``: ``Epoch 2`` over ``Train - CE:
0.1454, KL: 3.0725, pole: 0.0538, acc: 95.3%`` and ``Val   - CE: 0.0946, ...``, tqdm postfixes ``CE=0.097, KL=..``;
``BCE``, ``NLL``, ``xent`` alike) is the loss by name (``curves_names.LOSS_WORDS``'s ``ce``): such lines are read the
same way when no line names a loss or a cost (``ce_named_only``), the file was found as a run of no values before.
When no newline-ended line holds one, a tqdm bar's redraws are read (``_joblog_barobjective``: public ddpmcond228,
a DDPM's ``MSE=`` postfix redrawn 1,563 times on one line, was no series), the bar's ``MSE`` its objective too.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ._progress import _kv, clean

MIN_LINES = 3
EVERY = 1 << 62  # these lines are the log's loss: every one read (a needle scan's default stops at 100,000 hits, fine
# for a side series, while a 250,000-line WGAN log was judged on its first 100,000 lines, its NaN after them unseen)
_NEEDLE = b"ost"


# what a cost that is no loss is named with: 'time cost: 12.3s' (a common epoch-timing print), an API's or a
# token's cost, a memory cost
_PHASE = re.compile(r"(?i)(?:layer|stage|phase|fold|round|block|level)$")
_NOT_LOSS = re.compile(r"(?i)time|elapsed|sec|api|token|price|usd|dollar|compute|mem|gpu|cpu|flop")
# a cost printed with a unit of time is the epoch's timing ('Epoch 0 Train, reg:0.32, .., Cost: 715.7 sec', public
# t2icount188 train.log): no loss, no series
_TIMED = re.compile(r"(?i)(?<![\w.])((?:[a-z]+[ _])?\w*cost)\s*[:=]?\s*[-+]?\d[\d.]*(?:e[-+]?\d+)?\s*(?:s|sec|secs|seconds|ms|min|mins|"
                    r"minutes|h|hrs|hours)\b")


def _cost_line(segment):
    text = clean(bytes(segment))[0]
    record = _kv(text, needs="cost") if "cost" in text.lower() else None
    timed = {m.group(1).lower().replace(" ", "_") for m in _TIMED.finditer(text)} if record is not None else ()
    if record is None or not any("cost" in k.lower() and not _NOT_LOSS.search(k) and k.lower() not in timed
                                 for k, _ in record.values):
        return None
    values = tuple((k, v) for k, v in record.values
                   if not (_PHASE.search(k) and v == int(v)) and k.lower() not in timed)
    return replace(record, values=values)  # (Theano's SdA 'Pre-training layer 0, epoch 0, cost 0.2005': the layer
    # is which training, no series)


def cost_named_only(data, size: int, needle_hits) -> list:
    """The hits of a log whose progress lines name a cost (module docstring), or [] when fewer than ``MIN_LINES``."""
    hits = needle_hits(data, size, _NEEDLE, parse=_cost_line, limit=EVERY)
    return hits if len(hits) >= MIN_LINES else []


_CE = re.compile(r"(?i)(?<![a-z])(ce|bce|nll|xent|cross[ _-]?entropy)(\s*[:=]\s*[-+.\d])")
# in a bar's postfix alone, the mean squared error is the objective too (a DDPM's 'MSE=0.0395': _joblog_barobjective)
_CE_BAR = re.compile(r"(?i)(?<![a-z])(ce|bce|nll|xent|cross[ _-]?entropy|mse)(\s*[:=]\s*[-+.\d])")
_EVAL_NAME = re.compile(r"(?i)(?:val|valid|validation|eval|test|dev)(?:[_ /-]|$)")
_BAR = re.compile(rb"\d+%\||it/s|s/it")
_CE_NEEDLES = (b"CE", b"ce", b"Ce", b"NLL", b"nll", b"Nll", b"xent", b"XENT", b"Xent", b"ntropy", b"NTROPY")
_MSE_NEEDLES = (b"MSE", b"mse", b"Mse")


def _ce_bar(segment):
    """``_ce_line`` of a bar's draw, its postfix's ``MSE=`` the objective too."""
    return _ce_line(segment, _CE_BAR)


def _ce_line(segment, names_re=_CE):
    """The line read as the reader reads a line naming a loss (its split prefix, its step), the cross-entropy's own
    name kept (``Train - CE: 0.14`` -> ``Train_CE``)."""
    from ._joblog_scan import parse_segment

    text = bytes(segment).decode("utf-8", "replace")
    names = [m.group(1) for m in names_re.finditer(text)]
    if len(set(names)) != 1:
        return None
    record = parse_segment(names_re.sub(lambda m: "loss" + m.group(2), text).encode())
    if record is None or not any("loss" in k for k, _ in record.values):
        return None
    return replace(record, values=tuple((k.replace("loss", names[0]), v) for k, v in record.values))


def ce_named_only(data, size: int, needle_hits) -> list:
    """The hits of a log whose progress lines name the loss ``CE``/``BCE``/``NLL``/``xent`` (module docstring), or []
    when fewer than ``MIN_LINES``."""
    hits = [h for needle in _CE_NEEDLES for h in needle_hits(data, size, needle, parse=_ce_line, limit=EVERY)]
    unique = {h.offset: h for h in hits}
    hits = [unique[o] for o in sorted(unique)]
    lines = [bytes(data[h.offset:data.find(b"\n", h.offset) if data.find(b"\n", h.offset) >= 0 else size])
             for h in hits]
    bars = [_BAR.search(line) is not None for line in lines]
    results = [h for h, bar in zip(hits, bars) if not bar]
    trained = any(not _EVAL_NAME.match(str(k)) for h in results for k, _ in h.record.values)
    if len(results) >= MIN_LINES and trained:  # the epoch's training result lines beside a tqdm bar's postfixes
        hits = results  # (each batch's running value, on lines of their own): those; with only validation's result
        # lines (a breaker's log: the training CE in the bars alone) the bars are the training's
    if len(hits) < MIN_LINES:  # the objective only in a bar's postfix, redrawn in place (_joblog_barobjective)
        from ._joblog_barobjective import bar_frames

        hits = bar_frames(data, size, _CE_NEEDLES + _MSE_NEEDLES, _ce_bar)
    return hits if len(hits) >= MIN_LINES else []


# ``L_D=-6.1938 | L_G=-13.3737`` (public wgancorr117 train_log.txt, a WGAN's critic and generator losses): the loss
# symbol L with its term as a subscript, as papers write L_adv, L_rec -- read as ``loss_D``, ``loss_G``. Only the
# subscripts papers and their code use for a loss's terms (a player, a term's kind); never a statistic, a length or a
# rate (``L_max=512 | L_mean=153.6``: sequence lengths, a breaker's log; ``L_R``, ``L_rate``, ``L_norm``)
_L_TERMS = (rb"D|G|C|E|adv|gan|disc|gen|rec|recon|cls|ce|nll|kl|kld|gp|cyc|cycle|id|idt|pix|perc|percep|vgg|feat|fm"
            rb"|content|style|tv|mse|mae|l1|l2|reg|con|contrast|pde|bc|ic|data|phys|res|sup|unsup|rpn|box|bbox|mask|seg"
            rb"|dice|total|tot|all|sum|main|aux|task|distill|kd|mel|stft|ssim|lpips|vq|commit|codebook|elbo")
_L_SUBSCRIPT = re.compile(rb"(?<![\w.])L_(" + _L_TERMS + rb")(?![A-Za-z0-9_])(?=\s*[=:]\s*[-+]?(?:\d|\.\d|nan|inf))",
                          re.IGNORECASE)


# the same symbol as a ProgressMeter's name (``AverageMeter('L_GCE', ':.3f')`` printed ``L_GCE 4.534 (4.440)``: the
# value, then the running average; ASCL's unsupervised re-id ``Epoch: [0][10/400]\tTime 0.202 (1.458)\tL_GCE 4.534
# (4.440)\tL_PCE 4.390 (4.183)\tL_TRI 6.631 (7.688)\tL_AdaSP 1.163 (1.349)\tPrec 26.56% (31.56%)``, public ascl194:
# three runs found as no run): any subscript but a statistic's, only on a line the ProgressMeter shape reads
_L_METER = re.compile(rb"(?<![\w.])L_(?!(?:max|min|mean|avg|len|length|rate|r|norm|std|lr)(?![A-Za-z0-9]))"
                      rb"([A-Za-z][A-Za-z0-9]{0,15})(?=[ \t]+[-+]?(?:\d|\.\d|nan|inf)\S*[ \t]+\()", re.IGNORECASE)


def subscript_named_only(data, size: int, needle_hits) -> list:
    """The hits of a log whose losses are written ``L_<term>`` (``Epoch 1/300 | L_D=-6.19 | L_G=-13.37``: public
    wgancorr117, a WGAN's critic and generator; read as ``loss_D``, ``loss_G``: ``_L_SUBSCRIPT``; ProgressMeter lines
    ``Epoch: [0][10/400] .. L_GCE 4.534 (4.440)``: ``_L_METER``, each term's current value) when no line names a
    loss, a cost or a cross-entropy, or [] when fewer than ``MIN_LINES``."""
    from ._joblog_scan import parse_segment

    def line(segment):
        raw = bytes(segment)
        record = parse_segment(_L_SUBSCRIPT.sub(rb"loss_\1", raw))
        if record is None or not any(str(k).startswith("loss_") for k, _ in record.values):
            record = parse_segment(_L_METER.sub(rb"loss_\1", raw))
            if record is None or record.shape != "meter":
                return None
        return record if any(str(k).startswith("loss_") for k, _ in record.values) else None

    hits = needle_hits(data, size, b"L_", parse=line, limit=EVERY)
    return hits if len(hits) >= MIN_LINES else []
