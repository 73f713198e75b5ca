"""ux68: the faults a demanding newcomer found at stop 67 (/work/s67/ux67_faults.md) and left open, with real writers.

- F4: an HF Trainer fine-tune at ``learning_rate=3.0`` blown up from its first log (25.37 at step 5, then 21.6, 15.2,
  8.79, 12.98 ... 14.03, 9.24, 9.71, 3.26) was `overfit` 0.34, with --num-classes 2 `underfit` 0.97 advising a higher
  learning rate and "flat since step 95" (its last log): now `diverged` (verdict_lrblowup).
- F6: the HF Trainer's TensorBoardCallback copy beside trainer_state.json was a warning on every clean HF run: now a
  note (runs.Note) in the run's notes, no warning.
- F8: W&B offline runs were shown by their ``offline-run-<time>-<id>`` folder: now ``<folder>#<wandb.init name>``.
- F9: the HTML report's Summary column held ~140-180 px of a 1,150 px table.
- F10: healthy rows printed "the learned model leans underfit (p=0.40), but ..." in the default table.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from loganalyzer.cli import main

from _runs import save_trainer_state, wandb_offline  # noqa: E402

# what the lr=3.0 HF Trainer run logged (transformers 5.25, BertConfig 2 layers x 32, 2 labels, seed 0): step, loss, lr
F4_LOGS = [(5, 25.3742, 2.875), (10, 21.6136, 2.71875), (15, 15.2345, 2.5625), (20, 8.7858, 2.40625),
           (25, 12.9758, 2.25), (30, 8.5461, 2.09375), (35, 6.9308, 1.9375), (40, 6.7921, 1.78125),
           (45, 10.434, 1.625), (50, 7.2347, 1.46875), (55, 7.5171, 1.3125), (60, 10.3021, 1.15625),
           (65, 7.1802, 1.0), (70, 6.6784, 0.84375), (75, 6.7359, 0.6875), (80, 14.0259, 0.53125),
           (85, 9.2373, 0.375), (90, 9.7107, 0.21875), (95, 3.2632, 0.0625)]
F4_EVALS = [(16, 4.5342), (32, 0.7838), (48, 7.2294), (64, 7.9055), (80, 5.0539), (96, 4.7241)]


def scan_json(*args) -> dict:
    result = CliRunner().invoke(main, ["scan", *map(str, args), "--format", "json"], env={"COLUMNS": None})
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def scan_text(*args, env=None) -> str:
    result = CliRunner().invoke(main, ["scan", *map(str, args)], env={"COLUMNS": None, **(env or {})})
    assert result.exit_code in (0, 1), result.output
    return result.output


def hf_state(out: Path, logs, evals, lr_scale: float = 1.0) -> Path:
    history = [{"loss": loss, "learning_rate": lr * lr_scale, "grad_norm": 2.0, "epoch": step / 16, "step": step}
               for step, loss, lr in logs]
    history += [{"eval_loss": v, "epoch": step / 16, "step": step} for step, v in evals]
    history.sort(key=lambda h: h["step"])
    save_trainer_state(out, history, steps=96, logging_steps=5, eval_steps=16)
    return out


# ------------------------------------------------------------------------------------------------- F4 (fast)


def test_f4_a_loss_blown_up_at_a_huge_lr_is_diverged_not_overfit(tmp_path):
    """trainer_state.json written by transformers' own TrainerState with the values of the real lr=3.0 run."""
    run = hf_state(tmp_path / "bert_lr_diverge", F4_LOGS, F4_EVALS)
    for extra in ((), ("--num-classes", "2")):
        (got,) = scan_json(run, *extra)["runs"]
        a = got
        assert got["verdict"] == "diverged", (extra, a["summary"])
        assert "blew the model up from the start" in a["summary"] and "25.37" in a["summary"]
        assert "2.875" in a["summary"] and "4 of its 18 logs" in a["summary"]
        said = " ".join([a["summary"], *a["advice"], *(f["message"] for f in a["findings"])])
        assert "higher learning rate" not in said and "raise the learning rate" not in said.lower()
        assert "flat since step 95" not in said
        assert a["advice"][0].startswith("Lower the learning rate 100x or more")
        assert any(f["kind"].startswith("possible_") for f in a["findings"])  # the shape label set aside, said


def test_f4_the_same_curve_at_a_sane_lr_is_not_called_a_blow_up(tmp_path):
    """The learning rate is one of the three signs: the same thrashing values logged at lr 2.9e-5 (a fine-tune's
    rate) are judged as before, not `diverged` by this rule."""
    run = hf_state(tmp_path / "sane_lr", F4_LOGS, F4_EVALS, lr_scale=1e-5)
    (got,) = scan_json(run)["runs"]
    assert "lr_blowup" not in got["evidence"], got["summary"]


def test_f4_a_steady_fall_at_lr_20_is_no_blow_up(tmp_path):
    """PyTorch's word-language-model example trains with SGD at lr 20: its loss starts near ln V and falls steadily
    (no jumps), so the rule stays silent."""
    logs = [(s, 10.4 * (0.93 ** i) + 4.5, 20.0) for i, s in enumerate(range(5, 100, 5))]
    run = hf_state(tmp_path / "lm_sgd20", logs, [(32, 9.0), (64, 7.0), (96, 6.2)])
    (got,) = scan_json(run)["runs"]
    assert got["verdict"] != "diverged" and "lr_blowup" not in got["evidence"]


def test_f4_a_logged_rate_of_1_or_more_is_huge():
    """``lr_is_huge`` also keeps the underfit advice from saying "a higher learning rate" (verdict_text)."""
    import numpy as np

    from loganalyzer.curves import Curves
    from loganalyzer.curves_series import Series
    from loganalyzer.verdict_lrblowup import HUGE_LR, lr_is_huge

    def lr(values):
        return Curves(lr=Series("lr", "", "lr", np.arange(len(values)), np.asarray(values, dtype=float)))

    assert lr_is_huge(lr([0.1, HUGE_LR])) and not lr_is_huge(lr([1e-3, 0.5]))


# ------------------------------------------------------------------------------------------ F4 + F6 (real Trainer)

HF_TRAIN = textwrap.dedent("""
    import sys, torch
    from transformers import BertConfig, BertForSequenceClassification, Trainer, TrainingArguments
    torch.manual_seed(0); torch.set_num_threads(1)
    class DS(torch.utils.data.Dataset):
        def __init__(s, n, seed):
            g = torch.Generator().manual_seed(seed)
            s.x = torch.randint(5, 100, (n, 16), generator=g); s.y = (s.x[:, 0] > 50).long()
            flip = torch.rand(n, generator=g) < 0.3; s.y[flip] = 1 - s.y[flip]
        def __len__(s): return len(s.x)
        def __getitem__(s, i):
            return {"input_ids": s.x[i], "attention_mask": torch.ones(16, dtype=torch.long), "labels": s.y[i]}
    cfg = BertConfig(vocab_size=100, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                     intermediate_size=64, max_position_embeddings=32, num_labels=2)
    out, lr = sys.argv[1], float(sys.argv[2])
    args = TrainingArguments(output_dir=out, num_train_epochs=6, per_device_train_batch_size=8, learning_rate=lr,
        logging_steps=5, eval_strategy="epoch", save_strategy="no", report_to=["tensorboard"], use_cpu=True, seed=0)
    tr = Trainer(model=BertForSequenceClassification(cfg), args=args, train_dataset=DS(128, 1),
                 eval_dataset=DS(64, 2))
    tr.train(); tr.save_state()
""")


@pytest.fixture(scope="module")
def hf_runs(tmp_path_factory):
    pytest.importorskip("transformers")
    pytest.importorskip("tensorboard")
    root = tmp_path_factory.mktemp("ux68_hf")
    env = {**os.environ, "TOKENIZERS_PARALLELISM": "false", "HF_HUB_OFFLINE": "1", "CUDA_VISIBLE_DEVICES": "",
           "TRANSFORMERS_VERBOSITY": "error"}
    for name, lr in (("bert_lr_diverge", "3.0"), ("bert_ok", "5e-4")):
        done = subprocess.run([sys.executable, "-c", HF_TRAIN, str(root / name), lr], env=env, capture_output=True,
                              text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
    return root


@pytest.mark.slow
def test_f4_real_trainer_at_lr_3_is_diverged(hf_runs):
    for extra in ((), ("--num-classes", "2")):
        got = {r["run"]: r for r in scan_json(hf_runs, *extra)["runs"]}
        a = got["bert_lr_diverge"]
        assert got["bert_lr_diverge"]["verdict"] == "diverged", a["summary"]
        said = " ".join([a["summary"], *a["advice"]])
        assert "higher learning rate" not in said and "blew the model up from the start" in said
        assert got["bert_ok"]["verdict"] != "diverged", got["bert_ok"]["summary"]


@pytest.mark.slow
def test_f6_the_trainers_tensorboard_copy_is_a_note_not_a_warning(hf_runs):
    report = scan_json(hf_runs)
    for run in report["runs"]:
        assert run["warnings"] == [], run["warnings"]
        (note,) = [n for n in run["notes"] if "TensorBoardCallback" in n]
        assert "read once, from trainer_state.json's log_history" in note
    text = scan_text(hf_runs)
    assert "0 warnings" in text and "Warnings:" not in text


# ----------------------------------------------------------------------------------------------------- F8 (W&B)

WANDB_RUNS = textwrap.dedent("""
    import math, wandb
    for name, k in (("wb_overfit", 1.0), ("wb_overfit", 2.0), (None, 3.0)):
        run = wandb.init(project="ux68", name=name)
        for i in range(30):
            wandb.log({"train/loss": 2.3 * math.exp(-i / (8 * k)) + 0.05, "val/loss": 2.4 * math.exp(-i / 9) + 0.2})
        wandb.finish()
""")


def test_f8_offline_wandb_runs_are_named_by_wandb_init_name(tmp_path):
    wandb_offline(tmp_path, WANDB_RUNS)
    dirs = sorted(p.name for p in (tmp_path / "wandb").glob("offline-run-*"))
    assert len(dirs) == 3
    ids = sorted(r["run"] for r in scan_json(tmp_path)["runs"])
    assert len(set(ids)) == 3  # two runs of one name stay two runs: the folder is the id's head
    named = [i for i in ids if i.endswith("#wb_overfit")]
    assert len(named) == 2 and all(re.fullmatch(r"wandb/offline-run-\d{8}_\d{6}-\w+#wb_overfit", i) for i in named)
    assert sorted(i.split("#")[0] for i in ids) == [f"wandb/{d}" for d in dirs]
    table = scan_text(tmp_path)
    assert table.count("#wb_overfit") == 2
    for d in dirs:  # one run folder scanned alone: `<path>#<name>` (was `.#<name>`), or the path for no name
        path = str(tmp_path / "wandb" / d)
        (alone,) = scan_json(path)["runs"]
        assert alone["run"] in (path, path + "#wb_overfit")
    assert sum(scan_json(tmp_path / "wandb" / d)["runs"][0]["run"].endswith("#wb_overfit") for d in dirs) == 2


# -------------------------------------------------------------------------------------------------- F9 (HTML)

CHROMIUM = "/usr/bin/chromium"


def _report(tmp_path) -> Path:
    hf_state(tmp_path / "runs" / "bert_lr_diverge", F4_LOGS, F4_EVALS)
    hf_state(tmp_path / "runs" / "bert_sane", F4_LOGS, F4_EVALS, lr_scale=1e-5)
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", str(tmp_path / "runs"), "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    return out


def test_f9_the_summary_column_asks_for_the_room(tmp_path):
    html = _report(tmp_path).read_text(encoding="utf-8")
    assert '<td class="summary">' in html and '<td class="verdict"' in html
    css = re.search(r"td\.summary\{([^}]*)\}", html).group(1)
    assert "width:55%" in css and "max-width" not in css


@pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK), reason="chromium is not installed")
def test_f9_the_summary_column_is_wide_in_chromium(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    out = _report(tmp_path)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(out.resolve().as_uri(), wait_until="load")
            widths = page.eval_on_selector_all(
                "#runs-table thead th", "ths => ths.map(t => [t.textContent, t.getBoundingClientRect().width])")
            table = page.eval_on_selector("#runs-table", "t => t.getBoundingClientRect().width")
        finally:
            browser.close()
    summary = next(w for name, w in widths if name.startswith("Summary"))
    assert summary >= 0.4 * table, widths  # was 178 px of 1,152
    assert all(w >= 30 for _, w in widths)  # headers wrap between words, not inside them


# ------------------------------------------------------------------------------------------- F10 (healthy rows)


def test_f10_a_healthy_row_does_not_print_the_models_set_aside_lean(tmp_path):
    """keras/mlp_ok's values (loss 0.697 -> 0.398 in 20 epochs, val 0.669 -> 0.454, still falling) written with
    torch's SummaryWriter: `healthy` with a possible_underfit finding. The default table prints no finding under it
    (README: findings come under runs that are not healthy); --details and the JSON still carry it."""
    from torch.utils.tensorboard import SummaryWriter

    train = [0.6973, 0.6718, 0.6516, 0.6311, 0.6121, 0.5952, 0.5783, 0.5632, 0.5475, 0.5323, 0.5181, 0.5037,
             0.4903, 0.4763, 0.4623, 0.4486, 0.4361, 0.4234, 0.4104, 0.3979]
    val = [0.6688, 0.6548, 0.6412, 0.6276, 0.6151, 0.6028, 0.5914, 0.5799, 0.5684, 0.5570, 0.5463, 0.5357,
           0.5251, 0.5141, 0.5037, 0.4934, 0.4833, 0.4735, 0.4636, 0.4541]
    run = tmp_path / "mlp_ok"
    with SummaryWriter(str(run)) as w:
        for epoch, (t, v) in enumerate(zip(train, val)):
            w.add_scalar("epoch_loss/train", t, epoch)
            w.add_scalar("epoch_loss/validation", v, epoch)
    (got,) = scan_json(run)["runs"]
    assert got["verdict"] == "healthy"
    leans = [f for f in got["findings"] if f["kind"] in ("possible_underfit", "possible_overfit")]
    assert leans, got["findings"]
    table = scan_text(run)
    assert "•" not in table and "leans" not in table
    assert "leans" in scan_text(run, "--details")
