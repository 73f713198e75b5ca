"""The progress lines deep-learning frameworks print, one parser per shape (used by ``readers/joblog.py``).

``parse(segment)`` takes one printed segment (the bytes between two ``\\r``/``\\n``) and returns a ``Record`` or None.
A segment is first cleaned: ANSI colour codes and backspaces removed, then a leading timestamp, a rank prefix
(``[rank3]:``, torchrun's ``[default3]:``, ``srun --label``'s ``3:``, OpenMPI's ``[1,3]<stdout>:``) and a log-level
prefix stripped; the rank is kept. The shapes, tried in this order (formats as their sources print them):

- ``hf``: HuggingFace Trainer's ``ProgressCallback.on_log`` line, ``str(logs)`` of a dict:
  ``{'loss': 0.4521, 'grad_norm': 1.9, 'learning_rate': 5e-05, 'epoch': 0.12}`` (transformers 5 quotes the values:
  ``{'loss': '0.6929', ..., 'epoch': '0.3333'}``); ``eval_*`` dicts and the closing ``{'train_runtime': ...}``.
  No step is printed: the reader takes it from the bar drawn just before, else from ``epoch``.
- ``json``: one JSON object per line (fairseq's json log format, user loggers).
- ``tqdm``: a tqdm bar with a postfix, ``Epoch 3:  45%|████▌     | 450/1000 [00:10<00:12, 44.1it/s, v_num=0,
  train_loss=0.123]`` (PyTorch Lightning's TQDMProgressBar: global step = epoch * total + n; fairseq's ``epoch 001``).
- ``rich``: Lightning's RichProgressBar, ``Epoch 2/9 ━━━━ 16/16 0:00:00 • 0:00:00 44.31it/s v_num: 0.000
  train_loss: 0.357`` (metrics that do not fit continue on the next lines, which inherit its step).
- ``keras``: ``model.fit`` output, Keras 3 ``6/6 ━━━━ 0s 26ms/step - accuracy: 0.60 - loss: 0.577 - val_loss: 0.54``
  and Keras 2 ``32/32 [======] - 1s 2ms/step - loss: 0.45 - val_loss: 0.51``; the epoch is the ``Epoch 3/20`` line
  above (looked up by the reader). Only the epoch's last line (the one ending in a newline) is a point. (``tqdm``,
  ``rich``, ``keras``: ``_progress_bars.py``.)
- ``mnist``: the PyTorch examples, ``Train Epoch: 1 [640/60000 (1%)]\\tLoss: 2.28`` (step = samples seen) and
  ``Test set: Average loss: 0.0486, Accuracy: 9841/10000 (98%)``.
- ``megatron``: `` iteration      100/  500000 | ... | lm loss: 7.123456E+00 | grad norm: 1.2 |`` and ``validation loss
  at iteration 100 | lm loss value: 7.1 | lm loss PPL: ...``.
- ``mm``, ``timm``: OpenMMLab's (mmengine, mmcv 1.x) ``Epoch(train) [4][ 8/16]  lr: ...  loss: ...`` and timm's
  ``Train: 3 [  50/1251 (  4%)]  Loss: ...``, ``Test: [   0/48]  ...`` (``_progress_mm.py``).
- ``kv``: anything else with ``key value`` / ``key: value`` / ``key=value`` pairs: nanoGPT ``iter 100: loss 2.3142,
  time 41.2ms`` and ``step 2000: train loss 1.7648, val loss 1.8857``, torchtitan ``step: 10  loss:  9.8123``,
  fairseq ``epoch 001 | loss 9.8 | ... | num_updates 100``. The step is the value of a step key (``STEP_KEYS``), else
  of an epoch key; a line with neither inherits the step of the line before.
- ``value_first`` (``_progress_value_first.py``): a line no shape above read, holding ``<number> <loss name>`` pairs
  (``Epoch 0 @ 10:27 PM : 0.9816 C.E. Loss, 94.28% Accuracy``).

A tqdm bar described as validation (``Validate: ...``) and a ``kv`` line opening with a bracketed validation section
(``[Val] Epoch 3: loss = 0.1``) are validation values (``_progress_split.py``).

Every shape needs a loss-like key: the reader only looks at segments holding ``loss``/``Loss``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ._progress_position import bar_position, keras_epoch, rich_position  # noqa: F401 (the readers import them here)
from ._progress_counter import RANK_COUNTER
from ._progress_skip import best_so_far, not_progress
from ._progress_ckpt import checkpoint_line
from ._progress_escapes import strip_escapes
from ._record_replace import replace  # (dataclasses.replace without its per-call field checks)

_TIMESTAMP = re.compile(
    r"\s*\[?(?:(?<=\[) (?=[A-Z]))?(?:\d{4}-\d{2}-\d{2}[T _]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
    # HF's legacy examples' datefmt '%m/%d/%Y %H:%M:%S' (run_glue.py); '%I:%M:%S %p' (a 12-hour clock, public
    # cifarcnn130 ``run.log``: '07/07/2022 04:32:45 PM Loss per epochs:927.13', the 'PM' read as a key)
    r"|\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2}(?: [AP]M(?= ))?"
    r"|(?:[A-Z][a-z]{2},? )?\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2}"  # RecBole's '%a %d %b %Y %H:%M:%S'
    # (the stamp's end: ': ' too, nnU-Net v2's print_to_log_file f"{datetime}: {msg}", whose 'Epoch 0' went unread)
    # (and time.asctime() in spaced brackets, torchlight's Recorder.print_log: '[ Mon Dec  1 22:43:34 2025 ] ', public
    # resnet-slr175 log.txt, a sign-language trainer: the stamp had become series 'Mon_Dec', 'Tue_Dec')
    r"|(?:[A-Z][a-z]{2} )?[A-Z][a-z]{2} +\d+ \d{2}:\d{2}:\d{2}(?: \d{4}(?= \]))?|\d{2}:\d{2}:\d{2}(?:[.,]\d+)?)"
    r"(?: ?\])?(?:\s*[-|]\s*|\s+|(?=\[)|:(?=[A-Z]{4})|(?<=\])|:[ \t]+)")
_RANK = re.compile(
    r"\s*(?:\[(?:(?:rank|default|local_rank|worker|trainer)|" + RANK_COUNTER + r")(\d{1,5})\]:?"
    r"|(?:rank|RANK)\s*(\d{1,5})\s*[:|]"
    r"|\[\d+,(\d{1,5})\]<std(?:out|err)>:"
    r"|(\d{1,5}):(?=\s))\s*")
# loguru's default '{time} | {level: <8} | {name}:{function}:{line} - {message}' (YOLOX: '| INFO     |
# yolox.core.trainer:after_iter:246 - epoch: 1/300, ...') and '{name}:{line} - ': the source location goes with
# the level (it had become a series 'after_iter' = 246)
_COUNTER_NAME = (r"(?i:epochs?|ep|iters?|iterations?|it|steps?|global_?step|batch(?:es)?|updates?|episodes?|"
                 r"rounds?|samples?|tokens?)")  # a training counter's word, never a source function's name
_LOGGER = r"(?!(?i:epoch|iter(?:ation)?|step|batch)\b)[\w.]+\s*[:|-](?!\s*[-+]?\.?\d)\s*"  # a logger's name
_LEVEL = re.compile(r"\s*(?:(?:TRACE|DEBUG|INFO|SUCCESS|WARNING|ERROR|CRITICAL)\s*\|"
                    # (or ' | ' after the line: a loguru format '{time} | {level} | {function}:{line} | {message}',
                    # public eraimagenet154 '| INFO | on_train_epoch_end:383 | EPOCH 1 TRAIN - Loss: ..': the
                    # source line had become a series 'on_train_epoch_end' = 383)
                    # (the name a code identifier, and alone no counter word: '| INFO | step:100 | loss: ..' and
                    # '| INFO | Epoch:0 | ..' are a loguru '{time} | {level} | {message}' whose message counts)
                    r"\s*(?:[A-Za-z_<][\w.<>-]*:[\w.<>-]+|(?!" + _COUNTER_NAME + r"\s*:)[A-Za-z_<][\w.<>-]*)"
                    r":\d+\s+[-|]\s+"
                    # (a logger's name after the level, however padded ('INFO     trainer: ..'); after a
                    # bracketed level and an indent of 3+ spaces it is the message's own: '[INFO]   event:
                    # val_loss=..', a task head's name, public eventcap96)
                    r"|\[(?:INFO|WARNING|WARN|DEBUG|ERROR|CRITICAL)\](?:\s*[:|-]\s*(?:" + _LOGGER + r")?| {0,2}(?:"
                    + _LOGGER + r")?)\s*"
                    r"|\[?(?:INFO|WARNING|WARN|DEBUG|ERROR|CRITICAL)\]?\s*[:|-]?\s*(?:" + _LOGGER + r")?"
                    r"|[IWE]\d{4} [\d:.]+ +\d+ [\w./-]+:\d+\]\s*"
                    # timm.utils.log.setup_default_logging's file format '%(name)20s: [%(levelname)8s] - '
                    r"|[\w.]+:\s*\[\s*(?:INFO|WARNING|DEBUG|ERROR|CRITICAL)\]\s*-\s*"
                    # the logging cookbook's '%(asctime)s - %(name)s - %(levelname)s - %(message)s': a logger named
                    # 'train' became every series' split ('train_lr', and the validation line's 'train_loss')
                    # (or by a path: ChineseNER's get_logger(log_file), 'log\\train.log', '/Users/../train.log')
                    r"|[\w.<>/\\:~-]+\s+-\s+(?:INFO|WARNING|WARN|DEBUG|ERROR|CRITICAL)\s+-\s+)")
from ._number import NUMBER  # noqa: E402 (its own module: discovery's sniffs use it without the parser)
_NUM = re.compile(NUMBER)


# Step keys, the most specific first (fairseq prints both 'update' (a fraction of an epoch) and 'num_updates').
# 'Iteration step: 1300' (public tinyimg-mobilevit) is the global step: it was a series 'Iteration_step'.
# 'Epoch 1, Global Batch 5, Training Loss: ..' (public scalingdown training.log): the global counter, never a series
# '[0.06%] batch_index=64 loss=11.0210' (public gpt2kh train_log.txt, a loguru line every 64 batches): the step too
STEP_KEYS = ("global_step", "trainer/global_step", "global step", "global steps", "global batch", "global iteration",
             "global iter", "global_iter", "global_iteration", "total step", "total steps", "num_updates", "step",
             "train_step", "steps", "iteration step", "training step", "train step", "iteration", "iter", "iters",
             "it", "itr", "updates", "update", "batch", "batch_id", "batch_index", "batch_idx",
             "train ep")  # SSDA_MME's 'S painting T clipart Train Ep: 100 lr0.0099': its training step, not an epoch
_STEP_SET = frozenset(STEP_KEYS)
# 'Test Epoch 1 --- test loss : 0.71' (public numpy-mlp) counts epochs like 'Train Epoch 1': it was a series.
# 'Training Epoch: 1, Loss: ..' / 'Validating Epoch: 1, accuracy: ..' (the same trainer's logging.debug/info) too
# 'Epo 1: Loss=1.5948 | Acc=25.65%' (public tecparla125 ``entrenamiento.log``, Spanish 'época' cut short): a series
# 'Epo' beside the loss
EPOCH_KEYS = frozenset({"epoch", "epochs", "ep", "epo", "train_epoch", "train epoch", "test epoch", "val epoch",
                        "valid epoch", "validation epoch", "eval epoch", "training epoch", "validating epoch",
                        "testing epoch", "evaluating epoch", "evaluation epoch"})
# a counter within the epoch printed as n/total beside the epoch (``epoch=0 i=12/530 total loss=...``: public
# cisc867-tts, ``i`` of ``for i, batch in enumerate(loader)``; ``Epoch 3 batch 50/100``): step = epoch x total + n
# (it was the epoch alone, 530 points at one step, or a counter restarting every epoch)
WITHIN_EPOCH_KEYS = frozenset({"i", "batch", "batch_idx", "idx", "b"})
# Printed numbers that are no training series: speeds, times, counters, sizes.
SKIPPED_KEYS = frozenset({
    "v_num", "time", "elapsed", "eta", "dt", "mfu", "tps", "tflops", "wps", "ups", "wpb", "bsz", "wall", "train_wall",
    "gb_free", "memory", "mem", "pid", "rank", "current batch", "used time", "samples", "tokens", "throughput", "total_flos", "loss_scale",
    "consumed_samples", "skipped_iterations", "nan_iterations", "number_of_skipped_iterations",
    "number_of_nan_iterations", "global_batch_size", "it/s", "s/it", "data_time", "batch_time", "iter_time",
    "step_time", "step time", "data time", "batch time", "tokens_per_sec", "samples_per_sec", "samples_per_second", "steps_per_second",
    "ips", "avg_samples", "epoch time", "epoch_time", "elapsed_time",  # PaddlePaddle's speed and timing keys (and '*_cost': seconds)
    # MetricLogger's 'time: 8.145  data: 4.452' (data loading's seconds, public SongxiYoung/dino-main train.out),
    # 'Total time 5.99, data 0.01%' (public Silmue/IMON), 'ntokens: 485.20/513' (tokens in a batch): no series
    "data", "total time", "total_time", "ntokens", "num_tokens", "n_tokens",
    "time_data", "time (data)",  # 'time (data): 0.387' (public hdrunet119 DRANet): seconds a batch took to load
    # the device: 'uttar_pradesh-resnet18 on GPU 0 | Epoch 1 Loss: 0.5790' (public brickkiln141) made a series 'on_GPU'
    "gpu", "on gpu", "gpu_id", "gpu id", "on cuda", "cuda", "device_id", "device id", "local_rank", "local rank",
    # ssd.pytorch/RFBNet/LPRNet loops' 'Epoch:1 || epochiter: 20/1562|| Totel iter 20 || Loss: 5.22||' (the batch
    # within the epoch, beside the run's own counter; set 217's lprnetft217): it was a series 'epochiter', 0..1552
    "epochiter", "epoch iter", "epoch_iter",
})
# 'Horizon loss parameters: 3' (public ChemMiniQ3-HoriFIE's model summary): how many weights, no series
# (and dataset sizes printed before training: 'Training Samples: 4237, Validation Samples: 529' (public ciallo96) were
# a series 'val_Samples')
_COUNTS = ("parameters", "params", "samples", "examples")
TIMING_SUFFIXES = ("_cost",)  # PaddlePaddle 'avg_reader_cost: 0.00058 sec', 'avg_batch_cost', 'batch_cost'



@dataclass(frozen=True)
class Record:
    """One parsed progress line: ``values`` are (tag, value) pairs; ``step`` None means 'the step of the line before'
    (or, for ``hf``, to be derived); ``kind`` is 'train', 'eval', 'summary' or 'cont' (a continuation line)."""

    shape: str
    values: tuple
    step: int | None = None
    epoch: float | None = None
    kind: str = "train"
    rank: int | None = None
    total: int | None = None  # the step count the progress runs to, when printed (``n/total``, ``Epoch 3/20``)
    time: str | None = None  # the line's timestamp prefix, when it has one
    own_step: bool = False  # the line printed a step key: its step is no epoch number, even when equal to one
    per_epoch: int | None = None  # the step is epoch x per_epoch + n ('batch 10/152, epoch 1/15'; _joblog_epochlen)
    phase: str | None = None  # the name before the line's counter ('LSTM_e1 Epoch 1: ..'): another name, another run
    within: bool = False  # the step is a named item counter within an epoch ('Patch number: 99 / 20955')


def to_float(text: str) -> float | None:
    try:  # (the common case first: a plain number, which the cleaning below leaves as it is)
        return float(text)
    except ValueError:
        pass
    text = text.strip().strip("'\"").replace(",", "")
    try:
        return float(text)
    except ValueError:  # 'nan.0', 'inf.0': Lightning's bar postfix of a non-finite metric (public HP-VADE)
        low = text.lower()
        return float(low[:-2]) if low.endswith(".0") and low.lstrip("+-") in ("nan.0", "inf.0") else None


def clean(raw: bytes) -> tuple[str, int | None, str | None]:
    """(text, rank, timestamp) of one printed segment: colour codes, timestamps, rank and log-level prefixes
    removed."""
    text = raw.decode("utf-8", "replace")
    if "\x1b" in text or "\x08" in text or "\x00" in text or "[" in text:  # terminal codes (``_progress_escapes``)
        text = strip_escapes(text)
    rank = stamp = None
    for _ in range(3):  # a timestamp before or after the rank prefix, e.g. k8s '2024-...Z [rank1]: ...'
        m = _TIMESTAMP.match(text)
        if m and m.end():
            stamp = stamp or m.group(0).strip(" \t[]-|")
            text = text[m.end():]
        m = _RANK.match(text)
        if m and rank is None:
            rank = int(next(g for g in m.groups() if g is not None))
            text = text[m.end():]
            continue
        break
    m = _LEVEL.match(text)
    if m and m.end():
        text = text[m.end():]
    if ":" in text and (m := _GLUED_RECORD.search(text)) is not None:  # '.. lr 1.000e-04WARNING:tensorflow:From ..'
        text = text[:m.start()]  # another writer's record glued to the line's last value (public imon70 train13.out)
    return text.strip(), rank, stamp


_GLUED_RECORD = re.compile(r"(?<=\d)(?:WARNING|ERROR|INFO|DEBUG|CRITICAL|FATAL):[A-Za-z_]")


_SPACES = re.compile(r"\s+")


def tag_name(key: str) -> str:
    words = key.split()  # (the whitespace of ``str.strip`` and of ``\s``: a one-word key needs no regex)
    if len(words) > 1 and any(w[-1:] == "." and w[:-1].lower() in _ENDED for w in words[:-1]):
        # 'Batch(0/1417) done. Loss: 590.63': a sentence ended before the key (public resnet-slr175, the SLR
        # trainers' print_log: the series was 'done._Loss')
        at = max(i for i, w in enumerate(words[:-1]) if w[-1:] == "." and w[:-1].lower() in _ENDED)
        return tag_name(" ".join(words[at + 1:]))
    if len(words) == 2 and words[1].lower() in _COPULAS:
        return words[0]  # 'current loss is: 4.55 , acc is: 0.06' (public tfcnn96): `loss`, `acc`, not `loss_is`
    return words[0] if len(words) == 1 else _SPACES.sub("_", key.strip())


_COPULAS = frozenset({"is", "was", "are", "were"})
_ENDED = frozenset({"done", "finished", "complete", "completed", "ok"})


# ---------------------------------------------------------------- the shapes

_CLAIMED = Record("claimed", ())  # a line of a known shape that holds no point: no other shape may read it


METER_NEEDLE = b"Acc@"  # validation's summary (' * Acc@1 12.5 Acc@5 33.5') holds no loss: looked for too




# the kv shape (its helpers are the other shapes' too: they import them from here, so first)
from ._progress_kv import _KV, _RUN_KEYS, _from_pairs, _kv, _kv_pairs, _sectioned, bar_progress  # noqa: E402,F401
from ._progress_classic import megatron as _megatron, mnist as _mnist  # noqa: E402
from ._progress_dicts import _hf, _json  # noqa: E402 (HF's printed dicts, JSON lines)
from ._progress_basicsr import basicsr as _basicsr  # noqa: E402
from ._progress_darknet import darknet as _darknet  # noqa: E402
from ._progress_dcgan import dcgan as _dcgan  # noqa: E402
from ._progress_epoch import epoch_summary  # noqa: E402
from ._progress_mm import mm as _mm, timm as _timm  # noqa: E402 (it imports this module's helpers)
from ._progress_phase import phase_meter as _phase  # noqa: E402
from ._progress_text import rewrite, sectioned  # noqa: E402

from ._progress_value_first import value_first as _value_first  # noqa: E402
from ._progress_ltr import ltr as _ltr  # noqa: E402
from ._progress_metriclogger import GARBLED, garbled_bar  # noqa: E402
from ._progress_imagenet import meter as _meter  # noqa: E402 (pytorch/examples' ProgressMeter)
from ._progress_libfs import libfs as _libfs  # noqa: E402 (LibFewShot's 'Epoch-(0): [100/100] .. Loss 0.8 (1.1)')
from ._progress_bracket import leading_counter  # noqa: E402 ('[20000/300000] Train loss: ..': the iteration)
from ._progress_avg import avg_summary  # noqa: E402 ('avg. train_loss 10.954': an epoch's summary)
from ._joblog_gluon import cifar_accuracies  # noqa: E402
from ._progress_words import words as _words  # noqa: E402 ('Epoch 3 trained with loss: ..', 'Train ppl at epoch 3: ..')

from ._progress_bars import _keras, _rich, _tqdm  # noqa: E402 (tqdm, Rich and Keras bars)
from ._progress_splitdict import split_dict  # noqa: E402 (GraphGym's 'val: {...}': before the HF dict shape)

SHAPES = (split_dict, _hf, _json, _tqdm, _rich, _keras, _mnist, _megatron, _mm, _timm, _libfs, _meter, _phase,
          _darknet, _basicsr, _dcgan, _ltr, _words, _kv, _value_first)


def _slurm_cut(text: str) -> str:
    """``text`` up to a SLURM step daemon's message glued into it. ``slurmstepd`` writes ``slurmstepd: error: *** JOB
    11679031 ON g002 CANCELLED AT 2024-10-11T13:44:45 ***`` into the job's output file when the job is cancelled, at
    whatever byte the training had printed up to: public llmc164 (llm.c's ``step 16256/19560 | loss nan (+nanz)| norm
    nan (slurmstepd: error: *** JOB ..``) read ``JOB`` = 11679031 and ``CANCELLED_AT`` = 2024 as two series of the
    last step. The message is the ending's (``ending.py`` reads it from the file), never the line's values.

    stdout is block-buffered, so the cut falls at any byte, mostly inside a number (``loss 1slurmstepd: ..`` of a
    loss at 8.5): the field the message is glued to (its cut value and the name before it) is dropped, the fields
    that ended before it (a separator between them and the message, or a closing bracket: a tqdm bar's ``..,
    batch_loss=82.9]slurmstepd``, public convrnnt166) are read."""
    text = text[:text.find("slurmstepd:")]
    if text and text[-1] not in _FIELD_END + "])}%'\"":  # glued mid-field: its value was cut while printing
        text = _CUT_FIELD.sub("", text)
    return text.rstrip(_FIELD_END)


_FIELD_END = " \t(|,;"
_CUT_FIELD = re.compile(r"(?:[A-Za-z_][\w./-]*[ \t]*[:=]?[ \t]*)?[^\s|,;(]*$")


def parse(raw: bytes) -> Record | None:
    """The record of one printed segment, or None when it is no progress line."""
    text, rank, stamp = clean(raw)
    if "slurmstepd:" in text:  # SLURM's '*** JOB N ON node CANCELLED AT <time> ***' written into the line
        text = _slurm_cut(text)
    text = rewrite(text)
    if not text or not_progress(text):
        return None
    if garbled_bar(text):
        return GARBLED
    if rank is not None and (" avg loss," in text or " avg, " in text) and (record := _darknet(text, rank)) is not None:
        return record  # Darknet's '2132: 0.49, 0.53 avg loss, ...': the iteration, no rank prefix
    if (record := checkpoint_line(text, Record, _CLAIMED)) is not None:  # Lightning's ModelCheckpoint lines
        return None if record is _CLAIMED else replace(record, rank=rank, time=stamp)
    for shape in SHAPES:
        record = shape(text)
        if record is _CLAIMED:
            return None
        if record is not None and best_so_far(record, text):
            return None
        if record is not None:
            if shape is _kv or shape is _value_first:
                record = avg_summary(leading_counter(epoch_summary(sectioned(record, text)), text), text)
                record = cifar_accuracies(record, text)  # GluonCV CIFAR's '[Epoch 3] train=0.79 val=0.78 loss=..'
                if record is None:
                    return None
            if rank is not None or stamp is not None:
                record = replace(record, rank=rank, time=stamp)
            return record
    return None
