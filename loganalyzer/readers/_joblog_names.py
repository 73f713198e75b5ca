"""What discovery needs of job logs, without the parsers (``joblog``, ``_progress`` and ``_joblog_ending`` compile
~70 regexes on import, ~20 ms that a scan of a tree without job logs need not pay): the process-wide settings
(``configure``/``settings``, re-exported by ``joblog``), the file names that are job logs and the content sniff."""
from __future__ import annotations

import re

from . import _cjk_keys, _joblog_convnet, _joblog_freerec, _joblog_paddlev1, _joblog_tensorlines, _latin_keys, _joblog_epochrows, _iterpairs_head, _joblog_splitrows, _joblog_stepname, _joblog_tutorial, _legacy_text, _megatron_head, _preambles
from ._joblog_latex import bookmarks
from ._printed_names import _NAMES, _SETTINGS, configure, is_job_log_name, settings  # noqa: F401 (re-exported)

# XGBoost/LightGBM's eval lines ('[1]\ttrain-rmse:7.109\tvalidation-rmse:7.085', "[10]\tvalid_0's auc: 0.65",
# lgb.cv's "[10]\tcv_agg's valid auc: 0.65 + 0.01") and CatBoost's ('10:\tlearn: 0.33\ttest: 0.42\tbest: ..'):
# no loss word (_joblog_gbm, _joblog_catboost)
_GBM_LINE = (rb"(?m:^\[\d+\]\t[A-Za-z_][\w.]*(?:-[\w@.-]+:|'s (?:train |valid )?[\w@.-]+: )[-+\d.naif])"
             rb"|(?m:^\d+:\t(?:learn|test\d*): [-+\d.naif])")
# timm train.py's start-up lines (train.py main(): 'Training with a single process on 1 GPUs.', 'Training in
# distributed mode with multiple processes, ...', 'Scheduled epochs: 300'): its data-config dump can fill the head
# before the first 'Loss:' (Becai/Cumulative-Feature-Fusion train.log: the first loss at byte ~9,000)
_HEAD_HINT = re.compile(rb"[lL]oss(?:\b|\d{1,2}[ \t]*[:=])|Epoch {1,8}\d|EPOCH:? ?\d|Epoch\[\d+\] Batch \[|Traceback \(most recent|slurmstepd|it/s[\],]|\d%\|"
                        rb"|Training with a single process on \d|Training in distributed mode with"
                        rb"|Scheduled epochs: \d"
                        # Lightning's closing line: a fit's stdout with its bar off (ux67 F12: the same file was an
                        # `unknown` row "completed before any loss was printed" as pl.out, an error line as pl_stdout.log)
                        rb"|`Trainer\.fit` stopped: "
                        rb"|(?i:\bepoch \d+: \{')"  # Accelerate's examples: "epoch 0: {'accuracy': .." (no loss)
                        # a ProgressMeter whose loss meters are named 'L_<term>' (ASCL: 'Epoch: [0][10/400]\tTime ..
                        # \tL_GCE 4.534 (4.440)', _joblog_costnamed._L_METER)
                        rb"|Epoch: ?\[\d+\]\[ *\d+/\d+\][^\n]{0,120}?\bL_[A-Za-z]\w{0,15}[ \t]+[-+.\d]"
                        # torchreid's 'Epoch: [1][10/275]\tTime ..\tXent 4.99 (5.10)\tHtri ..' (_joblog_reidmeter)
                        rb"|Epoch: ?\[\d+\]\[ *\d+/\d+\][^\n]{0,160}?\b(?:Xent|Htri)[ \t]+[-+.\d]"
                        rb"|(?m:^E {2,}# {2,}LOSS \S)"  # spaCy v3's 'spacy train' table (_joblog_spacy3)
                        rb"|\bnTargets[ \t]+time[ \t]*\r?\n"  # ultralytics/yolov3 (2019), JDE: _joblog_epochbatch
                        rb"|(?im:^[ \t]*epoch[ \t]*[:#]?[ \t]*(?:\d+(?:[ \t]*/[ \t]*\d+)?[ \t]*[|,]|\[[ \t]*\d+(?:[ \t]*/[ \t]*\d+)?[ \t]*\][ \t]*[|,:]?)[ \t]*(?:train|training|val|valid|validation|test|dev)[ \t]*[:=]?[ \t]*[-+.\d])"  # _joblog_splitnamed ('Epoch [1/45] Train: 0.07')
                        # XLM's print_stats ('  200 -  267.19 equations/s -  4771.04 words/s - ARITHMETIC: ..': _progress_xlm)
                        rb"|\d (?:sent|sentences|equations|examples)/s - +[\d.]+ words/s - "
                        # 'epoch  12/300  train 4.4470  val 4.2903  lr ..': fields apart by spaces, one or more (_joblog_splitvalues)
                        rb"|(?im:^[ \t]*epoch[ \t]+\d+[ \t]*/[ \t]*\d+[ \t]+(?:train|training)[ \t]+[-+.\d][^\n]*?[ \t]+(?:val|valid|validation|test|dev)[ \t]+[-+.\d])"
                        # an epoch, then an objective's terms with no loss word: _joblog_termnamed
                        rb"|(?im:^[ \t]*epoch[ \t]*[:#]?[ \t]*[\[(]?[ \t]*\d+(?:[ \t]*/[ \t]*\d+)?[ \t]*[\])]?[ \t]*[:|,]?[ \t]*"
                        rb"(?:recon\w*|rec|kld?|nll|elbo|mse|rmse|bpd)[ \t]*[:=][ \t]*[-+.\d])"
                        # a counter, then the summed objective named 'total' with no loss word: _joblog_totalnamed
                        rb"|(?i:\b(?:epoch|iter(?:ation)?|step)[ \t]*[:=#]?[ \t]*\d[^\n]{0,60}?\btotal[ \t]*[:=][ \t]*[-+.\d])"
                        # an epoch, then a split's perplexity with no loss word (public ptblm98 log.txt: 'epoch: 0\ttrain
                        # ppl: 111525.3\tval ppl: 5975.6\tbest val: ..'): a language model's printed objective
                        rb"|(?im:^[ \t]*epoch[ \t]*[:=#]?[ \t]*\d[^\n]{0,40}?\b(?:train|training|val|valid|validation|test|dev)[ _]?(?:ppl|perplexity)[ \t]*[:=][ \t]*[-+.\d])"
                        rb"|:::MLLOG \{"  # MLPerf's mllog records (eval_accuracy, no loss word: _joblog_mllog)
                        rb"|\[marian\] Marian v\d|\bEp\. \d+ :? ?Up\. \d+ :"  # Marian NMT (_joblog_marian)
                        rb"|(?m:^epoch\s*[:=]\s*\d+[\t ,;|]+[^\n]*[Aa]ccuracy\s*[:=]\s*\d)"  # 'epoch:1\tAccuracy:71.0' (_joblog_accuracy)
                        rb"|\bStep +\d+/ *\d+; acc: *[\d.]+; ppl:"  # OpenNMT-py (_joblog_onmt)
                        rb"|(?m:^FastEstimator-Train: step: \d+;)"  # FastEstimator's Logger (_joblog_fastestimator)
                        rb"|(?m:^Losses \{'[\w-]+': [-+\d.])"  # spaCy's 'Losses {'ner': 172.9}' (_progress_linefix)
                        # the same under Python 2: "('Losses', {u'ner': 30.000})" (_progress_py2tuple; brk59 W3)
                        rb"|(?m:^\('Losses', \{u?'[\w-]+': [-+\d.])"
                        rb"|(?i:\b(?:LOOCV|leave[- ]one[- ]out)\b[^\n]{0,20}\bfold\s*\d+\s*/\s*\d+)"  # per-fold scores: _joblog_nothing
                        rb"|\] \[Losses: \w+ \d|\bStep \d+: Cross entropy = \d|\bScore at iteration \d+ is [-\d]"  # _joblog_scoreword
                        rb"|(?m:^(?:\[Rank \d+\] *)?\(epoch: \d+, iters: \d+, time: )"  # CycleGAN/pix2pix (_joblog_cyclegan)
                        rb"|(?m:^\(Iter \d+\) Batch \d+/\d+ \(Epoch \d+\) \w+:[-+\d.])"  # SEGAN (_joblog_segan)
                        # 'Iter 0 - time: 1 - [train]: 0.94 - [valid]: 0.95': a split's loss (_joblog_splitvalues)
                        rb"|(?im:^(?:iter|iteration|step|epoch)\s+\d+\s+-\s[^\n]{0,80}?\[(?:train|val|valid)\]:\s*[-+.\d])"
                        # '[0/3][0/1583]\tLoss_D: 1.2\tLoss_G: 3.4\tD(x): ..': the PyTorch DCGAN tutorial's print, and
                        # '[0][100/500] loss_G: ..' -- an epoch and an iteration, then a loss key with a suffix
                        rb"|(?m:^[ \t]*\[\d+(?:/\d+)?\]\[\d+/\d+\][^\n]{0,40}?[lL]oss_?\w{0,12}[ \t]*[:=][ \t]*[-+.\d])"
                        rb"|\[epoch: *\d+, iter: *[\d,]+, lr:\("  # BasicSR/mmsr: '[epoch:  0, iter:     100, lr:(2.000e-04,)] l_pix: ...'
                        # an epoch's number, then a '*loss*' key with its value on the line, as Python logging's
                        # default format prints it (public BZX667/Hyper_CDR training.log: 'INFO:__main__:Epoch: 0000
                        # avg_loss_tgt: 299.861 time: 42.37s'; 'epoch=3 train_loss_avg=0.51'): no 'loss' word alone
                        # or an iteration's: AutoVC's 'Elapsed [0:00:50], Iteration [500/1000000], G/loss_id: 4.0174, ..'
                        # (public lohjine/autovc trainlog.txt: the file was not found at all); PaddleGAN's 'Iter:
                        # 100/1000000 lr: 1.000e-04 loss_pixel: 6.448' (rcanpd74) with no ']' after the total
                        rb"|(?im:^[^\n({]{0,80}?\b(?:epoch|iter(?:ation)?)\b[ \t]*[:#=]?[ \t]*\[?[ \t]*\d+(?:/\d+\]?)?[ \t,;|]+[^\n]*?"
                        rb"\b[a-z_]*loss[a-z_]*[ \t]*[:=]"
                        rb"[ \t]*[-+]?(?:\d|nan\b|inf\b))"
                        rb"|(?m:^\d+(?:, \d+\.\d+)?: [-\d.]+, [-\d.]+ avg, [-\d.e]+ rate, )"  # pjreddie/darknet's (_progress_darknet)
                        rb"|\[Iter \d+\] (?:d: [-\d.]+; g: [-\d.]+; )?hole: [-\d.]+; valid: "  # an STTN fork's (_progress_descpairs)
                        # VITS/so-vits-svc: 'Train Epoch: 1 [0%]', then an unnamed loss list (_joblog_vits)
                        rb"|Train Epoch: \d+ \[\d+%\][^\n]*\r?\n[^\n]*\[[-+]?\d[^\n\]]*, \d+, [-+\d.e]+\]"
                        # an epoch, then one objective for the training split and the validation split, each by a
                        # name with no loss word ('epoch 01  lr=9.97e-04  train_smooth_l1=1.933159  val_smooth_l1=
                        # 1.496713', public deepltsf168 train_v3.log: a forecasting script's print; the file was not
                        # read): the same name after 'train_' and 'val_' is the pair the curves judge
                        rb"|(?im:^[ \t]*epoch[ \t]*[:=#]?[ \t]*\d+[^\n]{0,80}?\b(?:train|training|trn)_(?P<pairname>\w{1,40})[ \t]*[:=][ \t]*[-+.\d]"
                        rb"[^\n]*?\b(?:val|valid|validation|test|dev)_(?P=pairname)[ \t]*[:=][ \t]*[-+.\d])"
                        # the same with the training's accuracy under Keras' bare name ('epoch 3 acc=0.61 val_acc=0.55',
                        # History's acc/val_acc copied into a print loop; ux65 #4): _joblog_termnamed.split_pair
                        rb"|(?im:^[ \t]*epoch[ \t]*[:=#]?[ \t]*\d+[^\n]{0,80}?\b(?P<accname>acc|accuracy|acc1|acc5|top1|top5)[ \t]*[:=][ \t]*[-+.\d]"
                        rb"[^\n]*?\b(?:val|valid|validation|test|dev)_(?P=accname)[ \t]*[:=][ \t]*[-+.\d])"
                        # JSON lines whose loss keys carry a suffix ('train_loss_itm', 'train_loss_lm': no word
                        # boundary after 'loss'), the value a number or ALBEF/BLIP's '{:.3f}' string
                        # (salesforce/ALBEF Retrieval.py: log_stats = {**{f'train_{k}': v ..}} of
                        # metric_logger's '"{:.3f}".format(meter.global_avg)', json.dumps-ed to log.txt; public
                        # albefneg188, mmgr188: the files were not found at all)
                        rb"|(?m:^\{\"[^\n]{0,400}?[lL]oss_\w{1,30}\": ?\"?[-+.\d])"
                        rb"|" + _GBM_LINE)
# OpenAI baselines' / SB3's key-value table (logger.HumanOutputFormat: a dashes line, then '| key | value |' rows):
# HER/DDPG/DQN tables may hold no loss row at all ('| epoch | 0 |', '| test/success_rate | 0.08 |')
_TABLE_HINT = re.compile(rb"(?m)^-{7,}\r?\n\| +[^|\s][^|\n]*\| +[^|\s][^|\n]*\|\r?$")


# A PyTorch module's repr (``print(model)``/``logger.info(model)`` at a training's start: ``Linear(in_features=512,
# out_features=100, bias=True)``, ``Conv2d(3, 64, kernel_size=(3, 3), ...)``) can fill the head before the first loss
# (Windere/ASGL-SNN log/train.log: a ResNet's repr, the first 'Loss:' at byte ~11,000): such a *.log/*.txt is looked
# at again over its first ``DEEP_SNIFF`` bytes.
# Keras' ``model.summary()`` (Keras 2: ``Layer (type)   Output Shape   Param #``; Keras 3: the same header in a
# box-drawn table, ``┃ Layer (type) ┃ Output Shape ┃ Param # ┃``) does the same for a Keras job (held-out public
# roadsurf54's training.txt: TensorFlow's start-up lines and a CNN's summary, 'Epoch 1/40' at byte ~12,000).
_MODEL_PRINT = re.compile(rb"in_features=\d+, out_features=\d+|kernel_size=\(\d+|\b(?:BatchNorm[123]d|LayerNorm)\(\d+"
                          rb"|Layer \(type\)[^\n]{0,120}Output Shape")
# BasicSR/mmsr log their options first (``dict2str(opt)``: ``  network_g:[``, ``  datasets:[`` opening nested
# blocks, XDpaddle/HDRUnet_Paddle: 350 lines, the first training line at byte ~17,000): looked at further too.
_OPTIONS_DUMP = re.compile(rb"(?m)^ +\w+:\[\r?$")
DEEP_SNIFF = 1 << 16
# OpenMMLab's logs open with the environment and the whole config (mmengine ``Runner``: ``System environment:``,
# ``Runtime environment:``, ``Config:``; mmcv 1.x ``tools/train.py``: ``Environment info:``, ``Config:``), 30-90 KB
# before the first ``Epoch(train)`` line; fairseq prints its ``Namespace(...)``/cfg dict, Marian its options: read
# up to ``CONFIG_SNIFF`` bytes for progress when the head is such a dump
_CONFIG_DUMP = re.compile(rb"(?m)^(?:.* - INFO - )?(?:System environment|Runtime environment|Environment info|Config)"
                          rb":\s*$")
CONFIG_SNIFF = 1 << 18
# argparse's ``Namespace(...)`` printed by every launch (Pointnet_Pointnet2_pytorch's ``log_string(args)``): a head of
# relaunches that stopped before their first epoch ended (public pn2plane178 pointnet2_only_planes: 14 launches,
# the first ``Training mean loss`` at byte ~16,700) is looked past as a printed model is (``DEEP_SNIFF``)
_NAMESPACE = re.compile(rb"(?m)^(?:.* - INFO - )?Namespace\(\w+=")


def model_print(name: str, head: bytes) -> bool:
    """Whether ``head`` (the first bytes of a ``*.log``/``*.txt`` that ``sniff`` refused) holds a printed PyTorch
    model, a Keras model summary or a BasicSR options dump, so that the file's progress may start past the head (``DEEP_SNIFF``)."""
    if not name.endswith((".log", ".txt")):
        return False
    head = utf8(head, cut=True)
    return _MODEL_PRINT.search(head) is not None or len(_OPTIONS_DUMP.findall(head)) >= 2


def deep_sniff_bytes(name: str, head: bytes) -> int:
    """How far to look for progress in a ``*.log``/``*.txt`` that ``sniff`` refused on its head: ``CONFIG_SNIFF``
    past an environment/config dump, ``_megatron_head.SNIFF`` past Megatron/DeepSpeed's preamble, ``DEEP_SNIFF`` past a printed model or options dump, else 0 (not further)."""
    if not name.endswith((".log", ".txt")):
        return 0
    if _CONFIG_DUMP.search(utf8(head, cut=True)) is not None:
        return CONFIG_SNIFF
    if _megatron_head.preamble(head):
        return _megatron_head.SNIFF
    if (which := _preambles.kind(head)) is not None:  # Caffe's net dump, MPI ranks' start-up, printed source
        return _preambles.BOUNDS[which]
    return DEEP_SNIFF if model_print(name, head) or len(_NAMESPACE.findall(utf8(head, cut=True))) >= 2 \
        or repeated_prints(head) else 0


# a head that is one debugging print over and over (set 199's DNABERT fork: 'debug message3', 'after model.train(),
# debug message4' for every batch, its JSON evaluation lines every ~700 lines, the first at byte ~21,000): looked past
_COUNTER = re.compile(rb"\d+")
_WORD = re.compile(rb"[A-Za-z]{3}")


def repeated_prints(head: bytes) -> bool:
    """Whether ``head`` holds at least 40 lines, three quarters of them at most three texts with words (numbers
    aside) printed again and again: a loop's debugging prints, before which no progress showed."""
    lines = [line.strip() for line in utf8(head, cut=True).splitlines()[:-1]]
    lines = [line for line in lines if line]
    if len(lines) < 40:
        return False
    counts: dict[bytes, int] = {}
    for line in lines:
        shape = _COUNTER.sub(b"#", line)
        counts[shape] = counts.get(shape, 0) + 1
    top = sorted(counts.items(), key=lambda kv: -kv[1])[:3]
    return sum(n for _, n in top) * 4 >= len(lines) * 3 and all(_WORD.search(shape) for shape, _ in top)


# a run of NUL bytes this long is a zero-filled block (a log copied from a file system with holes, or cut by a
# crash while its size was already set), not binary data: public darknet80's train.log holds three (3,778, 130 and
# 5,057 NULs) between its text lines and was "binary data"
_ZERO_BLOCK = re.compile(rb"\0{64,}")


def _looks_binary(head: bytes) -> str | None:
    """Why ``head`` is no text log (None when it is text): NUL bytes or many control/invalid bytes at the start.
    Zero-filled blocks (``_ZERO_BLOCK``) among text lines are left out of the count."""
    sample = head[:65536]
    if not sample:
        return None
    if b"\0" * 64 in sample:
        kept = _ZERO_BLOCK.sub(b"", sample)
        if len(kept) >= 1024 and _looks_binary(kept) is None:
            return None
    controls = sum(sample.count(bytes([c])) for c in range(32) if c not in (9, 10, 13, 27, 8, 12))
    bad = len(sample.decode("utf-8", "replace").encode("utf-8")) - len(sample)  # ~3 extra bytes per bad byte
    nul = sample.count(b"\0")
    if nul > len(sample) // 100 or controls > len(sample) // 20 or bad > len(sample) // 5:
        return (f"binary data, not a text log ({nul:,} NUL, {controls:,} control and about {bad // 2:,} non-UTF-8 "
                f"bytes in the first {len(sample):,})")
    return None


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def utf8(data, cut: bool = False):
    """A log saved as UTF-16 (Windows PowerShell 5's ``python train.py > train.log``: a byte-order mark, then two
    bytes a character) or in a Chinese Windows code page (GBK: ``_legacy_text``) as UTF-8 bytes, CJK keys before a
    colon in English in a GBK log (``_cjk_keys``: a Chinese Windows script's own keys; a UTF-8 log's are left as
    they were read before, unless no loss word is printed but a Chinese one: ``_cjk_keys.loss_only``); any other
    bytes as they are. ``cut``: ``data`` is a file's first bytes (its last character may be cut)."""
    if bytes(data[:2]) not in UTF16_BOMS:
        legacy = _legacy_text.to_utf8(data, cut)  # a Chinese Windows log (GBK): readers/_legacy_text.py
        if legacy is None:  # 'Época 3/10 - pérdida: 0.52' -> 'Epoch 3/10 - loss: 0.52' (_latin_keys)
            latin = _latin_keys.in_english(data)
            return _cjk_keys.loss_only(data) if latin is data else latin  # UTF-8 '训练损失: 32.1' and no loss word
        return _cjk_keys.in_english(legacy)  # '当前损失值：10.1' -> 'loss: 10.1'
    raw = bytes(data)
    if cut and len(raw) % 2:
        raw = raw[:-1]
    return raw.decode("utf-16", "replace").encode("utf-8")


# a terminal's output saved as Markdown: a tqdm bar ('100%|#####| 213/213 [06:21<00:00'), YOLO's epoch table or
# XGBoost/LightGBM eval lines
_MD_HINT = re.compile(rb"(?m)\d%\|[^|\n]{0,80}\| *\d+/\d+ \[|^[ \t]*Epoch[ \t]+(?:gpu_mem|GPU_mem)[ \t]|" + _GBM_LINE)


# A file named exactly ``log`` (no suffix) is judged by its content like a ``*.log``: besides Chainer's LogReport JSON
# (discover_sniff.NO_SUFFIX_LOG), Python logging's FileHandler is often given that name -- public ai100w11170
# ``result/log``: a TensorFlow char-RNN's ``2018-06-05 23:59:26,183 - DEBUG - train.py:96 - step [8400 / 17427] loss
# [6.21]`` lines (903 of them) were never looked at, the run not found.
BARE_LOG = "log"


def sniff(name: str, head: bytes) -> bool:
    """A job log by name (``slurm-*.out``, ``*.out``/``*.err``, ``stdout*``) or, for ``*.log``/``*.txt``, by content
    (progress or errors in the first bytes); a ``*.md`` only when its head holds a progress bar or a YOLO table (a
    terminal's output saved as Markdown); never binary data."""
    head = utf8(head, cut=True)
    if not head or _looks_binary(head):
        return False
    if is_job_log_name(name):
        return not (name.endswith(".out") and bookmarks(head))  # hyperref's paper.out: LaTeX's, no job's
    if name.lower().endswith(".md"):
        return _MD_HINT.search(head) is not None
    if name.lower().endswith((".csv", ".tsv")):  # print() output saved as train_log.csv (discover._printed_csv)
        from ._printed_names import printed_log

        return printed_log(head)
    return (name.endswith((".log", ".txt")) or name == BARE_LOG) and (_HEAD_HINT.search(head) is not None
                                                or _TABLE_HINT.search(head) is not None
                                                or _joblog_epochrows.looks(head)  # 'Epoch: 0' / '10.19, 0'
                                                or _joblog_splitrows.looks(head)  # 'Epoch #0' / 'Train: 0.98'
                                                or _joblog_convnet.looks(head)  # cuda-convnet's layer lines
                                                or _joblog_freerec.looks(head)  # '[Coach] >>> TRAIN @Epoch: 1 >>> || LOSS Avg:'
                                                or _joblog_paddlev1.looks(head)  # paddle_trainer's glog lines
                                                or _joblog_tensorlines.looks(head)  # 'LOSS' / 'tensor(4.69, ..)'
                                                or _joblog_stepname.looks(head)  # nanoGPT's '0 val 11.08'
                                                or _joblog_tutorial.looks(head)  # '0m 24s (5000 6%) 3.5270'
                                                or _iterpairs_head.looks(head)  # CyCADA 'Iteration 20: D:..'
                                                # the user's own joblog.patterns: their lines are progress
                                                or any(p.search(head) for p in _SETTINGS["patterns"]))

