"""Printed training logs (stdout of a job, ``*.log``/``*.out``) in the shapes the breaker found read wrong: percent
metrics, bracketed epochs, ``epoch: 1 loss: ...`` logs named ``*.log``, Keras ``evaluate`` after ``fit``, the
PyTorch ImageNet ProgressMeter, UTF-16 logs, OLMo console blocks and config dumps.

Real printing where the framework is at hand (python ``logging``, Keras in a subprocess), else the real bytes of the
public logs in /work/breaker/cases (a few lines copied here, source noted)."""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from loganalyzer import read_scalars
from loganalyzer.discover import discover
from loganalyzer.load import load_run
from loganalyzer.scan import scan


def _print_with_logging(path: Path, body: str) -> None:
    """Run ``body`` in a child python whose root logger writes ``path`` in the format most training scripts use
    (``%(asctime)s - %(levelname)s - %(message)s``): real python-logging bytes."""
    script = textwrap.dedent("""
        import logging, sys
        logging.basicConfig(filename=sys.argv[1], level=logging.INFO,
                            format="%(asctime)s - %(levelname)s - %(message)s")
        log = logging.getLogger()
    """) + textwrap.dedent(body)
    subprocess.run([sys.executable, "-c", script, str(path)], check=True, timeout=60)


def _series(frame, tag):
    rows = frame[frame["tag"] == tag]
    return rows["step"].tolist(), [round(v, 4) for v in rows["value"].tolist()]


def _by_run(path):
    return {run.id: load_run(run).scalars for run in discover(path)}


# ---------------------------------------------------------------- percent metrics (case stdout-percent-metric-dropped)


def test_percent_metrics_printed_by_python_logging_are_read(tmp_path):
    _print_with_logging(tmp_path / "training.log", """
        for e in range(1, 6):
            log.info(f"Epoch {e}/35, Train Loss: {2 - e / 10:.4f}, Test Acc: {50 + e * 1.5:.2f}%")
        log.info("Progress: 45%, loss 0.3")
    """)
    s = read_scalars(tmp_path)
    assert _series(s, "Test_Acc") == ([1, 2, 3, 4, 5], [51.5, 53.0, 54.5, 56.0, 57.5])
    assert _series(s, "Train_Loss")[0] == [1, 2, 3, 4, 5]
    assert "Progress" not in set(s["tag"])  # how far a loop got is no series


def test_percent_metrics_real_bytes(tmp_path):
    # github 5697526/CIFAR-10-Network @ 02e9745c, training.log lines 23-25 (byte for byte)
    (tmp_path / "training.log").write_bytes(
        b"2025-06-04 17:39:02,341 - INFO - Epoch 1/35, Train Loss: 1.6279, Test Acc: 59.86%\n"
        b"2025-06-04 17:41:24,241 - INFO - Epoch 2/35, Train Loss: 1.2434, Test Acc: 69.33%\n"
        b"2025-06-04 17:44:04,911 - INFO - Epoch 3/35, Train Loss: 1.1221, Test Acc: 72.48%\n")
    assert _series(read_scalars(tmp_path), "Test_Acc") == ([1, 2, 3], [59.86, 69.33, 72.48])


# ---------------------------------------------------------------- bracketed epochs (stdout-bracket-epoch-restarts-spliced)


def test_bracketed_epochs_are_steps_and_restarts_are_new_runs(tmp_path):
    _print_with_logging(tmp_path / "training.log", """
        for epochs in (3, 2, 4):   # three trainings appended to one log
            for e in range(1, epochs + 1):
                log.info(f"Epoch [{e}/50], Train Loss: {2 - e / 10:.4f}, Train Acc: {20 + e:.2f}%, "
                         f"Val Loss: {2.1 - e / 10:.4f}, Val Acc: {18 + e:.2f}%")
    """)
    runs = _by_run(tmp_path)
    assert sorted(runs) == ["training.log#1", "training.log#2", "training.log#3"]
    assert [_series(runs[f"training.log#{i}"], "Train_Loss")[0] for i in (1, 2, 3)] == [[1, 2, 3], [1, 2], [1, 2, 3, 4]]
    assert _series(runs["training.log#3"], "Val_Acc") == ([1, 2, 3, 4], [19.0, 20.0, 21.0, 22.0])


def test_bracketed_epochs_real_bytes(tmp_path):
    # github AdityaJ87/Face_Emotion_Detection @ 52e1ba4c, training.log lines 89, 98, 114, 124 (byte for byte)
    (tmp_path / "training.log").write_bytes(
        b"2025-04-24 22:15:46,904 - INFO - Epoch [9/50], Train Loss: 1.4306, Train Acc: 46.78%, Val Loss: 1.3070, "
        b"Val Acc: 50.36%\n"
        b"2025-04-24 22:41:07,556 - INFO - Epoch [10/50], Train Loss: 1.4155, Train Acc: 47.81%, Val Loss: 1.2401, "
        b"Val Acc: 52.88%\n"
        b"2025-04-25 00:19:25,918 - INFO - Epoch [1/50], Train Loss: 1.9471, Train Acc: 18.66%, Val Loss: 1.9099, "
        b"Val Acc: 24.34%\n"
        b"2025-04-25 00:21:56,160 - INFO - Epoch [2/50], Train Loss: 1.9325, Train Acc: 18.45%, Val Loss: 1.8894, "
        b"Val Acc: 22.11%\n")
    runs = _by_run(tmp_path)
    assert _series(runs["training.log#1"], "Train_Loss") == ([9, 10], [1.4306, 1.4155])
    assert _series(runs["training.log#2"], "Val_Acc") == ([1, 2], [24.34, 22.11])


# ---------------------------------------------------------------- '*.log' starting with 'epoch: 1 loss: ...' (no CSV)

# github WindyAlan/finetune @ 1e8e50cd, nohup.out: its first 'epoch: ' lines (byte for byte), saved as `train.log`
WINDYFT = (b"epoch:  0 loss:  0.6861569285392761\n"
           b"epoch:  0 loss:  0.704055666923523\n"
           b"epoch:  1 loss:  0.6565402746200562\n"
           b"epoch:  2 loss:  0.6346715092658997\n")


@pytest.mark.parametrize("text", [
    WINDYFT,
    b"epoch: 1 loss: 0.81 val_loss: 0.85\nepoch: 2 loss: 0.71 val_loss: 0.75\nepoch: 3 loss: 0.61 val_loss: 0.65\n",
    b"epoch 1 loss 0.81 val_loss 0.85\nepoch 2 loss 0.71 val_loss 0.75\nepoch 3 loss 0.61 val_loss 0.65\n",
    b"epoch=1 loss=0.81 val_loss=0.85\nepoch=2 loss=0.71 val_loss=0.75\nepoch=3 loss=0.61 val_loss=0.65\n",
])
@pytest.mark.parametrize("given", ["dir", "file"])
def test_a_log_whose_first_line_is_a_progress_line_is_no_csv(tmp_path, text, given):
    (tmp_path / "train.log").write_bytes(text)
    runs = discover(tmp_path if given == "dir" else tmp_path / "train.log")
    assert [run.format for run in runs] == ["joblog"]
    steps, values = _series(load_run(runs[0]).scalars, "loss")
    assert values[-1] in (0.61, 0.6347) and steps[-1] in (3, 2)


def test_csv_logs_with_an_epoch_column_stay_csv(tmp_path):
    (tmp_path / "log.log").write_text("epoch,loss,val_loss\n0,0.81,0.85\n1,0.71,0.75\n")
    (tmp_path / "plain.log").write_text("epoch loss val_loss\n1 0.81 0.85\n2 0.71 0.75\n")
    assert [(run.id, run.format) for run in discover(tmp_path)] == [("log.log", "keras_csv"), ("plain.log", "keras_csv")]


# ---------------------------------------------------------------- Keras evaluate() after fit() (keras-evaluate-line-...)

KERAS_FIT_EVALUATE = """
import os, sys
os.environ["KERAS_BACKEND"] = "torch"
import numpy as np, keras
keras.utils.set_random_seed(0)
x = np.random.randn(256, 4).astype("float32"); y = (x.sum(1) > 0).astype("float32")
m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])
m.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse", metrics=["mae"])
history = m.fit(x, y, epochs=3, batch_size=32, validation_split=0.25, verbose=int(sys.argv[1]))
score = m.evaluate(x * 3, y, verbose=int(sys.argv[1]))     # a harder 'test set': its loss is far above training's
print(score)
print("FIT_LAST", history.history["loss"][-1], "TEST", score[0], file=sys.stderr)
"""


@pytest.mark.slow
@pytest.mark.parametrize("verbose", [1, 2])
def test_keras_evaluate_after_fit_is_a_test_result_not_a_training_point(tmp_path, verbose):
    if importlib.util.find_spec("keras") is None or importlib.util.find_spec("torch") is None:
        pytest.skip("Keras (torch backend) is not installed")
    out = tmp_path / "slurm-88.out"
    with open(out, "wb") as f:
        done = subprocess.run([sys.executable, "-c", KERAS_FIT_EVALUATE, str(verbose)], stdout=f,
                              stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"}, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    words = done.stderr.decode().split("FIT_LAST")[-1].split()
    fit_last, test = float(words[0]), float(words[2])
    s = read_scalars(tmp_path)
    steps, values = _series(s, "loss")
    assert steps == [1, 2, 3] and values[-1] == pytest.approx(fit_last, rel=1e-3)
    assert _series(s, "test_loss")[1] == [pytest.approx(test, rel=1e-3)]
    assert len(_series(s, "val_loss")[0]) == 3


def test_keras_evaluate_real_format(tmp_path):
    # /work/breaker/cases/keras-evaluate-line-appended-to-train-loss/slurm-88.out, its last lines (Keras 2 non-TTY)
    (tmp_path / "slurm-88.out").write_bytes(
        b"Epoch 11/12\n390/390 [==============================] - 23s 59ms/step - loss: 0.1567 - acc: 0.8852 - "
        b"val_loss: 0.2367 - val_acc: 0.8552\n"
        b"Epoch 12/12\n390/390 [==============================] - 23s 59ms/step - loss: 0.1331 - acc: 0.8891 - "
        b"val_loss: 0.2131 - val_acc: 0.8591\n"
        b"313/313 [==============================] - 1s 2ms/step - loss: 0.6245 - acc: 0.8205\n"
        b"[0.6245143092155456, 0.8205]\n")
    s = read_scalars(tmp_path)
    assert _series(s, "loss") == ([11, 12], [0.1567, 0.1331])
    assert _series(s, "acc") == ([11, 12], [0.8852, 0.8891])
    assert _series(s, "test_loss") == ([12], [0.6245]) and _series(s, "test_acc") == ([12], [0.8205])


# ---------------------------------------------------------------- OLMo blocks, config dumps (olmo-stdout-steps-config-...)

# github AntonioLopardo/OLMo @ c3c25dc5, checkpoints/OLMo-150M-tied-emb-1000/train.log: line 3 (the config dump, cut
# after its auxiliary_loss_multiplier: the real line is 4 KB), lines 67-76 (a block cut after 10 of its 20 values:
# the reader must stop at the next unindented line) and 87-106 (a whole block), 807-808 (the SIGTERM), all
# byte for byte otherwise.
OLMO = (
    b"2025-12-27 22:11:54.019\tfine-work-echoes-fin-03:0\ttrain:98\tINFO\tTrainConfig(run_name='OLMo-150M-tied-emb-1000'"
    b", seed=6198, epoch=None, dry_run=False, model=ModelConfig(d_model=768, n_heads=12, n_kv_heads=None, clip_qkv=8.0"
    b", n_layers=12, mlp_ratio=8, mlp_hidden_size=None, activation_type='swiglu', auxiliary_loss_multiplier=0.0001)\n"
    b"2025-12-27 22:12:56.867\tfine-work-echoes-fin-03:0\tolmo.train:990\tINFO\t[step=10/10000,epoch=0]\n"
    b"    optim/total_grad_norm=1.608\n"
    b"    train/CrossEntropyLoss=9.064\n"
    b"    train/Perplexity=8,641\n"
    b"    grad_provenance/embedding_grad_l2_norm=0.0052\n"
    b"    grad_provenance/embedding_grad_l2_norm_effective=0.0052\n"
    b"    grad_provenance/embedding_grad_l1_norm=10.05\n"
    b"    grad_provenance/embedding_grad_mean=2.891206013876175e-17\n"
    b"    grad_provenance/embedding_grad_abs_mean=3.994104531557241e-07\n"
    b"    grad_provenance/output_proj_grad_l2_norm=0.0999\n"
    b"2025-12-27 22:13:46.563\tfine-work-echoes-fin-03:0\tolmo.train:990\tINFO\t[step=20/10000,epoch=0]\n"
    b"    optim/total_grad_norm=0.9643\n"
    b"    train/CrossEntropyLoss=8.247\n"
    b"    train/Perplexity=3,815\n"
    b"    grad_provenance/embedding_grad_l2_norm=0.0019\n"
    b"    grad_provenance/embedding_grad_l2_norm_effective=0.0019\n"
    b"    grad_provenance/embedding_grad_l1_norm=5.674\n"
    b"    grad_provenance/embedding_grad_mean=-7.66169590368464e-18\n"
    b"    grad_provenance/embedding_grad_abs_mean=2.2545117417394067e-07\n"
    b"    grad_provenance/output_proj_grad_l2_norm=0.0602\n"
    b"    grad_provenance/output_proj_grad_l2_norm_effective=0.0602\n"
    b"    grad_provenance/output_proj_grad_l1_norm=49.29\n"
    b"    grad_provenance/output_proj_grad_mean=-1.9646897447827974e-15\n"
    b"    grad_provenance/output_proj_grad_abs_mean=1.275722297577886e-06\n"
    b"    throughput/total_tokens=10,485,760\n"
    b"    throughput/total_training_Gflops=13,495,130\n"
    b"    throughput/total_training_log_Gflops=16.42\n"
    b"    throughput/device/tokens_per_second=105,488\n"
    b"    throughput/device/batches_per_second=0.2012\n"
    b"    System/Peak GPU Memory (MB)=38,869\n"
    b"W1227 22:43:28.153000 54958 torch/distributed/elastic/agent/server/api.py:725] Received 15 death signal, "
    b"shutting down workers\n"
    b"W1227 22:43:28.153000 54958 torch/distributed/elastic/multiprocessing/api.py:908] Sending process 55014 closing "
    b"signal SIGTERM\n")


def test_olmo_blocks_give_steps_and_every_value_and_the_config_dump_none(tmp_path):
    (tmp_path / "train.log").write_bytes(OLMO)
    s = read_scalars(tmp_path)
    assert _series(s, "train/CrossEntropyLoss") == ([10, 20], [9.064, 8.247])
    assert _series(s, "train/Perplexity") == ([10, 20], [8641.0, 3815.0])
    assert _series(s, "optim/total_grad_norm") == ([10, 20], [1.608, 0.9643])
    assert _series(s, "throughput/total_tokens") == ([20], [10485760.0])
    assert _series(s, "System/Peak_GPU_Memory_(MB)") == ([20], [38869.0])
    assert not {"d_model", "seed", "auxiliary_loss_multiplier", "fine-work-echoes-fin-03", "train"} & set(s["tag"])
    result = scan(tmp_path, options=None)
    [run] = result.runs
    assert run.ended.cause == "cancelled" and "before any loss" not in str(run.ended)
    assert "auxiliary" not in str(run.verdict)


def test_wandb_debug_logs_are_no_runs(tmp_path):
    run_dir = tmp_path / "wandb" / "run-20251227_221154-yg9xw4qu"
    (run_dir / "logs").mkdir(parents=True)
    (run_dir / "files").mkdir()
    (run_dir / "files" / "output.log").write_bytes(OLMO)
    # logs/debug.log of the same run: its 'config:' line (cut to its first keys), byte for byte
    (run_dir / "logs" / "debug.log").write_bytes(
        b"2025-12-27 22:11:54,448 INFO    MainThread:55014 [wandb_init.py:init():846] wandb.init called with "
        b"sweep_config: {}\n"
        b"config: {'run_name': 'OLMo-150M-tied-emb-1000', 'seed': 6198, 'epoch': None, 'dry_run': False, 'model': "
        b"{'d_model': 768, 'auxiliary_loss_multiplier': 0.0001, 'train_loss': 2.5}}\n")
    (run_dir / "logs" / "debug-internal.log").write_bytes(b"2025-12-27 loss 1.0\n")
    assert [run.id for run in discover(tmp_path)] == ["wandb/run-20251227_221154-yg9xw4qu/files/output.log"]


CONFIG_PRINTS = r"""
import argparse, dataclasses
@dataclasses.dataclass
class TrainConfig:
    run_name: str = "x"
    lr: float = 0.1
    aux_loss_weight: float = 0.01
    epochs: int = 3
print(TrainConfig())
print(argparse.Namespace(lr=0.1, loss_scale=128.0, label_smoothing_loss=0.1, epochs=3))
# YOLOv7's train.py: logger.info(colorstr('hyperparameters: ') + ', '.join(f'{k}={v}' for k, v in hyp.items()))
print("\x1b[34m\x1b[1mhyperparameters: \x1b[0mlr0=0.01, lrf=0.1, momentum=0.937, box=0.05, cls=0.3, loss_ota=1")
print("config: {'lr': 0.1, 'train_loss_weight': 1.0}")
for e in range(1, 4):
    print(f"epoch {e} loss {1 / e:.4f}")
"""


def test_config_dumps_printed_by_python_are_no_series(tmp_path):
    with open(tmp_path / "slurm-7.out", "wb") as f:
        subprocess.run([sys.executable, "-c", CONFIG_PRINTS], stdout=f, check=True, timeout=60)
    s = read_scalars(tmp_path)
    assert set(s["tag"]) == {"loss"}
    assert _series(s, "loss") == ([1, 2, 3], [1.0, 0.5, 0.3333])


# ---------------------------------------------------------------- UTF-16 logs (utf16-log-silently-ignored)

# /work/breaker/cases/utf16-log-silently-ignored/train_utf8.log: verbatim Keras 2 lines of a public CIFAR-10 log
KERAS_LINES = (
    "Epoch 1/3\n390/390 [==============================] - 26s 68ms/step - loss: 1.3148 - acc: 0.5271 - val_loss: 1.0046"
    " - val_acc: 0.6437\nEpoch 2/3\n390/390 [==============================] - 23s 59ms/step - loss: 0.9076 - acc: 0.6776"
    " - val_loss: 0.8965 - val_acc: 0.6850\nEpoch 3/3\n390/390 [==============================] - 23s 60ms/step - "
    "loss: 0.7801 - acc: 0.7217 - val_loss: 0.7706 - val_acc: 0.7281\n")


@pytest.mark.parametrize("encoding, newline", [("utf-16", "\r\n"), ("utf-16-le", "\r\n"), ("utf-16-be", "\n")])
@pytest.mark.parametrize("given", ["dir", "file"])
def test_a_utf16_job_log_is_read_like_its_utf8_copy(tmp_path, encoding, newline, given):
    # Windows PowerShell 5.1's `python train.py > train.log` writes UTF-16LE with a BOM and CRLF line ends
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    (tmp_path / "train.log").write_bytes(bom + KERAS_LINES.replace("\n", newline).encode(encoding))
    runs = discover(tmp_path if given == "dir" else tmp_path / "train.log")
    assert [run.format for run in runs] == ["joblog"]
    s = load_run(runs[0]).scalars
    assert _series(s, "loss") == ([1, 2, 3], [1.3148, 0.9076, 0.7801])
    assert _series(s, "val_acc") == ([1, 2, 3], [0.6437, 0.685, 0.7281])


def test_a_utf16_table_is_one_clear_line_and_the_scan_goes_on(tmp_path):
    (tmp_path / "metrics.csv").write_bytes("epoch,loss\r\n0,0.5\r\n1,0.4\r\n".encode("utf-16"))
    (tmp_path / "notes.txt").write_bytes("nothing to read here\r\n".encode("utf-16"))  # no log: skipped as in UTF-8
    (tmp_path / "slurm-3.out").write_text(KERAS_LINES)
    problems = []
    runs = discover(tmp_path, problems=problems)
    # a run that could not be read (newcomer28, item 8): its row `unknown`, the line said once, when it is loaded
    # an unread `metrics.csv` is named by its folder, Lightning's naming (discover_unread, ux69 F6): here the root
    assert [(run.id, run.format) for run in runs] == [(".", "unread"), ("slurm-3.out", "joblog")]
    assert problems == []
    report = scan([tmp_path])
    assert [(Path(p.path).name, p.message) for p in report.errors] == [
        ("metrics.csv", "a table saved as UTF-16 text: not read (only job logs are read in UTF-16; save it as UTF-8)")]
    assert [r.analysis.label for r in report.runs if r.run != "slurm-3.out"] == ["unknown"]


# ---------------------------------------------------------------- pytorch/examples ImageNet ProgressMeter

# AverageMeter/ProgressMeter as in github pytorch/examples imagenet/main.py (BSD-3), driving a tiny real training
IMAGENET = r"""
import sys, torch
from enum import Enum
class Summary(Enum):
    NONE = 0
    AVERAGE = 1
class AverageMeter(object):
    def __init__(self, name, fmt=':f', summary_type=Summary.AVERAGE):
        self.name = name; self.fmt = fmt; self.summary_type = summary_type; self.reset()
    def reset(self):
        self.val = 0; self.avg = 0; self.sum = 0; self.count = 0
    def update(self, val, n=1):
        self.val = val; self.sum += val * n; self.count += n; self.avg = self.sum / self.count
    def __str__(self):
        fmtstr = '{name} {val' + self.fmt + '} ({avg' + self.fmt + '})'
        return fmtstr.format(**self.__dict__)
    def summary(self):
        return '' if self.summary_type is Summary.NONE else '{name} {avg:.3f}'.format(**self.__dict__)
class ProgressMeter(object):
    def __init__(self, num_batches, meters, prefix=""):
        self.batch_fmtstr = self._get_batch_fmtstr(num_batches); self.meters = meters; self.prefix = prefix
    def display(self, batch):
        entries = [self.prefix + self.batch_fmtstr.format(batch)]
        entries += [str(meter) for meter in self.meters]
        print('\t'.join(entries))
    def display_summary(self):
        entries = [" *"]
        entries += [meter.summary() for meter in self.meters]
        print(' '.join(entries))
    def _get_batch_fmtstr(self, num_batches):
        num_digits = len(str(num_batches // 1))
        fmt = '{:' + str(num_digits) + 'd}'
        return '[' + fmt + '/' + fmt.format(num_batches) + ']'
torch.manual_seed(0)
x = torch.randn(400, 8); y = (x[:, 0] > 0).long()
model = torch.nn.Linear(8, 2); opt = torch.optim.SGD(model.parameters(), lr=0.5)
def accuracy(out, t):
    return (out.argmax(1) == t).float().mean().item() * 100
for epoch in range(3):
    meters = [AverageMeter('Time', ':6.3f'), AverageMeter('Data', ':6.3f'), AverageMeter('Loss', ':.4e'),
              AverageMeter('Acc@1', ':6.2f'), AverageMeter('Acc@5', ':6.2f')]
    progress = ProgressMeter(20, meters, prefix="Epoch: [{}]".format(epoch))
    for i in range(20):
        out = model(x[i * 16:(i + 1) * 16]); loss = torch.nn.functional.cross_entropy(out, y[i * 16:(i + 1) * 16])
        opt.zero_grad(); loss.backward(); opt.step()
        for m, v in zip(meters, (0.01, 0.0, loss.item(), accuracy(out, y[i * 16:(i + 1) * 16]), 100.0)):
            m.update(v, 16)
        if i % 5 == 0:
            progress.display(i)
    vmeters = [AverageMeter('Time', ':6.3f', Summary.NONE), AverageMeter('Loss', ':.4e', Summary.NONE),
               AverageMeter('Acc@1', ':6.2f'), AverageMeter('Acc@5', ':6.2f')]
    vprogress = ProgressMeter(5, vmeters, prefix='Test: ')
    with torch.no_grad():
        for i in range(5):
            xs, ys = x[320 + i * 16:336 + i * 16] * 4, y[320 + i * 16:336 + i * 16]   # a shifted held-out set
            out = model(xs)
            for m, v in zip(vmeters, (0.01, torch.nn.functional.cross_entropy(out, ys).item(), accuracy(out, ys), 100.0)):
                m.update(v, 16)
            if i % 2 == 0:
                vprogress.display(i + 1)
    vprogress.display_summary()
    print("FINAL", epoch, vmeters[1].avg, vmeters[2].avg, file=sys.stderr)
"""


def test_imagenet_progress_meter_train_and_validation_apart(tmp_path):
    if importlib.util.find_spec("torch") is None:
        pytest.skip("torch is not installed")
    with open(tmp_path / "slurm-4242.out", "wb") as f:
        done = subprocess.run([sys.executable, "-c", IMAGENET], stdout=f, stderr=subprocess.PIPE, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    final = [line.split() for line in done.stderr.decode().splitlines() if line.startswith("FINAL")]
    s = read_scalars(tmp_path)
    steps, losses = _series(s, "Loss")
    assert steps == [e * 20 + i for e in range(3) for i in (0, 5, 10, 15)]
    assert _series(s, "Acc@1")[0] == steps and _series(s, "Acc@5")[0] == steps
    assert not {"Time", "Data"} & set(s["tag"])
    val_steps, val_losses = _series(s, "val_Loss")
    # one point a pass, at the last training line's step: the pass's last running average (readers28: every
    # 'Test:' line's running average was a point before, three at each step)
    assert val_steps == [15, 35, 55]
    assert val_losses == [round(float(f[2]), 4) for f in final]
    acc = s[s["tag"] == "val_Acc@1"]  # the ' * Acc@1' summary's, once a pass
    assert acc["step"].tolist() == [15, 35, 55]
    assert [round(v, 3) for v in acc["value"]] == [round(float(f[3]), 3) for f in final]


def test_imagenet_progress_meter_real_lines(tmp_path):
    # github dusty-nv/jetson-inference docs/pytorch-cat-dog.md, the console output of pytorch/examples' main.py
    (tmp_path / "slurm-4242.out").write_bytes(
        b"=> reshaped ResNet fully-connected layer with: Linear(in_features=512, out_features=2, bias=True)\n"
        b"Epoch: [0][  0/625]\tTime  0.932 ( 0.932)\tData  0.148 ( 0.148)\tLoss 6.8126e-01 (6.8126e-01)\t"
        b"Acc@1  50.00 ( 50.00)\tAcc@5 100.00 (100.00)\n"
        b"Epoch: [0][ 10/625]\tTime  0.085 ( 0.163)\tData  0.000 ( 0.019)\tLoss 2.3263e+01 (2.1190e+01)\t"
        b"Acc@1  25.00 ( 55.68)\tAcc@5 100.00 (100.00)\n")
    s = read_scalars(tmp_path)
    assert _series(s, "Loss") == ([0, 10], [0.6813, 23.263])
    assert _series(s, "Acc@1") == ([0, 10], [50.0, 25.0])
    assert set(s["tag"]) == {"Loss", "Acc@1", "Acc@5"}


def test_an_accuracy_printed_on_its_own_line_is_an_evaluation(tmp_path):
    # github WindyAlan/finetune @ 1e8e50cd, nohup.out lines 9-12 and 199-201 (byte for byte)
    (tmp_path / "nohup.out").write_bytes(
        b"epoch:  0 loss:  0.6861569285392761\n"
        b"Validation Accuracy: 0.49819711538461536\n"
        b"epoch:  0 loss:  0.704055666923523\n"
        b"epoch:  0 loss:  0.6565402746200562\n"
        b"epoch:  2 loss:  0.0028067696839571\n"
        b"epoch:  2 loss:  0.07570521533489227\n"
        b"test Accuracy: 0.9487680288461539\n")
    s = read_scalars(tmp_path)
    assert _series(s, "Validation_Accuracy") == ([0], [0.4982])
    assert _series(s, "test_Accuracy") == ([2], [0.9488])
    assert _series(s, "loss")[0] == [0, 0, 0, 2, 2]
