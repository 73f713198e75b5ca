"""Frameworks' evaluation prints that name no loss, read over ``joblog``'s hits in one call (stop 44, breaker E):
torchvision classification's ``Test: <suffix> Acc@1 ..`` (``_joblog_tvcls``), PaddleOCR's ``cur metric, ..``
(``_joblog_ppocr``), detectron2's ``copypaste:`` blocks (``_joblog_d2copypaste``), RecBole's ``valid_score`` and
``valid result:`` lines (``_joblog_recbole``), torchvision segmentation's ``global correct`` / ``mean IoU`` blocks
and ``[epoch: e] val_MAE: ..`` lines after MetricLogger training lines (``_joblog_tvseg``), Flower's server rounds
``fit progress: (round, loss, {..}, time)`` (``_joblog_flower``), DKT's ``Test AUC: ..`` (``_joblog_dkt``)."""
from __future__ import annotations

from ._joblog_d2copypaste import d2_copypaste
from ._joblog_dkt import split_scores
from ._joblog_epochscores import epoch_scores
from ._joblog_flower import flower_rounds
from ._joblog_ppocr import ppocr_evals
from ._joblog_recbole import recbole_evals
from ._joblog_tvcls import tv_evals
from ._joblog_tvseg import tv_seg_evals


def framework_evals(data, hits: list, notes: list, make) -> list:
    """``hits`` with those evaluations as validation records (``make(offset, record)`` a hit)."""
    hits = tv_evals(data, hits, make)  # 'Test: EMA Acc@1 94.3 Acc@5 ..'
    hits = tv_seg_evals(data, hits, make)  # 'global correct: 93.3' .. 'mean IoU: 70.2', '[epoch: 0] val_MAE: 0.186'
    hits = ppocr_evals(data, hits, make)  # 'cur metric, acc: .., norm_edit_dis: ..'
    hits = flower_rounds(data, hits, make)  # 'fit progress: (3, 3.04, {'cen_accuracy': 0.21}, 1915.5)'
    hits = split_scores(data, hits, make)  # DKT's 'Test AUC: 0.81' after each epoch's 'Loss:' lines
    hits = recbole_evals(data, hits, make)  # 'epoch 0 evaluating [time: .., valid_score: ..]', 'valid result:'
    hits = epoch_scores(data, hits, make)  # '[Epoch 3] val ROC-AUC=0.81 EER=0.27' (_joblog_epochscores)
    return d2_copypaste(data, hits, notes, make)  # 'copypaste: AP,AP50,..'
