"""Stop 62, rd62b: reader faults the blind labellers of sets 176-178 named (OCR, federated / split learning, point
clouds), each a kind, each test written with the real writer (Python logging with the framework's format) or the
exact text the framework's format strings print, and failing on the stop's start code (bb7089c1)."""
from __future__ import annotations

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
