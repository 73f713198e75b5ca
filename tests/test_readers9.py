"""Reader faults of the twenty-fourth and twenty-fifth labellers' sets, each written by the real writer (Python
logging with the script's own format, print, tqdm):

- epoch summary lines among per-step lines (``epoch_end=K train_loss=... val_loss=...``) are epoch-level series
  ``<name>_epoch``, never points of the per-step series; ``done. best_val_loss=...`` is no series
  (Andrei-C-916/Safety-Binary-Classifier ``train_log.txt``);
- a timm ``train.py`` log whose start-up lines fill the sniffed head is a job log, its ``name: [ INFO] -`` prefix
  dropped (Becai/Cumulative-Feature-Fusion ``train.log``);
- GaNDLF's ``Starting Epoch :  N`` headers give the step of the step-less ``Epoch Final   train loss :  x`` lines
  under them, and an epoch going back starts a new run (VukW/pm_imagenet ``log.txt``);
- printed logs of bare numbers (``epoch loss acc`` rows, ``epoch: N`` then a number) are said, with the file and
  why, never read by a guess (UniDL4BioPep_ASL_PyTorch, ETCI-2021 ``train_log.txt``);
- a CSV of several experiments with an id column names its runs ``#<id>`` (advanced-deep-learning-comparison
  ``results/metrics.csv``).
"""
from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import close_logger, file_logger  # noqa: E402

from loganalyzer import read_scalars
from loganalyzer.discover import discover
from loganalyzer.scan import scan


def _logger(path: Path, fmt: str, name: str):
    return file_logger(path, fmt, "readers9." + name)


_close = close_logger


def test_epoch_summary_lines_are_epoch_series(tmp_path):
    path = tmp_path / "train_log.txt"
    log = _logger(path, "%(asctime)s | %(message)s", "safety")  # the script's logging format
    log.info("Starting training")
    step, tl, vl = 0, 0.4, 0.35
    for epoch in range(1, 4):
        for _ in range(7):
            step += 200
            tl, vl = tl * 0.93, vl * 0.95
            log.info(f"\nepoch={epoch} step={step} train_loss={tl:.4f} val_loss={vl:.4f}")
            log.info("saved best_model.pt")
        log.info(f"\nepoch_end={epoch} train_loss={tl * 1.01:.4f} val_loss={vl * 1.1:.4f}")
        log.info(f"saved checkpoint_epoch_{epoch}.pt")
    log.info(f"\ndone. best_val_loss={vl:.4f}")
    _close(log)
    df = read_scalars(str(path))
    sizes = df.groupby("tag").size().to_dict()
    assert sizes == {"train_loss": 21, "val_loss": 21, "train_loss_epoch": 3, "val_loss_epoch": 3}
    val = df[df.tag == "val_loss"]
    assert val.step.is_unique and round(float(val.value.iloc[-1]), 4) == round(vl, 4)
    assert df[df.tag == "val_loss_epoch"].step.tolist() == [1400, 2800, 4200]  # each epoch's last step
    resolved = read_scalars(str(path), resolve=True)
    assert round(float(resolved[resolved.tag == "val_loss"].value.iloc[-1]), 4) == round(vl, 4)


def test_timm_train_log_is_read(tmp_path):
    path = tmp_path / "train.log"
    # timm.utils.log.setup_default_logging's file handler format
    log = _logger(path, "%(asctime)s - %(name)20s: [%(levelname)8s] - %(message)s", "train")
    log.info("Training with a single process on 1 GPUs.")
    log.info("Model resnet18 created, param count:11689512")
    for k, v in [("input_size", (3, 224, 224)), ("interpolation", "bilinear"), ("mean", (0.485, 0.456, 0.406)),
                 ("std", (0.229, 0.224, 0.225)), ("crop_pct", 0.875)] * 40:  # restarts: the config again
        log.info(f"\t{k}: {v}")
    log.info("Scheduled epochs: 10")
    loss = 13.4
    for epoch in range(10):
        for i in (0, 200, 389):
            loss *= 0.95
            log.info(f"Train: {epoch} [{i:>4d}/390 ({100 * i / 389:>3.0f}%)]  Loss: {loss:#.4g} ({loss:#.3g})  "
                     f"Time: 0.5s, 500.0/s  (0.5s, 500.0/s)  LR: {1e-4:.3e}  Data: 0.010 (0.012)")
        for b in (0, 78):
            log.info(f"Test: [{b:>4d}/78]  Time: 0.209 (0.167)  Loss: {loss / 2:>7.4f} ({loss / 2:>6.4f})  "
                     f"Acc@1: {10 + epoch:>7.4f} ({10 + epoch:>7.4f})  Acc@5: {30 + epoch:>7.4f} ({30 + epoch:>7.4f})")
    _close(log)
    assert path.read_bytes().find(b"Loss") > 8192  # the start-up lines fill the sniffed head
    assert [r.id for r in discover(str(tmp_path))] == ["train.log"]
    sizes = read_scalars(str(path)).groupby("tag").size().to_dict()
    assert sizes == {"Loss": 30, "LR": 30, "val_Loss": 10, "val_Acc@1": 10, "val_Acc@5": 10}


_GANDLF = r'''
import sys
from tqdm import tqdm
f = open(sys.argv[1], "w")
def p(*a): print(*a, file=f, flush=True)
for training in range(4):
    p("Initializing training at : 2024/08/04::04:59:59")
    tl, vl = 0.76, 0.8
    for epoch in range(20):
        p("*" * 20); p("Starting Epoch : ", epoch); p("*" * 20); p("Starting Training : "); p("*" * 20)
        for _ in tqdm(range(20), desc="Looping over training data", file=f, mininterval=0): pass
        tl *= 0.97; vl *= 0.98
        for metric, v in (("loss", tl), ("accuracy_global", 0.47)):
            p("     Epoch Final   train " + metric + " : ", v)
        p("*" * 20); p("Starting validation : "); p("*" * 20)
        for _ in tqdm(range(10), desc="Looping over validation data", file=f, mininterval=0): pass
        for metric, v in (("loss", vl), ("accuracy_global", 0.5)):
            p("     Epoch Final   validation " + metric + " : ", v)
'''


def test_starting_epoch_headers_give_steps_and_runs(tmp_path):
    path = tmp_path / "log.txt"
    subprocess.run([sys.executable, "-c", _GANDLF, str(path)], check=True)
    assert [r.id for r in discover(str(tmp_path))] == [f"log.txt#{i}" for i in range(1, 5)]
    df = read_scalars(str(path))
    for i in range(1, 5):
        loss = df[(df.dir == f"log.txt#{i}") & (df.tag == "train_loss")]
        assert loss.step.tolist() == list(range(20))
        val = df[(df.dir == f"log.txt#{i}") & (df.tag == "validation_loss")]
        assert val.step.tolist() == list(range(20))


# ---------------------------------------------------------------- headerless numbers; experiments named by their id


def test_headerless_numbers_are_said_not_read(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with open(tmp_path / "a" / "train_log.txt", "w") as f:  # UniDL4BioPep: 'epoch loss acc', no names
        loss = 0.7
        for epoch in range(30):
            loss *= 0.95
            print(epoch, loss, 1 - loss / 2, file=f)
    with open(tmp_path / "b" / "train_log.txt", "w") as f:  # ETCI-2021: 'epoch: N' then a bare float
        for epoch in range(15):
            print(f"epoch: {epoch}", file=f)
            print(0.5 * 0.9 ** epoch, file=f)
    problems: list = []
    # readers34b: a file named by its split whose columns count the epochs, then one falls and one rises in [0, 1]
    # is read, the names taken from the values and said (``_headerless.named``); test_readers34b.py has the pair
    assert [r.path.rsplit("/", 2)[-2] for r in discover(str(tmp_path), problems=problems)] == ["a"]
    said = {p.path.rsplit("/", 2)[-2]: p.message for p in problems}
    assert set(said) == {"b"}
    assert "bare number with no name" in said["b"]
    with pytest.warns(UserWarning, match="names read from the values"):
        assert set(read_scalars(str(tmp_path / "a" / "train_log.txt")).tag) == {"loss", "accuracy"}
    with pytest.warns(UserWarning, match="not certain"):  # given directly: the same reason, not "no known name"
        assert len(read_scalars(str(tmp_path / "b" / "train_log.txt"))) == 0


def _experiments_csv(path: Path) -> None:
    import csv

    with open(path, "w", newline="") as f:  # an experiment loop's results table (advanced-deep-learning-comparison)
        w = csv.writer(f)
        w.writerow(["experiment_id", "dataset", "model_name", "epoch", "train_loss", "val_loss", "val_acc"])
        for k, exp in enumerate(("cifar10_small_cnn", "cifar10_resnet", "mnist_mlp", "cifar10_small_cnn")):
            loss = 2.3 + 0.13 * k
            for epoch in range(1, 6):
                loss *= 0.8
                w.writerow([exp, exp.split("_")[0], exp.split("_", 1)[1], epoch, round(loss, 4),
                            round(loss * 1.1, 4), round(1 - loss / 3, 4)])


def test_experiment_id_names_the_runs(tmp_path):
    (tmp_path / "results").mkdir()
    path = tmp_path / "results" / "metrics.csv"
    _experiments_csv(path)
    names = ["cifar10_resnet", "cifar10_small_cnn", "cifar10_small_cnn (2)", "mnist_mlp"]
    assert [r.id for r in discover(str(tmp_path))] == [f"results/metrics.csv#{n}" for n in names]
    assert [r.id for r in discover(str(path))] == [f"metrics.csv#{n}" for n in names]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the text columns are skipped, each said
        df = read_scalars(str(tmp_path), resolve=True)
    first = df[(df.tag == "train_loss") & (df.step == 1)].set_index("dir").value.round(4).to_dict()
    assert first == {"results/metrics.csv#cifar10_small_cnn": round(2.3 * 0.8, 4),
                     "results/metrics.csv#cifar10_resnet": round(2.43 * 0.8, 4),
                     "results/metrics.csv#mnist_mlp": round(2.56 * 0.8, 4),
                     "results/metrics.csv#cifar10_small_cnn (2)": round(2.69 * 0.8, 4)}
    result = scan(str(tmp_path))  # the scan's loader (batch CSV path for whole files, the reader per run)
    assert sorted(r.run for r in result.runs) == [f"results/metrics.csv#{n}" for n in names]
    assert all(r.verdict != "unknown" for r in result.runs)


def test_numbered_runs_without_an_id_column(tmp_path):
    path = tmp_path / "log.csv"
    with open(path, "w", newline="") as f:
        import csv

        w = csv.writer(f)
        w.writerow(["epoch", "loss", "val_loss"])
        for k in range(2):
            for epoch in range(5):
                w.writerow([epoch, 1.0 / (epoch + 1) + k * 0.1, 1.1 / (epoch + 1) + k * 0.1])
    assert [r.id for r in discover(str(tmp_path))] == ["log.csv#1", "log.csv#2"]
