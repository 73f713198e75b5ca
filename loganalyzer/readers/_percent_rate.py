"""A model zoo's ``<model>-<split>-log`` holding an error rate in percent (for ``_loss_shapes``)."""
from __future__ import annotations


PERCENT_FLOOR = 10.0  # a classifier's loss starts near ln(classes) (2.3 for CIFAR-10, 6.9 for 1,000 classes)


def percent_rate(values: list[float]) -> bool:
    """Whether a falling series of a model zoo's ``<model>-<split>-log`` is an error rate in percent, no loss: every
    value within 0..100 and the first above ``PERCENT_FLOOR`` (a loss's first value is the untrained model's; a
    training loss may spike above it later: cifarzoo154 ``ResNet50-train-log.txt`` 2.40 at batch 1, 32.4 at 8).
    The kuangliu/pytorch-cifar-style trainers these files come from write ``100.*correct/total`` per epoch to the test log (public cifarzoo154 ``ResNet18-test-log.csv``
    ``1,41.42``); a fork writing ``100 - acc`` writes a top-1 error in % that falls from ~60 to ~8 (brk58 #7), far
    above where a classification loss starts."""
    return all(0.0 <= v <= 100.0 for v in values) and values[0] > PERCENT_FLOOR
