"""How a Lightning job printed with the Rich progress bar ended (``readers/_joblog_ending.facts``).

Not on a terminal (a SLURM job's output file), Rich prints the bar once the fit ends, after Lightning's
"`Trainer.fit` stopped: `max_epochs=N` reached." line: that redraw of the last step is no progress after the
completion line, and the job `completed` (it read "ended without a sign of how", a newcomer's fault 6). The same
run printed with the TQDM bar ended `completed` already. Both are real Lightning fits in a subprocess.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from loganalyzer import discover
from loganalyzer.load import load_run

pytest.importorskip("pytorch_lightning")
pytest.importorskip("rich")

SCRIPT = """
import torch, pytorch_lightning as pl
from torch import nn

class M(pl.LightningModule):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 2))

    def training_step(self, batch, i):
        x, y = batch
        loss = nn.functional.cross_entropy(self.net(x), y)
        self.log("train_loss", loss, prog_bar=True)
        return loss

    def validation_step(self, batch, i):
        x, y = batch
        self.log("val_loss", nn.functional.cross_entropy(self.net(x), y), prog_bar=True)

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1)

torch.manual_seed(0)
x = torch.randn(512, 8)
data = torch.utils.data.TensorDataset(x, (x[:, 0] + x[:, 1] > 0).long())
bar = pl.callbacks.BAR()
pl.Trainer(max_epochs=4, logger=False, enable_checkpointing=False, callbacks=[bar], enable_model_summary=False).fit(
    M(), torch.utils.data.DataLoader(data, batch_size=32, shuffle=True), torch.utils.data.DataLoader(data, batch_size=128))
"""


@pytest.mark.slow
@pytest.mark.parametrize("bar", ["RichProgressBar", "TQDMProgressBar"])
def test_a_lightning_fit_that_reached_max_epochs_completed(tmp_path, bar):
    script = tmp_path / "train.py"
    script.write_text(SCRIPT.replace("BAR", bar))
    with open(tmp_path / "slurm-555.out", "wb") as out:
        done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT,
                              timeout=300)
    assert done.returncode == 0
    script.unlink()
    text = (tmp_path / "slurm-555.out").read_text(errors="replace")
    assert "`Trainer.fit` stopped: `max_epochs=4` reached." in text
    if bar == "RichProgressBar":  # the case: the bar printed after the completion line
        assert text.rfind("Epoch 3/3") > text.find("`Trainer.fit` stopped")
    (run,) = discover(tmp_path)
    ended = load_run(run).ended
    assert ended.cause == "completed", ended.summary
    assert ended.step is not None and ended.step > 0
