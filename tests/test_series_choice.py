"""Which of a ``NAME_step``/``NAME_epoch`` pair is judged (issue 9 kind 12): validation takes the per-epoch aggregate
(Lightning's ``val_loss_step`` is one value per validation batch, on its own counter of validation batches), training
the per-step series unless the per-epoch one has more points or the per-step one is much noisier than the curve;
components follow the training loss; the notes say which series and why. Then real Lightning runs (CSVLogger and
TensorBoardLogger, ``self.log(..., on_step=True, on_epoch=True)``): a flat run is not ``overfit``, an overfitting
one still is."""
from __future__ import annotations

import json
import math
import warnings

import numpy as np
import pandas as pd
import pytest

from loganalyzer.curves import find_curves


def tidy(*series: tuple) -> pd.DataFrame:
    rows = []
    for tag, steps, values in series:
        steps = list(steps)
        values = list(values) if np.ndim(values) else [values] * len(steps)
        rows += [("", tag, int(s), float(v), math.nan) for s, v in zip(steps, values)]
    frame = pd.DataFrame(rows, columns=["dir", "tag", "step", "value", "wall_time"])
    frame = frame.sort_values(["dir", "tag", "step"], kind="stable").reset_index(drop=True)
    frame["dir"] = frame["dir"].astype("category")
    frame["tag"] = frame["tag"].astype("category")
    return frame


def note_for(curves, prefix: str) -> str:
    (found,) = [n for n in curves.notes if n.startswith(prefix)]
    return found


EPOCHS, TRAIN_BATCHES, VAL_BATCHES = 10, 32, 40
EPOCH_ENDS = [TRAIN_BATCHES * (e + 1) - 1 for e in range(EPOCHS)]
SAW = np.tile(np.linspace(0.03, 0.9, VAL_BATCHES), EPOCHS)  # a time-ordered validation set: later batches harder


def lightning_frame(train_step, train_epoch, val_step=SAW, val_epoch=None) -> pd.DataFrame:
    """What a Lightning run logging train_loss and val_loss with on_step=True, on_epoch=True writes: per-step values
    at the global step, per-epoch values at each epoch's last step, val_loss_step at 0, 1, 2... (validation batches)."""
    val_epoch = [float(np.mean(SAW[:VAL_BATCHES]))] * EPOCHS if val_epoch is None else val_epoch
    return tidy(
        ("train_loss_step", range(EPOCHS * TRAIN_BATCHES), train_step),
        ("train_loss_epoch", EPOCH_ENDS, train_epoch),
        ("val_loss_step", range(EPOCHS * VAL_BATCHES), val_step),
        ("val_loss_epoch", EPOCH_ENDS, val_epoch),
        ("epoch", range(EPOCHS * TRAIN_BATCHES), [s // TRAIN_BATCHES for s in range(EPOCHS * TRAIN_BATCHES)]),
    )


def falling_steps(noise: float = 0.02) -> np.ndarray:
    rng = np.random.default_rng(0)
    n = EPOCHS * TRAIN_BATCHES
    return np.geomspace(2.0, 0.4, n) + noise * rng.standard_normal(n)


def test_validation_takes_the_epoch_aggregate_and_says_why():
    curves = find_curves(lightning_frame(falling_steps(), np.geomspace(1.8, 0.42, EPOCHS)))
    assert curves.val_loss.name == "val_loss_epoch"
    assert curves.val_loss.steps.tolist() == EPOCH_ENDS  # on the training step axis, nothing converted
    note = note_for(curves, "validation loss:")
    assert "per-epoch aggregate" in note and f"{EPOCHS} evaluations" in note
    assert f"val_loss_step holds their {EPOCHS * VAL_BATCHES} per-batch values" in note
    assert "count validation batches, not training steps" in note
    assert "step-to-step noise" in note  # and how much noisier the per-batch series is
    # training keeps its per-step series: it falls far more than its step-to-step noise
    assert curves.train_loss.name == "train_loss_step"
    assert "per-step series" in note_for(curves, "training loss:")


def test_a_single_evaluation_is_one_point_not_a_curve_of_its_batches():
    frame = tidy(("train_loss_step", range(100), falling_steps()[:100]),
                 ("val_loss_step", range(40), np.linspace(0.1, 0.9, 40)), ("val_loss_epoch", [99], 0.5))
    curves = find_curves(frame)
    assert curves.val_loss.name == "val_loss_epoch" and curves.val_loss.values.tolist() == [0.5]
    assert "1 evaluation;" in note_for(curves, "validation loss:")


@pytest.mark.parametrize("tags, role", [(("test_loss_step", "test_loss_epoch"), "val_loss"),
                                        (("val_acc_step", "val_acc_epoch"), "val_acc")])
def test_test_losses_and_validation_accuracies_too(tags, role):
    step_tag, epoch_tag = tags
    frame = tidy(("train_loss", range(320), falling_steps()), (step_tag, range(400), SAW),
                 (epoch_tag, EPOCH_ENDS, 0.5))
    assert getattr(find_curves(frame), role).name == epoch_tag


def test_training_takes_the_epoch_aggregate_when_the_steps_are_noise_around_a_flat_line():
    rng = np.random.default_rng(1)
    steps = 0.64 + 0.06 * rng.standard_normal(EPOCHS * TRAIN_BATCHES)  # noise 0.06 around a flat loss
    epochs = 0.64 + np.linspace(0.0, 0.004, EPOCHS)  # the aggregate moves 0.004 in all
    curves = find_curves(lightning_frame(steps, epochs))
    assert curves.train_loss.name == "train_loss_epoch"
    note = note_for(curves, "training loss:")
    assert "much noisier than the curve" in note and "exceeds everything train_loss_epoch moved" in note
    assert f"{EPOCHS} epoch points vs {EPOCHS * TRAIN_BATCHES}" in note
    # too few epochs to judge a curve on: the per-step series stays
    few = tidy(("train_loss_step", range(128), steps[:128]), ("train_loss_epoch", [31, 63, 95, 127], epochs[:4]))
    assert find_curves(few).train_loss.name == "train_loss_step"


def test_components_follow_the_training_loss_choice():
    rng = np.random.default_rng(2)
    n = EPOCHS * TRAIN_BATCHES
    frame = tidy(
        ("train_loss_step", range(n), 0.64 + 0.06 * rng.standard_normal(n)),
        ("train_loss_epoch", EPOCH_ENDS, 0.64 + np.linspace(0, 0.004, EPOCHS)),
        # the KL term alone would keep its per-step series (it falls far more than its noise)
        ("train_kl_step", range(n), np.linspace(5.0, 1.0, n)),
        ("train_kl_epoch", EPOCH_ENDS, np.linspace(5.0, 1.0, EPOCHS)),
        ("val_loss", EPOCH_ENDS, 0.7),
    )
    curves = find_curves(frame)
    assert curves.train_loss.name == "train_loss_epoch"
    assert [c.name for c in curves.components] == ["train_kl_epoch"]


# ---------------------------------------------------------------- real Lightning runs

pl = pytest.importorskip("pytorch_lightning")
torch = pytest.importorskip("torch")
from click.testing import CliRunner  # noqa: E402
from _runs import one_thread  # noqa: E402,F401 (autouse)
from torch import nn  # noqa: E402

from loganalyzer.cli import main  # noqa: E402


class _Module(pl.LightningModule):
    def __init__(self, net, loss, lr):
        super().__init__()
        self.net, self.loss_fn, self.lr = net, loss, lr

    def _loss(self, batch):
        x, y = batch
        out = self.net(x)
        return self.loss_fn(out.squeeze(-1) if out.shape[-1] == 1 else out, y)

    def training_step(self, batch, _):
        loss = self._loss(batch)
        self.log("train_loss", loss, on_step=True, on_epoch=True)
        return loss

    def validation_step(self, batch, _):
        self.log("val_loss", self._loss(batch), on_step=True, on_epoch=True)

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.lr)


def _fit(root, module, train, val, epochs, batch_size, val_batch_size):
    from pytorch_lightning.loggers import CSVLogger, TensorBoardLogger

    loader = torch.utils.data.DataLoader(train, batch_size=batch_size, shuffle=True,
                                         generator=torch.Generator().manual_seed(0))
    trainer = pl.Trainer(max_epochs=epochs, logger=[CSVLogger(root, name="csv"), TensorBoardLogger(root, name="tb")],
                         log_every_n_steps=1, enable_progress_bar=False, enable_model_summary=False,
                         enable_checkpointing=False, num_sanity_val_steps=0, accelerator="cpu", devices=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trainer.fit(module, loader, torch.utils.data.DataLoader(val, batch_size=val_batch_size))


@pytest.fixture(scope="module")
def flat_run(tmp_path_factory, one_thread):
    """A regression learned in its first epoch, then flat (nothing left to learn but noise); the validation set is in
    time order and later samples are noisier, so each evaluation's per-batch losses climb from ~0.03 to ~0.9: the
    saw-tooth that made the per-step series look like validation rising 1,500% from its best at step 0."""
    torch.manual_seed(0)

    def data(n, seed):
        g = torch.Generator().manual_seed(seed)
        x = torch.rand(n, 4, generator=g)
        return x, x[:, 1] - x[:, 2] + 0.5 * x[:, 3] + x[:, 0] * torch.randn(n, generator=g)

    x, y = data(2048, 1)
    xv, yv = data(640, 2)
    order = xv[:, 0].argsort()
    root = tmp_path_factory.mktemp("flat")
    _fit(root, _Module(nn.Sequential(nn.Linear(4, 32), nn.ReLU(), nn.Linear(32, 1)), nn.functional.mse_loss, 1e-2),
         torch.utils.data.TensorDataset(x, y), torch.utils.data.TensorDataset(xv[order], yv[order]), 10, 128, 16)
    return root


@pytest.fixture(scope="module")
def overfit_run(tmp_path_factory, one_thread):
    """A big MLP memorising 96 samples whose labels carry nothing: training loss to ~0, validation climbing."""
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(1)
    x, y = torch.randn(224, 10, generator=g), torch.randint(4, (224,), generator=g)
    net = nn.Sequential(nn.Linear(10, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 4))
    root = tmp_path_factory.mktemp("overfit")
    _fit(root, _Module(net, nn.functional.cross_entropy, 1e-2), torch.utils.data.TensorDataset(x[:96], y[:96]),
         torch.utils.data.TensorDataset(x[96:], y[96:]), 15, 32, 32)
    return root


def _scan(root, *args) -> dict:
    result = CliRunner().invoke(main, ["scan", str(root), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return {run["run"].replace("\\", "/").rsplit("/", 2)[-2]: run for run in json.loads(result.output)["runs"]}


def test_real_lightning_flat_run_is_not_overfit(flat_run):
    runs = _scan(flat_run)
    assert set(runs) == {"csv", "tb"}  # CSVLogger's metrics.csv and TensorBoardLogger's event file
    for logger, run in runs.items():
        assert run["verdict"] != "overfit", (logger, run["summary"])
        assert run["roles"]["val_loss"] == "val_loss_epoch", logger
        assert run["roles"]["train_loss"] == "train_loss_step", logger
        note = next(n for n in run["notes"] if n.startswith("validation loss:"))
        assert "per-epoch aggregate" in note and "per-batch values" in note, note  # (at the validation's step: readers8)
    # the trap the per-step series sets, in the log itself: each evaluation's per-batch values climb >10x
    metrics = pd.read_csv(next((flat_run / "csv").rglob("metrics.csv")))
    per_batch = metrics["val_loss_step"].dropna().to_numpy()
    per_epoch = metrics["val_loss_epoch"].dropna().to_numpy()
    assert len(per_batch) == 10 * 40 and len(per_epoch) == 10
    assert per_batch[:40].max() > 10 * per_batch[:40].min()
    assert np.ptp(per_epoch[1:]) < 0.1 * per_epoch.mean()  # the epoch aggregate: flat after the first epoch


def test_real_lightning_overfit_run_is_still_overfit(overfit_run):
    for logger, run in _scan(overfit_run).items():
        assert run["verdict"] == "overfit", (logger, run["summary"])
        assert run["roles"]["val_loss"] == "val_loss_epoch", logger


def test_add_hparams_metrics_are_a_summary_not_a_curve(tmp_path):
    """``SummaryWriter.add_hparams(hparams, {"hparam/val_loss": v, "hparam/acc": a})`` writes each metric once into
    LOGDIR/<time.time()>/: the run's summary. It was taken as the validation loss (one point at step 0, "lowest 0.3
    at step 0") and as the training accuracy; now no role takes it and the notes say it is a summary."""
    from torch.utils.tensorboard import SummaryWriter

    from loganalyzer.scan import scan

    writer = SummaryWriter(str(tmp_path / "run"))
    for step in range(40):
        writer.add_scalar("train/loss", 2.0 * math.exp(-step / 10) + 0.1, step)
    writer.add_hparams({"lr": 0.1, "batch_size": 32}, {"hparam/val_loss": 0.3, "hparam/acc": 0.9})
    writer.add_hparams({"lr": 0.1}, {"hparam/loss": 0.2})
    writer.add_hparams({"lr": 0.1}, {"hparam/test_loss": 0.25}, run_name=".")  # beside the curves
    writer.close()
    (run,) = scan([str(tmp_path)]).runs
    assert run.roles == {"train_loss": "train/loss"}
    assert any("hparam/loss is the run summary" in note for note in run.notes)


@pytest.fixture(scope="module")
def two_batch_kinds_run(tmp_path_factory, one_thread):
    """A binary classifier fed its batches in a fixed order (``shuffle=False``): each epoch eight batches whose label
    the inputs tell, then eight whose labels are coin flips. Its per-step loss alternates between two levels in runs
    (as the public ``lslstm`` version_0 does: 0.33-0.5 and 0.73-1.16), while the epoch means, what training did,
    move little: the per-step series judged alone looked like a loss that climbed back from its best batch."""
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(3)
    easy = torch.randn(128, 4, generator=g)
    hard = torch.randn(128, 4, generator=g)
    x = torch.cat([easy, hard])
    y = torch.cat([(easy[:, 0] > 0).float(), torch.randint(2, (128,), generator=g).float()])
    root = tmp_path_factory.mktemp("kinds")
    module = _Module(nn.Linear(4, 1), nn.functional.binary_cross_entropy_with_logits, 0.1)
    from pytorch_lightning.loggers import CSVLogger, TensorBoardLogger

    trainer = pl.Trainer(max_epochs=10, logger=[CSVLogger(root, name="csv"), TensorBoardLogger(root, name="tb")],
                         log_every_n_steps=1, enable_progress_bar=False, enable_model_summary=False,
                         enable_checkpointing=False, num_sanity_val_steps=0, limit_val_batches=0,
                         accelerator="cpu", devices=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trainer.fit(module, torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=16,
                                                        shuffle=False))
    return root


def test_training_takes_the_epoch_aggregate_when_steps_sit_far_from_their_epoch_means(two_batch_kinds_run):
    metrics = pd.read_csv(next((two_batch_kinds_run / "csv").rglob("metrics.csv")))
    per_step = metrics["train_loss_step"].dropna().to_numpy()
    per_epoch = metrics["train_loss_epoch"].dropna().to_numpy()
    assert len(per_step) == 160 and len(per_epoch) == 10
    assert np.median(np.abs(np.diff(per_step))) < np.ptp(per_epoch)  # step-to-step changes alone do not show it
    for logger, run in _scan(two_batch_kinds_run).items():
        assert run["roles"]["train_loss"] == "train_loss_epoch", (logger, run["notes"])
        note = next(n for n in run["notes"] if n.startswith("training loss:"))
        assert "distance from its epoch means" in note, note
