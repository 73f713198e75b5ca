"""BasicSR / mmsr training lines (used by ``readers/_progress.py``; found by ``readers/_joblog_basicsr.py``).

BasicSR's ``MessageLogger`` (basicsr/utils/logger.py) logs ``[<exp>..][epoch:{epoch:3d}, iter:{iter:8,d},
lr:({lr:.3e},)] [eta: ..., time (data): 0.123 (0.004)] l_pix: 2.9331e-02 l_g_gan: ... l_d_real: ... out_d_real:
...`` (``{k}: {v:.4e}`` per logged variable); mmsr, the code base of ESRGAN/EDVR/HDRUNet/ClassSR, the same without
the experiment name and the eta. Its losses are named ``l_<term>`` (``l_pix``, ``l_percep``, ``l_g_gan``,
``l_d_real``), with no ``loss`` word, so the reader's loss scan never met them (public XDpaddle/HDRUnet_Paddle: "no
training runs found"). Read: step = the iteration (thousands separators dropped), ``l_*`` as BasicSR's own
TensorBoard names them (``losses/l_pix``: loss terms, a GAN's ``l_g_*``/``l_d_*`` as its generator's and its
discriminator's), the first learning rate as ``lr`` (more groups: ``lr_1``, ...), the other values (``out_d_real``)
under their names; ``time``/``data_time`` and the eta are timing, no series.
"""
from __future__ import annotations

from ._lazy import lazy_re
from ._progress import NUMBER, Record, to_float

NEEDLE = b", lr:("
_HEAD = lazy_re(r"\[epoch:\s*(\d+),\s*iter:\s*(\d{1,3}(?:,\d{3})+|\d+),\s*lr:\(([^)]*)\)\]")
_ETA = lazy_re(r"\s*\[eta:[^\]]*\]")
_PAIR = lazy_re(r"(?<![\w.])([A-Za-z_][\w]*):\s*(" + NUMBER + r")(?![\w.])")
_TIMING = frozenset({"time", "data_time", "iter_time", "eta"})


def basicsr(text: str) -> Record | None:
    """The record of a BasicSR/mmsr training line, None for any other text (or one that logs no loss term)."""
    if ", lr:(" not in text:
        return None
    m = _HEAD().search(text)
    if m is None:
        return None
    values = []
    for i, raw in enumerate(c for c in m.group(3).split(",") if c.strip()):
        value = to_float(raw)
        if value is not None:
            values.append(("lr" if i == 0 else f"lr_{i}", value))
    rest = _ETA().sub("", text[m.end():], count=1)
    losses = 0
    for key, raw in _PAIR().findall(rest):
        value = to_float(raw)
        if value is None or key in _TIMING:
            continue
        if key.startswith("l_"):
            key, losses = "losses/" + key, losses + 1
        elif "loss" in key.lower():
            losses += 1
        values.append((key, value))
    if not losses:
        return None
    step = int(m.group(2).replace(",", ""))
    return Record("basicsr", tuple(values), step=step, epoch=float(m.group(1)), own_step=True)


_MMSR_VAL = lazy_re(r"#\s*Validation\s*#\s*(.*)$")  # mmsr: '# Validation # PSNR: 1.5157e+01'
_BASICSR_VAL = lazy_re(r"^\s*#\s*([A-Za-z_][\w]*):\s*(" + NUMBER + r")(?![\w.])")  # '\t # psnr: 28.1\tBest: ...'
# its block on one line, as scripts imitating it print (public hdrunet119 DRANet: 'INFO: Validation ValSet,\t\t # psnr:
# 26.4956' after each epoch's 'epoch:0, iter:12000, lr: 0.000150 loss: 0.006897' lines; the PSNR was never read)
_ONE_LINE_VAL = lazy_re(r"(?:^|\s)Validation\s+([^\s,#]+),?\s+#\s*([A-Za-z_][\w]*):\s*(" + NUMBER + r")(?![\w.])")
_ONE_LINE_PAIR = lazy_re(r"#\s*([A-Za-z_][\w]*):\s*(" + NUMBER + r")(?![\w.])")
# image-quality measures BasicSR computes (basicsr/metrics): a '# samples: 600' / '# images: 5' count is none
ONE_LINE_METRICS = frozenset({"psnr", "ssim", "lpips", "niqe", "fid", "mse", "mae", "rmse", "loss", "psnr_y", "ssim_y"})


def validation(text: str, dataset: str | None = None) -> Record | None:
    """The record of a BasicSR/mmsr validation result line: mmsr's ``# Validation # PSNR: 1.5157e+01`` (``val_PSNR``)
    or one metric line of BasicSR's ``Validation <dataset>`` block, ``\\t # psnr: 28.1234\\tBest: 28.2 @ 5000 iter``
    (``metrics/<dataset>/psnr``, BasicSR's TensorBoard name), or that block on one line (``Validation ValSet,  #
    psnr: 26.49``); at the training step before it."""
    m = _MMSR_VAL().search(text)
    if m is not None:
        values = [("val_" + k, to_float(v)) for k, v in _PAIR().findall(m.group(1))]
        values = tuple((k, v) for k, v in values if v is not None)
        return Record("basicsr", values, kind="eval") if values else None
    m = _ONE_LINE_VAL().search(text)
    if m is not None and dataset is None:
        pairs = [(k, to_float(v)) for k, v in _ONE_LINE_PAIR().findall(text[m.start(0):])]  # '# psnr: .. # ssim: ..'
        values = tuple((f"metrics/{m.group(1)}/{k}", v) for k, v in pairs
                       if v is not None and k.lower() in ONE_LINE_METRICS)
        return Record("basicsr", values, kind="eval") if values else None
    m = _BASICSR_VAL().match(text)
    if m is None or dataset is None:
        return None
    value = to_float(m.group(2))
    if value is None:
        return None
    return Record("basicsr", ((f"metrics/{dataset}/{m.group(1)}", value),), kind="eval")
