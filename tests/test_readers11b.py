"""Printed-log reader kinds of branch readers11b, each log printed by a real (tiny) torch training loop through the
writer's own calls (Python logging with the script's format, tqdm bars with YOLOv5's format, print):

- YOLOv5/YOLOv8 ``train.py`` stdout: the epoch table (header, the tqdm row redrawn per batch, the validation bar
  and its ``all`` row) gives ``train/*_loss`` and ``metrics/*`` per epoch, the completion line ends the run as
  completed; a terminal capture saved as ``*.md`` is found by its content (public peshmerge/ml_2_project);
- BasicSR/mmsr ``[epoch: 0, iter: 100, lr:(2.000e-04,)] l_pix: 2.9e-02`` lines give ``losses/l_pix`` at the
  iteration and the validation results, also past a long options dump (public XDpaddle/HDRUnet_Paddle); a ``*.log``
  that gives no run is named with the reason;
- PaddleRec ``epoch: 0, batch_id: 500, ..., loss:0.18, avg_reader_cost: 0.0001 sec, ..., ips: 1822 ins/s`` lines
  at epoch-major steps, ``epoch: 0 done, ...`` summaries as ``<name>_epoch``, timing keys no series
  (public BamLubi/Paddle-SIGN);
- DCGAN-tensorflow ``[     201 Epoch:[ 0/25] [ 200/ 273] time: ..., d_loss: ..., g_loss: ...`` at the printed
  counter, ``[Sample]`` lines as validation, a value glued to a TensorFlow warning read (XBisATrouble/DCGAN-NPU).
"""
from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

import torch
from torch import nn
from tqdm import tqdm

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import read_resolved, series_of  # noqa: E402

from loganalyzer.discover import discover

TQDM_BAR_FORMAT = "{l_bar}{bar:10}{r_bar}"  # YOLOv5 utils/general.py


def _logger(name: str, stream, fmt: str = "%(message)s", datefmt: str | None = None) -> logging.Logger:
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(fmt, datefmt))
    log = logging.getLogger(f"readers11b.{name}")
    log.handlers[:] = [handler]
    log.propagate = False
    log.setLevel(logging.INFO)
    return log


def _data(n=64, d=6, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, d, generator=g)
    y = x[:, :1] * 0.5 - x[:, 1:2] * 0.2 + 0.1 * torch.randn(n, 1, generator=g)
    return x, y


_read = read_resolved


_series = series_of


# ---------------------------------------------------------------- YOLO


def _yolo_log(path: Path, v8: bool, epochs: int = 4, batches: int = 5) -> tuple[list, list, list]:
    """A detector-shaped toy trained with YOLOv5's (v8: Ultralytics') printing calls, stdout and stderr in one file."""
    torch.manual_seed(0)
    x, y = _data()
    model = nn.Linear(6, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    box, mean_ap, lines = [], [], []
    with path.open("w") as out:
        log = _logger("yolo" + str(v8), out)
        loss_names = ("box_loss", "cls_loss", "dfl_loss") if v8 else ("box_loss", "obj_loss", "cls_loss")
        for epoch in range(epochs):
            log.info(("\n" + "%11s" * 7) % ("Epoch", "GPU_mem", *loss_names, "Instances", "Size"))
            pbar = tqdm(range(batches), total=batches, bar_format=TQDM_BAR_FORMAT, file=out, mininterval=0)
            mloss = torch.zeros(3)
            for i in pbar:
                xb, yb = x[i * 12:(i + 1) * 12], y[i * 12:(i + 1) * 12]
                parts = (model(xb) - yb).pow(2).mean(0)
                opt.zero_grad()
                parts.sum().backward()
                opt.step()
                mloss = (mloss * i + parts.detach()) / (i + 1)
                shown = f"{epoch + 1}/{epochs}" if v8 else f"{epoch}/{epochs - 1}"
                pbar.set_description(("%11s" * 2 + "%11.4g" * 5) % (shown, "0G", *mloss, len(xb), 640))
            box.append(float("%.4g" % mloss[0]))
            with torch.no_grad():
                m = float(torch.sigmoid(-(model(x) - y).pow(2).mean()))
            head = ("Class", "Images", "Instances", "Box(P", "R", "mAP50", "mAP50-95)") if v8 else \
                ("Class", "Images", "Instances", "P", "R", "mAP50", "mAP50-95")
            for _ in tqdm(range(2), desc=("%22s" + "%11s" * 6) % head, bar_format=TQDM_BAR_FORMAT, file=out):
                pass
            log.info(("%22s" + "%11i" * 2 + "%11.3g" * 4) % ("all", 64, 80, m, m / 2, m / 3, m / 4))
            mean_ap.append(float("%.3g" % (m / 4)))
        log.info(f"\n{epochs} epochs completed in 0.001 hours.")
        log.info("\nValidating runs/train/exp/weights/best.pt...")
        for _ in tqdm(range(2), desc=("%22s" + "%11s" * 6) % head, bar_format=TQDM_BAR_FORMAT, file=out):
            pass
        log.info(("%22s" + "%11i" * 2 + "%11.3g" * 4) % ("all", 64, 80, 0.9, 0.9, 0.9, 0.9))
    return box, mean_ap, lines


def test_yolo_stdout_table_gives_epoch_curves_and_completes(tmp_path):
    from loganalyzer.scan import scan

    for v8 in (False, True):
        folder = tmp_path / ("v8" if v8 else "v5")
        folder.mkdir()
        path = folder / "terminal_output_4_epochs.md"
        box, mean_ap, _ = _yolo_log(path, v8)
        (folder / "README.md").write_text("# notes\n\nloss went down: 0.5 -> 0.1\n")
        runs = discover(str(folder))
        assert [r.id for r in runs] == ["terminal_output_4_epochs.md"]  # found by its content, README.md not
        df, _ = _read(path)
        steps = [1, 2, 3, 4] if v8 else [0, 1, 2, 3]
        assert _series(df, "train/box_loss") == (steps, box)
        losses = {"train/box_loss", "train/cls_loss", "train/dfl_loss" if v8 else "train/obj_loss"}
        assert losses <= set(df.tag)
        metric = "metrics/mAP50-95(B)" if v8 else "metrics/mAP_0.5:0.95"
        assert _series(df, metric) == (steps, mean_ap)  # best.pt's final validation (0.9) left out
        report = scan([str(path)])
        ended = report.runs[0].ended
        assert ended is not None and ended.cause == "completed", ended


# ---------------------------------------------------------------- BasicSR / mmsr


def _dict2str(opt: dict, indent: int = 1) -> str:
    """BasicSR's options dump (basicsr/utils/options.py dict2str)."""
    msg = "\n"
    for k, v in opt.items():
        if isinstance(v, dict):
            msg += " " * (indent * 2) + k + ":[" + _dict2str(v, indent + 1) + " " * (indent * 2) + "]\n"
        else:
            msg += " " * (indent * 2) + k + ": " + str(v) + "\n"
    return msg


def test_basicsr_l_pix_lines_are_losses_past_the_options_dump(tmp_path):
    torch.manual_seed(0)
    x, y = _data()
    model = nn.Linear(6, 1)
    opt = torch.optim.Adam(model.parameters(), lr=2e-4)
    folder = tmp_path / "logs"
    folder.mkdir()
    path = folder / "HDR_v1.log"
    options = {"name": "HDR_v1", "use_tb_logger": True, "model": "sr",
               "datasets": {f"set{i}": {f"key_{j}": f"/data/some/long/path/{i}/{j}" for j in range(20)}
                            for i in range(14)},
               "network_G": {"which_model_G": "HDRUNet", "nf": 64}, "train": {"lr_G": 2e-4, "niter": 600}}
    pix, psnr = {}, {}
    with path.open("w") as out:
        log = _logger("mmsr", out, "%(asctime)s.%(msecs)03d - %(levelname)s: %(message)s", "%y-%m-%d %H:%M:%S")
        log.info(_dict2str(options))
        log.info("Start training from epoch: 0, iter: 0")
        for it in range(1, 601):
            loss = (model(x) - y).abs().mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            if it % 50 == 0:
                log.info(f"[epoch:{it // 200:3d}, iter:{it:8,d}, lr:({opt.param_groups[0]['lr']:.3e},)] "
                         f"l_pix: {loss.item():.4e} ")
                pix[it] = float(f"{loss.item():.4e}")
            if it % 200 == 0:
                value = float(-10 * torch.log10((model(x) - y).pow(2).mean()).item())
                log.info(f"# Validation # PSNR: {value:.4e}")
                psnr[it] = float(f"{value:.4e}")
        (folder / "notes.log").write_text("started the job on node 3\nfinished\n")
    assert path.stat().st_size > 8192 and path.read_bytes().find(b"l_pix") > 8192
    problems: list = []
    runs = discover(str(folder), problems=problems)
    assert [r.id for r in runs] == ["HDR_v1.log"]
    assert any("notes.log" in str(p) and "not read" in str(p) for p in problems), problems  # named, with why
    df, _ = _read(path)
    assert _series(df, "losses/l_pix") == (list(pix), list(pix.values()))
    assert _series(df, "val_PSNR") == (list(psnr), list(psnr.values()))
    assert _series(df, "lr")[0] == list(pix)


def test_basicsr_gan_losses_and_validation_block(tmp_path):
    path = tmp_path / "train_esrgan.log"
    with path.open("w") as out:
        log = _logger("basicsr", out, "%(asctime)s %(levelname)s: %(message)s")
        g = torch.Generator().manual_seed(0)
        for it in range(100, 600, 100):
            v = torch.rand(5, generator=g).tolist()
            log.info(f"[train..][epoch:{0:3d}, iter:{it:8,d}, lr:({1e-4:.3e},{1e-4:.3e},)] [eta: 1 day, 2:03:04, "
                     f"time (data): 0.123 (0.004)] l_g_pix: {v[0]:.4e} l_g_percep: {v[1]:.4e} l_g_gan: {v[2]:.4e} "
                     f"l_d_real: {v[3]:.4e} out_d_real: {v[4]:.4e} ")
            if it % 200 == 0:
                log.info(f"Validation Set5\n\t # psnr: {20 + it / 100:.4f}\tBest: {20 + it / 100:.4f} @ {it} iter\n"
                         f"\t # ssim: {0.5 + it / 2000:.4f}\tBest: {0.5 + it / 2000:.4f} @ {it} iter\n")
    df, _ = _read(path)
    assert {"losses/l_g_pix", "losses/l_g_percep", "losses/l_g_gan", "losses/l_d_real", "out_d_real", "lr",
            "lr_1"} <= set(df.tag)
    assert not {"time", "data_time", "eta"} & set(df.tag)
    assert _series(df, "losses/l_g_gan")[0] == [100, 200, 300, 400, 500]
    assert _series(df, "metrics/Set5/psnr") == ([200, 400], [22.0, 24.0])
    assert _series(df, "metrics/Set5/ssim") == ([200, 400], [0.6, 0.7])


# ---------------------------------------------------------------- PaddleRec


def test_paddle_batch_lines_epoch_summaries_and_timing(tmp_path):
    torch.manual_seed(0)
    x, y = _data(n=120)
    model = nn.Linear(6, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    path = tmp_path / "train.log"
    batch_loss, epoch_loss = [], []
    with path.open("w") as out:
        log = _logger("paddle", out, "%(asctime)s - %(levelname)s - %(message)s")
        for epoch in range(3):
            start, total, seen = time.time(), 0.0, 0
            for batch_id in range(12):
                xb, yb = x[batch_id * 10:(batch_id + 1) * 10], y[batch_id * 10:(batch_id + 1) * 10]
                loss = nn.functional.mse_loss(model(xb), yb)
                opt.zero_grad()
                loss.backward()
                opt.step()
                total, seen = total + loss.item(), seen + 1
                if batch_id % 5 == 0:
                    log.info(f"epoch: {epoch}, batch_id: {batch_id}, AUC:{0.5 + epoch / 10:.6f}, loss:{loss.item():.8}, "
                             f"avg_reader_cost: {0.0001:.5f} sec, avg_batch_cost: {0.002:.5f} sec, "
                             f"avg_samples: {10.0:.5f}, ips: {5000.0:.5f} ins/s")
                    batch_loss.append(float(f"{loss.item():.8}"))
            log.info(f"epoch: {epoch} done, AUC: {0.5 + epoch / 10:.6f},loss:{total / seen:.8}, "
                     f"epoch time: {time.time() - start:.2f} s")
            epoch_loss.append(float(f"{total / seen:.8}"))
    df, said = _read(path)
    assert not {"avg_reader_cost", "avg_batch_cost", "avg_samples", "ips", "batch_id", "epoch_time"} & set(df.tag)
    steps, values = _series(df, "loss")
    assert values == batch_loss
    assert steps == sorted(steps) and len(set(steps)) == len(steps)  # epoch-major, one curve: no resumed sessions
    assert steps[:3] == [0, 5, 10] and steps[3] > 10
    e_steps, e_values = _series(df, "loss_epoch")
    assert e_values == epoch_loss
    assert e_steps == [steps[2], steps[5], steps[8]]  # each at its epoch's last batch line
    assert not any("continued" in s or "session" in s for s in said), said


# ---------------------------------------------------------------- DCGAN


def test_dcgan_counter_sample_lines_and_glued_warning(tmp_path):
    torch.manual_seed(0)
    gen, disc = nn.Linear(4, 6), nn.Linear(6, 1)
    g_opt = torch.optim.Adam(gen.parameters(), lr=1e-3)
    d_opt = torch.optim.Adam(disc.parameters(), lr=1e-3)
    bce = nn.BCEWithLogitsLoss()
    real, _ = _data()
    z_sample = torch.randn(8, 4)
    path = tmp_path / "nohup.out"
    printed, sample = {}, {}
    stdout = sys.stdout
    with path.open("w") as out:
        sys.stdout = out
        try:
            counter, batch_idxs = 1, 6
            for epoch in range(2):
                for idx in range(batch_idxs):
                    fake = gen(torch.randn(8, 4))
                    d_loss = bce(disc(real[idx * 8:(idx + 1) * 8]), torch.ones(8, 1)) + \
                        bce(disc(fake.detach()), torch.zeros(8, 1))
                    d_opt.zero_grad()
                    d_loss.backward()
                    d_opt.step()
                    g_loss = bce(disc(fake), torch.ones(8, 1))
                    g_opt.zero_grad()
                    g_loss.backward()
                    g_opt.step()
                    line = "[%8d Epoch:[%2d/%2d] [%4d/%4d] time: %4.4f, d_loss: %.8f, g_loss: %.8f" % (
                        counter, epoch, 2, idx, batch_idxs, 0.5, d_loss.item(), g_loss.item())
                    last = counter == 2 * batch_idxs
                    print(line, end="" if last else "\n")  # the last one: a warning glued on (no flush between)
                    printed[counter] = (float("%.8f" % d_loss.item()), float("%.8f" % g_loss.item()))
                    if counter % 5 == 0:
                        with torch.no_grad():
                            s = gen(z_sample)
                            sd = bce(disc(s), torch.zeros(8, 1)).item()
                            sg = bce(disc(s), torch.ones(8, 1)).item()
                        print("[Sample] d_loss: %.8f, g_loss: %.8f" % (sd, sg))
                        sample[counter] = (float("%.8f" % sd), float("%.8f" % sg))
                    counter += 1
            _logger("tf", out, "%(levelname)s:tensorflow:%(message)s").warning("From saver.py:963: remove_checkpoint "
                                                                              "is deprecated")
        finally:
            sys.stdout = stdout
    assert "g_loss: %.8fWARNING:tensorflow" % printed[12][1] in path.read_text()
    df, _ = _read(path)
    assert _series(df, "d_loss") == (list(printed), [v[0] for v in printed.values()])
    assert _series(df, "g_loss") == (list(printed), [v[1] for v in printed.values()])  # the glued one too
    assert _series(df, "val_d_loss") == (list(sample), [v[0] for v in sample.values()])
    assert _series(df, "val_g_loss") == (list(sample), [v[1] for v in sample.values()])
