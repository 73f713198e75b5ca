"""``curves`` vocabulary: tag/dir names split into words, and what each (dir, tag) says about its role.

See ``loganalyzer.curves`` for how the words decide roles."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from .curves_markerconflict import resolve as resolve_conflict, selection_split
from .readers._names_i18n import abbreviated, in_english, lone_l

if TYPE_CHECKING:
    from .curves_choose import _Table


# ---------------------------------------------------------------- vocabulary

TRAIN_WORDS = frozenset({"train", "training", "trn"})
# 'vali': the Time-Series-Library family (Informer, Autoformer, Crossformer, TimesNet: 'Epoch: 1, Steps: 628 | Train Loss:
# 0.59 Vali Loss: 0.41 Test Loss: 0.46'; public myformer86): Vali_Loss was a loss component and Test_Loss the validation
# 'evaluated': a federated run's evaluation side (public fedavgbart177's per-round JSON ``clients_evaluated_in.loss.avg``,
# ``clients_evaluated_out``, ``server_evaluated.loss`` beside the fit side's ``clients_updated.loss.avg``: unmarked, the
# evaluated clients' loss was judged as the training loss)
VAL_WORDS = frozenset({"val", "vali", "valid", "validation", "validate", "eval", "evaluation", "evaluated", "dev",
                       "holdout"})
TEST_WORDS = frozenset({"test", "testing", "predict", "prediction"})
LOSS_WORDS = frozenset({"loss", "losses", "cost", "objective"})
STEP_WORDS = frozenset({"step", "steps", "batch", "batches", "iter", "iters", "iteration", "iterations", "vs"})
EPOCH_WORDS = frozenset({"epoch", "epochs"})
# words that leave a loss "plainly named": the total, however it is aggregated
PLAIN_WORDS = frozenset({"total", "tot", "mean", "avg", "average", "overall", "full", "sum", "combined", "all",
                         "running", "smooth", "smoothed", "ema"})  # 'tot': FairMOT-X's 'tot_loss' (myfairmotx194)
# words that only index copies of the same quantity (Lightning dataloader_idx_N, param groups)
INDEX_WORDS = frozenset({"dataloader", "idx", "loader", "pg"})
# terms of a composite objective: never the total when anything else is a loss
COMPONENT_WORDS = frozenset({
    "kl", "kld", "nll", "bce", "recon", "reconstruction", "rec", "reg", "regularization", "regularisation", "regularizer",
    "penalty", "aux", "auxiliary", "dynamics", "commitment", "codebook", "vq", "perceptual", "adversarial", "adv",
    "gp", "l1", "l2", "physics", "pde", "boundary", "bc", "ic", "initial", "residual",
})
# a component logged without the word "loss" (Lightning VAE: train_kl_step, train_nll_step) unless it is a knob
COMPONENT_KNOBS = frozenset({"weight", "beta", "coef", "coeff", "scale", "anneal", "annealing", "factor", "lambda"})
# terms of a detector's objective, each logged as its own column with no total (Ultralytics/YOLO results.csv:
# train/box_loss, train/cls_loss, train/dfl_loss; YOLOv5 obj; segment seg; pose pose, kobj; RT-DETR giou, l1;
# oriented boxes: yolov5_obb's theta (its total is box + obj + cls + theta, theta the largest term), OBB angle)
DETECTOR_TERMS = frozenset({"box", "cls", "dfl", "obj", "seg", "pose", "kobj", "giou", "l1", "rle", "angle",
                            "theta"})
ACC_WORDS = frozenset({"acc", "accuracy", "accuracies"})
# zero-shot benchmarks a language model's pretraining scores itself on (build-nanogpt/llm.c print ``hella`` /
# HellaSwag accuracy every 250 steps; EleutherAI lm-evaluation-harness task names): a downstream probe that sits near
# chance (0.25 for HellaSwag) for small models whose validation loss falls 10.95 -> 3.1, not the task's accuracy
# (public buildnanogptlb152, clear `healthy`, was `underfit` "hellaswag_acc never rose")
LM_BENCHMARKS = frozenset({"hellaswag", "hella", "mmlu", "arc", "piqa", "winogrande", "lambada", "boolq",
                           "openbookqa", "siqa", "truthfulqa", "gsm8k", "copa"})
# scores that only grow with a better model, never what an optimiser minimises, whatever prefix the writer gave them:
# public ecgae62's ``loss/corr`` (an ECG autoencoder's correlation, -0.006 -> 0.998, beside ``loss/pmse``) was taken
# for the training loss and read as `diverged`
NO_LOSS_WORDS = frozenset({"corr", "correlation", "pearson", "spearman", "r2", "psnr", "auc", "auroc"})
ACC_PLAIN = frozenset({"categorical", "sparse", "binary", "top1", "mean"})
# the task's validation metrics other than accuracy, by direction, most telling first (a detector's mAP@.5:.95 over
# mAP@.5, F1 over precision/recall); words of the tag lower-cased without camel-case splitting ("mAP50-95" -> map50)
# COCO's "AP" is its mAP@[.5:.95] (detectron2's ``bbox/AP``, ``segm/AP50``; DETR's stats list, readers/_coco.py)
METRIC_UP = ("map5095", "map", "map50", "map75", "ap", "ap50", "ap75", "f1", "f1score", "fscore", "bleu", "sacrebleu",
             "rouge", "rougel", "rougelsum", "rouge1", "rouge2", "meteor", "chrf", "auc", "auroc", "aupr", "auprc", "prauc", "miou", "iou",
             "dice", "dsc", "mcc", "r2", "ndcg", "mrr", "hits", "psnr", "ssim", "spearman", "pearson", "precision", "recall", "score", "scores")
METRIC_DOWN = ("wer", "cer", "ter", "per", "perplexity", "ppl", "fid", "mae", "rmse", "mape", "smape", "top1err",
               "top5err", "mr")
# "top1err"/"top5err": a top-k error RATE in % named by its own words (PySlowFast's json_stats ``top1_err``,
# ``val_top1_err``, ``top5_err``: ``slowfast/utils/meters.py`` logs 100 - top-k accuracy; GluonCV's ``err-top1``),
# lower is better: a validation task measure, never an accuracy (``_ERROR_OF``) nor a loss (``metric_word``)
# "per" (phoneme error rate, g2p/ASR: val_per) is also an English word of other tags (samples_per_second, loss_per_
# token): it names a metric only alone beside a split word (``val_per``, ``test/per``, ``PER``)
# "score(s)" alone beside a split word (scikit-learn's MLP ``validation_scores_`` dumped to JSON, its printed
# ``Validation score: 0.55`` read as val_score: accuracy or R^2, higher is better; a newcomer breaker's logs) is the
# validation's metric; inside other tags (anomaly_score, score_threshold) it names nothing
# "mrr" (mean reciprocal rank), "hits" (Hits@k: the share of queries whose answer ranks in the top k) and "mr" (mean
# rank, lower is better): the link-prediction / retrieval measures of knowledge-graph embedding (OpenKE, RotatE,
# CompGCN, PyKEEN print MRR, MR, Hits@1/3/10) and recommenders (RecBole's ``hit@10``, ``mrr@10``). "hits"/"hit"/"hr"
# (hit ratio) name it only before a cut-off number (``hits@10``, ``HR@20``; "hr" alone is a heart rate), "mr" only
# alone beside a split word (``valid MR``)
_ALONE_ONLY = frozenset({"per", "score", "scores", "mr"})
_AT_K = frozenset({"hits", "hit", "hr"})
_SPLIT_WORDS = frozenset({"train", "training", "val", "vali", "valid", "validation", "eval", "test", "dev"})
OPTIMIZERS = frozenset({"adam", "adamw", "sgd", "rmsprop", "adagrad", "adadelta", "adamax", "nadam", "radam", "lamb",
                        "lion", "adafactor", "lbfgs", "lars"})
LR_EXCLUDE = frozenset({"momentum", "scale", "factor", "finder"})
# a running best kept beside the metric (``best_val_loss``, ``val_loss_best``, ``min_val_loss``; Lightning-Hydra
# template's ``val/acc_best`` from torchmetrics' MaxMetric): bookkeeping, never the curve itself nor a loss term (a
# running minimum only falls: read as the validation loss it can never show overfitting; twenty-fifth labeller's
# ResNet50-Plant-Disease-Detection ``best_val_loss``)
RUNNING_MIN = frozenset({"best", "min", "minimum", "lowest"})
RUNNING_MAX = frozenset({"best", "max", "maximum", "highest"})
GRAD_WORDS = frozenset({"grad", "grads", "gradient", "gradients"})
GRAD_PLAIN = frozenset({"total", "inf", "global"})

# a split's initial or short form before a loss/accuracy/metric word (``T_Loss | V_Loss``, ``tr_loss``/``va_loss``,
# ``trn_loss``/``vl_loss``: a newcomer breaker's print, no validation seen)
_SPLIT_PREFIX = {"t": "train", "tr": "train", "v": "val", "va": "val", "vl": "val", "vld": "val", "tst": "test"}
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SPLIT = re.compile(r"[^a-z0-9]+")

# plainness levels of a loss name
PLAIN, INDEXED, QUALIFIED, COMPONENT = 0, 1, 2, 3
_LEVEL_WORDS = {PLAIN: "plainly named", INDEXED: "an indexed copy", QUALIFIED: "a qualified name",
                COMPONENT: "a loss component"}
_ROLE_TEXT = {"train_loss": "training loss", "val_loss": "validation loss", "lr": "learning rate",
              "grad_norm": "gradient norm", "train_acc": "training accuracy", "val_acc": "validation accuracy",
              "val_metric": "validation metric", "reward": "reward"}


# GluonCV detectors' loss terms, printed without the word "loss" (SSD ``CrossEntropy=``, ``SmoothL1=``; CenterNet
# ``HeatmapFocal=``, ``WHL1=``, ``CenterRegL1=``; readers/_joblog_gluon.py, ``<name>_epoch`` too): named as the losses
# they are (CenterNet was `unknown`, "no series named like a loss"). Exact tag heads only: no other tag changes words.
_GLUON_TERMS = {"CrossEntropy": "cross_entropy_loss", "SmoothL1": "smooth_l1_loss", "HeatmapFocal": "heatmap_focal_loss",
                "WHL1": "wh_l1_loss", "CenterRegL1": "center_reg_l1_loss"}
# YOLOv10's terms of its two heads, logged without the word "loss" (``train/box_om`` one-to-many, ``val/cls_oo``
# one-to-one; readers/ultralytics_csv.py): named as the loss terms they are, the head word kept (curves_align sums
# both heads' terms: v10DetectLoss trains on their sum)
_HEAD_TERM = re.compile(r"((?:.*/)?(?:box|cls|dfl))_(o[mo])")
HEAD_WORDS = frozenset({"om", "oo"})
_INDEXED = frozenset({"port", "head", "group", "lr", "loss"})


def words(name: str) -> list[str]:
    """Lower-case words of a tag or dir name: ``lr-Adam/pg1`` -> lr, adam, pg, 1; ``NLLLoss`` -> nll, loss;
    ``train_L_rec`` -> train, loss, rec."""
    out: list[str] = []
    name = in_english(name)  # 'loss validación', 'loss_entrenamiento': split/loss words of other languages
    head, sep, tail = name.partition("_")
    if head in _GLUON_TERMS:
        name = _GLUON_TERMS[head] + sep + tail
    elif tail in ("om", "oo") and (m := _HEAD_TERM.fullmatch(name)):
        name = f"{m.group(1)}_loss_{m.group(2)}"
    if "L" in name:  # a capital L standing alone is the paper notation for a loss: train_L_vae, L_rec (peptide-vae)
        name = lone_l(name)
    for w in _SPLIT.split(_CAMEL.sub("_", name).lower()):
        if not w:
            continue
        if w.endswith("loss") and len(w) > 4:  # 'valloss', 'nllloss': glued words
            out.extend((w[:-4], "loss"))
        elif w.endswith("losses") and len(w) > 6:
            out.extend((w[:-6], "losses"))
        else:
            m = re.fullmatch(r"([a-z]+?)(\d+)", w)
            # 'pg1', 'port1' -> pg, 1: the trailing number indexes a copy ('top1', 'l1', 'l2' are names)
            # 'lr0' (YOLOv5's x/lr0): the learning rate of parameter group 0
            # 'loss1' .. 'loss6' (public elsa86's six numbered terms, no total): loss, 1 -- a loss, then its index
            if m and w not in ("top1", "top5", "l1", "l2") and m.group(1) in INDEX_WORDS | _INDEXED:
                out.extend((m.group(1), m.group(2)))
            else:
                out.append(w)
    out = abbreviated(out)  # 'val_mean_squared_error' (Keras' name of a metric given by its function): val, mse
    if len(out) > 1 and out[0] in _SPLIT_PREFIX and (set(out[1:]) & (LOSS_WORDS | ACC_WORDS)
                                                    or out[1] in METRIC_UP or out[1] in METRIC_DOWN):
        out[0] = _SPLIT_PREFIX[out[0]]  # 'T_Loss', 'V_acc', 'tr_loss', 'va_loss': the split's initial
    return out


def _is_index(w: str) -> bool:
    return w.isdigit() or w in INDEX_WORDS


# ---------------------------------------------------------------- what each (dir, tag) is


@dataclass(eq=False)
class _Cand:
    """One (dir, tag) of the table and what its name says."""

    dir: str
    tag: str
    start: int  # rows [start, stop) of the grouped arrays
    stop: int
    words: tuple[str, ...]
    marker: str | None  # 'train', 'val', 'test', None (unmarked) or 'conflict'
    flavor: str | None  # 'step', 'epoch' (Lightning _step/_epoch, Keras batch_/epoch_) or None
    rest: frozenset  # words left once markers, flavour, loss/accuracy words are taken out
    x: str = "step"
    summary: bool = False  # HF's one-number train_loss in the final entry
    all_zero: bool = False  # a loss logged as exactly 0.0 at every one of >= 2 logs: never computed (curves.py)
    src: "_Table | None" = None  # the table holding its values

    def values(self) -> np.ndarray:
        return np.empty(0) if self.src is None else self.src.values_of(self)

    @property
    def n(self) -> int:
        return self.stop - self.start

    @property
    def name(self) -> str:
        return f"{self.dir}/{self.tag}" if self.dir else self.tag

    @property
    def wordset(self) -> frozenset:
        return frozenset(self.words)

    def base(self) -> tuple:
        """Series that differ only in step/epoch aggregation are one quantity logged two ways."""
        return (self.dir, self.marker, self.rest, self.wordset & (LOSS_WORDS | ACC_WORDS))


def _split_of(w: str) -> str | None:
    return "train" if w in TRAIN_WORDS else "val" if w in VAL_WORDS else "test" if w in TEST_WORDS else None


def _marker(tag_words: list[str], dir_words: list[str], tag: str = "") -> str | None:
    """'train', 'val', 'test', None or 'conflict'; the tag's own marker first, then the dir's (Keras train/); a tag
    naming two splits says which it was measured on by its shape (``curves_markerconflict``: test/val, 'val
    training loss'); ``sel_loss`` is the model-selection split's."""
    def of(ws: list[str]) -> str | None:
        found = {s for s in map(_split_of, ws) if s is not None}
        if not found:
            return None
        return found.pop() if len(found) == 1 else "conflict"

    m = of(tag_words)
    if m == "conflict":
        return resolve_conflict(tag, tag_words, _split_of)
    return m if m is not None else selection_split(tag_words) or of(dir_words)


def _flavor(ws: list[str]) -> str | None:
    s = set(ws)
    if s & EPOCH_WORDS and not s & STEP_WORDS:
        return "epoch"
    if s & STEP_WORDS and not s & EPOCH_WORDS:
        return "step"
    return None


def _describe(dir_: str, tag: str, start: int, stop: int) -> _Cand:
    return _Cand(dir_, tag, start, stop, *_name_facts(dir_, tag))


def dir_parts(dir_: str) -> tuple[str, str]:
    """(the parent, the last folder) of a series' dir, ``\\`` or ``/`` separated; ("", "") for the run's root."""
    parts = dir_.replace("\\", "/").rstrip("/").rsplit("/", 1) if dir_ else [""]
    return (parts[0], parts[1]) if len(parts) > 1 else ("", parts[0])


def add_scalars_key(dir_last: str, tag: str) -> str | None:
    """The key of ``SummaryWriter.add_scalars(main_tag, {key: value})``, or None: it writes tag ``main_tag`` into the
    folder ``main_tag.replace('/', '_') + '_' + key`` (torch.utils.tensorboard.writer.add_scalars; tensorboardX's is
    the same), so a folder named the tag plus a suffix holds one of several series under one tag, and the suffix is
    what tells them apart (public diverserestore133: six folders ``Loss_ad_g``, ``Loss_app_g``, ``Loss_img_d``, ...
    each with tag ``Loss``, all read as the same plain loss)."""
    head = tag.replace("/", "_") + "_"
    return dir_last[len(head):] if dir_last.startswith(head) and len(dir_last) > len(head) else None


@lru_cache(maxsize=4096)
def _name_facts(dir_: str, tag: str) -> tuple:
    """(words, marker, flavour, rest) of a (dir, tag): what its name says, worked out once per name (the same
    names come back run after run)."""
    tag_words = words(tag)
    dir_last = dir_parts(dir_)[1]
    dir_words = words(dir_last)
    marker = _marker(tag_words, dir_words, tag)
    ws = list(tag_words)
    if not set(ws) & (LOSS_WORDS | ACC_WORDS):
        # add_scalars('train', {'loss': l, 'acc': a}) writes tag 'train' into dirs train_loss/ and train_acc/
        ws += [w for w in dir_words if w in LOSS_WORDS | ACC_WORDS]
    elif (key := add_scalars_key(dir_last, tag)) is not None:
        ws += [w for w in words(key) if w not in ws]  # add_scalars('Loss', {'ad_g': .., 'img_d': ..}): which loss
    role_words = TRAIN_WORDS | VAL_WORDS | TEST_WORDS
    rest = frozenset(w for w in ws if w not in role_words | STEP_WORDS | EPOCH_WORDS | LOSS_WORDS | ACC_WORDS)
    return tuple(ws), marker, _flavor(tag_words), rest


# a count named after what it counts (Tinker-cookbook's ``num_loss_tokens`` beside ``train_mean_nll``): never a loss
COUNT_WORDS = frozenset({"num", "n", "count", "counts", "tokens", "ntokens", "numel"})
_PER_COUNT = re.compile(r"(?i)(?:running|total|epoch|sum|cum)[_ ]?loss(?:es)?\s*/\s*(?:count|n|num|cnt)$")


def _is_loss(c: _Cand) -> bool:
    ws = c.wordset
    if ws & RUNNING_MIN or ws & COUNT_WORDS and not _PER_COUNT.search(c.tag):  # a running minimum (best_val_loss):
        return False  # bookkeeping; a count of tokens -- not a summed loss over its count (climatehack190 log.txt)
    if ws & LOSS_WORDS:
        return not ws & (ACC_WORDS | NO_LOSS_WORDS)
    # Lightning 'validation_epoch_average': a bare average under a role marker is that role's objective (not an
    # averaged accuracy: DGCNN's 'train avg acc', the class-balanced accuracy, had been its training loss)
    return c.marker in ("train", "val", "test") and bool(ws & {"average", "avg"}) and c.rest <= PLAIN_WORDS \
        and not ws & ACC_WORDS


def _level(c: _Cand) -> int:
    extra = c.rest - PLAIN_WORDS
    if "nll" in extra and not c.wordset & LOSS_WORDS:  # 'train_mean_nll', 'test/nll': the NLL is the loss itself
        extra = extra - {"nll"}
    if not extra:
        return PLAIN
    if extra & COMPONENT_WORDS:
        return COMPONENT
    if all(_is_index(w) for w in extra):
        return INDEXED
    return QUALIFIED


def _is_component_term(c: _Cand) -> bool:
    """A component logged without 'loss' in its name: train_kl_step, kld, recon."""
    ws = c.wordset
    excluded = LOSS_WORDS | ACC_WORDS | COMPONENT_KNOBS | RUNNING_MIN
    return bool(c.rest & COMPONENT_WORDS) and not ws & excluded and not (
        c.rest - COMPONENT_WORDS - PLAIN_WORDS - {"divergence", "div", "term"} - {w for w in c.rest if _is_index(w)})


_ERROR_OF = frozenset({"err", "error"})  # GluonCV's ``err-top1`` (``val_err_top1``): the error, not an accuracy


def _is_acc(c: _Cand) -> bool:
    """An accuracy: named so, or a top-1 (timm's summary.csv ``eval_top1``, utils.update_summary of
    ``validate``'s ``top1``; torchvision's references' MetricLogger ``acc1``; mmpretrain ``accuracy/top1`` is named
    so already)."""
    return (bool(c.wordset & ACC_WORDS or "top1" in c.wordset or "acc1" in c.wordset) and not c.wordset & LOSS_WORDS
            and not c.wordset & RUNNING_MAX and not c.wordset & _ERROR_OF and not c.wordset & LM_BENCHMARKS)


@lru_cache(maxsize=4096)
def tag_words(tag: str) -> tuple[str, ...]:
    """A tag's words lower-cased without camel-case splitting (``mAP50-95`` -> map50, 95): metric names. An oriented
    detector's horizontal/oriented-box mAP (yolov5_obb ``metrics/HBBmAP.5:.95``) is the mAP."""
    return tuple(abbreviated([w[3:] if w[:3] in ("hbb", "obb") and w[3:] in METRIC_UP else w
                              for w in _SPLIT.split(tag.lower())]))


@lru_cache(maxsize=4096)
def metric_word(tag: str) -> tuple[int, bool] | None:
    """(rank, higher is better) of the metric a tag names (its rank in ``METRIC_UP + METRIC_DOWN``), or None."""
    ws = tag_words(tag)
    found = [w for w in ws if w in _METRIC_RANK and w not in _AT_K
             and (w not in _ALONE_ONLY or set(ws) - _SPLIT_WORDS - {""} == {w})]
    found += ["hits" for w, k in zip(ws, ws[1:]) if w in _AT_K and k.isdigit()][:1]
    if set(ws) & _ERROR_OF and not set(ws) - _ERROR_OF - set(_TOPK) - _SPLIT_WORDS - _RATE_PLAIN:
        found += [_TOPK[k] for k in ("top1", "top5") if k in ws][:1]  # 'val_top1_err', 'err-top1': the top-k error
    if not found:
        return None
    if "95" in ws and {"map", "map50"} & set(found):  # mAP_0.5:0.95, mAP50-95(B): COCO's mAP over IoU 0.5-0.95
        found.append("map5095")
    best = min(found, key=_METRIC_RANK.get)
    return _METRIC_RANK[best], best in METRIC_UP


_METRIC_RANK = {w: i for i, w in enumerate(METRIC_UP + METRIC_DOWN)}
_TOPK = {"top1": "top1err", "top5": "top5err"}
_RATE_PLAIN = frozenset({"", "rate", "avg", "mean", "epoch", "pct", "percent"})


def _is_metric(c: _Cand) -> bool:
    return (not c.wordset & (LOSS_WORDS | ACC_WORDS | RUNNING_MIN | RUNNING_MAX)
            and metric_word(c.tag) is not None)


REWARD_SPREAD = frozenset({"std", "min", "max", "var", "median"})  # the reward's spread, not its level
EPISODE_WORDS = frozenset({"episodic", "episode", "episodes", "ep"})


def _is_reward(c: _Cand) -> bool:
    """The mean reward of an RL run: ``reward``, ``train/reward``, ``rollout/ep_rew_mean``, an episode's return
    (CleanRL ``charts/episodic_return``, ``ep_ret``), ``Rewards/mean_episodes`` (not ``reward_std`` or
    ``Rewards/max_episodes``, nor a DPO's ``rewards/chosen``, whose loss is a proper loss judged as such)."""
    ws = c.wordset
    named = (bool(ws & {"reward", "rewards"}) or {"ep", "rew"} <= ws
             or (bool(ws & {"return", "returns", "ret"}) and bool(ws & EPISODE_WORDS)))
    return named and not ws & (LOSS_WORDS | ACC_WORDS | REWARD_SPREAD) and not {"chosen", "rejected", "margins"} & ws


def _is_lr(c: _Cand) -> bool:
    ws = c.words
    lr = "lr" in ws or any(a == "learning" and b == "rate" for a, b in zip(ws, ws[1:]))
    return lr and not set(ws) & (LOSS_WORDS | ACC_WORDS | LR_EXCLUDE)


def _is_grad_norm(c: _Cand) -> bool:
    ws = c.wordset
    return ("gradnorm" in ws or (bool(ws & GRAD_WORDS) and bool(ws & {"norm", "norms"}))) and not ws & LOSS_WORDS


_MOVED = frozenset({"LOSS_FUNCTION_WORDS", "TOTAL_WORDS", "loss_function_losses", "split_only_losses", "total_losses"})


def __getattr__(name: str):
    """The fallback loss names moved to ``curves_lossnames`` (imported from here before): looked up there on first
    use (no import at load: that module imports this one's vocabulary)."""
    if name in _MOVED:
        from . import curves_lossnames

        return getattr(curves_lossnames, name)
    if name in ("never_finite_metrics", "other_val_metrics"):  # moved to ``curves_metriclists``
        from . import curves_metriclists
        return getattr(curves_metriclists, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
