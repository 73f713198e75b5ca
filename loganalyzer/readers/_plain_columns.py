"""The column names of a plain CSV/TSV (for ``readers/plain_csv.py``, which re-exports them): the step-like, RL
step, time and epoch columns it looks for, the header's separator and names, and which names are loss-like or
name only a split (``train``, ``valid``) in a file named as a loss log.
"""
from __future__ import annotations

import re

from ._names_i18n import abbreviated, translate
from ._text import guess_separator, split_header
from ._text_clean import normal_name

# Step-like column names, finest first; matched on the lower-cased name with spaces and dashes as underscores.
# '<counter>_number' / '_num' / '_idx' (public novatag89 train_metrics.csv ``epoch_number,step_number,training_loss``:
# the row number was the step and both counters series)
STEP_COLUMNS = (
    "step", "global_step", "_step", "trainer/global_step", "steps", "step_number", "step_num", "global_step_number",
    "global_iter", "global_iteration", "iteration", "iterations", "iteration_number", "iter", "iters", "it", "itr",
    "n_iter", "training_iteration", "batch", "batches", "minibatch", "minibatches", "mini_batch", "epoch", "epochs",
    "ep", "epoch_number", "epoch_num", "epoch_idx",
)
# Federated learning's rounds (public fedcnn99 metrics_log.csv ``Round,Client,Accuracy,Loss,..`` and fedcl97
# training_log.csv ``round,global_loss,global_accuracy,..``: the server's step, the files unread): the step when no
# column above and no RL column is there, and only as the header's first column (a breaker's game log
# ``episode,rounds,reward,loss`` counts rounds played per episode: taken for the step, it made 18 runs of one)
ROUND_COLUMNS = ("round", "comm_round", "communication_round", "global_round", "fl_round", "server_round")
# (``training_iteration``: Ray Tune's ``progress.csv``, the twin of its ``result.json``: the count of reports from 1)
# RL loggers' own x axis (SB3 `total_timesteps`, a hand-written `total timesteps`, RLlib `timesteps_total`, Spinning
# Up `TotalEnvInteracts`, train-procgen-pytorch's Logger `timesteps,wall_time,num_episodes,max_episode_rewards,...`
# (public Bokai-Ji/ConceptPPO logs/*/log.csv), SB3's `num_timesteps`): the step when no column above is there
# OpenAI baselines' DDPG `total/steps` (progress.csv beside `total/epochs`: the env steps so far)
RL_STEP_COLUMNS = ("total_timesteps", "time/total_timesteps", "timesteps_total", "totalenvinteracts", "timesteps",
                   "num_timesteps", "total/steps", "episode", "episodes")  # hand-written: Episode,Avg length,Avg reward
TIME_COLUMNS = ("wall_time", "walltime", "timestamp", "_timestamp", "time", "datetime")
EPOCH_COLUMNS = ("epoch", "epochs", "ep", "epoch_number", "epoch_num", "epoch_idx")
# A column named like a loss: a word ending in 'loss' (val_loss, train/loss, trainloss) or one of these.
_LOSS_WORDS = frozenset({"nll", "mse", "rmse", "mae", "ppl", "perplexity", "elbo", "bpd", "ce", "xent"})
_WORD = re.compile(r"[a-z0-9]+")


_normal = normal_name


# a scale written after a counter's name: ``Epochs(/10)`` (public backpropagator/Shakespeare-In-Your-Service
# ``loss.csv``: ``Epochs(/10),Loss``, 1..500, a log every tenth of an epoch), ``step (x100)``, ``iter(*1000)``
_SCALE = re.compile(r"_*\(\s*[/x*\u00d7]\s*\d+(?:\.\d+)?(?:e\d+)?\s*\)$")


# 'Current Epoch', 'cur_iter': the counter's name after a word saying it is the one in progress (public stnet122
# learning_curve.csv ``Current Epoch,Train MAE Loss,...``: read as a metric series, the row number the step)
_CURRENT = re.compile(r"^(?:current|curr|cur)_+")


def axis_name(column: str) -> str:
    """A column's name as the counters are matched: normalised (``_normal``), a scale after it dropped (``_SCALE``)
    and, when the rest is a counter (``STEP_COLUMNS``), a leading ``current``/``cur`` too: ``Current Epoch`` ->
    ``epoch``, ``current_time`` stays."""
    name = _SCALE.sub("", _normal(column))
    bare = _CURRENT.sub("", name)
    return bare if bare != name and bare in STEP_COLUMNS else name


def _pick(columns: list[str], names: tuple[str, ...]) -> int | None:
    """The first of ``columns`` named one of ``names`` (tried in order), as ``axis_name`` matches them."""
    normal = [axis_name(c) for c in columns]
    for name in names:
        if name in normal:
            return normal.index(name)
    return None


def _step_column(columns: list[str]) -> int | None:
    """The x-axis column: a step/iteration/epoch column, else an RL logger's timestep count (``RL_STEP_COLUMNS``)."""
    found = _pick(columns, STEP_COLUMNS)
    if found is not None and axis_name(columns[found]) == "training_iteration":
        rl = _pick(columns, RL_STEP_COLUMNS[:-2])  # RLlib's progress.csv: its env steps (timesteps_total) are the axis
        return rl if rl is not None else found
    if found is None:
        found = _pick(columns, RL_STEP_COLUMNS)
    first = 1 if len(columns) > 1 and columns[0] == "" else 0  # (pandas' unnamed index first)
    if found is None and columns and _SCALE.sub("", _normal(columns[first])) in ROUND_COLUMNS:
        return first
    return found


def _header(line: str) -> tuple[str, list[str]]:
    """(separator, column names), names in another language made English (``_names_i18n``)."""
    sep = guess_separator(line)
    return sep, translate(split_header(line, sep))[0]


_NUMBERED_LOSS = re.compile(r"[a-z]*loss\d+")  # loss0, loss1: a pandas frame of per-model/per-split losses


def is_loss_like(name: str) -> bool:
    """A column named like a loss: ``loss``, ``val_loss``, ``train/loss``, ``loss0``, ``nll``, ``mse``... (and
    ``losses_g``: a list of loss tensors saved by pandas under its list's name, as curves_names reads ``losses``)"""
    words = abbreviated(_WORD.findall(_normal(name)))
    return any(w.endswith(("loss", "losses")) or w in _LOSS_WORDS or _NUMBERED_LOSS.fullmatch(w) for w in words)


# A file named as a log of losses whose columns name only the split (public cnnlstm-oct ``losses.csv``:
# ``,ep,train,valid,total``; andyz422/misaelmmorales pandas frames ``,train,valid``): each such column is that split's loss.
_SPLITS = frozenset({"train", "training", "valid", "validation", "val", "test", "dev", "eval"})  # not "total": a sum
# ... a perplexity beside them is exp of that loss, not the loss named (public mtvsbase214 ``relative_loss.json``:
# ``{"train": [3.75, ..], "val": [3.14, ..], "val_ppl": [23.1, ..], "epoch_time": [..]}``, val_ppl = exp(val)): it
# does not stop the bare splits from being read as the losses
_PERPLEXITY = re.compile(r"(?:^|_)(?:ppl|perplexity)$")


# ... or name the two players of a GAN (public YGGYatsso/Image-Colorization-Using-CGAN ``losses.csv``:
# ``,discriminator,Generator``, a pandas frame of the two losses per iteration): curves_gan's player words
_DISC = frozenset({"d", "disc", "dis", "discriminator", "critic"})
_GEN = frozenset({"g", "gen", "generator"})


def split_columns(columns: list[str]) -> dict[str, str]:
    """{column: its loss name} when the columns name no loss but splits (``train`` -> ``train_loss``, ``valid`` ->
    ``valid_loss``) or both players of a GAN (``discriminator`` -> ``discriminator_loss``, ``Generator`` ->
    ``generator_loss``): what they mean in a file named like a loss log (``split_losses``). Empty otherwise."""
    if any(is_loss_like(c) and not _PERPLEXITY.search(_normal(c)) for c in columns):
        return {}
    out = {c: f"{_normal(c)}_loss" for c in columns if _normal(c) in _SPLITS}
    out.update(_quantity_splits(columns))
    if any(_normal(c) in _DISC for c in columns) and any(_normal(c) in _GEN for c in columns):
        out.update({c: f"{_normal(c)}_loss" for c in columns if _normal(c) in _DISC | _GEN})
    return out


# ... or name a quantity and its split, the same quantity for training and validation (public milling99
# ``training_loss.csv``: ``epoch,Ra_train,Ra_val,FFT_train,FFT_val``, two regression targets' errors): each is that
# split's loss of that quantity (``train_ra_loss``). Never a quantity named like a score that rises (accuracy, F1,
# IoU, PSNR...: a metric, not a loss) or a count.
_SPLIT_PART = re.compile(r"^(?:(train|training|valid|validation|val|test|dev)_([a-z][a-z0-9]*)"
                         r"|([a-z][a-z0-9]*)_(train|training|valid|validation|val|test|dev))$")
_RISING = frozenset({"ap", "em", "r2", "lr", "rec", "prec", "time", "samples", "sample", "size", "n", "num", "count",
                     "batch", "step", "epoch", "correct", "fps"})
# ... nor one named like a score or a count by its first letters (a breaker's loss_log.csv of `mrr_train,hits10_val`
# columns was `diverged`, a rising "train_hits10_loss")
_RISING_START = re.compile(r"acc|top|bal|f1|fscore|fbeta|auc|auroc|aupr|ap\d|map|mrr|ndcg|hit|bleu|rouge|meteor|cider"
                           r"|pearson|spearman|corr|kappa|mcc|jacc|miou|iou|dice|psnr|ssim|score|reward|return"
                           r"|through|token|grad|precision|recall|sensitiv|specific|auprc|auroc|win|success")


def _quantity_splits(columns: list[str]) -> dict[str, str]:
    """{column: ``<split>_<quantity>_loss``} for columns pairing a quantity with a training and an evaluation
    split (``Ra_train``/``Ra_val``); empty when no quantity has both."""
    found: dict[str, list[tuple[str, str]]] = {}
    for c in columns:
        m = _SPLIT_PART.match(_normal(c))
        if m is None:
            continue
        split, quantity = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        if quantity not in _RISING and quantity not in _SPLITS and not _RISING_START.match(quantity):
            found.setdefault(quantity, []).append((c, split))
    out = {}
    for quantity, cols in found.items():
        splits = {split for _, split in cols}
        if splits & {"train", "training"} and splits - {"train", "training"}:
            out.update({c: f"{split}_{quantity}_loss" for c, split in cols})
    return out


def split_losses(name: str, columns: list[str]) -> dict[str, str]:
    """``split_columns`` for a file named like a loss log (``losses.csv``, ``loss_log.csv``); empty for another."""
    return split_columns(columns) if "loss" in name.rsplit("/", 1)[-1].lower() else {}


def _value_names(columns: list[str]) -> list[str]:
    """The header's names, without pandas' unnamed index column (``to_csv`` writes it first, named '')."""
    return columns[1:] if len(columns) > 1 and columns[0] == "" else columns


def episode_axis(raw: bytes, offset: int, sep: str, columns: list[str], x_col: int | None) -> int | None:
    """``x_col``, or an RL log's ``Episode`` column instead of a ``Steps`` column that is no running count: the
    episode's own length (public Flappy-Bird DQN ``train_log.csv``: ``Episode,Score,Steps,Epsilon``, ``1,0,74,..``
    ``2,0,73,..``: taken for the step, every shorter episode was a "resumed session", 151 of 171 rows dropped and 5
    runs made). Only when the episode counts up by one a row and the steps go back on a tenth of the rows or more
    (a training's step count never does; a resumed one does a few times)."""
    if x_col is None or _normal(columns[x_col]) not in ("steps", "step"):
        return x_col
    episode = _pick(columns, ("episode", "episodes"))
    if episode is None or len(sep) != 1:
        return x_col
    rows = []
    for line in raw[offset:offset + 65536].decode("utf-8", "replace").splitlines()[1:201]:
        cells = line.strip().split(sep)
        if len(cells) != len(columns):
            break
        try:
            rows.append((float(cells[episode]), float(cells[x_col])))
        except ValueError:
            break
    if len(rows) < 10 or any(b[0] != a[0] + 1 for a, b in zip(rows, rows[1:])):
        return x_col
    back = sum(1 for a, b in zip(rows, rows[1:]) if b[1] < a[1])
    return episode if back * 10 >= len(rows) else x_col
