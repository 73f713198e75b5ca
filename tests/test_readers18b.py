"""readers18b: structured logs found by breaker9 (DVCLive run dirs, HF Trainer stdout saved with its tqdm bar, one
training's losses saved as two files named by split). Every input is written by the real writer's code path (or
printed by a real tiny training loop) here."""
from __future__ import annotations

import csv
import json
import os
import time

import pytest

from loganalyzer import read_scalars
from loganalyzer.discover import discover

from _runs import HF_TINY, print_job  # noqa: E402

torch = pytest.importorskip("torch")


class _Live:
    """What DVCLive's ``Live.log_metric``/``next_step`` write (dvclive/plots/metric.py ``Metric.dump``: a
    ``csv.DictWriter`` with ``delimiter="\\t"``, ``lineterminator="\\n"``, appending a row per call; summary
    ``metrics.json``): DVCLive 3 ``<dir>/plots/metrics/<name>.tsv`` with ``step <leaf>``; ``old=True``: DVCLive 1.x
    ``<dir>/scalars/<name>.tsv`` with ``timestamp step <name>`` and the summary ``<dir>.json``.
    (dvclive itself is not installed here.)"""

    def __init__(self, d, old=False):
        self.dir, self.old, self.step, self.summary = str(d), old, 0, {}

    def log_metric(self, name, value):
        sub = "scalars" if self.old else os.path.join("plots", "metrics")
        path = os.path.join(self.dir, sub, name + ".tsv")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        row = {"timestamp": int(time.time() * 1000), "step": self.step, name: value} if self.old else \
            {"step": self.step, os.path.basename(name): value}
        existed = os.path.exists(path)
        with open(path, "a", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, row.keys(), delimiter="\t", lineterminator="\n")
            if not existed:
                w.writeheader()
            w.writerow(row)
        node = self.summary
        for part in name.split("/")[:-1]:
            node = node.setdefault(part, {})
        node[name.split("/")[-1]] = value

    def next_step(self):
        self.step += 1
        out = self.dir + ".json" if self.old else os.path.join(self.dir, "metrics.json")
        with open(out, "w") as f:
            json.dump({**self.summary, "step": self.step}, f, indent=4)


def _train_dvclive(live, epochs=6, val_split="eval"):
    torch.manual_seed(0)
    x = torch.randn(64, 4)
    y = x @ torch.tensor([1.0, -2.0, 0.5, 0.0]) + 0.1 * torch.randn(64)
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    train, val = [], []
    for epoch in range(epochs):
        loss = torch.nn.functional.mse_loss(model(x[:48]).squeeze(1), y[:48])
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            vloss = torch.nn.functional.mse_loss(model(x[48:]).squeeze(1), y[48:]).item()
        live.log_metric("train/loss", loss.item())
        live.log_metric(f"{val_split}/loss", vloss)
        live.log_metric("epoch", epoch)
        live.log_metric("accuracy", 1.0 / (1.0 + vloss))
        train.append(loss.item())
        val.append(vloss)
        live.next_step()
    return train, val


@pytest.mark.parametrize("old", [False, True])
def test_dvclive_dir_is_one_run_tagged_by_path(tmp_path, old):
    """A DVCLive dir is ONE run; each metric's tag is its path below plots/metrics/ (scalars/), the split kept."""
    train, val = _train_dvclive(_Live(tmp_path / "proj" / "dvclive", old=old), val_split="valid" if old else "eval")
    runs = discover(tmp_path / "proj")
    assert [r.id for r in runs] == ["dvclive"]
    assert {os.path.basename(f.path) for f in runs[0].files} >= {"loss.tsv", "epoch.tsv", "accuracy.tsv"}
    df = read_scalars(tmp_path / "proj", resolve=True)
    vsplit = "valid" if old else "eval"
    assert set(df["dir"]) == {"dvclive"}
    assert set(df["tag"]) == {"train/loss", f"{vsplit}/loss", "epoch", "accuracy"}
    got = df[df["tag"] == "train/loss"].sort_values("step")
    assert got["step"].tolist() == list(range(6))
    assert got["value"].tolist() == pytest.approx(train)
    got = df[df["tag"] == f"{vsplit}/loss"].sort_values("step")
    assert got["value"].tolist() == pytest.approx(val)
    if old:  # DVCLive 1.x's timestamp (ms) is the wall time (s)
        assert got["wall_time"].between(time.time() - 600, time.time() + 1).all()
    from loganalyzer.load import load_run

    hparams = load_run(runs[0]).hparams  # the summary (metrics.json; 1.x: dvclive.json beside the dir)
    assert hparams["summary/train/loss"] == pytest.approx(train[-1])
    assert hparams[f"summary/{vsplit}/loss"] == pytest.approx(val[-1])


def test_dvclive_two_dirs_two_runs_and_bad_row_said(tmp_path):
    """Two DVCLive dirs are two runs; a broken row is left out with one warning naming file and line."""
    _train_dvclive(_Live(tmp_path / "dvclive"))
    _train_dvclive(_Live(tmp_path / "dvclive-metrics", old=True), epochs=3)
    bad = tmp_path / "dvclive" / "plots" / "metrics" / "train" / "loss.tsv"
    with open(bad, "a") as f:
        f.write("7\tnot-a-number\n")
    assert sorted(r.id for r in discover(tmp_path)) == ["dvclive", "dvclive-metrics"]
    from loganalyzer.load import load_run

    run = next(r for r in discover(tmp_path) if r.id == "dvclive")
    loaded = load_run(run)
    said = [str(p) for p in loaded.problems if "loss.tsv" in str(p)]
    assert len(said) == 1 and "line 8" in said[0], said
    assert loaded.scalars[loaded.scalars["tag"] == "train/loss"]["step"].tolist() == list(range(6))


HF_BUFFERED = HF_TINY + r"""
from tqdm.auto import tqdm
model = tiny_bert()
args = TrainingArguments(output_dir=sys.argv[1], num_train_epochs=4, per_device_train_batch_size=8,
    logging_steps=4, eval_strategy="steps", eval_steps=20, save_strategy="no", report_to=[],
    learning_rate=1e-3, use_cpu=True)
trainer = Trainer(model=model, args=args, train_dataset=DS(160), eval_dataset=DS(64))
print("BASELINE", trainer.evaluate())
trainer.train()
for _ in tqdm(range(1), desc="Writing model shards"):  # what save_pretrained draws last in newer transformers
    pass
"""


def test_hf_stdout_buffered_dicts_placed_on_the_training_bar(tmp_path):
    """``python train.py > log 2>&1``: the Trainer's dicts (stdout, block-buffered) land in one burst after a bar
    position, evaluation bars (8 batches) and a last 1/1 bar drawn after training. No logging_steps printed: each
    dict goes to its epoch on the TRAINING bar's 80 steps (4, 8, ... 80), never all at steps 0/1, never averaged."""
    pytest.importorskip("transformers")
    log = tmp_path / "job" / "train.log"
    log.parent.mkdir()
    print_job(HF_BUFFERED, [str(tmp_path / "out")], log, buffered=True, timeout=300)  # stdout block-buffered
    text = log.read_text(errors="replace")
    assert "'loss'" in text and "/80 [" in text and "1/1 [" in text, text[-2000:]
    df = read_scalars(str(log.parent), resolve=True)
    loss = df[df["tag"] == "loss"].sort_values("step")
    assert loss["step"].tolist() == list(range(4, 81, 4))
    assert loss["value"].nunique() > 10  # each printed value, none averaged
    evals = sorted(df.loc[df["tag"] == "eval_loss", "step"].astype(int).tolist())
    assert evals[1:] == [20, 40, 60, 80] and evals[0] == 0  # the baseline before training at step 0


def _losses(epochs=12):
    torch.manual_seed(1)
    x = torch.randn(80, 5)
    y = x @ torch.randn(5) + 0.2 * torch.randn(80)
    model = torch.nn.Linear(5, 1)
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    train, val = [], []
    for _ in range(epochs):
        loss = torch.nn.functional.mse_loss(model(x[:60]).squeeze(1), y[:60])
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            val.append(torch.nn.functional.mse_loss(model(x[60:]).squeeze(1), y[60:]).item())
        train.append(loss.item())
    return train, val


@pytest.mark.parametrize("names, run_id", [
    (("cnnautoencoder_train_loss.csv", "cnnautoencoder_val_loss.csv"), "cnnautoencoder"),
    (("Network_loss.csv", "Network_validation.csv"), "Network"),
    (("train_losses_cifar.csv", "test_losses_cifar.csv"), "cifar"),
])
def test_split_named_sibling_files_are_one_run(tmp_path, names, run_id):
    """``pd.DataFrame(train_losses).to_csv(<model>_train_loss.csv)`` + the same for validation: ONE run, its series
    named by the file's split (``train_loss``, ``val_loss``/``test_loss``), one line per file says it was paired."""
    pd = pytest.importorskip("pandas")
    train, val = _losses()
    pd.DataFrame(train).to_csv(tmp_path / names[0])
    pd.DataFrame(val).to_csv(tmp_path / names[1])
    (tmp_path / "notes.txt").write_text("unrelated\n")
    runs = discover(tmp_path)
    assert [r.id for r in runs] == [run_id]
    df = read_scalars(tmp_path, resolve=True)
    other = "test_loss" if "test" in names[1] else "val_loss"
    assert set(df["tag"]) == {"train_loss", other}
    got = df[df["tag"] == "train_loss"].sort_values("step")
    assert got["value"].tolist() == pytest.approx(train)
    assert df[df["tag"] == other].sort_values("step")["value"].tolist() == pytest.approx(val)
    from loganalyzer.load import load_run

    said = [str(p) for p in load_run(runs[0]).problems if "paired by file name" in str(p)]
    assert len(said) == 2


def test_split_named_files_with_split_columns_stay_apart(tmp_path):
    """Two logs named by split whose columns already name splits (each a whole train+val history) stay two runs."""
    pd = pytest.importorskip("pandas")
    train, val = _losses()
    for name in ("train_log_a.csv", "test_log_a.csv"):
        pd.DataFrame({"epoch": range(len(train)), "train_loss": train, "val_loss": val}).to_csv(
            tmp_path / name, index=False)
    assert sorted(r.id for r in discover(tmp_path)) == ["test_log_a.csv", "train_log_a.csv"]


def test_sweep_table_of_histories_said_in_one_line(tmp_path):
    """``pd.DataFrame({config: {"train_loss": [...], "val_loss": [...]}}).to_csv``: cells holding whole histories.
    A folder scan and the file named directly both say in one line it is a table of histories (not read), never
    dropped silently nor 'no line holds a loss'."""
    pd = pytest.importorskip("pandas")
    results = {}
    for lr in (0.05, 0.01):
        train, val = _losses(epochs=5)
        results[f"LR: {lr}, Optimizer: Adam"] = {"train_loss": [t * lr * 20 for t in train], "val_loss": val}
    path = tmp_path / "hyperparameter_results.csv"
    pd.DataFrame(results).to_csv(path)
    for target in (tmp_path, path):
        problems = []
        assert discover(target, problems) == []
        said = [str(p) for p in problems]
        assert len(said) == 1 and "table of per-configuration histories" in said[0] and "train_loss" in said[0], said
