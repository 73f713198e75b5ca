"""Stop 62, rd62b: reader faults the blind labellers of sets 176-178 named (OCR, federated / split learning, point
clouds), each a kind, each test written with the real writer (Python logging with the framework's format) or the
exact text the framework's format strings print, and failing on the stop's start code (bb7089c1)."""
from __future__ import annotations

import argparse
import logging
import math

from _runs import runs_points as _runs


def _curve(i: float, a: float = 2.5, b: float = 0.3) -> float:
    return round(b + (a - b) * math.exp(-0.15 * i), 4)


# ---------------------------------------------------------------- 177: FLGo's printed log

def _flgo_logger(path) -> tuple[logging.Logger, logging.Handler]:
    """``flgo/experiment/logger/__init__.py``'s file handler format."""
    logger = logging.getLogger("rd62b_flgo")
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(filename)s %(funcName)s [line:%(lineno)d] "
                                           "%(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return logger, handler


def test_flgo_round_banners_are_steps_not_runs(tmp_path):
    """FLGo prints ``--------------Round N--------------`` then ``log_once``'s ``"{:<30s}{:.4f}"`` metric lines: one
    run, each metric at its round, ``Initial Evaluation`` round 0, the clients' std/min/max spreads no series
    (public f2dc177's fdse_pacs_fedavg log: 387 runs of one point each, the ``[line:227]`` position a counter)."""
    path = tmp_path / "2026-04-14-01-03-58fedavg_algopara_Mdefault_model_R500_B50.0_E5_LR1.00e-01.log"
    logger, handler = _flgo_logger(path)

    def log_once(r: int):
        for split in ("val", "test"):
            for stat in ("", "mean_", "std_", "min_", "max_"):
                logger.info("{:<30s}{:.4f}".format(f"{stat}local_{split}_accuracy", 0.1 + 0.01 * r))
            for stat in ("", "mean_", "std_", "min_", "max_"):
                logger.info("{:<30s}{:.4f}".format(f"{stat}local_{split}_loss", _curve(r)))

    def run():
        logger.info("Ready to start.")
        logger.info("--------------Initial Evaluation--------------")
        log_once(0)
        logger.info("Eval Time Cost:               5.5177s")
        for r in range(1, 12):
            logger.info("--------------Round {}--------------".format(r))
            log_once(r)
            logger.info("Eval Time Cost:               4.8887s")
        logger.info("=================End==================")

    try:
        run()
    finally:
        logger.removeHandler(handler)
        handler.close()
    (points,) = _runs(tmp_path).values()
    assert set(points) == {f"{stat}local_{split}_{m}" for stat in ("", "mean_") for split in ("val", "test")
                           for m in ("accuracy", "loss")}
    assert points["local_val_loss"] == (list(range(12)), [_curve(r) for r in range(12)])


# ---------------------------------------------------------------- 177: SplitFed's printed rounds

def _pr(code: str, text: str) -> str:
    """SplitFed's ``prRed`` / ``prGreen``: ``print("\\033[91m {}\\033[00m".format(skk))``."""
    return "\033[{}m {}\033[00m".format(code, text)


def _splitfed(rounds: int, nan_from: int | None = None, server_test: bool = False) -> str:
    lines = ["initialize a data loader", "Using cuda"]
    for r in range(rounds):
        for c in range(3):
            for ell in range(5):  # every client's local epochs count from 0 again
                lines.append(_pr("91", "Client{} Train => Local Epoch: {} / 5 \tAcc: {:.3f} \tLoss: {:.4f}".format(
                    c, ell, 30.0 + ell, _curve(ell, 3.0, 1.5))))
            lines.append(_pr("92", " Client{} Test => \tAcc: {:.3f} \tLoss: {:.4f}".format(c, 12.0, 2.9)))
        lines += ["-" * 48, "------ Federation process at Server-Side ------- ", "-" * 48, "-" * 59,
                  "------ FedServer: Federation process at Client-Side ------- ", "-" * 59]
        if not server_test:
            lines.append(_pr("92", " Client0 Test => \tAcc: {:.3f} \tLoss: {:.4f}".format(10.0 + r,
                                                                                      _curve(r, 2.6, 0.2))))
        loss = float("nan") if nan_from is not None and r >= nan_from else _curve(r, 1.7, 0.1)
        lines.append(" Train: Round {:3d}, Avg Accuracy {:.3f} | Avg Loss {:.3f}".format(r, 40.0 + r, loss))
        if server_test:
            lines.append(" Test: Round {:3d}, Avg Accuracy {:.3f} | Avg Loss {:.3f}".format(r, 10.0 + r,
                                                                                        _curve(r, 2.6, 0.2)))
    return "\n".join(lines + ["Training and Evaluation completed!"]) + "\n"


def test_splitfed_client_epochs_do_not_split_the_run_into_rounds(tmp_path):
    """SplitFed's ``Train: Round N, Avg Accuracy .. | Avg Loss ..`` lines are the run's curve at the round, the
    federated model's test (a client test after the ``FedServer`` banner, or the original's ``Test: Round`` line)
    ``test_loss``; the clients' local epochs (counting from 0 again per client) split nothing (public splitfed177:
    95 and 110 runs of five points, the poisoned run's NaN round losses unseen)."""
    (tmp_path / "fork.log").write_text(_splitfed(10, nan_from=8))
    (tmp_path / "orig").mkdir()
    (tmp_path / "orig" / "orig.log").write_text(_splitfed(6, server_test=True))
    runs = _runs(tmp_path)
    assert sorted(runs) == ["fork.log", "orig/orig.log"]
    fork, orig = runs["fork.log"], runs["orig/orig.log"]
    assert set(fork) == {"acc", "loss", "test_acc", "test_loss"}
    steps, losses = fork["loss"]
    assert steps == list(range(10)) and [round(v, 3) for v in losses[:8]] == [round(_curve(r, 1.7, 0.1), 3)
                                                                             for r in range(8)]
    assert all(math.isnan(v) for v in losses[8:])
    assert fork["test_loss"] == (list(range(10)), [_curve(r, 2.6, 0.2) for r in range(10)])
    assert orig["test_loss"][0] == list(range(6)) and len(orig["test_acc"][1]) == 6


# ---------------------------------------------------------------- 177: federated JSON histories

def test_json_rounds_list_is_a_history_stepped_by_round(tmp_path):
    """A federated server's ``json.dump`` of ``{"status": .., "rounds": [{"round": 1, "avg_loss": .., "clients":
    {..}}, ..]}`` is a history at its rounds (public spamfl177 ``metrics.json``: not found), and a list of records'
    ``round`` key is their step, not a series (public fedkubesage167 ``rounds.json``: ``round`` 0-29 read as a
    series at row indices)."""
    import json
    rounds = [{"round": r, "timestamp": "2026-03-31T21:15:57", "avg_loss": _curve(r, 0.4, 0.2),
               "avg_accuracy": 0.9, "clients": {"alice": {"loss": _curve(r), "accuracy": 0.9, "tp": 98}}}
              for r in range(1, 21)]
    (tmp_path / "metrics.json").write_text(json.dumps({"status": "finished", "current_round": 20,
                                                       "total_rounds": 20, "rounds": rounds}, indent=2))
    (points,) = _runs(tmp_path).values()
    assert points["avg_loss"] == (list(range(1, 21)), [_curve(r, 0.4, 0.2) for r in range(1, 21)])
    assert "round" not in points


# ---------------------------------------------------------------- 178: Pointnet_Pointnet2_pytorch sem-seg logs

def _semseg_log(path, epochs: int, classes=("non-plane", "plane"), launches_before: int = 1) -> None:
    """``train_semseg.py``'s ``log_string`` lines through its FileHandler, a launch that stopped in its first epoch
    first (as the public logs hold)."""
    logger = logging.getLogger("rd62b_semseg")
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("%(asctime)s - %(name)s - %(levelname)s - %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        args = argparse.Namespace(batch_size=16, datapath="./data_plane/pcd_data/pcd_noise", decay_rate=1e-4,
                                  epoch=epochs, gpu="0", learning_rate=0.001, log_dir="pointnet2_sem_seg",
                                  lr_decay=0.7, model="pointnet2_sem_seg", npoint=4096, optimizer="Adam",
                                  step_size=10, test_area=5, **{f"unused_option_{i}": "x" * 20 for i in range(24)})
        for _ in range(launches_before):
            logger.info("PARAMETER ...")
            logger.info(args)
            logger.info("\n\n>>>>>>>> DATASET LOADING <<<<<<<<")
            logger.info("**** Epoch %d (%d/%s) ****" % (1, 1, epochs))
            logger.info("Learning rate:%f" % 0.001)
        logger.info("PARAMETER ...")
        for epoch in range(epochs):
            logger.info("**** Epoch %d (%d/%s) ****" % (epoch + 1, epoch + 1, epochs))
            logger.info("Learning rate:%f" % 0.001)
            logger.info("Training mean loss: %f" % _curve(epoch, 0.8, 0.1))
            logger.info("Training accuracy: %f" % (0.8 + epoch / 1000))
            logger.info("---- EPOCH %03d EVALUATION ----" % (epoch + 1))
            logger.info("eval mean loss: %f" % _curve(epoch, 0.9, 0.2))
            logger.info("eval point avg class IoU: %f" % 0.6)
            logger.info("eval point accuracy: %f" % 0.75)
            logger.info("eval point avg class acc: %f" % 0.7)
            iou = "------- IoU --------\n"
            for c in classes:
                iou += "class %s weight: %.3f, IoU: %.3f \n" % (c + " " * (14 - len(c)), 0.5, 0.0 if epoch % 2 else 0.6)
            logger.info(iou)
            logger.info("Eval mean loss: %f" % _curve(epoch, 0.9, 0.2))
            logger.info("Eval accuracy: %f" % 0.75)
            logger.info("Best mIoU: %f" % 0.6)
    finally:
        logger.removeHandler(handler)
        handler.close()


def test_pointnet2_semseg_log_is_read_at_its_epochs(tmp_path):
    """Each value at the ``**** Epoch N (k/T) ****`` banner's epoch; ``Eval mean loss`` (the same number again), the
    per-class IoU table and ``Best mIoU`` no series; a launch that stopped before its first epoch ended no run
    (public bala22seg178, pn2plane178, pointnettof178: 32 epochs as steps 1-62 .. 1-417, an ``IoU`` series
    alternating between classes, ``eval mean loss`` and ``Eval mean loss`` two series)."""
    _semseg_log(tmp_path / "pointnet2_sem_seg.txt", 12)
    (points,) = _runs(tmp_path).values()
    assert set(points) == {"loss", "acc", "lr", "val_loss", "val_mIoU", "val_acc", "val_class_acc"}
    assert points["loss"] == (list(range(1, 13)), [_curve(e, 0.8, 0.1) for e in range(12)])
    assert points["val_loss"] == (list(range(1, 13)), [_curve(e, 0.9, 0.2) for e in range(12)])


def test_pointnet2_semseg_log_behind_relaunches_is_found_in_its_folder(tmp_path):
    """A head of launches that each printed their ``Namespace(..)`` and stopped before their first epoch ended (the
    first training line past the 8 KB head) is looked past: the log is found in its folder, as given by path (public
    pn2plane178 pointnet2_only_planes: 14 launches, not found beside its found siblings)."""
    _semseg_log(tmp_path / "pointnet2_sem_seg.txt", 12, launches_before=14)
    assert (tmp_path / "pointnet2_sem_seg.txt").read_text().index("Training mean loss") > 8192
    (points,) = _runs(tmp_path).values()
    assert points["loss"] == (list(range(1, 13)), [_curve(e, 0.8, 0.1) for e in range(12)])


# ---------------------------------------------------------------- 176: PaddleOCR sessions appended to one train.log

def _ppocr_session(epochs: int, every: int, per_epoch: int = 4) -> list[str]:
    """``tools/program.py``'s lines (``print_dict(config)``, ``train()``'s step and ``cur metric`` lines)."""
    t = "[2024/08/08 05:35:48] ppocr INFO: "
    lines = [t + "Architecture : ", t + "    epoch_num : %d" % epochs, t + "    eval_batch_step : [0, %d]" % every,
             t + "During the training process, after the 0th iteration, an evaluation is run every %d iterations"
             % every]
    for step in range(per_epoch, epochs * per_epoch + 1, per_epoch):
        lines.append(t + "epoch: [%d/%d], global_step: %d, lr: 0.000075, acc: 0.000000, norm_edit_dis: 0.017006, "
                     "loss: %f, avg_reader_cost: 0.13 s, avg_batch_cost: 0.5 s, avg_samples: 8.0, ips: 16.0 "
                     "samples/s, eta: 0:01:00" % (step // per_epoch, epochs, step, _curve(step / per_epoch, 139, 16)))
        if step % every == 0:
            lines.append(t + "cur metric, acc: 0.0, norm_edit_dis: %s, fps: 358.8" % (0.3 + step / 1000))
    return lines


def test_ppocr_evaluations_follow_their_own_sessions_config(tmp_path):
    """Each ``cur metric`` line at the evaluation step of the config its session printed (the last before it), not
    the file's first (public paddlevn176 rec_ppocr_v3: a ``[0, 200]`` session, then a ``[0, 20]`` one; its four
    evaluations after steps 20-80 all put at step 200)."""
    (tmp_path / "train.log").write_text("\n".join(_ppocr_session(3, 200) + _ppocr_session(20, 20)) + "\n")
    runs = _runs(tmp_path)
    last = runs[sorted(runs)[-1]]
    assert last["val_norm_edit_dis"][0] == [20, 40, 60, 80]
