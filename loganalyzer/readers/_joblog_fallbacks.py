"""The job-log reader's fallbacks for a log whose lines name no loss (used by ``readers/joblog.py``): each reads one
shape of line that names the objective otherwise (bare split names, an energy, an objective's terms, TF1's cost, a
cross-entropy abbreviation, a 'total', a squared distance, a score, running sums, a component table), tried in turn
until one finds lines; the comments give each shape's public source. Split out of joblog.py (stop 54) unchanged."""
from __future__ import annotations

from ._joblog_accuracy import accuracy_only
from ._joblog_componenttable import component_table_hits
from ._joblog_tabtable import tab_table_hits
from ._joblog_costnamed import ce_named_only, cost_named_only, subscript_named_only
from ._joblog_earlystop import early_stopping_only
from ._joblog_reidmeter import reid_meter_only
from ._joblog_iterpairs import iteration_pairs_only
from ._joblog_energy import energy_named_only
from ._joblog_evalsplits import eval_split_hits
from ._joblog_bpclines import bpc_hits
from ._joblog_runningsum import running_sum_hits
from ._joblog_scoreword import score_named_only
from ._joblog_splitkv import split_kv_hits
from ._joblog_splitnamed import later_stage as split_named_later, split_named_only
from ._joblog_stepterms import step_term_hits
from ._joblog_sqdistance import squared_distance_only
from ._joblog_termnamed import beside_list_dumps, term_named_only
from ._joblog_theano import finetune_hits
from ._joblog_totalnamed import total_named_only


def fallback_hits(data, size: int, hits: list, notes: list, needle_hits, hit) -> list:
    """``hits`` when lines named a loss (with a later split-named stage or list dumps beside them), else the first
    fallback's hits that finds any. ``needle_hits`` is the job-log reader's needle search, ``hit(offset, record)``
    makes one of its hits."""
    if not hits:  # no line names a loss: a log of accuracy lines with their own epoch ('epoch:1\tAccuracy:71.0')
        hits = accuracy_only(data, size, needle_hits)
    if not hits:  # 'Epoch 1/1000 | train: 1090.19 (2.01 bpd) | val: 1078.67': values under bare split names
        hits = split_named_only(data, size, needle_hits)
    else:  # 'mae pretrain ep 25/25 loss=..' then 'ft ep 1/50 train=.. val_r=..': a later stage naming no loss
        hits = split_named_later(data, size, needle_hits, hits)
        hits = eval_split_hits(data, size, needle_hits, hits)  # 'eval 420: train 0.79 | val 1.75' between loss lines
        hits = bpc_hits(data, size, needle_hits, hits)  # 'epoch: 10, .. loss: 1.43.' then 'bpc = 2.16' (_joblog_bpclines)
    if not hits:  # 'Epoch 1/20 | Train Energy: 1.36 | ... | Val Energy: 1.40': an energy-based model's objective
        hits = energy_named_only(data, size, needle_hits, notes)  # (before the term-named: its Perplexity no term)
    if not hits:  # 'Epoch [1/100] Recon: 0.1283 | KL: 39.7717 | Phys: 0.0000': an objective's terms, no loss word
        hits = term_named_only(data, size, needle_hits)
    else:  # 'epoch: 0\ttrain ppl: ..' beside per-epoch dumps 'val_loss=[209.95, 419.73, ...]' (_joblog_termnamed)
        hits = beside_list_dumps(data, size, needle_hits, hits)
    if not hits:  # 'Train cost: 66.34, train label error rate: 1.0': TF1's name for the loss (_joblog_costnamed)
        hits = cost_named_only(data, size, needle_hits)
    if not hits:  # 'Train - CE: 0.1454, KL: 3.07, acc: 95.3%': the cross-entropy by its abbreviation (costnamed)
        hits = ce_named_only(data, size, needle_hits) or subscript_named_only(data, size, needle_hits) \
            or reid_meter_only(data, size, needle_hits)  # L_D=, torchreid's 'Xent 4.99 (5.10)' (_joblog_reidmeter)
        if hits and any(h.record.shape == "meter" for h in hits[-16:]):  # ASCL's 'L_GCE 4.534 (4.440)' meters, then
            from ._joblog_scan import _meter_validation  # ' * Finished epoch 0  model mAP: 5.6% ..' (_progress_imagenet)
            hits = sorted(hits + _meter_validation(data, size, {h.offset for h in hits}), key=lambda h: h.offset)
    if not hits:  # '[epoch: 17/200, iter: 400/489] total: 1.3396': the summed objective named 'total', no loss word
        hits = total_named_only(data, size, needle_hits)
        if hits:  # '[Valid] epoch:1, MSE: 0.36' under '[Train] epoch:1, .., total: 0.43' (_joblog_splitkv)
            hits = sorted(hits + [hit(o, r) for o, r in split_kv_hits(data, size, hits, [])],
                          key=lambda h: h.offset)
    if not hits:  # 'epoch 1 | D^2=+0.0242 | cross=0.8874 | FID=279.58': a GAN trained on a squared distance
        hits = squared_distance_only(data, size, notes)
    hits = finetune_hits(data, size, hits, hit)  # Theano tutorials' 'epoch 1, minibatch 120/120, validation error 86.9 %'
    if not hits:  # TF retrain.py's 'Step 10: Cross entropy = 4.46', DL4J's 'Score at iteration 100 is 1.39'
        hits = score_named_only(data, notes, hit)
    if not hits:  # '[3/251] running loss of epoch 0 is : 5.74': per-batch running sums (_joblog_runningsum)
        hits = [hit(offset, record) for offset, record in running_sum_hits(data)]
    if not hits:  # Keras' ACGAN example's 'component | loss | ..' table, 'generator (train) | 5.71 | ..' rows
        hits = [hit(offset, record) for offset, record in component_table_hits(data)]
    if not hits:  # WideResNet's tab-separated 'ep  split  adv_loss  adv_acc  |  split ..' table (_joblog_tabtable)
        hits = [hit(offset, record) for offset, record in tab_table_hits(data, size)]
    if not hits:  # Lightning's 'Metric val_loss improved by .. New best score: 0.043' alone (_joblog_earlystop)
        hits = early_stopping_only(data, notes, hit)
    if not hits:  # CyCADA's 'Iteration 20:  domacc:55.5  D:0.855 G:1.544 clsS:1.95' (_joblog_iterpairs)
        hits = iteration_pairs_only(data, hit)
    else:  # 'Step: 0 | D: 1.97 | CE: 2.06 | ..' beside 'Validation Classification Loss: ..' only (_joblog_stepterms)
        hits = step_term_hits(data, hits, notes, hit)
    return hits
