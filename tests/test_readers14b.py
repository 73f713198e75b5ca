"""readers14b: printed-log shapes found by breaker4 (HF Trainer stdout dicts with no step, ``key, value`` lines,
multi-line epoch blocks, MLPerf ``:::MLLOG`` records). Every input is printed by a real (tiny) writer here."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from loganalyzer import read_scalars
from loganalyzer.discover import discover
from loganalyzer.load import load_run

HF_STOPPED = textwrap.dedent("""
    import sys, torch
    from transformers import BertConfig, BertForSequenceClassification, Trainer, TrainingArguments, TrainerCallback
    from transformers.trainer_callback import PrinterCallback, ProgressCallback
    torch.manual_seed(0)
    class DS(torch.utils.data.Dataset):
        def __init__(self, n):
            g = torch.Generator().manual_seed(n); self.x = torch.randint(0, 50, (n, 8), generator=g)
            self.y = (self.x[:, 0] > 25).long()
        def __len__(self): return len(self.x)
        def __getitem__(self, i): return {"input_ids": self.x[i], "labels": self.y[i]}
    class CtrlC(TrainerCallback):
        def on_step_end(self, args, state, control, **kw):
            if state.global_step == 20:
                sys.stdout.flush()  # the buffer reaching the file (the dicts) before the traceback
                raise KeyboardInterrupt
    class BarOnly(ProgressCallback):  # the bar on stderr; the dicts printed by HF's PrinterCallback on stdout
        def on_log(self, *a, **k): pass
    model = BertForSequenceClassification(BertConfig(vocab_size=50, hidden_size=16, num_hidden_layers=1,
        num_attention_heads=2, intermediate_size=32, num_labels=2))
    args = TrainingArguments(output_dir=sys.argv[1], num_train_epochs=2, per_device_train_batch_size=8,
        logging_steps=3, eval_strategy="steps", eval_steps=12, save_strategy="no", report_to=[],
        learning_rate=1e-3, use_cpu=True)
    print(args)
    trainer = Trainer(model=model, args=args, train_dataset=DS(192), eval_dataset=DS(32), callbacks=[CtrlC()])
    trainer.remove_callback(ProgressCallback); trainer.add_callback(BarOnly); trainer.add_callback(PrinterCallback)
    trainer.train()
""")


def _steps(df, tag):
    return sorted(df.loc[df["tag"] == tag, "step"].astype(int).tolist())


def test_hf_stdout_dicts_at_logging_steps_when_stopped(tmp_path):
    """HF Trainer stdout redirected to a file with its bar (stderr): the dicts are block-buffered, far from the bar
    of their step, and print no step. With ``logging_steps=3`` printed (``print(training_args)``), the k-th loss is at
    step 3k -- not the epochs stretched over the bar's 48 steps (which put a job stopped at 20 at 100%)."""
    pytest.importorskip("transformers")
    log = tmp_path / "job" / "train.log"
    log.parent.mkdir()
    env = {**os.environ, "TRANSFORMERS_VERBOSITY": "warning", "TQDM_DISABLE": "", "CUDA_VISIBLE_DEVICES": ""}
    env.pop("PYTHONUNBUFFERED", None)  # stdout to a file is block-buffered, as in a batch job
    with open(log, "wb") as out:
        subprocess.run([sys.executable, "-c", HF_STOPPED, str(tmp_path / "out")], stdout=out,
                       stderr=subprocess.STDOUT, env=env, timeout=300)
    text = log.read_text(errors="replace")
    assert "'loss'" in text and "/48 [" in text and "KeyboardInterrupt" in text
    df = read_scalars(str(log.parent), resolve=True)
    assert _steps(df, "loss") == [3, 6, 9, 12, 15, 18]
    assert _steps(df, "eval_loss") == [12]
    (loaded,) = [load_run(run) for run in discover(str(log.parent))]
    assert loaded.ended.cause == "cancelled" and loaded.ended.step == 18
    assert "of 48" in loaded.ended.summary and "100%" not in loaded.ended.summary
