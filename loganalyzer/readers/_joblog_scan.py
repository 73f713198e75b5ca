"""The scan of a job log for progress lines (used by ``readers/joblog.py``, which documents the speed rules: one
``bytes.find`` pass for ``oss``, transient bar redraws sampled, ``MAX_LINES`` parsed lines at most) and the lines
found by other needles: the shapes that print no loss (accuracy, task metrics, tables, BasicSR, SB3, Marian, MLPerf...),
the whole-file readers (PointNet, MXNet/GluonCV, Caffe), user patterns."""
from __future__ import annotations

from dataclasses import dataclass

from ._joblog_names import _SETTINGS
from ._linestart import line_start
from ._joblog_lastline import cut_note, looks_complete
from ._progress_skip import drop_rechorus_checks
from ._progress_fid import fid_line
from ._joblog_userhits import user_hits
from ._progress import METER_NEEDLE, Record, parse as parse_segment
from ._progress_parenscores import NEEDLES as PAREN_NEEDLES, paren_scores_line
from ._progress_imagesacc import NEEDLE as IMAGES_NEEDLE, images_accuracy_line
from ._progress_acc import ACCURACY_NEEDLE, SKLEARN_NEEDLE, SPACED_NEEDLE, accuracy_line, sklearn_score_line
from ._progress_counter import pieces as glued_pieces
from ._bar_glued import bar_pieces
from ._progress_bars import FRESH
from ._progress_task import TASK_NEEDLES, task_line
from ._joblog_dictscores import dict_log_scores
from ._progress_running_val import NEEDLE as RUNNING_NEEDLE, running_val_line
from ._joblog_table import table_hits
from ._joblog_spacy3 import spacy3_hits
from ._joblog_csvblock import csv_block_hits, csv_blocks_wanted
from ._joblog_splitkv import split_kv_hits
from ._joblog_lists import list_histories
from ._joblog_splittable import split_table_hits
from ._joblog_yolo import yolo_hits
from ._joblog_basicsr import basicsr_hits
from ._joblog_sb3 import sb3_hits
from . import _joblog_mllog
from ._joblog_marian import marian_hits
from ._joblog_onmt import onmt_hits
from ._joblog_cyclegan import cyclegan_hits
from ._joblog_segan import segan_hits
from ._joblog_evaldicts import hf_eval_hits, json_eval_hits
from ._joblog_deepxde import deepxde_hits, summary_offsets
from ._joblog_epochbatch import epochbatch_hits
from ._joblog_tqdm_nested import nested_hits
from ._joblog_siblings import sibling_records
from ._progress_mm import VAL_NEEDLE as MM_VAL_NEEDLE
from ._progress_words import NEEDLES as WORD_NEEDLES, words_line
from ._progress_xlm import NEEDLE as XLM_NEEDLE, xlm_line
from ._progress_bracket import NEEDLES as SPLIT_NEEDLES, split_line
from ._joblog_evalblock import eval_block_hits
from ._joblog_pointnet import pointnet_hits
from ._joblog_whole import framework_hits
from ._joblog_yolov3_losses import yolov3_loss_hits
from ._joblog_gluon import gluon_hits
from ._joblog_epochrows import epoch_row_hits
from ._joblog_splitrows import split_row_hits
from ._joblog_bracketrows import bracket_row_hits
from ._progress_darknet import NEEDLE as DARKNET_NEEDLE
from ._progress_rl import reward_key, rl_line
from ._progress_descpairs import sttn_line
from ._progress_desc import NEEDLE as DESC_NEEDLE, desc_line
from ._progress_descpairs import EVAL_NEEDLE as EVAL_DESC_NEEDLE, eval_desc_line
from ._joblog_caffe import caffe_hits
from ._joblog_espnet import espnet_hits
from ._joblog_orbit import orbit_hits
from ._joblog_convnet import convnet_hits
from ._joblog_coco import coco_hits
from ._joblog_reid import reid_hits
from ._joblog_vocmap import bare_map_hits
from ._joblog_gbm import with_gbm
from ._joblog_lrlines import lr_hits
from ._joblog_gotcorrect import got_correct_hits
from ._joblog_stepname import stepname_hits
from ._joblog_splitvalues import BRACKET_NEEDLES, NEEDLES as SPLIT_VALUE_NEEDLES, falling as split_values_falling, \
    split_values_line, \
    with_slash_pairs


MAX_SEGMENT = 1 << 16  # a segment longer than this (a line without breaks) is cut to this much around the hit
MAX_TRANSIENTS = 8_000
MAX_LINES = 500_000
_L = frozenset(b"lL")
_STTN_NEEDLE = b"valid: "  # STTN's bars (_progress_descpairs.bare_pairs), looked for in a log holding no loss

@dataclass
class _Hit:
    offset: int
    record: Record
    transient: bool
    step: int | None = None


# ---------------------------------------------------------------- the scan


def _segment_bounds(data, p: int, size: int) -> tuple[int, int, bool]:
    """(start, end, transient) of the printed segment holding byte ``p``."""
    lo = max(0, p - MAX_SEGMENT)
    start = line_start(data, p, lo)
    hi = min(size, p + MAX_SEGMENT)
    e_n = data.find(b"\n", p, hi)
    e_r = data.find(b"\r", p, e_n if e_n >= 0 else hi)
    if e_r >= 0 and not (e_r + 1 < size and data[e_r + 1] == 10):
        return start, e_r, True
    if e_n >= 0:
        return start, (e_r if e_r >= 0 else e_n), False
    return start, hi, hi >= size  # the file ends inside this segment: cut, like a transient


def sttn_segment(raw: bytes):
    """A segment of an STTN-family log: its bar (``parse_segment``) or its logged ``[Iter N] d: ..`` line."""
    return parse_segment(raw) or sttn_line(raw)


def _skip_to(data, p: int, pos: int, next_transient: int) -> int:
    """Where the sampled scan of bar redraws resumes: ``next_transient``, or the start of the bar's final draw (the
    one a newline ends: ``...]\rEpoch 19: 100%|..| 459/459 [.., loss:3234.86,epoch mean:2751.90]\n``) when that
    draw holds ``next_transient``: jumping into it skipped its needle and lost the epoch's last values (public
    dtvnet70 ``train.log``: the epoch means at 459/459)."""
    r = data.rfind(b"\r", p, next_transient)
    if r < 0:
        return next_transient
    e_n = data.find(b"\n", next_transient, next_transient + MAX_SEGMENT)
    e_r = data.find(b"\r", next_transient, e_n if e_n >= 0 else next_transient + MAX_SEGMENT)
    if e_n >= 0 and (e_r < 0 or e_r == e_n - 1):
        return max(pos, r + 1)
    return next_transient


def _progress_hits(data, size: int, problems: list, needle: bytes, before: frozenset | None,
                   parse=parse_segment) -> list[_Hit]:
    """The records of the lines (and bar redraws, sampled) holding ``needle`` (``loss``: ``before`` the byte ahead of
    it), each segment read by ``parse_segment``."""
    hits: list[_Hit] = []
    find = data.find
    stride = size // MAX_TRANSIENTS
    line_stride = 0
    next_transient = next_line = 0
    lines = 0
    tail = size - MAX_SEGMENT  # past MAX_LINES lines, the lines from here on are read all the same
    pos = 0
    while True:
        p = find(needle, pos)
        if p < 0:
            break
        if before is not None and (p == 0 or data[p - 1] not in before):
            pos = p + len(needle)
            continue
        start, end, transient = _segment_bounds(data, p, size)
        pos = end + 1
        if end >= size:  # the file ends inside this segment: read only when it is a finished line
            hits.extend(_last_line(data, start, size, hits, problems))
            break
        if transient:
            if p < next_transient:
                nl = find(b"\n", p, next_transient)
                pos = _skip_to(data, p, pos, next_transient) if nl < 0 else max(pos, data.rfind(b"\r", p, nl) + 1)
                continue
            next_transient = p + stride
        else:
            if line_stride and p < next_line and p < tail:  # (the last MAX_SEGMENT bytes read whole: a run's last
                pos = max(pos, min(next_line, tail))       # training and validation values are the ones users check)
                continue
            lines += 1
            if lines == MAX_LINES:
                line_stride = size // MAX_LINES
                problems.append(f"more than {MAX_LINES:,} progress lines: the rest sampled, one per "
                                f"{line_stride:,} bytes, and the last {MAX_SEGMENT // 1024} KiB read whole")
            next_line = p + line_stride
        hits.extend(_segment_hits(data, start, end, transient, parse))
    return hits


def _segment_hits(data, start: int, end: int, transient: bool, parse) -> list[_Hit]:
    """The records of the printed segment ``data[start:end]`` (``'[010] train_loss: .. [011] ..'``: each a line)."""
    segment = data[start:end]
    pieces = bar_pieces(segment, parse_segment) or glued_pieces(segment)
    return [_Hit(start + lo, record, transient) for lo, hi in pieces
            if (record := parse(segment[lo:hi])) is not None]


def _scan(data, size: int, problems: list) -> list[_Hit]:
    blocks = pointnet_hits(data, size, problems)  # '**** EPOCH 000 ****' / ' -- 010 / 2297 --' / 'mean loss: ..': read whole
    if blocks is not None:
        return [_Hit(offset, record, False) for offset, record in blocks]
    blocks = framework_hits(data, size, problems)  # VITS' unnamed loss lists, FuxiCTR's [Metrics], Coqui's blocks
    if blocks is not None:
        return [_Hit(offset, record, False) for offset, record in blocks]
    blocks = yolov3_loss_hits(data, size)  # PyTorch-YOLOv3's '[Epoch 0/30, Batch 5/7329] [Losses: x 0.27, ..]'
    if blocks is not None:
        return [_Hit(offset, record, False) for offset, record in blocks]
    blocks = gluon_hits(data, size)  # MXNet Speedometer / GluonCV lines ('Epoch[0] Batch [50]\tSpeed: ..'): read whole
    if blocks is not None:  # with COCOeval's summaries (GluonCV's Mask R-CNN prints them after each epoch)
        return sorted((_Hit(offset, record, False) for offset, record in blocks + list(coco_hits(data, size))),
                      key=lambda hit: hit.offset)
    # ESPnet2's 'Nepoch:train:1-8batch: ..' / 'Nepoch results: [train] .. [valid] ..'; orbit's 'train | step: N | output:'
    blocks = espnet_hits(data, size) or orbit_hits(data, size, problems)
    if blocks is not None:
        return [_Hit(offset, record, False) for offset, record in blocks]
    blocks = caffe_hits(data, size)  # Caffe's glog lines: read alone (its net/solver dumps are no progress)
    if blocks is not None:
        return [_Hit(offset, record, False) for offset, record in blocks]
    blocks = convnet_hits(data, size)  # cuda-convnet's '1.1... logprob:  0.47, 0.09 (1.4 sec)': read alone
    if blocks is not None:
        return [_Hit(offset, record, False) for offset, record in blocks]
    blocks = nested_hits(data, size)  # tqdm's epoch bar over a batch bar (tqdm.keras.TqdmCallback): read whole
    if blocks is not None:
        return [_Hit(offset, record, False) for offset, record in blocks]
    rows = bracket_row_hits(data, size) or epoch_row_hits(data, size) or split_row_hits(data, size)  # 'Epoch: 0' then bare 'loss, batch' rows,
    if rows is not None:  # or 'Epoch #0' then 'Train: 0.98' / 'Validation: 0.97': read whole (a guess, said)
        problems.append(rows[1])
        return [_Hit(offset, record, False) for offset, record in rows[0]]
    hits = drop_rechorus_checks(_progress_hits(data, size, problems, b"oss", _L), data)  # (_progress_skip)
    if not hits and b"OSS" in data:  # the name in capitals: 'Epoch 1, TLOSS 0.480403, LR 0.001000' (set 189)
        hits = _progress_hits(data, size, problems, b"OSS", _L)
    if not hits and _STTN_NEEDLE in data:  # STTN's 'd: 0.8; g: -0.002;hole: 1.39; valid: 1.31: 2%|..': no loss word
        hits = _progress_hits(data, size, problems, _STTN_NEEDLE, None, parse=sttn_segment)
    meter = hits and any(h.record.shape in ("meter", "meter_test", "libfs") for h in hits[-16:])  # WS-DAN: kv last
    extra = [h for n in (METER_NEEDLE, b"Prec@") for h in _needle_hits(data, size, n)] if meter else []  # ' * Prec@1 52.4'
    if meter:  # 'Test: [0/2]\tADE 1.207 (1.207)\tFDE ..' and ' * ADE  1.207 FDE  2.238': a task's own meters, no Acc@
        extra += _meter_validation(data, size, {h.offset for h in extra})
    if hits and hits[-1].record.shape == "mm":  # OpenMMLab's validation lines hold no loss
        extra += _needle_hits(data, size, MM_VAL_NEEDLE)
    # (after Keras' bars too: a callback's 'acc: 0.785, best acc: 0.7955' after each epoch, public ccks2019se125)
    if hits and any(h.record.shape in ("kv", "keras") for h in hits[-16:]):
        extra += _needle_hits(data, size, ACCURACY_NEEDLE, parse=accuracy_line)
        seen = {h.offset for h in extra}  # 'acc:' lines ('top 1 acc: 0.0766', public tinyimg-mobilevit)
        extra += [h for n in (b"cc:", b"cc is ", b"cc@", b"cc=")
                  for h in _needle_hits(data, size, n, parse=accuracy_line)
                  if h.offset not in seen]  # 'Epoch 1: Val acc is 86.0%' (public liveness), 'Val Acc@1: 29.12%'
        extra += _needle_hits(data, size, SKLEARN_NEEDLE, parse=sklearn_score_line)  # sklearn's MLP, verbose
        seen = {h.offset for h in extra}  # 'Eval Acc 0.9248' (DGL's examples: no colon)
        extra += [h for h in _needle_hits(data, size, SPACED_NEEDLE, parse=accuracy_line) if h.offset not in seen]
        seen = {h.offset for h in hits} | {h.offset for h in extra}  # 'Val IoU: 0.4' may be read already;
        for needle in TASK_NEEDLES:  # 'Validation BLEU: BLEU-1 71.65, ...' (no loss on the line), 'mIoU .. Dice ..'
            for h in _needle_hits(data, size, needle, parse=task_line):  # holds two needles: one record a line
                if h.offset not in seen:
                    seen.add(h.offset)
                    extra.append(h)
        extra += _needle_hits(data, size, RUNNING_NEEDLE, parse=running_val_line)  # 'Sample: 3, Validation pixAcc:'
        extra += [h for n in PAREN_NEEDLES for h in _needle_hits(data, size, n, parse=paren_scores_line)  # 'Validation
                  if h.offset not in seen and not seen.add(h.offset)]  # Epoch: 1\tBLEU-1 (0.35)\t..' (_progress_parenscores)
    if hits and any(h.record.shape == "json" for h in hits[-16:]):  # LAVIS' '{"eval_bleu": ..}' lines: no loss
        extra += json_eval_hits(data, size, _needle_hits)
    if hits and any(h.record.shape == "hf" for h in hits[-16:]):  # an HF eval dict without eval_loss
        extra += hf_eval_hits(data, size, _needle_hits, parse_segment)
        extra += dict_log_scores(data, size, _needle_hits, {h.offset for h in extra})  # 'val/IOU: 0.52, val/dice : 0.62'
    if data.find(b": {'") >= 0:  # "epoch 0: {'accuracy': .., 'f1': ..}" (Accelerate's nlp_example): no loss
        seen = {h.offset for h in hits} | {h.offset for h in extra}
        extra += [h for h in _needle_hits(data, size, b": {'") if h.offset not in seen and h.record.shape == "epochdict"]
    if hits and (data.find(b"FID") >= 0 or data.find(b"fid") >= 0):  # 'Epoch 1: FID = 125.00' beside a GAN's lines
        seen = {h.offset for h in hits} | {h.offset for h in extra}
        extra += [h for n in (b"FID", b"fid") for h in _needle_hits(data, size, n, parse=fid_line)
                  if h.offset not in seen and not seen.add(h.offset)]
    if hits and any(h.record.shape == "counted" for h in hits[-16:]):  # 'TESTING: 1203), mAP 89.34%'
        for needle in SPLIT_NEEDLES:
            extra += _needle_hits(data, size, needle, parse=split_line)
    extra += _needle_hits(data, size, DESC_NEEDLE, parse=desc_line)  # 'Epoch 0, validation pixAcc: 0.901, ..'
    if hits:  # 'Test Epoch: [1/1000] Acc@1:24.80% Acc@5:76.37%: 100%|..' beside its training bars
        extra += _needle_hits(data, size, EVAL_DESC_NEEDLE, parse=eval_desc_line)
    if (reward := reward_key(h.record for h in hits[-16:])) is not None:  # RL episodes printed without a loss
        seen = {h.offset for h in hits}
        extra += [h for sep in ("=", ": ", ":") for h in _needle_hits(data, size, f"{reward}{sep}".encode(),
                                                                      parse=rl_line)
                  if h.offset not in seen and not seen.add(h.offset)]
    if not hits and DARKNET_NEEDLE in data:  # pjreddie/darknet's '2132: 0.49, 0.53 avg, 0.001 rate, ..': no loss word
        extra += _needle_hits(data, size, DARKNET_NEEDLE)
    for needle in WORD_NEEDLES:  # 'Train perplexity at epoch 3: 129.1', cs231n's '(Epoch 3 / 60) train acc: ..'
        extra += _needle_hits(data, size, needle, parse=words_line)
    extra += _needle_hits(data, size, XLM_NEEDLE, parse=xlm_line)  # XLM's '  200 - 267 sent/s - .. words/s - MLM-en: ..'
    if hits:  # 'Test Epoch: 5 ...' then '    ave: 87.35': a test metric with no loss on its line
        extra += [_Hit(offset, record, False) for offset, record in eval_block_hits(data, size)]
        extra += [_Hit(offset, record, False) for offset, record in coco_hits(data, size)]  # COCOeval's summary
        extra += [_Hit(offset, record, False) for offset, record in lr_hits(data, size)]  # 'Learning rate: ..'
        extra += [_Hit(o, r, False) for o, r in got_correct_hits(data, size, hits, problems)]  # 'Got 9 / 10 correct (90.00)'
        extra += [_Hit(offset, record, False) for offset, record in reid_hits(data, size)]  # 'mAP: 94.0%' blocks
        seen = {h.offset for h in hits} | {h.offset for h in extra}  # 'mAP:0.534991' alone after a VOC evaluation
        extra += [_Hit(offset, record, False) for offset, record in bare_map_hits(data, size) if offset not in seen]
        seen = {h.offset for h in extra}  # '[eval] iter 500: train 4.29 val 4.27 lr 3e-4' (a nanoGPT fork)
        extra += [h for n in SPLIT_VALUE_NEEDLES for h in _needle_hits(data, size, n, parse=split_values_line)
                  if h.offset not in seen and not seen.add(h.offset)]
        extra += _falling_hits(data, size, BRACKET_NEEDLES, seen)  # '- [train]: 0.94 - [valid]: 0.95'
        extra += [h for h in _needle_hits(data, size, IMAGES_NEEDLE, parse=images_accuracy_line)  # 'test acc on test
                  if h.offset not in seen and not seen.add(h.offset)]  # images is 32.55' (_progress_imagesacc)
        # 'Validation Epoch [1/20], PSNR: ..' (no loss on the line: _joblog_splitkv)
        extra += [_Hit(o, r, False) for o, r in split_kv_hits(data, size, hits, extra)]
    extra += [_Hit(offset, record, False) for offset, record in table_hits(data, size)]  # fastai's table: no loss
    extra += [_Hit(offset, record, False) for offset, record in spacy3_hits(data, size)]  # 'E  #  LOSS NER ..' 
    if csv_blocks_wanted([h.record for h in hits]):  # a history printed as CSV (',loss,acc,val_loss' then rows)
        extra += [_Hit(offset, record, False) for offset, record in csv_block_hits(data, size)]
        seen = {h.offset for h in extra}  # 'epoch 201 | train 1.11 (..) | val 1.32 (..) | lr ..': a loss once it falls
        extra += _falling_hits(data, size, SPLIT_VALUE_NEEDLES + BRACKET_NEEDLES, seen)
    extra += [_Hit(offset, record, False) for offset, record in yolo_hits(data, size)]  # YOLO's table: no loss
    extra += [_Hit(offset, record, False) for offset, record in split_table_hits(data, size)]  # '|-- VALID --|' groups
    extra += [_Hit(offset, record, False) for offset, record in basicsr_hits(data, size)]  # BasicSR's l_pix: no loss
    extra += [_Hit(offset, record, False) for offset, record in sb3_hits(data, size, problems)]  # SB3's table
    extra += [_Hit(offset, record, False) for offset, record in marian_hits(data, size)]  # Marian: 'Cost', no loss
    extra += [_Hit(offset, record, False) for offset, record in onmt_hits(data, size)]  # OpenNMT-py: 'xent', no loss
    extra += [_Hit(offset, record, False) for offset, record in cyclegan_hits(data, size)]  # CycleGAN: 'D_A: ..'
    extra += [_Hit(offset, record, False) for offset, record in segan_hits(data, size)]  # SEGAN: '(Iter 50) .. d_real:..'
    if deepxde := deepxde_hits(data, size):  # DeepXDE's 'Step  Train loss  Test loss ..' table: bracketed terms
        blocks = summary_offsets(data)  # its 'Best model at step N:' summary repeats a row
        hits = [h for h in hits if not any(a <= h.offset < b for a, b in blocks)]
        extra += [_Hit(offset, record, False) for offset, record in deepxde]
    extra += [_Hit(offset, record, False) for offset, record in epochbatch_hits(data, size)]  # JDE/yolov3 (2019)
    if step_named := stepname_hits(data, size):  # nanoGPT: '10 train 3.2'; '10 loss 3.2' read here only, at step 10
        mine = {offset for offset, _ in step_named}
        hits = [h for h in hits if h.offset not in mine]
        extra = [h for h in extra if h.offset not in mine] + [_Hit(o, r, False) for o, r in step_named]
    hits, extra = with_slash_pairs(data, size, hits, extra, lambda o, r: _Hit(o, r, False))  # 'Train 0.03/45.05%'
    if siblings := sibling_records(data, hits):  # 'epoch 1 | val_dsc: ..': a sibling of a kv line is read with the
        mine = {offset for offset, _ in siblings}  # line's step and kind, over a needle's reading of it ('  Val IoU:')
        extra = [h for h in extra if h.offset not in mine] + [_Hit(o, r, False) for o, r in siblings]
    hits.extend(extra)
    if data.find(b"[") >= 0 and (lists := list_histories(data, size, [h.offset for h in hits])) is not None:
        hits, extra = [_Hit(o, r, False) for o, r in lists], []  # 'Train Loss: [0.61, 0.24, ..]' at a training's end
    for pattern in _SETTINGS["patterns"]:
        hits.extend(user_hits(pattern, data))
    if _SETTINGS["patterns"] or extra:
        hits.sort(key=lambda h: h.offset)
    hits = _joblog_mllog.with_mllog(data, size, hits, lambda o, r: _Hit(o, r, False), problems)  # MLPerf records
    return with_gbm(data, size, hits, lambda o, r: _Hit(o, r, False), problems)  # XGBoost/LightGBM/CatBoost lines


def _last_line(data, start: int, size: int, hits: list, problems: list) -> list[_Hit]:
    """The hits of a last line without its newline: read when complete (``_joblog_lastline``), else a warning."""
    if size - start >= MAX_SEGMENT or (start and data[start - 1] == 13 and hits and hits[-1].transient
                                        and hits[-1].record.shape != "keras"):
        return []  # a bar's last redraw (a job killed mid-bar), as before
    segment = data[start:size]
    out = [_Hit(start + lo, r, False) for lo, hi in glued_pieces(segment)
           if (r := parse_segment(segment[lo:hi])) is not None and r.shape != FRESH]  # (a reset bar: no point)
    if out and all(looks_complete(data, h.offset, size, h.record, hits) for h in out[-1:]):
        return out
    if out:
        problems.append(cut_note(data, size))
    return []


def _falling_hits(data, size: int, needles, seen: set) -> list[_Hit]:
    """Lines naming their splits' numbers (``_joblog_splitvalues``) not yet read, kept only when the training one
    falls: a loss, where the same print may hold accuracies."""
    found = [h for n in needles for h in _needle_hits(data, size, n, parse=split_values_line)
             if h.offset not in seen and not seen.add(h.offset)]
    return found if split_values_falling([h.record for h in sorted(found, key=lambda h: h.offset)]) else []


def _needle_hits(data, size: int, needle: bytes, limit: int = 100_000, parse=parse_segment) -> list[_Hit]:
    """Hits of printed lines holding ``needle`` but no loss (a validation summary, an accuracy on its own line),
    newline-ended ones, and a last line without its newline printed as the one before it (public liveness
    ``train.log`` ends ``Epoch 42: Val acc is 99.17%`` with no newline: the last validation was lost)."""
    hits, pos = [], 0
    while len(hits) < limit and (p := data.find(needle, pos)) >= 0:
        start, end, transient = _segment_bounds(data, p, size)
        pos = end + 1
        last = end >= size and hits and (start == 0 or data[start - 1] == 10)  # no newline: no redraw either
        if (last or not transient) and b"oss" not in data[start:end]:
            record = parse(data[start:end])
            if record is not None and (end < size or looks_complete(data, start, size, record, hits)):
                hits.append(_Hit(start, record, False))
    return hits


_METER_VAL_NEEDLES = (b"Test: [", b"Val: [", b"Validation: [", b"Eval: [", b"* ")


def _meter_parse(segment):
    record = parse_segment(segment)
    return record if record is not None and record.shape in ("meter", "meter_test") and record.kind == "eval" else None


def _meter_validation(data, size: int, seen: set) -> list[_Hit]:
    """A ``ProgressMeter``'s validation lines holding no loss and no ``Acc@``/``Prec@`` (public CHENGY12/CausalHTP
    train.log: ``Test: [0/2]\tADE 1.207295 (1.207295)\tFDE 2.211979 (2.211979)`` then `` * ADE  1.207 FDE  2.238``,
    a trajectory predictor's errors: its only validation, lost)."""
    out = []
    for needle in _METER_VAL_NEEDLES:
        for h in _needle_hits(data, size, needle, parse=_meter_parse):
            if h.offset not in seen:
                seen.add(h.offset)
                out.append(h)
    return out


# ---------------------------------------------------------------- steps and runs
