"""PyTorch Lightning runs: CSVLogger (plc_*) and TensorBoardLogger (pltb_*).  Usage: python make_lightning.py [name...]"""
import sys, time, logging, warnings
from common import *
import pytorch_lightning as pl
from pytorch_lightning.loggers import CSVLogger, TensorBoardLogger
from pytorch_lightning.callbacks import LearningRateMonitor
from torch.utils.data import TensorDataset, DataLoader

logging.getLogger("pytorch_lightning").setLevel(logging.ERROR)
logging.getLogger("lightning").setLevel(logging.ERROR)
warnings.filterwarnings("ignore")


class Mod(pl.LightningModule):
    def __init__(self, net, opt_fn, sched_fn=None, sched_interval="epoch"):
        super().__init__()
        self.net, self.opt_fn, self.sched_fn, self.sched_interval = net, opt_fn, sched_fn, sched_interval

    def forward(self, x):
        return self.net(x)

    def training_step(self, b, i):
        x, y = b
        out = self(x)
        loss = F.cross_entropy(out, y)
        self.log("train_loss", loss, on_step=True, on_epoch=True)
        self.log("train_acc", (out.argmax(1) == y).float().mean(), on_step=False, on_epoch=True)
        return loss

    def validation_step(self, b, i):
        x, y = b
        out = self(x)
        self.log("val_loss", F.cross_entropy(out, y), on_epoch=True)
        self.log("val_acc", (out.argmax(1) == y).float().mean(), on_epoch=True)

    def configure_optimizers(self):
        opt = self.opt_fn(self.parameters())
        if self.sched_fn is None:
            return opt
        return {"optimizer": opt, "lr_scheduler": {"scheduler": self.sched_fn(opt), "interval": self.sched_interval}}


def train(name, logger_kind, net, data, opt_fn, epochs, bs=32, sched_fn=None, sched_interval="epoch", lrmon=False):
    d = run_dir(name)
    Xtr, ytr, Xva, yva = data
    dl = DataLoader(TensorDataset(Xtr, ytr), batch_size=bs, shuffle=True)
    dv = DataLoader(TensorDataset(Xva, yva), batch_size=512)
    logger = CSVLogger(d, name="lightning_logs") if logger_kind == "csv" else TensorBoardLogger(d, name="lightning_logs")
    cbs = [LearningRateMonitor(logging_interval="step")] if lrmon else []
    tr = pl.Trainer(max_epochs=epochs, logger=logger, callbacks=cbs, accelerator="cpu", devices=1,
                    enable_progress_bar=False, enable_model_summary=False, enable_checkpointing=False,
                    log_every_n_steps=5, num_sanity_val_steps=0)
    tr.fit(Mod(net, opt_fn, sched_fn, sched_interval), dl, dv)


RUNS_ = {}
def run(name):
    def deco(f):
        RUNS_[name] = f; return f
    return deco


@run("plc_moons_mlp")
def _():
    seed_all(30)
    train("plc_moons_mlp", "csv", mlp(2, 2, (32, 32)), moons(2000, 0.2, 30),
          lambda p: torch.optim.Adam(p, lr=1e-2), 30)


@run("plc_digits_dropout09")
def _():
    seed_all(31)
    net = nn.Sequential(nn.Dropout(0.8), nn.Linear(64, 32), nn.ReLU(), nn.Dropout(0.9), nn.Linear(32, 10))
    train("plc_digits_dropout09", "csv", net, digits(31), lambda p: torch.optim.Adam(p, lr=1e-3), 30)


@run("plc_classif4_subset_overfit")
def _():
    seed_all(32)
    Xtr, ytr, Xva, yva = classif(2000, k=4, d=20, seed=32, flip=0.03)
    train("plc_classif4_subset_overfit", "csv", mlp(20, 4, (512, 512)), (Xtr[:160], ytr[:160], Xva, yva),
          lambda p: torch.optim.Adam(p, lr=1e-3), 120, bs=16)


@run("plc_frozen_backbone")
def _():
    seed_all(33)
    net = mlp(20, 5, (128, 128))
    for n_, p in net.named_parameters():
        if n_ != "4.bias":   # meant to freeze the backbone only, froze the head's weights too
            p.requires_grad_(False)
    train("plc_frozen_backbone", "csv", net, classif(3000, k=5, d=20, seed=33),
          lambda p: torch.optim.Adam([q for q in p if q.requires_grad], lr=1e-3), 25)


@run("pltb_circles_onecycle")
def _():
    seed_all(34)
    data = circles(3000, 0.12, 34)
    steps = 30 * math.ceil(len(data[0]) / 32)
    train("pltb_circles_onecycle", "tb", mlp(2, 2, (64, 64)), data, lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9), 30,
          sched_fn=lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=0.1, total_steps=steps),
          sched_interval="step", lrmon=True)


@run("pltb_digits_multistep_gamma10")
def _():
    seed_all(35)
    train("pltb_digits_multistep_gamma10", "tb", mlp(64, 10, (128, 128)), digits(35),
          lambda p: torch.optim.Adam(p, lr=2e-3), 30,
          sched_fn=lambda o: torch.optim.lr_scheduler.MultiStepLR(o, milestones=[12, 20], gamma=10.0),   # meant 0.1
          lrmon=True)


if __name__ == "__main__":
    for n in sys.argv[1:] or list(RUNS_):
        t = time.time(); RUNS_[n](); print(n, f"{time.time() - t:.1f}s", flush=True)
