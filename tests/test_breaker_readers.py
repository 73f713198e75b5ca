"""Reader gaps a breaker found with real writers (branch readers2): each case writes its logs with the framework
itself (Lightning loggers, Keras callbacks, a Rich progress bar, ...) in a child process and checks what the scan
and the tables make of them."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import numpy as np
import pytest

from loganalyzer import discover, read_scalars
from loganalyzer.scan import scan
from loganalyzer.load import LogReadWarning


def run_child(root: Path, script: str, timeout: int = 300) -> None:
    """``script`` run as ``root/writer.py`` with ``root`` as its working directory; the test fails if it fails."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "writer.py").write_text(textwrap.dedent(script))
    env = {**os.environ, "KERAS_BACKEND": "torch", "PYTHONWARNINGS": "ignore", "OMP_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "writer.py"], cwd=root, env=env, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    (root / "writer.py").unlink()


def warned(path, resolve: bool = False):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LogReadWarning)
        table = read_scalars(path, resolve=resolve)
    return table, [str(w.message) for w in caught if issubclass(w.category, LogReadWarning)]


LIGHTNING = """
import sys, torch, pytorch_lightning as pl
from pytorch_lightning.loggers import CSVLogger, TensorBoardLogger

class Tiny(pl.LightningModule):
    def __init__(self, lr=0.1):
        super().__init__()
        self.save_hyperparameters()
        self.layer = torch.nn.Linear(4, 1)
    def training_step(self, batch, i):
        x, y = batch
        loss = torch.nn.functional.mse_loss(self.layer(x), y)
        self.log("train_loss", loss)
        return loss
    def validation_step(self, batch, i):
        x, y = batch
        self.log("val_loss", torch.nn.functional.mse_loss(self.layer(x), y))
    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.hparams.lr)

def data(seed):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(64, 4, generator=g)
    return torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, x.sum(1, keepdim=True)), batch_size=8)

quiet = dict(log_every_n_steps=2, enable_progress_bar=False, enable_model_summary=False)
"""


@pytest.fixture(scope="module")
def lightning_two_loggers(tmp_path_factory) -> Path:
    """``both/``: two trainings, each with ``logger=[CSVLogger(d), TensorBoardLogger(d)]`` and default versions
    (version_0 + version_1, version_2 + version_3), checkpoints on. ``apart/``: a training logged by a CSVLogger
    alone, then another (other seed) by a TensorBoardLogger alone: two trainings in version_0 and version_1."""
    root = tmp_path_factory.mktemp("lightning_two_loggers")
    run_child(root, LIGHTNING + """
for seed in (0, 1):
    torch.manual_seed(seed)
    pl.Trainer(max_epochs=3, logger=[CSVLogger("both"), TensorBoardLogger("both")], **quiet).fit(
        Tiny(), data(seed), data(seed))
torch.manual_seed(0)
pl.Trainer(max_epochs=3, logger=CSVLogger("apart"), **quiet).fit(Tiny(), data(0), data(0))
torch.manual_seed(1)
pl.Trainer(max_epochs=3, logger=TensorBoardLogger("apart"), **quiet).fit(Tiny(), data(1), data(1))
""")
    return root


def test_lightning_csv_and_tensorboard_loggers_in_two_versions_are_one_run(lightning_two_loggers):
    """Lightning gives each logger its own version: one training was two runs, every series twice in the scan.
    Now one run per training (the first logger's version dir, where the checkpoints are), each series once, read
    from the event file as for the two loggers given one version dir (``load_sources.keep_once``), with a line
    naming both dirs."""
    tbparse = pytest.importorskip("tbparse")
    both = lightning_two_loggers / "both"
    logs = both / "lightning_logs"
    assert sorted(p.name for p in logs.iterdir()) == ["version_0", "version_1", "version_2", "version_3"]
    assert (logs / "version_0/metrics.csv").exists() and list((logs / "version_1").glob("events.out.tfevents*"))
    runs = discover(both)
    assert [(r.id, r.format) for r in runs] == [("lightning_logs/version_0", "lightning_csv+tensorboard"),
                                               ("lightning_logs/version_2", "lightning_csv+tensorboard")]
    for first, second in (("version_0", "version_1"), ("version_2", "version_3")):
        ref = tbparse.SummaryReader(str(logs / second), extra_columns={"wall_time"}).scalars
        ref = ref.sort_values(["tag", "step"], kind="stable")
        for resolve in (False, True):
            table, lines = warned(logs / first, resolve)  # the dir alone: no twin, the CSV only
            assert set(table["dir"]) == {""}
            table, lines = warned(both, resolve)
            mine = table[table["dir"] == f"lightning_logs/{first}"]
            assert mine["tag"].astype(str).tolist() == ref["tag"].tolist()
            assert mine["step"].tolist() == ref["step"].tolist()
            np.testing.assert_array_equal(mine["value"].to_numpy(), ref["value"].to_numpy(dtype=np.float64))
            assert any(f"{second} and {first} hold one training" in line for line in lines), lines
    report = scan([both])
    assert [r.run for r in report.runs] == ["lightning_logs/version_0", "lightning_logs/version_2"]
    assert not report.errors
    # discovery in shards (scan --jobs) must not find the two halves apart
    from loganalyzer.executor_shards import shard_dirs

    assert shard_dirs(str(logs)) is None
    sharded = scan([logs], jobs=2)
    assert [r.run for r in sharded.runs] == ["version_0", "version_2"]


def test_lightning_loggers_of_two_trainings_stay_two_runs(lightning_two_loggers):
    """A CSVLogger-only training and a TensorBoardLogger-only one beside it (version_0, version_1): other
    points, two runs as before."""
    runs = discover(lightning_two_loggers / "apart")
    assert [(r.id, r.format) for r in runs] == [("lightning_logs/version_0", "lightning_csv"),
                                               ("lightning_logs/version_1", "tensorboard")]
