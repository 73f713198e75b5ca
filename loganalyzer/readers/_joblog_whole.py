"""Frameworks whose printed logs are read whole, by a reader of their own, before any line-by-line reading (used by
``readers/_joblog_scan.py``): VITS/so-vits-svc (``_joblog_vits``), FuxiCTR (``_joblog_fuxictr``), Coqui's
trainer (``_joblog_coqui``), FLGo (``_joblog_flgo``), PySlowFast's ``json_stats`` (``_joblog_slowfast``), KGAT/NGCF
and NeuRec/SGL (``_joblog_recsys``), SplitFed (``_joblog_splitfed``), Pointnet_Pointnet2_pytorch's sem-seg log
(``_joblog_pn2semseg``), MONAI's Swin-UNETR / UNETR trainers (``_joblog_swinunetr``), TorchDrug's Engine (``_joblog_torchdrug``), skorch's PrintLog
table (``_joblog_skorch``), EDSR-PyTorch's trainer (``_joblog_edsr``), FastEstimator's Logger
(``_joblog_fastestimator``), a trainer's Markdown bullet report (``_joblog_mdbullets``),
tab-separated tables of tag-prefixed lines (``_joblog_tagtables``), FreeRec's Coach (``_joblog_freerec``), a
debug printout of ``LOSS`` / ``tensor(x, ..)`` line pairs (``_joblog_tensorlines``), P2PNet's ``run_log.txt``
(``_joblog_p2pnet``), PaddlePaddle v1's ``paddle_trainer`` log (``_joblog_paddlev1``),
EasyTorch / BasicTS ``Result <train>: [..]`` lines (``_joblog_easytorch``). Each answers None for any other
log."""
from __future__ import annotations

from ._joblog_coqui import coqui_hits
from ._joblog_edsr import edsr_hits
from ._joblog_fastestimator import fastestimator_hits
from ._joblog_mdbullets import md_bullet_hits
from ._joblog_flgo import flgo_hits
from ._joblog_freerec import freerec_hits
from ._joblog_tensorlines import tensor_hits
from ._joblog_fuxictr import fuxictr_hits
from ._joblog_p2pnet import p2pnet_hits
from ._joblog_easytorch import easytorch_hits
from ._joblog_paddlev1 import paddlev1_hits
from ._joblog_pn2semseg import pn2_semseg_hits
from ._joblog_recsys import kgat_hits, neurec_hits
from ._joblog_skorch import skorch_hits
from ._joblog_slowfast import slowfast_hits
from ._joblog_splitfed import splitfed_hits
from ._joblog_swinunetr import swinunetr_hits
from ._joblog_tagtables import tagged_hits
from ._joblog_torchdrug import torchdrug_hits
from ._joblog_vits import vits_hits


def framework_hits(data, size: int, problems: list):
    """(offset, record) of every line of a log one of these frameworks printed, or None."""
    return vits_hits(data, size) or fuxictr_hits(data, size, problems) or coqui_hits(data, size) \
        or flgo_hits(data, size) or slowfast_hits(data, size, problems) or kgat_hits(data, size) \
        or neurec_hits(data, size) or splitfed_hits(data, size) or pn2_semseg_hits(data, size) \
        or swinunetr_hits(data, size, problems) or torchdrug_hits(data, size, problems) \
        or skorch_hits(data, size) or edsr_hits(data, size, problems) or fastestimator_hits(data, size) \
        or md_bullet_hits(data, size) or tagged_hits(data, size, problems) or freerec_hits(data, size, problems) \
        or tensor_hits(data, size) or p2pnet_hits(data, size) \
        or paddlev1_hits(data, size) or easytorch_hits(data, size)
