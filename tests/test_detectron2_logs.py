"""detectron2's output directory: ``metrics.json`` and the event file of one training are one run.

detectron2 is not installed here (it builds against its own torch); its writers are reproduced from their source,
detectron2/utils/events.py, with a real tiny torch training's losses:

- ``JSONWriter.write``: per iteration the storage's latest scalars, ``scalars_per_iter["iteration"] = itr`` then
  ``json.dumps(scalars_per_iter, sort_keys=True) + "\\n"`` into ``OUTPUT_DIR/metrics.json``;
- ``TensorboardXWriter.write``: ``self._writer.add_scalar(k, v, iter)`` for the same scalars, ``self._writer`` a
  ``torch.utils.tensorboard.SummaryWriter(OUTPUT_DIR)`` (the real one is used here);
- ``default_writers`` (detectron2/engine/defaults.py) gives the trainer both (and ``CommonMetricPrinter``, whose
  ``log.txt`` lines are not a log we read).
Evaluation results (``EvalHook``: ``storage.put_scalars(**flattened_results)``) reach both at their iteration.
"""
from __future__ import annotations

import json
import warnings

import pytest
import torch

from loganalyzer import read_scalars
from loganalyzer.discover import discover
from loganalyzer.load import LogReadWarning
from loganalyzer.scan import scan


@pytest.fixture()
def output_dir(tmp_path):
    from torch.utils.tensorboard import SummaryWriter

    torch.manual_seed(0)
    x = torch.randn(256, 6)
    y = (x[:, 0] - x[:, 1] > 0).long()
    model = torch.nn.Sequential(torch.nn.Linear(6, 12), torch.nn.ReLU(), torch.nn.Linear(12, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    out = tmp_path / "output"
    out.mkdir()
    tb = SummaryWriter(str(out))
    lines = []
    with open(out / "metrics.json", "a") as f:
        for itr in range(60):
            i = (itr % 16) * 16
            loss_cls = torch.nn.functional.cross_entropy(model(x[i:i + 16]), y[i:i + 16])
            loss_reg = 0.01 * sum(p.pow(2).sum() for p in model.parameters())
            opt.zero_grad()
            (loss_cls + loss_reg).backward()
            opt.step()
            if (itr + 1) % 20 and itr != 59:
                continue  # PeriodicWriter(period=20) and the last iteration
            scalars = {"data_time": 0.002, "eta_seconds": 0.3 * (59 - itr), "loss_cls": loss_cls.item(),
                       "loss_reg": loss_reg.item(), "lr": 0.1, "rank_data_time": 0.002, "time": 0.3,
                       "total_loss": loss_cls.item() + loss_reg.item()}
            if itr == 59:
                with torch.no_grad():
                    scalars["bbox/AP"] = 100 * (model(x).argmax(1) == y).float().mean().item()
            for k, v in scalars.items():
                tb.add_scalar(k, v, itr)
            scalars["iteration"] = itr
            f.write(json.dumps(scalars, sort_keys=True) + "\n")
            lines.append(scalars)
    tb.close()
    return out, lines


def test_detectron2_metrics_json_and_event_file_are_one_run(output_dir):
    """They were two runs (``output`` from the event file, ``output/metrics.json``), each judged on its own."""
    out, lines = output_dir
    runs = discover(out.parent)
    assert [r.id for r in runs] == ["output"]
    assert sorted(f.format for f in runs[0].files) == ["json_history", "tensorboard"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LogReadWarning)
        for resolve in (False, True):
            table = read_scalars(out.parent, resolve=resolve)
            loss = table[table.tag == "total_loss"]
            assert list(loss.step) == [ln["iteration"] for ln in lines]  # each point once
            assert list(loss.value) == pytest.approx([ln["total_loss"] for ln in lines], rel=1e-6)
            assert list(table[table.tag == "bbox/AP"].step) == [59]
    (run,) = scan([str(out.parent)], siblings=False).runs
    assert run.to_dict()["roles"]["train_loss"] == "total_loss"


def test_detectron2_resumed_into_the_same_metrics_json_keeps_the_later_session(tmp_path):
    """``JSONWriter`` opens ``metrics.json`` with ``"a"``: a job resumed from ``model_0199.pth`` (``resume=True``)
    logs iterations 219, 239... again after the killed job's. Both values of each repeated iteration were kept in
    the resolved view, with no warning; now the later session's replace them, one warning saying so."""
    out = tmp_path / "output"
    out.mkdir()

    def write(iterations, scale):
        with open(out / "metrics.json", "a") as f:  # JSONWriter.__init__: PathManager.open(json_file, "a")
            for itr in iterations:
                f.write(json.dumps({"iteration": itr, "lr": 0.01, "total_loss": scale / (itr + 1)}, sort_keys=True)
                        + "\n")

    write(range(19, 300, 20), 10.0)  # killed after iteration 299; last checkpoint at 199
    write(range(219, 500, 20), 9.0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LogReadWarning)
        table = read_scalars(tmp_path, resolve=True)
    loss = table[table.tag == "total_loss"]
    assert list(loss.step) == list(range(19, 500, 20))
    assert list(loss.value) == [10.0 / (i + 1) for i in range(19, 200, 20)] + [9.0 / (i + 1) for i in range(219, 500, 20)]
    assert any("resumed at step 219" in str(w.message) for w in caught)
    raw = read_scalars(tmp_path)
    assert len(raw[raw.tag == "total_loss"]) == 15 + 15  # the raw view keeps every point
