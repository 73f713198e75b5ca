"""Siblings of the shared cases found in stop 28, each printed by a real writer here.

- HF Trainer stdout dicts whose epochs were printed rounded to two decimals (transformers 4.x ``Trainer.log``:
  ``logs["epoch"] = round(self.state.epoch, 2)``) and no step, no bar total: counting steps in logging intervals
  from rounded epochs put two dicts at one step (0.29 / 0.03 and 0.31 / 0.03 both round to 10), and a NaN grad
  norm was then reported as "became 2.85" (the finite value sharing its step). Each dict is now its own step.
- A finding whose message names its step is not followed by "(step N)" again."""
from __future__ import annotations

import textwrap

import pytest

from loganalyzer import read_scalars
from loganalyzer.render._text import finding_line
from loganalyzer.verdict_base import Finding

from _runs import HF_TINY, print_job  # noqa: E402

HF_ROUNDED = HF_TINY + textwrap.dedent("""
    from transformers.trainer_callback import PrinterCallback, ProgressCallback
    class Printer4x(TrainerCallback):  # transformers 4.x printed the epoch rounded to 2 decimals
        def on_log(self, args, state, control, logs=None, **kw):
            logs = dict(logs)
            if "epoch" in logs:
                logs["epoch"] = round(logs["epoch"], 2)
            print(logs)
    args = TrainingArguments(output_dir=sys.argv[1], num_train_epochs=1, per_device_train_batch_size=8,
        logging_steps=1, save_strategy="no", report_to=[], learning_rate=1e-3, use_cpu=True, disable_tqdm=True)
    trainer = Trainer(model=tiny_bert(), args=args, train_dataset=DS(280), callbacks=[Printer4x()])
    trainer.remove_callback(ProgressCallback); trainer.remove_callback(PrinterCallback)
    trainer.train()
""")


def test_hf_dicts_with_rounded_epochs_get_one_step_each(tmp_path):
    """35 optimizer steps logged every step, epochs printed 0.03, 0.06, 0.09 ... 0.29, 0.31 (k / 35 rounded): the
    35 training dicts are at steps 1..35, none sharing a step, and the note says the steps count the dicts."""
    pytest.importorskip("transformers")
    log = tmp_path / "job" / "slurm-1.out"
    log.parent.mkdir()
    assert print_job(HF_ROUNDED, [str(tmp_path / "out")], log, tmp_path / "err.txt", timeout=300) == 0
    text = log.read_text()
    assert "'epoch': 0.29}" in text and "'epoch': 0.31}" in text  # the two that tie when divided by 0.03
    with pytest.warns(UserWarning, match="count the training dicts"):
        df = read_scalars(str(log.parent), resolve=True)
    steps = df.loc[df["tag"] == "loss", "step"].astype(int).tolist()
    assert steps == list(range(1, 36))


def test_a_finding_naming_its_step_is_not_followed_by_it_again():
    said = Finding("ended", "ended without a sign of how; the last progress was step 1,400", step=1400)
    assert finding_line(said) == "ended without a sign of how; the last progress was step 1,400"
    other = Finding("spike", "1 spike(s) in the training loss", step=1400)
    assert finding_line(other) == "1 spike(s) in the training loss (step 1,400)"


def test_sibling_series_leave_out_the_default_launch_directory(tmp_path, monkeypatch):
    """torch's SummaryWriter and HF's Trainer log to ``runs/<%b%d_%H-%M-%S>_<host>/`` by default: two launches of one
    experiment (gen2's run25 / run34) name their loss ``runs/Dec01_15-18-56_vm/train/loss`` and
    ``runs/Dec01_15-18-54_vm/train/loss`` -- one series for the sibling comparison. The real writer names the dir."""
    from torch.utils.tensorboard import SummaryWriter

    from loganalyzer.siblings import series_key

    monkeypatch.chdir(tmp_path)
    writer = SummaryWriter()  # the default log dir
    writer.close()
    (launch,) = (tmp_path / "runs").iterdir()
    assert series_key(f"runs/{launch.name}/train/loss") == "runs/train/loss"
    assert series_key("runs/Dec01_15-18-54_vm/train/loss") == series_key("runs/Dec01_15-18-56_vm/train/loss")
    assert series_key("train/loss") == "train/loss" and series_key("version_3/val_loss") == "version_3/val_loss"
