"""Job logs: what a cluster job printed (``slurm-<id>.out``, ``*.err``, torchrun's per-rank ``stdout.log``...).

Two things are read from one pass over the bytes:
- the training curves the job printed (the shapes of ``_progress``: HF Trainer dicts, Lightning bars, Keras ``fit``,
  PyTorch examples, nanoGPT/Megatron/torchtitan/fairseq lines, JSON lines, ``key=value`` lines, user patterns);
- the ``ending`` facts: the signals in the job's last lines (``loganalyzer.ending``) and what the curves reached
  (``_joblog_ending``: ``JobFacts``, ``conclude_run``, re-exported here).

Speed. A log is mostly progress-bar noise, so the bytes are never walked line by line in Python: the only full pass
is ``bytes.find`` for ``oss`` (``loss``/``Loss``: every shape needs a loss), at memchr-like speed; each hit's
segment (the text between two ``\\r``/``\\n``) is parsed. A bar redrawn in place (a segment ending in ``\\r``) is
sampled: at most ``MAX_TRANSIENTS`` of them per file, evenly spread, and never skipping a real (newline-ended) line.
The ending is read from the last ``_joblog_ending.TAIL`` bytes of each run (a regex alternation,
``ending.PREFILTER``). Line numbers come from counting newlines in big slices. Memory: the file is an mmap (the
loader's), parsed points are kept (``MAX_LINES`` at most, then lines are sampled too), and the tail copies are bounded.

Runs. Rank 0's lines are read (lines without a rank prefix too); ``configure(rank=N)`` picks another. Several
trainings in a row (a sweep in a loop) are several runs: a new one starts where the step goes back to, or below,
the first step of the current one; a job resumed from a checkpoint goes back less far and continues its curve: the
row where its training step went back starts a later session (``ReadResult.sessions``), so the resolved view replaces
the earlier session's points from that step on (``later_session_replaces``, with a warning naming the steps), as for
a resumed TensorBoard or W&B run; the raw view keeps every printed point. A repeated step whose series the reader
already averaged (ranks printing without a prefix: ``_joblog_repeats``) marks no session. ``segment=-1`` reads only
the ending (other ranks' logs).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..runs import Problem
from . import NO_ROWS, ReadResult, UnreadableFile, _config_dump, _joblog_report, _legacy_text, _preambles, point_columns, scalar_frame
from ._joblog_names import (  # noqa: F401 (the settings and the sniff live there: discovery needs no parser)
    _SETTINGS, UTF16_BOMS, _looks_binary, configure, is_job_log_name, settings, sniff, utf8)
from ._joblog_ending import (  # noqa: F401
    SLACK, TAIL, JobFacts, _count_lines, conclude_run, facts as _facts, richest_source, with_file_index)
from ._joblog_cache import ParseCache
from ._joblog_continued import join_continued_runs
from ._joblog_chunks import join_counted_chunks
from ._joblog_pprint import drop as pprinted_configs
from ._joblog_sweep import drop_sweep_summaries
from ._joblog_rounded import rounded_copies
from ._conflicts import resolve as resolve_conflicts
from ._unwrap import unwrapped
from ._joblog_mmcoco import without_coco_copies
from ._joblog_evalprints import framework_evals
from ._joblog_tailcopies import without_tail_copies
from ._joblog_megatron import end_evals as megatron_end_evals
from ._joblog_plbar import val_frames
from ._joblog_launches import split_reopened
from ._joblog_banners import split_banners
from ._joblog_launchblock import split_launch_blocks
from ._joblog_epochrestart import split_epoch_restarts
from ._joblog_twice import epoch_iter_prefixes, iteration_prefixes
from ._joblog_learners import learner_prefixes
from ._joblog_summaries import split_summaries
from ._progress_ckpt import drop_restated_checkpoints, drop_run_summary
from ._progress_dicts import lone_summaries
from ._joblog_hfstage import eval_only_stages
from ._joblog_spacy import iteration_totals
from ._joblog_testblock import test_blocks
from ._joblog_improved import improved_evals
from ._joblog_phasestep import banner_steps, display_steps, header_steps
from ._joblog_epochheader import header_epochs
from ._joblog_classtable import drop_class_table
from ._joblog_repeats import mean_repeats, sanity_check
from ._joblog_steps import HF_COUNTED_NOTE, HF_EPOCH_NOTE, place_hf_steps, resolve_steps  # noqa: F401
from ._progress_dicts import global_steps_alone
from ._joblog_abandoned import drop_abandoned_first
from ._joblog_tutorial import tutorial_lines
from ._joblog_errorval import error_evals
from ._joblog_fallbacks import fallback_hits
from ._joblog_sgd import sgd_epochs
from ._joblog_fairseq import fairseq_splits
from ._joblog_estimator import estimator_evals
from ._progress_running_val import last_of_passes
from ._progress_meterpass import meter_passes
from ._progress_libfs import libfs_passes
from . import _joblog_mllog
from ._joblog_richwrap import unwrapped_rich
from ._joblog_evalat import eval_at_banners
from ._joblog_nothing import _drawn_once, _nothing_read  # noqa: F401 (why a log gave no curve)
from ._progress_phase import batch_detail
from ._joblog_epochdicts import epoch_dicts
from ._joblog_passavg import pass_averages
from ._joblog_withinepochs import counted_epochs, items_after_training
from ._joblog_passes import summarised_passes
from ._joblog_avgsummary import averaged_epochs
from ._progress_ltr import running_epochs
from ._progress_metriclogger import bar_duplicates
from ._joblog_keras import epoch_last_lines
from ._joblog_batchlines import batch_lines
from ._joblog_counterlines import counted_banners
from ._joblog_bare import drop_bare_losses
from ._joblog_evalcounter import eval_counters
from ._joblog_evalrestart import eval_restarts
from ._joblog_garbled import drop_garbled
from ._joblog_torchlight import place_blocks
from ._joblog_debug import drop_debug_prints
from ._joblog_placeholder import drop_inf_placeholders, drop_zero_placeholders
from ._joblog_flushed import flushed_evals
from ._joblog_tqdm import fresh_bars, one_based_epochs
from ._joblog_models import split_models
from ._joblog_lossbanners import join_resumed_sessions
from ._joblog_outside import drop_after_total, drop_settings_block
from ._joblog_firstrepeat import split_first_repeats
from ._joblog_sidecolumn import side_column
from ._joblog_restated import drop_restated
from ._joblog_notmetric import drop_not_metrics
from ._joblog_averaged import drop_averaged_stats
from ._joblog_stdnames import standard_names
from ._joblog_joeyval import validation_names as joey_validations
from ._joblog_counterabove import counter_steps
from ._joblog_barsummary import summarised_bars
from ._joblog_display import display_blocks
from ._joblog_meteravg import epoch_averages
from ._joblog_phaseline import eval_after_headers
from ._joblog_bestblock import drop as _best_block
from ._joblog_hapi import hapi_evals
from ._joblog_ahead import ahead_evals
from ._joblog_twobars import eval_bars
from ._joblog_untrained import stopped_at, untrained
from ._progress_asciibar import bar_evals, drop_final_redraw
from ._joblog_conlleval import pass_end_evals, set_named as conll_sets
from ._joblog_fracepoch import fractional_epochs
from ._joblog_progresskey import progress_epochs
from ._joblog_capskeys import lowered as lowered_caps_keys
from ._joblog_boxrows import joined as joined_boxes
from ._joblog_yolostreams import joined_streams as yolo_streams
from ._joblog_loadedeval import drop_loaded_evals
from ._startover import split_hits as split_startover
from ._joblog_counterrank import rank_counter_steps

from ._newest_first import NOTE as newest_first_note, flipped as newest_first
from ._joblog_scan import (  # noqa: F401 (the scan; its limits and _Hit are named here by tests and helpers)
    MAX_LINES, MAX_SEGMENT, MAX_TRANSIENTS, _Hit, _needle_hits, _scan)

from ._joblog_segments import _choose_rank, _epoch_tags, _segments  # noqa: F401 (tests name joblog._segments)
from ._joblog_rows import _rows  # noqa: F401 (the rows of a run; docs name joblog._rows)


@dataclass
class JobLog:
    path: str
    size: int
    hits: list  # _Hit of the chosen rank, in file order, steps resolved
    segments: list  # (first hit index, end hit index)
    problems: list
    rank: int | None = None
    _facts: dict = field(default_factory=dict)


# ---------------------------------------------------------------- parse (cached)

_CACHE = ParseCache()  # (_joblog_cache: discovery's parses kept for the loader, the last logs read)


def _key(data, path: str) -> tuple:
    size = len(data)
    return path, size, hash(bytes(data[:4096])), hash(bytes(data[max(0, size - 4096):]))


def parse(data, path: str) -> JobLog:
    """The whole log read once (curves and run boundaries); cached for the next call on the same bytes (discovery
    counts runs, then each run is read: ``_joblog_cache``)."""
    raw, data = data, utf8(data)
    key = _key(data, path)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    size = len(data)
    if size == 0:
        raise UnreadableFile(Problem(path, "empty file"))
    why = _looks_binary(bytes(data[:65536]).rstrip(b"\0"))  # zeros where a crashed node's log should go on
    if why:
        raise UnreadableFile(Problem(path, why, offset=0))
    notes: list[str] = []
    if data is not raw and bytes(raw[:2]) not in UTF16_BOMS and _legacy_text.encoding(raw):  # a Chinese Windows log
        notes.append("not UTF-8 text: read as GB18030 (GBK, a Chinese Windows code page)")
    elif data is not raw and bytes(raw[:2]) not in UTF16_BOMS:  # readers/_latin_keys.py
        notes.append("keys not in English (pérdida, época, Verlust...) read as their English names (loss, epoch...)")
    data, conflicts = resolve_conflicts(data, path, pad=True)  # one side of a git conflict block, same offsets
    data = unwrapped(data, notes)  # a terminal's copy wrapped at W columns: lines joined, same offsets after them
    data = lowered_caps_keys(data)  # '| LOSS: 0.449 | F1: 0.265 |': capital keys in small letters, in place
    data = joined_boxes(data)  # an epoch's '| name: value |' rows between rules: one line, in place
    data = yolo_streams(data, path)  # Ultralytics bars in X.err, their headers and 'all' rows in X.txt beside it
    size = len(data)  # (the one rewrite above that adds lines)
    first: list[str] = []
    hits = fresh_bars(data, _scan(data, size, first))  # a fresh tqdm's first postfix at 0/K (a reset bar's: none)
    flipped = newest_first(data, hits)  # OpenAI's fine-tuning events, 'Step 1500/1500: ..' first: read bottom up
    if flipped is not None:
        data, first = flipped, [newest_first_note]
        hits = fresh_bars(data, _scan(data, size, first))
    notes.extend(first)
    hits = side_column(data, hits, lambda offset, record: _Hit(offset, record, False))  # Marvin's 'Testing:' column
    hits = unwrapped_rich(data, hits, lambda h, record: _Hit(h.offset, record, h.transient))  # metrics wrapped below
    hits = drop_restated_checkpoints(drop_run_summary(data, hits, notes), notes)  # W&B summary, ckpt copies
    hits = drop_garbled(data, hits, notes)  # 'aining_loss: 1.79': a line cut by another writer's output
    hits = lone_summaries(hits, notes)  # an HF warm-up trainer's summary alone, before the training's records
    hits = eval_only_stages(hits, notes)  # a sanity-gate Trainer's evaluations + summary, before the main training
    hits = iteration_totals(data, hits, notes)  # spaCy's per-batch running sums 'Losses {'ner': ..}': iteration totals
    hits = drop_debug_prints(data, hits, notes)  # '[DEBUG] Tổng Loss: 0.19' beside the epoch's own lines
    hits = without_coco_copies(hits)  # mmdet 2.x: COCOeval's table repeated by its 'Epoch(val)' line
    hits = hapi_evals(data, hits)  # paddle hapi's 'Eval begin...' block: one validation point, its last line
    hits = eval_after_headers(data, _best_block(data, hits, notes))  # '>>>BEST RESULT<<<'; 'testing in eval mode'
    hits = eval_at_banners(data, hits)  # '----- eval @ step 64 -----' over 'valid | lm_loss 0.38': at step 64
    hits = conll_sets(data, hits)  # 'evaluate:dev' / 'evaluate:test' over conlleval's 'accuracy: ..; FB1: ..'
    hits = framework_evals(data, hits, notes, lambda o, r: _Hit(o, r, False))  # 'Test: EMA Acc@1', 'cur metric, acc:'
    hits = fallback_hits(data, size, hits, notes, _needle_hits, lambda o, r: _Hit(o, r, False))  # no loss word
    hits = tutorial_lines(data, hits, notes, lambda offset, record: _Hit(offset, record, False))  # '(5000 6%) 3.52'
    hits = error_evals(data, hits, notes, lambda o, r: _Hit(o, r, False))  # 'Validation error after epoch 1 is: 1.0'
    hits = sgd_epochs(data, hits)  # scikit-learn's '-- Epoch 1' over 'Norm: .., NNZs: .., Avg. loss: ..'
    hits = fairseq_splits(data, hits)  # fairseq's '| train |' epoch means and 'valid on 'test' subset' lines
    hits = _joblog_report.drop(data, _config_dump.drop(data, hits), notes)  # configs, a final report
    hits = _joblog_report.drop_final_block(data, hits, notes)  # 'Final metrics:' over '  val_loss: 0.2166'
    hits = drop_sweep_summaries(data, pprinted_configs(data, hits), notes)  # a config; 'lr=0.01 final val_loss ..'
    hits = _preambles.without_source(data, hits)  # the script's own source printed first
    hits = drop_not_metrics(data, hits, notes, lambda h, values: _Hit(h.offset, replace(h.record, values=values),
                                                                      h.transient, h.step))  # 'left time=4.3'
    hits = drop_averaged_stats(data, hits, notes)  # DINO's 'Averaged stats: loss: ..' after its epoch's last line
    hits = drop_loaded_evals(data, drop_restated(hits, notes), notes)  # 'Final PPO metrics: ..'; 'Epoch loaded: 17'
    hits = estimator_evals(data, hits)  # tf.estimator's 'Saving dict for global step N: ..., loss = ..'
    hits = test_blocks(data, hits, lambda offset, record: _Hit(offset, record, False))  # a final test block
    hits = improved_evals(data, hits, notes, lambda offset, record: _Hit(offset, record, False))  # 'get best test loss'
    hits = drop_class_table(hits, notes)  # 'class [0], IoU: 0.77' ... 'class [149], ...': a final table
    hits = rank_counter_steps(data, hits, lambda h, r: _Hit(h.offset, r, h.transient))  # '  100: \tG_loss: ..'
    hits = iteration_prefixes(data, _epoch_tags(hits), lambda h, r: _Hit(h.offset, r, h.transient))  # '[51][51/2000]'
    hits = epoch_iter_prefixes(data, hits, lambda h, r: _Hit(h.offset, r, h.transient))  # DCGAN '[0/5][50/1583]'
    hits = learner_prefixes(data, hits, lambda h, r: _Hit(h.offset, r, h.transient))  # '[035420][Epoch 01/10] ..'
    rank = _choose_rank(hits)
    hits = [h for h in hits if h.record.rank is None or h.record.rank == rank]
    hits = [h for h in hits if not (h.transient and h.record.shape == "keras")]  # running means within an epoch
    hits = epoch_dicts(batch_detail(hits))  # per-batch lines beside the epoch summaries, the epoch's dicts
    hits = summarised_passes(data, hits)  # Demucs' 'Valid | Epoch 1 | 1/3 | ..' beside 'Valid Summary | Epoch 1'
    hits = averaged_epochs(data, hits)  # AGCRN's 'Train Epoch 5: 20/167 Loss:' beside 'Train Epoch 5: averaged Loss:'
    hits = running_epochs(data, hits)  # PyTracking's running epoch means: the epoch's last line
    hits = meter_passes(libfs_passes(hits, data), data)  # LibFewShot's passes named by their banners;
    # ProgressMeter's 'Test: [10/242] ... Loss 4.5 (5.1)': a pass's last running average
    hits = epoch_averages(data, hits)  # a ProgressMeter whose per-batch values are noise: its epoch averages
    hits = last_of_passes(hits)  # CIRKD's 'Sample: k, Validation pixAcc: ..': a pass's last running average
    hits = pass_averages(hits)  # PaddleClas' '[Eval][Epoch 1][Iter: 20/25]' before '[Eval][Epoch 1][Avg]'
    hits = bar_duplicates(hits, data, notes)  # torchvision's MetricLogger beside a tqdm bar printing the same loss
    hits = summarised_bars(hits, data)  # tqdm bars whose last postfix the epoch's result line prints again
    hits = _joblog_mllog.beside_records(hits, notes)  # BERT's eval dict printed after its MLLOG eval_accuracy
    hits = one_based_epochs(hits)  # 'Epoch 1: ... 390/390' of a script counting epochs from 1
    hits = eval_bars(hits, data)  # 'Epoch 3: .. 137/137 [loss=]' then 'Epoch 3: .. 34/34 [acc=, loss=]': its evaluation
    progress_epochs(hits, data)  # 'epoch 1 (progress=0.1316) | loss: ..': a position, no series
    fractional_epochs(hits, notes)  # 'epoch 0.25, loss ..': at epoch x 4, not floored onto epoch 0
    counted_banners(data, hits)  # 'start train 3/20' over '100/1718 (batchs) completed!' over step-less values
    hits = display_blocks(data, hits, lambda offset, record, step: _Hit(offset, record, False, step))  # their mAP lines too
    hits = val_frames(data, hits, notes, lambda h, r: _Hit(h.offset, r, h.transient, h.step))  # Lightning 1.x's 32+8 bar
    resolve_steps(data, items_after_training(hits), notes)  # 'Image i / 10, loss' after the epochs: no steps
    global_steps_alone(hits)  # eval dicts at their 'global_step' beside epoch lines: one axis (_progress_dicts)
    hits = megatron_end_evals(hits)  # Megatron's 'validation loss at the end of training for val data': the last point
    hits = counter_steps(data, hits, lambda h, s: _Hit(h.offset, h.record, h.transient, s))  # under 'batch i:N'
    header_steps(data, hits)  # 'epoch 1, phase valid, total step 208' over the evaluation's lines: its step
    display_steps(data, hits)  # 'Display training progress at (epoch 10, total_steps 2560)' over 'loss: 0.91'
    banner_steps(data, hits)  # 'Step  8201 | Time: 3:45:59' over 'Current Loss: 0.1256'
    hits = header_epochs(data, hits, notes)  # 'Epoch 1/20' or '【1/25】' alone on a line over step-less result lines: the epoch
    ahead_evals(hits)  # conlleval printed just before the 'Iter: 200' line that reports it: that line's step
    pass_end_evals(hits)  # ChineseNER's dev/test conlleval after each pass: at the pass's end
    hits = batch_lines(data, hits, notes, lambda h, r, s: _Hit(h.offset, r, h.transient, s))  # 'Epoch: 1\tBatch: 50'
    hits = epoch_last_lines(hits)  # Keras bars written with newlines: each epoch's last line
    hits = place_blocks(data, hits, notes, lambda o, r, s: _Hit(o, r, False, s))  # ST-GCN's 'Training epoch: 0' blocks
    hits = drop_bare_losses(data, hits, notes)  # 'Loss: 10.918' printed 4 times between epochs, no step
    hits = drop_after_total(drop_settings_block(data, hits, notes), notes)  # 'Configuration:' block; after N/N
    hits = eval_counters(hits, notes, lambda h, r, s: _Hit(h.offset, r, h.transient, s))  # 'batch 100 test loss'
    hits = eval_restarts(hits, notes, lambda h, r, s: _Hit(h.offset, r, h.transient, s))  # '[1, 1] loss' (validation)
    flushed_evals(hits)  # stdout's validation blocks flushed after stderr's last bar: each at its epoch's end
    bar_evals(data, hits)  # 'Validation [=====] 100.0% 200/200 | loss=1.9' after 'Training [==  ] 1000/3000': there
    hits = counted_epochs(hits, notes)  # 'Patch number: 99 / 20955, ..' starting over each epoch, no epoch named
    note = _drawn_once(data, hits)
    if note:
        notes.append(note)
    hits = drop_abandoned_first(data, hits, notes)  # 2 lines, then the config printed again and 238,000 iterations
    hits = untrained(data, hits, notes)  # 'Training: Baseline' then its accuracy alone; 'Early stopping at epoch 35'
    hits = without_tail_copies(hits, notes)  # an earlier session's final 'mIoU 0.5740' printed again at the end
    segments = split_reopened(data, hits, _segments(hits, data))  # a launch of one point: its own run
    segments = split_banners(data, hits, segments)  # step-less trainings each after a banner line
    segments = split_launch_blocks(data, hits, segments, notes)  # step-less launches: the start-up block again
    segments = split_epoch_restarts(data, hits, segments, notes)  # 'Meta epoch 0...' again: a launch appended
    segments = split_summaries(hits, segments, notes)  # HF trainings that printed only their closing summary
    segments = split_startover(hits, segments, notes)  # step-less trainings appended with no banner between
    segments = split_models(data, hits, segments)  # 'model: LSTM' then the epochs again: a new training
    segments = split_first_repeats(hits, segments)  # 'epoch:0 loss:415' x3, then 'epoch:1', 'epoch:2': relaunches
    segments = join_counted_chunks(data, hits, segments, notes)  # 'Training at Epoch #1...' over 'Iteration:0'
    segments = join_continued_runs(hits, segments, notes, data)  # a second fit() of the same model: one run
    segments = join_resumed_sessions(data, hits, segments, notes)  # CycleGAN --continue_train back at epoch 1
    hits = drop_inf_placeholders(data, hits, segments, notes)  # 'val_mae=inf' before the first evaluation
    hits = drop_zero_placeholders(data, hits, segments, notes)  # 'Validation Loss: 0.0000' where none ran
    hits = standard_names(hits, lambda h, values: _Hit(h.offset, replace(h.record, values=values), h.transient, h.step))
    hits = joey_validations(data, hits, notes, lambda h, r: _Hit(h.offset, r, h.transient, h.step))  # validations.txt
    if not hits:
        notes.append(_nothing_read(data))
    log = JobLog(path, size, hits, segments, conflicts + [Problem(path, n) for n in notes], rank)
    _CACHE.put(key, log)
    return log


# a line counting epochs/steps/batches followed, on the same line, by a named number: progress the reader has no
# loss word for (eval/public-style Cheralia PC-Transformers: "Epoch 1/20 | Train Energy: 1.36 | Train Perplexity: ...")
# (or a name and its number with no sign between: Theano's 'Pre-training layer 0, epoch 0, cost 0.200519')
def count_segments(data, path: str) -> int:
    return len(parse(data, path).segments)


def read(data, path: str, segment: int | None = None) -> ReadResult:
    return read_job(data, path, segment)[0]


def _read_job(data, path: str, segment: int | None) -> tuple:
    """``read_job``'s reading: (tags, steps, values, raw points or None, problems, sessions, facts)."""
    log = parse(data, path)  # the file's own bytes: parse says which encoding it read
    data = utf8(data)
    data = joined_boxes(lowered_caps_keys(unwrapped(resolve_conflicts(data, path, pad=True)[0])))  # as parse read it
    data = yolo_streams(data, path)
    if segment is not None and segment >= len(log.segments):
        segment = -1
    resumed: list[int] = []
    tags, steps, values, unlabelled = _rows(log, segment, resumed, data)
    keep, sanity = sanity_check(tags, steps, values)  # Lightning's sanity-check validation line: left out
    keep = rounded_copies(tags, steps, values, keep)  # 'val_auc=0.863' and 'reached 0.86259' at one step: one point
    if keep is not None:
        dropped = sorted(set(range(len(tags))) - set(keep))
        resumed[:] = [r - sum(1 for d in dropped if d < r) for r in resumed]
        tags, steps, values, unlabelled = ([rows[i] for i in keep] for rows in (tags, steps, values, unlabelled))
    raw = (tags, steps, values)
    tags, steps, values, notes = mean_repeats(tags, steps, values, unlabelled)  # ranks printing without a prefix
    problems = tuple(log.problems) + tuple(Problem(path, note) for note in [*sanity, *notes])
    facts = log._facts.get(segment)
    if facts is None:
        facts = log._facts[segment] = _facts(data, log, segment)
    return tags, steps, values, raw if notes else None, problems, () if notes else tuple(resumed), facts


def read_job(data, path: str, segment: int | None = None) -> tuple[ReadResult, JobFacts]:
    """(the curves of one run, or of the whole file with None, or none with -1; the ending facts of that run)."""
    tags, steps, values, raw, problems, sessions, facts = _read_job(data, path, segment)
    result = ReadResult(scalars=scalar_frame(tags, steps, values), problems=problems, sessions=sessions,
                        raw_scalars=None if raw is None else scalar_frame(*raw))  # the raw view: every printed point
    return result, facts


def read_job_columns(data, path: str, segment: int | None = None) -> tuple:
    """``read_job`` with the points as bare columns (the loader's path: no DataFrame, so a scan of printed logs
    imports no pandas): (columns, the raw view's columns or None, ReadResult without rows, facts). The columns are
    ``ScalarColumns.from_frame`` of ``read_job``'s tables (``point_columns``)."""
    tags, steps, values, raw, problems, sessions, facts = _read_job(data, path, segment)
    result = ReadResult(scalars=NO_ROWS, problems=problems, sessions=sessions)
    return point_columns(tags, steps, values), None if raw is None else point_columns(*raw), result, facts
