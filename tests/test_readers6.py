"""Reader faults of branch readers6, each as a kind, with logs written by the real writers (transformers 5 Trainer
with a tiny BERT built from a config, reporting to TensorBoard and W&B offline; Lightning 2.6 CSVLogger and
TensorBoardLogger): files holding no scalar are said, HF's end-of-training summary is no curve point, W&B's
step-counting step metric is no series, and one metric name logged from training_step and validation_step is
split (metrics.csv) or said (event file)."""
from __future__ import annotations

import glob
import textwrap
import warnings
from pathlib import Path

import pytest

from loganalyzer import read_scalars
from loganalyzer.discover import discover
from loganalyzer.load import LogReadWarning, load_run
from _runs import wandb_offline
from test_breaker_readers import run_child

pytest.importorskip("transformers")

HF = textwrap.dedent("""
    import sys, torch, wandb
    from transformers import Trainer, TrainingArguments, TrainerCallback, BertConfig, BertForSequenceClassification

    torch.manual_seed(0)
    g = torch.Generator().manual_seed(0)
    ids = torch.randint(5, 50, (128, 12), generator=g)
    lab = (ids[:, 0] > 27).long()

    class DS(torch.utils.data.Dataset):
        def __init__(self, a, b): self.a, self.b = a, b
        def __len__(self): return len(self.a)
        def __getitem__(self, i): return {"input_ids": self.a[i], "labels": self.b[i]}

    def model():
        return BertForSequenceClassification(BertConfig(
            vocab_size=64, hidden_size=16, num_hidden_layers=1, num_attention_heads=2, intermediate_size=32,
            max_position_embeddings=32, num_labels=2))

    class Stop(TrainerCallback):  # a job killed before its first log
        def on_step_end(self, args, state, control, **kw):
            raise KeyboardInterrupt

    common = dict(per_device_train_batch_size=16, max_steps=16, report_to=["tensorboard", "wandb"], use_cpu=True,
                  seed=0, disable_tqdm=True)
    t = Trainer(model=model(), args=TrainingArguments(output_dir="full", logging_steps=4, eval_strategy="steps",
                eval_steps=8, save_steps=8, learning_rate=1e-3, **common),
                train_dataset=DS(ids[:96], lab[:96]), eval_dataset=DS(ids[96:], lab[96:]))
    t.train()
    t.save_state()
    wandb.finish()
    try:
        Trainer(model=model(), args=TrainingArguments(output_dir="stopped", logging_steps=50, **common),
                train_dataset=DS(ids[:96], lab[:96]), callbacks=[Stop()]).train()
    except KeyboardInterrupt:
        pass
    wandb.finish()
""")


@pytest.fixture(scope="module")
def hf(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hf6")
    wandb_offline(root, HF)
    return root


def warned(path, resolve: bool = True):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LogReadWarning)
        table = read_scalars(path, resolve=resolve)
    return table, [str(w.message) for w in caught if issubclass(w.category, LogReadWarning)]


def _wandb_dirs(root: Path) -> list[Path]:
    return sorted((root / "wandb").glob("offline-run-*"), key=lambda p: p.stat().st_mtime)


# ---------------------------------------------------------------- 1: a file holding no scalar is said


def test_files_holding_no_scalar_are_named_with_what_they_hold(hf, tmp_path):
    """HF's Trainer writes its args/model_config text records into the event file at start-up and W&B its
    config/metadata records: a run stopped before its first log gave 0 rows from the event file in silence."""
    (event,) = glob.glob(str(hf / "stopped" / "runs" / "*" / "events.out.tfevents.*"))
    table, lines = warned(hf / "stopped")
    assert len(table) == 0
    said = "holds no scalar: only text (args/text_summary"
    assert any(line.startswith(event) and said in line for line in lines), lines
    stopped_wandb = _wandb_dirs(hf)[1]
    _, lines = warned(stopped_wandb)
    assert any(".wandb: holds no scalar: only config/metadata records" in line for line in lines), lines
    # a trainer_state.json saved before the first log (its sibling): said too
    (tmp_path / "trainer_state.json").write_text('{"log_history": [], "global_step": 0, "logging_steps": 50}')
    _, lines = warned(tmp_path)
    assert any("trainer_state.json: holds no scalar" in line and "logging_steps 50" in line for line in lines), lines


# ---------------------------------------------------------------- 2: the end-of-training summary is no curve point


@pytest.mark.parametrize("where,loss", [("full/trainer_state.json", "train_loss"), ("full/runs", "train/train_loss")])
def test_hf_end_of_training_summary_is_left_out_of_the_curves(hf, where, loss):
    raw, _ = warned(hf / where, resolve=False)
    assert len(raw[raw["tag"] == loss]) == 1  # the raw view keeps every point (tbparse's table)
    table, lines = warned(hf / where)
    assert loss not in set(table["tag"]) and not any(t.endswith("train_runtime") for t in table["tag"])
    assert not any("end-of-training summary" in line for line in lines)  # every HF run has it: no line, no loss
    (run,) = [r for r in discover(hf / "full")]
    hparams = load_run(run).hparams
    # trainer_state.json and its TensorBoardCallback event file: the summary once, by the Trainer's names (fw41)
    assert "summary/train_loss" in hparams and "summary/train_runtime" in hparams
    assert "summary/train/train_loss" not in hparams


# ---------------------------------------------------------------- 3: W&B's step counter is the x axis, no series


def test_wandb_train_global_step_is_no_series(hf):
    full = _wandb_dirs(hf)[0]
    for resolve in (False, True):
        table, _ = warned(full, resolve)
        assert "train/global_step" not in set(table["tag"])
        assert table[table["tag"] == "train/loss"]["step"].tolist() == [4, 8, 12, 16]  # still its x axis
        assert "train/epoch" in set(table["tag"])  # the epoch stays a series, as in every reader


# ---------------------------------------------------------------- 4: one name from training_step and validation_step

SHARED = """
import torch, pytorch_lightning as pl
from pytorch_lightning.loggers import CSVLogger, TensorBoardLogger
class Tiny(pl.LightningModule):
    def __init__(self):
        super().__init__()
        self.layer = torch.nn.Linear(4, 1)
    def training_step(self, batch, i):
        x, y = batch
        loss = torch.nn.functional.mse_loss(self.layer(x), y)
        self.log("mse", loss)
        self.log("train_loss", loss)
        return loss
    def validation_step(self, batch, i):
        x, y = batch
        loss = torch.nn.functional.mse_loss(self.layer(x), y)
        self.log("mse", loss + 1.0)  # shifted: the two kinds are told by value in the test
        self.log("val_loss", loss)
    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.05)
def data(seed):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(64, 4, generator=g)
    return torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, x.sum(1, keepdim=True)), batch_size=8)
torch.manual_seed(0)
pl.Trainer(max_epochs=4, logger=[CSVLogger("csv"), TensorBoardLogger("tb")], log_every_n_steps=2,
           enable_progress_bar=False, enable_model_summary=False,
           enable_checkpointing=False).fit(Tiny(), data(0), data(1))
"""


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("shared6")
    run_child(root, SHARED)
    return root


def test_lightning_csv_metric_of_both_hooks_is_split(shared):
    run = shared / "csv" / "lightning_logs" / "version_0"
    for resolve in (False, True):
        table, lines = warned(run, resolve)
        assert "mse" not in set(table["tag"])
        train, val, val_loss = (table[table["tag"] == t] for t in ("train_mse", "val_mse", "val_loss"))
        assert val["step"].tolist() == val_loss["step"].tolist() == [7, 15, 23, 31]  # the epoch ends
        assert (val["value"].to_numpy() - val_loss["value"].to_numpy() == pytest.approx(1.0))
        assert train["step"].tolist() == list(range(1, 32, 2))
        assert any("metrics.csv: column 'mse' holds training and validation values" in line
                   and "'train_mse'" in line and "'val_mse'" in line for line in lines), lines


def test_lightning_event_file_metric_of_both_hooks_is_said(shared):
    (event,) = glob.glob(str(shared / "tb" / "lightning_logs" / "version_0" / "events.out.tfevents.*"))
    table, lines = warned(shared / "tb")
    assert len(table[table["tag"] == "mse"]) == 20  # one tag: left as logged
    assert any(line.startswith(event) and "tag 'mse' holds training and validation values (16 point(s)" in line
               and "4 with the validation ones" in line for line in lines), lines
