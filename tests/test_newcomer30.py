"""Stop 30 (nc30): four problems a newcomer met at stop 29 (newcomer29 #1, #5, #7, #8), each on really trained runs
written by the real writers.

- #1 a digits MLP at SGD lr=2 blows its loss up in the first logs, then sits at ln 10 + ~1-2% for the rest of the
  run, validation likewise, accuracy 0.09: `stalled` (``verdict_plateau``), not `underfit` "from ln 20" or
  `healthy`; one that learned to 0.5 first and then collapsed to ln 10 stays `diverged`; lr=0.5 stays `healthy`;
- #5 HF's Trainer logs a NaN loss as 0.0 (grad_norm NaN): the CSV, HTML, series-CSV and the details table show NaN,
  not a final train loss of 0;
- #8 the JSON evidence names whose step ``best_step`` is (``best_step_series``), and the training minimum's own step
  (``minimum_step``);
- #7 a pandas ``to_csv`` history beside the tensorboardX event file of the same training is one run; another
  training's CSV in that folder is still its own run.
"""
from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import mlp, run_dir_fixture, verdict  # noqa: E402
from test_verdict_unseen import digits, train  # noqa: E402

from loganalyzer.cli import main  # noqa: E402


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env={"COLUMNS": "250"})


def digits_sgd(out: Path, *, fmt: str, lr: float, collapse_at: int | None = None) -> None:
    """sklearn digits through a 64-128-128-10 MLP with plain SGD at ``lr`` for 15 epochs (21 steps each); with
    ``collapse_at``, SGD at 0.1 until that epoch, then x20. ``fmt``: 'tb' (torch SummaryWriter: the mean of each 5
    steps at the 5th, as HF and most scripts log, validation loss/accuracy per epoch) or 'lightning' (its CSVLogger,
    per-epoch aggregates)."""
    torch.manual_seed(0)
    x, y, xv, yv = digits()
    net = mlp(64, 128, 128, 10)
    opt = torch.optim.SGD(net.parameters(), lr=lr)
    sched = None
    if collapse_at is not None:
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 1.0 if s < collapse_at * 21 else 20.0)
    steps, rows = train(net, opt, x, y, xv, yv, epochs=15, sched=sched)
    out.mkdir(parents=True)
    if fmt == "tb":
        from torch.utils.tensorboard import SummaryWriter

        w = SummaryWriter(str(out))
        for i in range(5, len(steps) + 1, 5):
            w.add_scalar("Loss/train", float(np.mean([v for _, v in steps[i - 5:i]])), i)
        for _, s, _, _, vl, va in rows:
            w.add_scalar("Loss/val", vl, s)
            w.add_scalar("Accuracy/val", va, s)
        w.close()
    else:
        from pytorch_lightning.loggers import CSVLogger

        logger = CSVLogger(save_dir=str(out), name="", version=0)
        for e, s, tl, ta, vl, va in rows:
            logger.log_metrics({"val_loss": vl, "val_acc": va, "epoch": e}, step=s - 1)
            logger.log_metrics({"train_loss_epoch": tl, "train_acc_epoch": ta, "epoch": e}, step=s - 1)
        logger.save()


RUNS = {"lr2_tb": lambda p: digits_sgd(p, fmt="tb", lr=2.0),
        "lr2_lightning": lambda p: digits_sgd(p, fmt="lightning", lr=2.0),
        "lr05_tb": lambda p: digits_sgd(p, fmt="tb", lr=0.5),
        "collapse_tb": lambda p: digits_sgd(p, fmt="tb", lr=0.1, collapse_at=4)}
run_dir = run_dir_fixture(RUNS, "nc30")


@pytest.mark.parametrize("name", ["lr2_tb", "lr2_lightning"])
def test_a_classifier_flat_at_ln_k_after_a_blow_up_is_stalled(run_dir, name):
    """#1: the loss blows up (to ~190 in the epoch means, ~750 in the 5-step means) and then holds ln 10 = 2.303 +-1%
    with validation at 2.32 and accuracy 0.09. Was `underfit` ("its first logged loss 2.989 is ln 20", Lightning)
    or `underfit`/`healthy` on the 5-step means (a first log of 1.98 below ln 10)."""
    run = verdict(run_dir(name))
    summary = run.analysis.summary
    assert run.verdict == "stalled", summary
    assert "held at ln 10 = 2.303" in summary and "never left chance" in summary and "ln 20" not in summary, summary
    assert run.analysis.evidence["at_chance"] == {"classes": 10, "how": "plateau"}
    assert run.analysis.advice[0].startswith("The loss blew up to ") and "lower it 10x" in run.analysis.advice[0]


def test_a_run_that_learned_then_collapsed_to_chance_stays_diverged_and_lr_half_stays_healthy(run_dir):
    """The siblings: SGD at 0.1 to 0.5 in 4 epochs, then x20 -> back at ln 10 for good: `diverged` (learned, then
    collapsed; ``chance_plateau`` reads it as "collapsed", never "never left chance"); lr=0.5 learns: `healthy`."""
    from loganalyzer import discover, load_run
    from loganalyzer.curves import find_curves
    from loganalyzer.verdict_plateau import chance_plateau

    collapse = run_dir("collapse_tb")
    assert verdict(collapse).verdict == "diverged"
    (run,) = discover(str(collapse))
    seen = chance_plateau(find_curves(load_run(run).scalars))
    assert seen is not None and seen.how == "collapsed" and seen.k == 10, seen
    assert verdict(run_dir("lr05_tb")).verdict == "healthy"


def test_healthy_json_evidence_names_whose_best_step_it_is(run_dir):
    """#8: `evidence.best_step` of a healthy run is validation's best, beside training's minimum: the evidence now
    says so (`best_step_series`, `val_series`) and gives the training minimum its own `minimum_step`."""
    done = invoke("scan", run_dir("lr05_tb"), "-f", "json")
    (run,) = json.loads(done.stdout)["runs"]
    ev = run["evidence"]
    assert run["verdict"] == "healthy" and ev["series"] == "Loss/train"
    assert ev["best_step_series"] == ev["val_series"] == "Loss/val" and ev["best_step"] == ev["best_val_step"]
    assert ev["minimum_step"] != ev["best_step"]  # training's minimum comes late, validation's best earlier
    assert ev["minimum_step"] % 5 == 0 and ev["best_step"] % 21 == 0  # each on its own series' steps
    csv_row = next(csv.DictReader(io.StringIO(invoke("scan", run_dir("lr05_tb"), "-f", "csv").stdout)))
    assert int(csv_row["best_step"]) == ev["best_val_step"]  # the CSV's best_step column is unchanged


HF_NAN = """
import sys, torch
from transformers import Trainer, TrainingArguments
torch.manual_seed(0)
g = torch.Generator().manual_seed(0)
x = torch.randn(512, 8, generator=g); y = (x[:, 0] > 0).long()
class DS(torch.utils.data.Dataset):
    def __init__(self, a, b): self.a, self.b = a, b
    def __len__(self): return len(self.a)
    def __getitem__(self, i): return {"x": self.a[i], "labels": self.b[i]}
class Net(torch.nn.Module):
    def __init__(self):
        super().__init__(); self.f = torch.nn.Sequential(torch.nn.Linear(8, 32), torch.nn.ReLU(), torch.nn.Linear(32, 2))
    def forward(self, x, labels=None):
        logits = self.f(x)
        return {"loss": torch.nn.functional.cross_entropy(logits, labels), "logits": logits}
t = Trainer(model=Net(), args=TrainingArguments(output_dir=sys.argv[1], logging_steps=4, eval_strategy="steps",
            eval_steps=8, save_strategy="no", learning_rate=1e15, optim="sgd", lr_scheduler_type="constant",
            per_device_train_batch_size=16, max_steps=24, report_to=[], use_cpu=True, seed=0, disable_tqdm=True,
            max_grad_norm=1e9),
            train_dataset=DS(x[:384], y[:384]), eval_dataset=DS(x[384:], y[384:]))
t.train(); t.save_state()
"""


@pytest.mark.slow
def test_a_nan_loss_logged_as_zero_is_no_final_loss_of_zero(tmp_path):
    """#5: an HF Trainer run whose weights went NaN at the first steps (SGD at 1e15, no clipping): the Trainer logs its loss as
    0.0 from then on (``logging_nan_inf_filter``), grad_norm NaN. The verdict was right (nan) but the CSV said
    final_train_loss 0.0 and the HTML table 0. Now every output that presents a final value shows NaN."""
    import subprocess

    pytest.importorskip("transformers")
    out = tmp_path / "hf_nan"
    subprocess.run([sys.executable, "-c", HF_NAN, str(out)], check=True, capture_output=True, timeout=600,
                   env={**__import__("os").environ, "CUDA_VISIBLE_DEVICES": "", "HF_HUB_OFFLINE": "1"})
    history = json.loads((out / "trainer_state.json").read_text())["log_history"]
    assert [h["loss"] for h in history if "loss" in h][1:] == [0.0] * 5  # what HF wrote: 0.0 after the first log
    row = next(csv.DictReader(io.StringIO(invoke("scan", out, "-f", "csv").stdout)))
    assert row["verdict"] == "nan" and row["final_train_loss"] == "nan", row
    series = {r["tag"]: r for r in csv.DictReader(io.StringIO(invoke("scan", out, "-f", "series-csv").stdout))}
    assert series["loss"]["last_value"] == "nan" and series["loss"]["role"] == "train_loss"
    assert "NaN (logged 0 from step 8)" in invoke("scan", out, "--details").stdout
    html = tmp_path / "r.html"
    assert invoke("report", out, "-o", html).exit_code == 0
    text = html.read_text()
    row_html = text[text.index('data-run="hf_nan"') if 'data-run="hf_nan"' in text else text.index("<tbody"):]
    row_html = row_html[:row_html.index("</tr>")]
    assert row_html.count(">NaN</td>") == 2 and ">0</td>" not in row_html, row_html


def pandas_and_tensorboardx(out: Path, *, seed: int, csv_seed: int, renamed: bool) -> None:
    """A digits MLP (Adam 1e-3, 12 epochs) logged per epoch by tensorboardX and, as the script's end, its history
    written by pandas into the same folder; ``csv_seed`` != ``seed``: the CSV is another training's."""
    from tensorboardX import SummaryWriter
    import pandas as pd

    def fit(s: int):
        torch.manual_seed(s)
        x, y, xv, yv = digits()
        net = mlp(64, 32, 10)
        return train(net, torch.optim.Adam(net.parameters(), lr=1e-3), x, y, xv, yv, epochs=12)[1]

    rows = fit(seed)
    writer = SummaryWriter(logdir=str(out))
    names = ("train/loss", "train/acc", "val/loss", "val/acc") if renamed else ("loss", "accuracy", "val_loss",
                                                                                 "val_accuracy")
    for e, _, tl, ta, vl, va in rows:
        for name, value in zip(names, (tl, ta, vl, va)):
            writer.add_scalar(name, value, e)
    writer.close()
    rows = rows if csv_seed == seed else fit(csv_seed)
    pd.DataFrame({"loss": [r[2] for r in rows], "accuracy": [r[3] for r in rows], "val_loss": [r[4] for r in rows],
                  "val_accuracy": [r[5] for r in rows]}).to_csv(out / "history.csv")


def test_a_pandas_history_beside_its_tensorboardx_events_is_one_run(tmp_path):
    """#7: the same training's pandas CSV and tensorboardX event file in one folder were two runs. Now one, each
    series read once (a line names the CSV's copy), under the same names or others (`loss` for `train/loss`); a
    CSV of another training (another seed) in such a folder stays its own run."""
    torch.set_num_threads(1)
    for name, kw in (("same", dict(seed=0, csv_seed=0, renamed=False)), ("renamed", dict(seed=0, csv_seed=0,
                                                                                          renamed=True)),
                     ("other", dict(seed=0, csv_seed=1, renamed=False))):
        pandas_and_tensorboardx(tmp_path / name, **kw)
    done = invoke("scan", tmp_path, "-f", "json")
    runs = {r["run"]: r for r in json.loads(done.stdout)["runs"]}
    assert sorted(runs) == ["other", "other/history.csv", "renamed", "same"], sorted(runs)
    for name in ("same", "renamed"):
        run = runs[name]
        assert run["format"] == "tensorboard" or "tensorboard" in run["format"]
        assert any("history.csv" in w and "left out" in w for w in run["warnings"]), run["warnings"]
        assert run["roles"]["train_loss"] == ("loss" if name == "same" else "train/loss")
        assert all(s["points"] == 12 for s in run["series"] if s["tag"] in ("loss", "train/loss", "val_loss"))
