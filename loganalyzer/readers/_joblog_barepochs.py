"""Per-epoch tqdm bars whose postfix an epoch summary line with its own step names again (for
``_joblog_barsummary.summarised_bars``).

SpeechBrain's ``Brain.fit`` draws one bar per pass, its postfix the running mean (``t.set_postfix(train_loss=
self.avg_train_loss)``), the counter restarting at every epoch, then ``train_logger.log_stats`` prints the epoch's
summary with the epoch and the step::

    100%|██████████| 1411/1411 [05:11<00:00,  4.52it/s, train_loss=2.23]
    100%|██████████| 85/85 [00:21<00:00,  3.98it/s]
    speechbrain.utils.train_logger - epoch: 1, lr: 8.00e-01, steps: 1411 - train loss: 2.22 - valid loss: 2.19, ...

The bars' ``train_loss`` (at the bar's own count, 1411 every epoch) was merged with the summaries' ``train_loss``
(at 1411 x e): 15 points for 8 epochs, the step going back every epoch and warned about as a second ``fit()`` (a
newcomer breaker's SpeechBrain stdout). The summary is printed at a lower precision (2 decimals, or ``.2e``) than the
bar's 3 significant digits, so the two need not agree. Where at least 3 summary lines carry their own step, every
series of the bars (which print no epoch and count the same total each pass) is a series of those summaries, and
the bars before most summaries print one, the bars are dropped: the summaries are the series, at their steps (or
at their epochs: SpeechBrain releases whose summary prints no ``steps:``).
"""
from __future__ import annotations

_BARS = ("tqdm", "rich")


def restated_epoch_bars(hits: list) -> list:
    """``hits`` without the per-epoch bars the stepped summaries restate (module docstring)."""
    bars = [h for h in hits if h.record.shape in _BARS and h.record.values and h.record.epoch is None]
    if not bars:
        return hits
    summaries = [i for i, h in enumerate(hits) if h.record.shape not in _BARS and h.record.step is not None
                 and h.record.epoch is not None and h.record.kind == "train"]
    if len(summaries) < 3:
        return hits
    tags = {t for i in summaries for t, _ in hits[i].record.values}
    if not all(t in tags for h in bars for t, _ in h.record.values):
        return hits
    totals = {h.record.total for h in bars if not h.transient}
    steps = [hits[i].record.step for i in summaries]
    in_epochs = all(hits[i].record.step == hits[i].record.epoch for i in summaries)  # 'epoch: 1, lr: ..' (no steps:)
    if len(totals) > 2 or None in totals or any(b <= a for a, b in zip(steps, steps[1:])) or (
            steps[-1] <= max(totals) and not in_epochs):
        return hits  # the bar's count is no restarting pass counter below the summaries' steps
    fed, previous = 0, -1
    for i in summaries:
        fed += any(h.record.shape in _BARS and h.record.values and not h.transient for h in hits[previous + 1:i])
        previous = i
    if fed < max(3, 0.8 * len(summaries)):
        return hits
    dropped = {id(h) for h in bars}
    return [h for h in hits if id(h) not in dropped]
