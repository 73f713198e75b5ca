"""P2PNet's event file: the evaluation written at its own counter, put at the epoch it followed.

P2PNet's ``train.py`` (TencentYoutuResearch/CrowdCounting-P2PNet, and its forks) writes ``writer.add_scalar(
'loss/loss', stat['loss'], epoch)`` (and ``loss/loss_ce``, forks' other terms) every epoch, and every ``eval_freq``
epochs (``epoch % args.eval_freq == 0 and epoch != 0``) ``writer.add_scalar('metric/mae', mae, step)`` /
``'metric/mse'`` with ``step`` a counter of evaluations from 0. Read as written, the test MAE of epoch 3495 sat at
step 698 and no name said it was an evaluation: the run was judged on its training loss alone (public p2pborna222,
3,500 epochs and 699 evaluations, labelled ``overfit`` from the test MAE; p2pnusher222, 349 evaluations every 10
epochs; p2pdgs222, 33 every 5).

``p2pnet_evaluations`` moves them, in a file holding ``loss/loss`` at epochs and ``metric/mae`` at a counter
(its steps 0..K-1, each once, K+1 at most a third of the epochs): ``eval_freq`` is ``f = round(epochs / (K + 1))``
(``epochs`` = the last ``loss/loss`` step + 1: evaluations at ``f, 2f, .., Kf``), accepted only when ``K * f`` is
within the epochs and ``(K + 1) * f`` is past the last; evaluation ``k`` goes to epoch ``(k + 1) * f``, and the
``metric/<name>`` tags are named ``val_<name>`` (the printed ``run_log.txt`` of the same runs, ``_joblog_p2pnet``,
gives the same series). Said in one note. Anything else is left as written.
"""
from __future__ import annotations

import numpy as np


def p2pnet_evaluations(columns, path: str):
    """(columns, [Note]) with P2PNet's ``metric/*`` evaluations at their epochs and named ``val_*`` (module
    docstring); the columns unchanged and no note when the file is no P2PNet event file of that shape."""
    names = [str(t) for t in columns.tags]
    if "loss/loss" not in names or "metric/mae" not in names:
        return columns, []
    codes = np.asarray(columns.tag_codes)
    steps = np.asarray(columns.steps)
    loss = steps[codes == names.index("loss/loss")]
    metric_codes = [i for i, t in enumerate(names) if t.startswith("metric/")]
    mae = steps[codes == names.index("metric/mae")]
    k = len(mae)
    if not len(loss) or k < 2 or sorted(mae.tolist()) != list(range(k)):
        return columns, []
    epochs = int(loss.max()) + 1
    if 3 * (k + 1) > epochs:
        return columns, []
    f = round(epochs / (k + 1))
    if f < 2 or k * f > epochs - 1 or (k + 1) * f <= epochs - 1:
        return columns, []
    is_metric = np.isin(codes, metric_codes)
    if int(steps[is_metric].max()) >= k:
        return columns, []
    new_steps = np.where(is_metric, (steps + 1) * f, steps)
    tags = [("val_" + t[len("metric/"):]) if i in metric_codes else t for i, t in enumerate(names)]
    from ..runs import Note
    from . import ScalarColumns

    out = ScalarColumns(tags, columns.tag_codes, new_steps.astype(np.int64), columns.values, columns.wall_times)
    line = (f"P2PNet event file: {k} evaluation(s) (metric/*) written at their counter 0..{k - 1}, placed at the "
            f"epochs they followed ({f}..{k * f}, every {f} epochs) and named val_*")
    return out, [Note(path, line)]
