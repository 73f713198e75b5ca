"""Stop 69 reader kinds from the opened dev sets 220 (trajectory / traffic forecasting) and 222 (low-level vision,
crowd counting): P2PNet's one-line ``run_log.txt`` and its event files' evaluation counter, PaddlePaddle v1's
paddle_trainer log, EasyTorch/BasicTS ``Result <train>`` lines, a Lightning sanity check written by the module's own
call, AGCRN's batch lines beside its epoch averages, a ``Best at epoch N:`` block, a per-horizon test file."""
from __future__ import annotations

import re
import time

import numpy as np
import torch

from _runs import linear_regression as _train, read_resolved, read_values as _read
from loganalyzer.discover import discover


def _p2pnet_log(path, train, val, *, eval_freq=2, newline=""):
    """The writes of P2PNet ``train.py`` (TencentYoutuResearch/CrowdCounting-P2PNet), in its order and formats."""
    with open(path, "a") as log_file:
        log_file.write("Eval Log %s\n" % time.strftime("%c"))
        log_file.write("Namespace(backbone='vgg16_bn', batch_size=8, epochs=%d, eval_freq=%d, lr=0.0001)"
                       % (len(train), eval_freq))
    mae, step = [], 0
    for epoch, loss in enumerate(train):
        with open(path, "a") as log_file:
            log_file.write("loss/loss@{}: {}".format(epoch, loss))
            log_file.write("loss/loss_ce@{}: {}{}".format(epoch, loss, newline))
        with open(path, "a") as log_file:
            log_file.write('[ep %d][lr %.7f][%.2fs]%s' % (epoch, 1e-4, 18.37, newline))
        if epoch % eval_freq == 0 and epoch != 0:
            result = (100 * val[epoch], 130 * val[epoch])
            mae.append(result[0])
            with open(path, "a") as log_file:
                log_file.write("mae:{}, mse:{}, time:{}, best mae:{}{}".format(result[0], result[1], 25.9,
                                                                               np.min(mae), newline))
            with open(path, "a") as log_file:
                log_file.write("metric/mae@{}: {}".format(step, result[0]))
                log_file.write("metric/mse@{}: {}".format(step, result[1]))
            step += 1


def test_p2pnet_one_line_run_log(tmp_path):
    """p2pgalaxy222 run_log.txt: a whole training on one line, read as 0 rows before."""
    train, val = _train(12)
    _p2pnet_log(tmp_path / "run_log.txt", train, val)
    assert (tmp_path / "run_log.txt").read_text().count("\n") == 1
    assert [r.id for r in discover(str(tmp_path))] == ["run_log.txt"]
    df, said = read_resolved(tmp_path / "run_log.txt")
    rows = df[df.tag == "loss/loss"].sort_values("step")
    assert rows.step.tolist() == list(range(12)) and np.allclose(rows.value, train)
    assert np.allclose(df[df.tag == "loss/loss_ce"].sort_values("step").value, train)
    ev = df[df.tag == "val_mae"].sort_values("step")
    assert ev.step.tolist() == [2, 4, 6, 8, 10]  # the epoch each evaluation followed, not the counter 0..4
    assert np.allclose(ev.value, [100 * val[e] for e in (2, 4, 6, 8, 10)])
    assert np.allclose(df[df.tag == "val_mse"].sort_values("step").value, [130 * val[e] for e in (2, 4, 6, 8, 10)])
    assert np.allclose(df[df.tag == "lr"].value, 1e-4)
    assert not any(str(t).startswith(("metric/", "loss/loss@", "ep")) for t in df.tag.unique())


def test_p2pnet_run_log_with_some_newlines(tmp_path):
    """p2pjayis222 run_log_vgg.txt: a newline after some writes (a fork's ``\\n``) -- read as 10 rows of ``ep``,
    ``lr`` and a ``loss/loss_ce@81`` tag before."""
    train, val = _train(15, seed=1)
    _p2pnet_log(tmp_path / "run_log.txt", train, val, eval_freq=5, newline="\n")
    series, _ = _read(tmp_path / "run_log.txt")
    assert np.allclose(series["loss/loss"], train) and len(series["val_mae"]) == 2
    assert not any("@" in t for t in series)


def test_p2pnet_without_writer_reads_the_mae_line(tmp_path):
    """A fork that writes no ``metric/`` pair (``writer`` None): the ``mae:.., mse:..`` line is the evaluation."""
    train, val = _train(9, seed=2)
    _p2pnet_log(tmp_path / "run_log.txt", train, val, eval_freq=3)
    text = (tmp_path / "run_log.txt").read_text()

    (tmp_path / "run_log.txt").write_text(re.sub(r"metric/m[as]e@\d+: [0-9.e-]+", "", text))
    series, _ = _read(tmp_path / "run_log.txt")
    assert np.allclose(series["val_mae"], [100 * val[e] for e in (3, 6)])
    assert np.allclose(series["val_mse"], [130 * val[e] for e in (3, 6)])


def _glog(t: float, where: str, text: str) -> str:
    """One glog line as paddle_trainer printed it: ``I0305 17:13:22.585328 16094 TrainerInternal.cpp:165]  ...``."""
    return "I0305 17:%02d:%09.6f 16094 %s] %s\n" % (int(t) // 60 % 60, t % 60, where, text)


def _paddle_trainer_log(path, passes: int, *, batches=40, period=10, tested=True, horizons=3):
    """The lines paddle_trainer (PaddlePaddle v1, TrainerInternal.cpp / Tester.cpp) prints for a regression trained
    with torch here: per period ``Batch= .. AvgCost= CurrentCost= Eval: ..  CurrentEval: ..`` (dots before it),
    per pass ``Pass= Batch= samples= AvgCost= Eval: ..``, then ``Test samples= cost= Eval: ..``."""
    train, val = _train(passes * batches, seed=3)
    err = lambda v: " ".join("classification_error_evaluator=%g" % (v / 100 + 0.01 * h) for h in range(horizons))
    lines = [_glog(0, "Util.cpp:155", "commandline: /usr/bin/../opt/paddle/bin/paddle_trainer "
                   "--config=trainer_config.py --save_dir=./output --trainer_count=4 --log_period=%d "
                   "--num_passes=%d --use_gpu=false" % (period, passes)),
             _glog(1, "GradientMachine.cpp:134", "Initing parameters..")]
    t, pass_cost, test_cost = 2.0, [], []
    for p in range(passes):
        costs = train[p * batches:(p + 1) * batches]
        for b in range(period, batches + 1, period):
            avg, cur = sum(costs[:b]) / b, sum(costs[b - period:b]) / period
            lines.append("." * 10 + _glog(t, "TrainerInternal.cpp:165", " Batch=%d samples=%d AvgCost=%g "
                                           "CurrentCost=%g Eval: %s  CurrentEval: %s " % (b, 128 * b, avg, cur,
                                                                                      err(avg), err(cur))))
            t += 3
        pass_cost.append(float("%g" % (sum(costs) / batches)))
        lines.append("..." + _glog(t, "TrainerInternal.cpp:182", " Pass=%d Batch=%d samples=%d AvgCost=%g Eval: %s "
                                   % (p, batches, 128 * batches, pass_cost[-1], err(pass_cost[-1]))))
        if tested:
            test_cost.append(float("%g" % val[(p + 1) * batches - 1]))
            lines.append(_glog(t + 1, "Tester.cpp:127", " Test samples=9129 cost=%g Eval: %s " % (test_cost[-1],
                                                                                                 err(test_cost[-1]))))
        lines.append(_glog(t + 1, "GradientMachine.cpp:112", "Saving parameters to ./output/pass-%05d" % p))
    path.write_text("".join(lines))
    return pass_cost, test_cost


def test_paddle_trainer_log_found_and_read_per_pass(tmp_path):
    """paddletraffic220 train.log: paddle_trainer's glog lines -- not found before (no word the sniff knew)."""
    pass_cost, test_cost = _paddle_trainer_log(tmp_path / "train.log", 6)
    assert [r.id for r in discover(str(tmp_path))] == ["train.log"]
    df, said = read_resolved(tmp_path / "train.log")
    for tag, want in (("cost", pass_cost), ("val_cost", test_cost)):
        rows = df[df.tag == tag].sort_values("step")
        assert rows.step.tolist() == list(range(6)) and np.allclose(rows.value, want)
    ev = df[df.tag == "val_classification_error_evaluator"].sort_values("step")
    assert np.allclose(ev.value, [c / 100 + 0.01 for c in test_cost])  # the mean of the three horizons' errors
    assert "CurrentCost" not in set(map(str, df.tag)) and len(df[df.tag == "cost"]) == 6  # no running means


def test_paddle_trainer_log_cut_in_its_first_pass(tmp_path):
    """No ``Pass=`` line yet: the periods' ``CurrentCost`` are the curve, at their batch numbers."""
    lines = _paddle_trainer_log(tmp_path / "full.log", 1, batches=60, tested=False)
    text = (tmp_path / "full.log").read_text()
    (tmp_path / "full.log").unlink()
    (tmp_path / "train.log").write_text(text[:text.index("Pass=0")].rsplit("\n", 1)[0] + "\n")
    series, _ = _read(tmp_path / "train.log")
    assert len(series["cost"]) == 6 and lines


def _easytorch_log(path, train, val, *, new_names=False, test_every=5):
    """EasyTorch's runner log through Python logging in its format (``%(asctime)s - %(name)s - %(levelname)s -
    %(message)s``, logger ``easytorch-training``): ``Epoch n / N``, the MeterPool's ``Result <train|val|test>:``
    lines (``{name}: {value:.4f}``, ``time`` with ``(s)``, lr ``{:.2e}``), the per-horizon test lines."""
    import logging

    logger = logging.getLogger(f"easytorch-training-{path.name}")
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("%(asctime)s - easytorch-training - %(levelname)s - %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    sep = "/" if new_names else "_"
    logger.info("Initializing training.")
    for epoch, (t, v) in enumerate(zip(train, val), start=1):
        logger.info("Epoch %d / %d", epoch, len(train))
        loss = f"train{sep}loss: {t:.4f}, " if new_names else ""
        logger.info(f"Result <train>: [train{sep}time: 216.75 (s), {'train/' if new_names else ''}lr: 2.00e-03, "
                    f"{loss}train{sep}MAE: {t:.4f}, train{sep}RMSE: {2 * t:.4f}, train{sep}MAPE: {t / 40:.4f}]")
        logger.info("Start validation.")
        vloss = f"val{sep}loss: {v:.4f}, " if new_names else ""
        logger.info(f"Result <val>: [val{sep}time: 80.36 (s), {vloss}val{sep}MAE: {v:.4f}, val{sep}RMSE: "
                    f"{2 * v:.4f}, val{sep}MAPE: {v / 40:.4f}]")
        if epoch % test_every == 0:
            for h in range(1, 4):
                logger.info(f"Evaluate best model on test data for horizon {h}, Test MAE: {v * h / 2:.4f}, "
                            f"Test RMSE: {v * h:.4f}, Test MAPE: 0.0494")
            logger.info(f"Result <test>: [test{sep}time: 157.80 (s), test{sep}MAE: {v:.4f}, test{sep}RMSE: "
                        f"{2 * v:.4f}, test{sep}MAPE: {v / 40:.4f}]")
    logger.removeHandler(handler)
    handler.close()


def test_easytorch_result_lines(tmp_path):
    """uagcrntf220 STEP_PEMSD7_training_log_*.log: ``Result <train>: [.. train_MAE: ..]`` epoch lines, no word
    ``loss`` -- 0 rows ("no training progress") before. The MAE BasicTS trains on is the loss."""
    train, val = _train(15, seed=4)
    _easytorch_log(tmp_path / "STEP_PEMSD7_training_log_20230601141518.log", train, val)
    df, said = read_resolved(tmp_path / "STEP_PEMSD7_training_log_20230601141518.log")
    rows = df[df.tag == "train_loss"].sort_values("step")
    assert rows.step.tolist() == list(range(1, 16)) and np.allclose(rows.value, train, atol=1e-4)
    assert np.allclose(df[df.tag == "val_loss"].sort_values("step").value, val, atol=1e-4)
    test = df[df.tag == "test_MAE"].sort_values("step")
    assert test.step.tolist() == [5, 10, 15]  # the per-horizon lines are no series
    assert not any("time" in str(t) or "Test" in str(t) for t in df.tag.unique())


def test_easytorch_new_meter_names(tmp_path):
    """BasicTS 0.4+: ``train/loss``, ``train/MAE``: the named loss is the loss, the MAE keeps its name."""
    train, val = _train(10, seed=5)
    _easytorch_log(tmp_path / "training_log.log", train, val, new_names=True)
    series, _ = _read(tmp_path / "training_log.log")
    assert np.allclose(series["train_loss"], train, atol=1e-4) and np.allclose(series["val_loss"], val, atol=1e-4)
    assert np.allclose(series["train_MAE"], train, atol=1e-4) and len(series["lr"]) == 10


_SANITY_WRITER = """
import torch, pytorch_lightning as pl
from pytorch_lightning.loggers import TensorBoardLogger

class GWNetLike(pl.LightningModule):
    # gwnet-semink220's module: Lightning logs the training metric, the validation MAE goes through the logger's
    # own SummaryWriter at the epoch number, from on_validation_epoch_end -- the sanity pass included
    def __init__(self):
        super().__init__()
        self.net = torch.nn.Linear(4, 1)
        self.errors = []
    def training_step(self, batch, i):
        x, y = batch
        loss = (self.net(x) - y).abs().mean()
        self.log("Training/mae", loss)
        return loss
    def validation_step(self, batch, i):
        x, y = batch
        self.errors.append((self.net(x) - y).abs().mean().detach())
    def on_validation_epoch_end(self):
        mae = torch.stack(self.errors).mean().item() if self.errors else 0.0
        self.errors = []
        self.logger.experiment.add_scalar("Validation/mae", mae, self.current_epoch)
    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.05)

def data(seed):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(64, 4, generator=g)
    return torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, x @ torch.tensor([[1.0], [-2.0], [0.5], [3.0]])),
                                       batch_size=8)

torch.manual_seed(0)
pl.Trainer(max_epochs=6, logger=TensorBoardLogger("logs", name="", version=""), log_every_n_steps=2,
           enable_progress_bar=False, enable_model_summary=False, enable_checkpointing=False,
           num_sanity_val_steps=2).fit(GWNetLike(), data(0), data(1))
"""


def test_lightning_sanity_check_written_by_the_users_own_call(tmp_path):
    """gwnet-semink220: ``self.logger.experiment.add_scalar("Validation/mae", mae, self.current_epoch)`` writes the
    sanity pass (step 0, before training) and then each epoch's validation: 7 points for 6 epochs before, the
    sanity's first."""
    import os
    import subprocess
    import sys
    import warnings

    (tmp_path / "writer.py").write_text(_SANITY_WRITER)
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "OMP_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "writer.py"], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    (tmp_path / "writer.py").unlink()
    import loganalyzer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (run,) = loganalyzer.analyze(tmp_path / "logs", config=False).runs
    df, said = read_resolved(tmp_path / "logs")
    val = df[df.tag == "Validation/mae"]
    assert len(val) == 6 and len(df[df.tag == "epoch"]) > 0
    assert any("sanity-check validation" in n for n in run.notes)
    assert not any("sanity-check" in str(w) for w in getattr(run, "warnings", ()))  # a note, not a warning


def _agcrn_log(path, epochs: int, *, per_epoch=40, log_step=10, cut_at=None):
    """AGCRN ``BasicTrainer``'s lines through its logger (``lib/logger.py``: ``'%(asctime)s: %(message)s'``,
    ``'%Y-%m-%d %H:%M'``) for a torch regression: batch lines every ``log_step``, the epoch's averaged train loss,
    the validation's average."""
    import logging

    g = torch.Generator().manual_seed(6)
    x = torch.randn(per_epoch * 8, 4, generator=g)
    y = x @ torch.tensor([1.0, -2.0, 0.5, 3.0])
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    logger = logging.getLogger(f"agcrn-{path}")
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("%(asctime)s: %(message)s", "%Y-%m-%d %H:%M"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    averaged, batch_losses = [], []
    for epoch in range(1, epochs + 1):
        total = 0.0
        for batch_idx in range(per_epoch):
            xb, yb = x[batch_idx * 8:(batch_idx + 1) * 8], y[batch_idx * 8:(batch_idx + 1) * 8]
            opt.zero_grad()
            loss = (model(xb).squeeze(1) - yb).abs().mean()
            loss.backward()
            opt.step()
            total += loss.item()
            if batch_idx % log_step == 0:
                logger.info('Train Epoch {}: {}/{} Loss: {:.6f}'.format(epoch, batch_idx, per_epoch, loss.item()))
                batch_losses.append(loss.item())
            if cut_at == epoch and batch_idx == per_epoch // 2:
                break
        if cut_at == epoch:
            break
        averaged.append(total / per_epoch)
        logger.info('**********Train Epoch {}: averaged Loss: {:.6f}, tf_ratio: {:.6f}'.format(epoch, averaged[-1], 1.0))
        with torch.no_grad():
            val = (model(x[:64]).squeeze(1) - y[:64]).abs().mean().item()
        logger.info('**********Val Epoch {}: average Loss: {:.6f}'.format(epoch, val))
    logger.removeHandler(handler)
    handler.close()
    return averaged


def test_agcrn_batch_lines_beside_epoch_averages(tmp_path):
    """agcrn-jccc220 run.log: the batch lines' losses were averaged into a second training series ``Loss`` beside
    the trainer's ``averaged_Loss``, and judged as the training loss; an epoch cut before its summary left a
    3-point ``Loss`` series."""
    averaged = _agcrn_log(tmp_path / "run.log", 8, cut_at=8)
    series, _ = _read(tmp_path / "run.log")
    assert "Loss" not in series and len(series["val_average_Loss"]) == 7
    assert np.allclose(series["averaged_Loss"], averaged, atol=1e-6)
    import loganalyzer
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (run,) = loganalyzer.analyze(tmp_path / "run.log", config=False).runs
    assert dict(run.roles)["train_loss"] == "averaged_Loss"


def test_best_epoch_block_after_early_stopping(tmp_path):
    """staeformer-josh220: STAEformer's ``train.py`` prints ``Best at epoch N:`` then the best epoch's ``Train Loss
    = ..``, ``Train RMSE = .., MAE = ..``, ``Val Loss = ..`` -- read as a second point at the last epoch's step."""
    import datetime

    train, val = _train(20, seed=7)
    best = int(np.argmin(val[:17]))
    with open(tmp_path / "STAEformer-PEMS08-2023-12-04-19-25-52.log", "w") as log:
        for epoch in range(17):
            print(datetime.datetime.now(), "Epoch", epoch + 1, " \tTrain Loss = %.5f" % train[epoch],
                  "Val Loss = %.5f" % val[epoch], file=log)
        print("Early stopping at epoch: %d" % 17, file=log)
        print("Best at epoch %d:" % (best + 1), file=log)
        out_str = "Train Loss = %.5f\n" % train[best]
        out_str += "Train RMSE = %.5f, MAE = %.5f, MAPE = %.5f\n" % (train[best] ** 0.5, train[best], 8.1)
        out_str += "Val Loss = %.5f\n" % val[best]
        out_str += "Val RMSE = %.5f, MAE = %.5f, MAPE = %.5f" % (val[best] ** 0.5, val[best], 10.1)
        print(out_str, file=log)
        print("--------- Test ---------", file=log)
    series, said = _read(tmp_path / "STAEformer-PEMS08-2023-12-04-19-25-52.log")
    assert np.allclose(series["Train_Loss"], train[:17], atol=1e-5)
    assert np.allclose(series["Val_Loss"], val[:17], atol=1e-5)
    assert any("Best at epoch N:" in m for m in said)


def test_p2pnet_event_file_evaluations_at_their_epochs(tmp_path):
    """p2pborna222 runs/: P2PNet's ``writer.add_scalar('metric/mae', mae, step)`` at the evaluation counter (0..698
    for 3,500 epochs) -- no validation series before, the run judged on its training loss alone."""
    from torch.utils.tensorboard import SummaryWriter

    train, val = _train(40, seed=8)
    writer = SummaryWriter(str(tmp_path / "runs"))
    step, eval_freq = 0, 5
    for epoch in range(40):
        writer.add_scalar('loss/loss', train[epoch], epoch)
        writer.add_scalar('loss/loss_ce', train[epoch], epoch)
        if epoch % eval_freq == 0 and epoch != 0:
            writer.add_scalar('metric/mae', 100 * val[epoch], step)
            writer.add_scalar('metric/mse', 130 * val[epoch], step)
            step += 1
    writer.close()
    df, said = read_resolved(tmp_path / "runs")
    ev = df[df.tag == "val_mae"].sort_values("step")
    assert ev.step.tolist() == [5, 10, 15, 20, 25, 30, 35]
    assert np.allclose(ev.value, [100 * val[e] for e in ev.step], rtol=1e-5)
    assert len(df[df.tag == "val_mse"]) == 7 and not (df.tag.astype(str).str.startswith("metric/")).any()
    assert len(df[df.tag == "loss/loss"]) == 40


def test_metric_mae_of_other_writers_left_alone(tmp_path):
    """A ``metric/mae`` logged at the epochs themselves (no counter) keeps its name and steps."""
    from torch.utils.tensorboard import SummaryWriter

    train, val = _train(30, seed=9)
    writer = SummaryWriter(str(tmp_path / "runs"))
    for epoch in range(30):
        writer.add_scalar('loss/loss', train[epoch], epoch)
        writer.add_scalar('metric/mae', val[epoch], epoch)
    writer.close()
    df, _ = read_resolved(tmp_path / "runs")
    assert len(df[df.tag == "metric/mae"]) == 30 and "val_mae" not in set(map(str, df.tag))


def test_per_horizon_test_file_is_no_curve(tmp_path):
    """gwnet-semink220: a second event file of ``Test/mae`` / ``Test/rmse`` at steps 0..11, one per forecast horizon
    (growing with it), beside a training written at global steps: read as a validation metric rising over 0..11."""
    from torch.utils.tensorboard import SummaryWriter

    train, val = _train(30, seed=10)
    writer = SummaryWriter(str(tmp_path / "run"))
    for epoch in range(30):
        writer.add_scalar("Training/mae", train[epoch], 50 * epoch + 49)
        writer.add_scalar("epoch", epoch, 50 * epoch + 49)
        writer.add_scalar("Validation/mae", val[epoch], 50 * epoch + 49)
    writer.close()
    writer = SummaryWriter(str(tmp_path / "run"), filename_suffix=".1")
    for h in range(12):
        writer.add_scalar("Test/mae", val[-1] * (1 + 0.05 * h), h)
        writer.add_scalar("Test/rmse", 2 * val[-1] * (1 + 0.05 * h), h)
    writer.close()
    series, said = _read(tmp_path / "run")
    assert "Test/mae" not in series and len(series["Validation/mae"]) == 30
    import loganalyzer
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (run,) = loganalyzer.analyze(tmp_path / "run", config=False).runs
    assert any("per forecast horizon" in n for n in run.notes)
    # a test logged during training (falling) stays
    writer = SummaryWriter(str(tmp_path / "other"))
    for i, v in enumerate(sorted(val, reverse=True)[:12]):
        writer.add_scalar("test/loss", v, i)
    writer.close()
    series, _ = _read(tmp_path / "other")
    assert len(series["test/loss"]) == 12
