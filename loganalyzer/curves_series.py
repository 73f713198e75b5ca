"""``curves`` data types: the role names and the ``Series``/``Curves`` the stage hands on (re-exported by
``loganalyzer.curves``)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ROLES = ("train_loss", "val_loss", "lr", "grad_norm", "train_acc", "val_acc", "val_metric", "reward")
X_AXES = ("step", "epoch")


@dataclass(frozen=True, eq=False)
class Series:
    """One scalar series in a role. ``x`` says what ``steps`` counts: 'step' or 'epoch'."""

    role: str
    dir: str
    tag: str
    steps: np.ndarray  # int64, increasing
    values: np.ndarray  # float64, NaN/±Inf as logged
    x: str = "step"

    @property
    def name(self) -> str:
        """How reports name the series: ``dir/tag``, or the tag alone in the run root."""
        return f"{self.dir}/{self.tag}" if self.dir else self.tag


@dataclass(frozen=True, eq=False)
class Curves:
    """The series of a run by role; ``notes`` say why each was chosen, ``unusable_reason`` why no loss is usable."""

    train_loss: Series | None = None
    val_loss: Series | None = None
    lr: Series | None = None
    grad_norm: Series | None = None
    train_acc: Series | None = None
    val_acc: Series | None = None
    # the task's validation metric other than accuracy (mAP, F1, WER, BLEU, ...; curves_names.METRIC_UP/DOWN)
    val_metric: Series | None = None
    # a reinforcement-learning run's mean reward (TRL GRPO/PPO `reward`, Stable-Baselines3 `rollout/ep_rew_mean`)
    reward: Series | None = None
    components: tuple[Series, ...] = ()
    notes: tuple[str, ...] = ()
    unusable_reason: str | None = None
    # loss series too short to be a curve (or, with unusable_reason, any loss) that hold NaN/Inf anyway (a run that
    # blew up at its first log: Keras TerminateOnNaN writes one row `0,inf,nan`), and an RL run's objective terms
    # left out of the roles (curves_rl.OBJECTIVE_TERMS: a value loss gone NaN) that do, for the nan rule
    nonfinite_losses: tuple[Series, ...] = ()
    # another training loss than the one judged (a per-iteration `loss` beside an evaluation-time `train_loss`:
    # nanoGPT's prints) that holds NaN/Inf: ``verdict_nan._twin_nan_verdict`` judges whether it broke for good
    nonfinite_twins: tuple[Series, ...] = ()
    # a GAN's discriminator loss when the run is judged on its generator's (curves_gan), else None
    adversary: Series | None = None
    # every training-side loss of such a GAN, both players' terms (>= 2 points; verdict_gan's stuck-term rule)
    gan_terms: tuple[Series, ...] = ()
    # the run's other validation metrics beside ``val_metric`` (same split marker; a VAE's val_r2 beside val_mcc)
    other_metrics: tuple[Series, ...] = ()
    # task metrics and accuracies (any split) NaN/Inf at every one of their >= 2 logs: never computed (0/0)
    nonfinite_metrics: tuple[Series, ...] = ()
    # weights of a term of the objective (beta, dann_lambda, kl_weight: ``curves_weights``), as logged
    loss_weights: tuple[Series, ...] = ()
    # names of the training-side loss terms logged as exactly 0.0 at every log (curves_zeros: no curve, no role);
    # ``verdict_notargets`` reads a detector's box terms among them
    zero_train_losses: tuple[str, ...] = ()
    # a detector's loss terms when a judged loss is their sum (curves_align._summed; roles train_loss/val_loss, as
    # logged): ``verdict_maskrise`` reads a YOLO-seg run's mask term among them
    detector_terms: tuple[Series, ...] = ()
    # a perplexity series equal to exp(the judged loss): a token-level LM / seq2seq loss (curves_tokenloss), or None
    token_ppl: str | None = None

