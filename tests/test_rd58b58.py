"""Stop 58 (rd58b): reader faults named by the labellers of sets 152-153.

Each input is the exact text the framework writes: KellerJordan/modded-nanogpt's ``train_gpt2.py`` record log (a
``'=' * 100`` rule, the script's own source, nvidia-smi, then ``step:N/M val_loss:X ...`` lines), a build-nanogpt
fork's ``log.txt`` with the ``# resumed ...`` comment lines it writes on resume.
"""
from __future__ import annotations

from loganalyzer import read_scalars
from loganalyzer.discover import discover


def _series(path) -> dict[str, tuple[list, list]]:
    df = read_scalars(str(path))
    return {tag: (g.step.tolist(), g.value.tolist()) for tag, g in df.groupby("tag", sort=False)}


# --- modded-nanogpt records: print0(code) under a '=' * 100 rule, then the run -------------------------------------

_HEAD = '''import os
import sys
with open(sys.argv[0]) as f:
    code = f.read() # read the code of this file ASAP, for logging
import uuid
import time
from dataclasses import dataclass

import torch
import torch.nn.functional as F

torch._dynamo.config.suppress_errors = True
'''

_FILLER = '''
@torch.compile
def rotate(x, cos, sin):
    d = x.shape[3] // 2
    x1 = x[..., :d]
    x2 = x[..., d:]
    return torch.cat([x1 * cos + x2 * sin, x1 * (-sin) + x2 * cos], 3).type_as(x)

torch._dynamo.disable
def cast_tensor(x, M, E, A):
    """
    Rounds every value in the tensor x to the nearest representable floating point number.
    """
    return x
'''

_LOOP = '''
@dataclass
class Hyperparameters:
    num_iterations : int = 60
    val_loss_every : int = 20 # every how many steps to evaluate val loss? 0 for only at the end

def main(args):
    for step in range(args.num_iterations + 1):
        last_step = (step == args.num_iterations)
        if (last_step or (args.val_loss_every > 0 and step % args.val_loss_every == 0)):
            val_loss = 0.0
            print0(f'step:{step}/{args.num_iterations} val_loss:{val_loss:.4f} train_time:{t:.0f}ms')
        print0(f"step:{step+1}/{args.num_iterations} train_loss:{train_loss.item():.4f} train_time:{t:.0f}ms")
'''


def _source() -> str:
    """A script of ~12 KB whose first 8 KB name no loss (the records' model and optimizer code come first)."""
    return _HEAD + _FILLER * 24 + _LOOP


def _modded_record(path, steps: int = 60) -> tuple[list, list]:
    rule = "=" * 100
    smi = ["Sun Oct 13 01:02:03 2024", "+" + "-" * 89 + "+",
           "| NVIDIA-SMI 550.90.07              Driver Version: 550.90.07      CUDA Version: 12.4     |",
           "+" + "-" * 89 + "+"]
    lines = [rule, *_source().splitlines(), rule, *smi, "", rule,
             "Training DataLoader: total number of tokens: 10255324043 across 103 files", rule]
    vals, trains = [], []
    for step in range(steps + 1):
        if step % 20 == 0 or step == steps:
            v = round(10.83 - 0.1 * step, 4)
            vals.append((step, v))
            lines.append(f"step:{step}/{steps} val_loss:{v:.4f} train_time:{250 + 400 * step}ms step_avg:400.00ms")
        if step < steps:
            t = round(10.83 - 0.09 * step, 4)
            trains.append((step + 1, t))
            lines.append(f"step:{step + 1}/{steps} train_loss:{t:.4f} train_time:{650 + 400 * step}ms "
                         "step_avg:400.00ms")
    path.write_text("\n".join(lines) + "\n")
    return vals, trains


def test_modded_nanogpt_record_with_a_rule_above_its_source_is_discovered_and_read_after_the_source(tmp_path):
    log = tmp_path / "433c1732-0c3d-4099-a4a8-ec31eae49b16.txt"
    vals, trains = _modded_record(log)
    problems = []
    runs = discover(str(tmp_path), problems)
    assert [r.path for r in runs] == [str(log)], problems
    series = _series(log)
    assert list(zip(*series["val_loss"])) == vals  # 'val_loss = 0.0' in the source is no point
    assert list(zip(*series["train_loss"])) == trains


def test_python_source_alone_under_a_rule_is_still_no_log(tmp_path):
    (tmp_path / "train_gpt2.txt").write_text("=" * 100 + "\n" + _source())
    assert discover(str(tmp_path)) == []


# --- build-nanogpt forks: '# resumed ...' comment lines in log.txt -----------------------------------------------

def test_build_nanogpt_log_opening_with_resume_comments_is_discovered(tmp_path):
    log = tmp_path / "main_38k_train_log.txt"
    lines = ["", "# resumed at 2026-05-30T00:35:08.891879 from step 8001"]
    for step in range(8001, 8301):
        lines.append(f"{step} train {3.0 - (step - 8001) * 1e-3:.6f}")
        if step % 50 == 0:
            lines.append(f"{step} val {3.4 - (step - 8001) * 1e-3:.4f}")
    lines.insert(200, "# resumed at 2026-05-30T03:52:09.541754 from step 8190")
    lines.append("# BEST valbin_ppl inf at step -1")
    log.write_text("\n".join(lines) + "\n")
    runs = discover(str(tmp_path))
    assert [r.path for r in runs] == [str(log)]
    series = _series(log)
    assert series["val_loss"][0][:2] == [8050, 8100]
    assert series["train_loss"][0][0] == 8001 and series["train_loss"][0][-1] == 8300


# --- the Hugging Face NLP course's Accelerate loop (chapter 7, causal LM from scratch): printed dicts ------------------

def test_course_accelerate_dicts_read_at_their_steps_with_the_evaluation_after_its_training_dict(tmp_path):
    log = tmp_path / "log_8e_9ds_concatenation_model.txt"
    lines = ["Using custom data configuration default",
             "  0%|          | 0/4000 [00:00<?, ?it/s]You're using a GPT2TokenizerFast tokenizer."]
    train, evals = [], []
    for done in range(99, 4000, 100):
        loss = round(9.0 - done / 1000, 4)
        train.append((done, loss))
        bar = f"{100 * done // 4000:3d}%|##        | {done}/4000 [00:30<2:13:19,  3.31it/s]"
        lines.append(bar + str({"steps": done, "loss/train": loss}))  # accelerator.print after the bar
        if (done + 1) % 1000 == 0:
            ev = round(6.0 - done / 2000, 4)
            evals.append((done, ev))
            lines.append(str({"loss/eval": ev, "perplexity": 2.718281828 ** ev}))
    log.write_text("\n".join(lines) + "\n")
    series = _series(log)
    assert list(zip(*series["loss/train"])) == train
    assert list(zip(*series["loss/eval"])) == evals  # at the training dict before it, not the next bar (1099)
    assert "steps" not in series and "samples" not in series


# --- ms-swift logging.jsonl: the step only in "global_step/max_steps": "N/M" -----------------------------------------

def test_ms_swift_logging_jsonl_rows_at_their_global_step(tmp_path):
    import json

    path = tmp_path / "logging.jsonl"
    rows = []
    for step in range(1, 41):
        rows.append({"loss": round(2.0 - step * 0.01, 4), "grad_norm": 3.5, "learning_rate": 1e-5, "token_acc": 0.6,
                     "epoch": round(step * 0.0034, 6), "global_step/max_steps": f"{step}/40",
                     "elapsed_time": f"{step}m 16s", "remaining_time": f"{40 - step}m 5s", "memory(GiB)": 73.31,
                     "train_speed(s/it)": 60.3})
    rows.append({"train_runtime": 1930.8, "train_samples_per_second": 2.652, "train_loss": 1.52, "epoch": 0.136,
                 "global_step/max_steps": "40/40", "elapsed_time": "32m 11s", "remaining_time": "0s"})
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    steps, values = _series(path)["loss"]
    assert steps == list(range(1, 41))
    assert values[0] == 1.99 and values[-1] == 1.6


# --- JoeyNMT 2.x training logged to stderr, kept as '<model>/err' -----------------------------------------------------

def _joey_err(path, evals: int = 6) -> tuple[list, list]:
    stamp = "2024-05-19 15:33:37,672 - INFO - "
    lines = [stamp + "root - Hello! This is Joey-NMT (version 2.2.0)."]
    lines += [stamp + f"joeynmt.helpers - {'cfg.training.key_' + str(k):>40} : {k}" for k in range(150)]
    batch, ev = [], []
    for step in range(100, 500 * evals + 1, 100):
        loss = round(3.7 - step / 5000, 6)
        batch.append((step, loss))
        lines.append(stamp + f"joeynmt.training - Epoch {1 + step // 1000:3d}, Step: {step:8d}, Batch Loss: "
                             f"{loss:12.6f}, Batch Acc: 0.037216, Tokens per Sec: {12357 + step:8d}, Lr: 0.000300")
        if step % 500 == 0:
            e = round(3.18 - step / 10000, 2)
            ev.append((step, e))
            lines.append(stamp + "joeynmt.prediction - Predicting 1003 example(s)... (Greedy decoding with "
                                 "min_output_length=1, max_output_length=-1, return_prob='none')")
            lines.append(stamp + f"joeynmt.prediction - Evaluation result (greedy) bleu:   0.24, loss: {e:6.2f}, "
                                 "ppl:  24.13, acc:   0.11, generation: 17.6537[sec], evaluation: 0.3441[sec]")
            lines.append(stamp + "joeynmt.training - Example #0")
            lines.append(stamp + "joeynmt.training - \tSource:     Vorig jaar liet ik deze twee dia's zien.")
            lines.append(stamp + "joeynmt.training - \tReference:  Last year it has shrunk by 40 percent.")
            lines.append(stamp + "joeynmt.training - \tHypothesis: Letztes Jahr hat Shrunk von 40 Prozent.")
    path.write_text("\n".join(lines) + "\n")
    return batch, ev


def test_joeynmt_stderr_file_named_err_is_discovered_without_timing_or_example_series(tmp_path):
    run = tmp_path / "transformer_bpe1k"
    run.mkdir()
    batch, ev = _joey_err(run / "err")
    (run / "notes").write_text("loss: 0.5 once\n")  # a file of another name stays unopened
    runs = discover(str(tmp_path))
    assert [r.path for r in runs] == [str(run / "err")]
    series = _series(run / "err")
    assert list(zip(*series["Batch_Loss"])) == batch
    assert list(zip(*series["Evaluation_loss"])) == ev
    assert not {"per_Sec", "evaluation", "Evaluation_generation", "Shrunk_von", "Hypothesis"} & set(series)


# --- a printed log pasted into a *.py file (cnn-text-classification-pytorch output) ----------------------------------

_CNN_TEXT_PARAMS = ["Parameters:", "\tBATCH_SIZE=64", "\tCLASS_NUM=2", "\tDROPOUT=0.5", "\tEPOCHS=10", "\tLR=0.001",
                    "\tLOG_INTERVAL=100", "\tTEST_INTERVAL=100", ""]


def test_printed_log_pasted_into_a_py_file_is_discovered_with_its_batch_counter(tmp_path):
    log = tmp_path / "result.py"
    lines = ["# -*- coding: utf-8 -*-", *_CNN_TEXT_PARAMS]
    train, dev = [], []
    for batch in range(100, 1600, 100):
        t, d = round(0.7 - batch / 3000, 6), round(0.65 + (batch - 600) ** 2 / 4e6, 6)
        train.append((batch, t))
        dev.append((batch, d))
        lines.append(f"Train: Batch[{batch}] - loss: {t:.6f} acc: 59.38%)")  # as pasted, the ')' kept
        lines.append(f"Dev: loss: {d:.6f} acc: 61.73%)")
    log.write_text("\n".join(lines) + "\n")
    runs = discover(str(tmp_path))
    assert [r.path for r in runs] == [str(log)]
    series = _series(log)
    assert list(zip(*series["Train_loss"])) == train  # at 'Batch[100]', not the line numbers 1, 2, 3
    assert list(zip(*series["Dev_loss"])) == dev


def test_bare_batch_bracket_lines_read_at_their_batch(tmp_path):
    log = tmp_path / "train_log.txt"
    lines = []
    for batch in range(100, 800, 100):
        lines.append(f"Batch[{batch}] - loss: {1 - batch / 1000:.4f}  acc: 46.8750%(30/64)")
        lines.append(f"Evaluation - loss: {0.7 - batch / 5000:.4f}  acc: 60.0375%(640/1066) ")
    log.write_text("\n".join(lines) + "\n")
    series = _series(log)
    assert series["loss"][0] == list(range(100, 800, 100))
    assert series["Evaluation_loss"][0] == list(range(100, 800, 100))


def test_python_source_named_results_stays_no_log(tmp_path):
    (tmp_path / "results.py").write_text(
        '"""Print results."""\nimport sys\n\n\ndef report(loss, acc):\n'
        '    print(f"Train: Batch[{1}] - loss: {loss:.6f} acc: {acc:.2f}%)")\n'
        '    print(f"Dev: loss: {loss:.6f} acc: {acc:.2f}%)")\n\n\nif __name__ == "__main__":\n'
        '    report(0.5, 50.0)\n    report(0.4, 60.0)\n' + "# loss: 0.3 acc: 70.0\n" * 3)
    assert discover(str(tmp_path)) == []


# --- a CSV with each epoch on two rows, beside its validation file ------------------------------------------------------

def test_csv_with_two_rows_per_epoch_is_one_run_paired_with_its_val_file(tmp_path):
    import csv

    with open(tmp_path / "ppl_0_drop_train.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "ppl"])
        for epoch in range(1, 11):
            w.writerow([epoch, 600 / epoch])  # logged half-way through the epoch
            w.writerow([epoch, 500 / epoch])  # and at its end
    with open(tmp_path / "ppl_0_drop_val.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "val_ppl"])
        for epoch in range(1, 11):
            w.writerow([epoch, 250 / epoch])
    runs = discover(str(tmp_path))
    assert len(runs) == 1 and "#" not in runs[0].id
    df = read_scalars(runs[0])
    train = df[df.tag == "train_ppl"]
    assert len(train) == 20 and train.value.iloc[1] == 500.0 and train.value.iloc[-1] == 50.0
    assert df[df.tag == "val_ppl"].value.tolist() == [250 / e for e in range(1, 11)]
