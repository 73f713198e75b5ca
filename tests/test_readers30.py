"""readers30: faults found on fresh public logs (/tmp/readers30_inputs/FAULTS.md), each log printed here by a tiny
real torch training in the public log's own shape (the frameworks' line formats reproduced from their source).

1. A log saved in a Chinese Windows code page (GBK): refused whole as "binary data" (Duke-Rodriguez-Rudolph/
   yolox-chepai train_log.txt, YOLOX through loguru; its tabulate box table is GBK). Read as UTF-8
   (``readers/_legacy_text.py``); loguru's ``name:function:line - `` source is no series ``after_iter`` = 246.
2. A log hard-wrapped at a terminal's width (Boycott0915/CDFSOD-benchmark-personal my_train_log.txt, detectron2
   at 178 columns): cut names (``oss_0``) and cut values (1.7 for 1.706). Lines joined (``readers/_unwrap.py``); a
   padded fixed-format log whose lines all have one length is left as it is.
"""
from __future__ import annotations

import datetime
import warnings

import pytest

from loganalyzer import read_scalars
from loganalyzer.readers import _legacy_text

torch = pytest.importorskip("torch")


def _read(path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = read_scalars(path, resolve=True)
    return frame, [str(w.message) for w in caught]


def _series(frame, tag: str) -> tuple[list, list]:
    g = frame[frame.tag == tag].sort_values("step")
    return g.step.tolist(), g.value.tolist()


def _train(steps: int, terms: int = 1, seed: int = 0):
    """(step, [loss per term], lr) of a tiny regression trained with SGD and a step LR schedule."""
    torch.manual_seed(seed)
    x, y = torch.randn(128, 6), torch.randn(128, terms)
    model = torch.nn.Linear(6, terms)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=max(steps // 3, 1), gamma=0.5)
    for step in range(steps):
        losses = ((model(x) - y) ** 2).mean(0)
        opt.zero_grad()
        losses.sum().backward()
        opt.step()
        sched.step()
        yield step, [float(v) for v in losses.detach()], opt.param_groups[0]["lr"]


# loguru/_defaults.py LOGURU_FORMAT: "<green>{time:YYYY-MM-DD HH:mm:ss.SSS}</green> | <level>{level: <8}</level> |
# <cyan>{name}</cyan>:<cyan>{function}</cyan>:<cyan>{line}</cyan> - <level>{message}</level>" (colours off in a file)
def _loguru(t: datetime.datetime, function: str, line: int, message: str, level: str = "INFO") -> str:
    stamp = f"{t:%Y-%m-%d %H:%M:%S}.{t.microsecond // 1000:03d}"
    return f"{stamp} | {level: <8} | yolox.core.trainer:{function}:{line} - {message}"


def test_gbk_yolox_log_is_read(tmp_path):
    """YOLOX 0.1's Trainer through loguru on a Chinese Windows: ``before_train`` logs the exp as tabulate's
    fancy_grid table, ``after_iter`` (yolox/core/trainer.py) every ``print_interval`` iterations
    'epoch: {e}/{E}, iter: {i}/{n}, mem: ..Mb, iter_time: ..s, data_time: ..s, total_loss: .., iou_loss: .., l1_loss: ..,
    conf_loss: .., cls_loss: .., lr: {:.3e}, size: .., ETA: ..' with the losses at one decimal; the file is GBK."""
    epochs, iters, interval = 4, 20, 5
    t = datetime.datetime(2021, 9, 3, 19, 5, 28)
    lines = [_loguru(t, "before_train", 126, "args: Namespace(batch_size=4, devices=1, fp16=True, resume=False)"),
             _loguru(t, "before_train", 127, "exp value:"),
             "╒══════════════════╤════════════════════════════╕",
             "│ keys             │ values                     │",
             "╞══════════════════╪════════════════════════════╡",
             "│ num_classes      │ 1                          │",
             "├──────────────────┼────────────────────────────┤",
             "│ print_interval   │ 5                          │",
             "╘══════════════════╧════════════════════════════╛",
             _loguru(t, "before_train", 140, "模型加载完成，开始训练"),
             _loguru(t, "before_train", 146, "Training start...")]
    printed = {}
    for step, (total, iou, conf), lr in _train(epochs * iters, terms=3):
        epoch, it = step // iters + 1, step % iters + 1
        if it % interval:
            continue
        t += datetime.timedelta(seconds=3)
        msg = (f"epoch: {epoch}/{epochs}, iter: {it}/{iters}, mem: 1491Mb, iter_time: 0.487s, data_time: 0.002s, "
               f"total_loss: {total + iou + conf:.1f}, iou_loss: {iou:.1f}, l1_loss: 0.0, conf_loss: {conf:.1f}, "
               f"cls_loss: {total:.1f}, lr: {lr:.3e}, size: 640, ETA: 0:01:{59 - step % 60:02d}")
        lines.append(_loguru(t, "after_iter", 246, msg))
        printed[step + 1] = round(total + iou + conf, 1)
    path = tmp_path / "train_log.txt"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    assert path.read_bytes().decode("utf-8", "replace").count("\ufffd") > 100  # no UTF-8: binary before the fix

    frame, messages = _read(path)
    steps, values = _series(frame, "total_loss")
    assert values == list(printed.values())
    assert steps == list(printed)  # (epoch - 1) x iters + iter
    assert "after_iter" not in set(frame.tag) and "before_train" not in set(frame.tag)
    assert not any("binary" in m for m in messages)


def test_latin1_log_is_not_taken_for_gbk(tmp_path):
    """A log with cp1252 bytes ('Prüfung läuft', a '41°C' reading: GB18030 decodes them too) is no GBK text: its
    values read as before."""
    lines = []
    for step, (loss,), _ in _train(12):
        lines.append(f"Epoch {step + 1:3d} | loss: {loss:.4f} | Temperatur 41°C | Prüfung läuft")
    path = tmp_path / "train.log"
    path.write_bytes(("\n".join(lines) + "\n").encode("cp1252"))
    assert _legacy_text.to_utf8(path.read_bytes()) is None
    frame, _ = _read(path)
    steps, values = _series(frame, "loss")
    assert steps == list(range(1, 13))
    assert values == [float(line.split("loss: ")[1][:6]) for line in lines]


def _d2_line(t: datetime.datetime, it: int, eta: str, losses: dict, lr: float) -> str:
    """detectron2's CommonMetricPrinter.write (detectron2/utils/events.py): ' eta: ..  iter: N  <losses as
    name: {:.4g} two spaces apart>  time: ..  data_time: ..  lr: ..  max_mem: ..M' after the console formatter's
    '[%(asctime)s %(name)s]: ' (datefmt '%m/%d %H:%M:%S')."""
    body = "  ".join(f"{k}: {v:.4g}" for k, v in losses.items())
    return (f"[{t:%m/%d %H:%M:%S} d2.utils.events]:  eta: {eta}  iter: {it}  {body}  time: 0.8413  "
            f"data_time: 0.0062  lr: {lr:.5g}  max_mem: 3242M")


def test_terminal_wrapped_detectron2_log_is_joined(tmp_path):
    width = 178
    t = datetime.datetime(2024, 12, 22, 22, 29, 54)
    names = [f"{kind}_loss_{k}" for k in range(5) for kind in ("aux_bce", "aux_dice", "rg_l1")]
    lines = [f"[{t:%m/%d %H:%M:%S} d2.engine.train_loop]: Starting training from iteration 0"]
    printed: dict[str, list] = {}
    for step, losses, lr in _train(200, terms=len(names)):
        if (step + 1) % 20:
            continue
        t += datetime.timedelta(seconds=17)
        terms = dict(zip(names, losses))
        terms["proto_contrastive_loss"] = 1.7 + losses[0] / 1000  # four significant digits: '1.706'
        terms["total_loss"] = sum(losses)
        lines.append(_d2_line(t, step, "0:01:58", terms, lr))
        for k, v in terms.items():
            printed.setdefault(k, []).append(float(f"{v:.4g}"))
    lines.append(f"[{t:%m/%d %H:%M:%S} d2.engine.hooks]: Overall training speed: 198 iterations in 0:03:12")
    wrapped = []
    for line in lines:  # the terminal cuts every line at its width, wherever that falls
        wrapped += [line[i:i + width] for i in range(0, len(line), width)]
    path = tmp_path / "my_train_log.txt"
    path.write_text("\n".join(wrapped) + "\n")
    assert sum(len(w) == width for w in wrapped) >= 10

    frame, messages = _read(path)
    assert set(frame.tag) >= set(printed)
    assert not {t for t in frame.tag if t not in printed and t not in ("lr", "time", "data_time")}  # no cut names
    for name, values in printed.items():
        steps, got = _series(frame, name)
        assert got == values, name
        assert steps == list(range(19, 200, 20))
    assert any("wrapped at 178 columns" in m for m in messages)


def test_fixed_width_meter_log_is_not_joined(tmp_path):
    """pytorch/examples imagenet/main.py's ProgressMeter: every line 'Epoch: [e][ i/n]\\tTime .. Loss ..e+00 (..)\\t
    Acc@1 ..' has the same length (padded fields), the longest of the file: no wrapped log, each line one point."""
    lines, printed = [], []
    for step, (loss,), _ in _train(60):
        epoch, i = divmod(step, 20)
        lines.append(f"Epoch: [{epoch}][{i:3d}/20]\tTime  0.779 ( 5.211)\tData  0.000 ( 0.060)\t"
                     f"Loss {loss:.4e} ({loss:.4e})\tAcc@1  50.00 ( 45.68)\tAcc@5  75.00 ( 77.27)")
        printed.append(float(f"{loss:.4e}"))
    assert len({len(line) for line in lines}) == 1
    path = tmp_path / "train.log"
    path.write_text("\n".join(lines) + "\n")
    frame, messages = _read(path)
    _, values = _series(frame, "Loss")
    assert values == printed
    assert not any("wrapped" in m for m in messages)


def test_config_test_section_after_training_is_no_test_result(tmp_path):
    """3. A detectron2 launch's config echo ('Running with full config:' then the yacs CfgNode as YAML) after a
    training in the same log.txt: its ``TEST:`` section's ``  EVAL_PERIOD: 200`` is a setting, not test_EVAL_PERIOD
    (public CDFSOD-benchmark-personal output/vitb/artaxor_10shot/log.txt: 4 such launches, 4 points of 200)."""
    t = datetime.datetime(2024, 12, 22, 19, 35, 27)
    lines = [f"[{t:%m/%d %H:%M:%S}] d2.engine.train_loop INFO: Starting training from iteration 0"]
    printed = []
    for step, (loss,), lr in _train(100):
        if (step + 1) % 20 == 0:
            lines.append(f"[{t:%m/%d %H:%M:%S}] d2.utils.events INFO:  eta: 0:00:10  iter: {step}  "
                         f"total_loss: {loss:.4g}  time: 0.97  data_time: 0.006  lr: {lr:.5g}  max_mem: 3242M")
            printed.append(float(f"{loss:.4g}"))
    lines += [f"[12/23 16:20:00] detectron2 INFO: Rank of current process: 0. World size: 1",
              "[12/23 16:20:00] detectron2 INFO: Running with full config:",
              "DATASETS:", '  TEST: ("ArTaxOr_test",)', '  TRAIN: ("ArTaxOr_10shot",)',
              "TEST:", "  EVAL_PERIOD: 200", "  DETECTIONS_PER_IMAGE: 100",
              "SOLVER:", "  BASE_LR: 0.002", "  MAX_ITER: 200", "  WARMUP_ITERS: 50",
              "[12/23 16:20:00] detectron2 INFO: Full config saved to output/vitb/artaxor_10shot/config.yaml"]
    path = tmp_path / "log.txt"
    path.write_text("\n".join(lines) + "\n")
    frame, _ = _read(path)
    assert _series(frame, "total_loss")[1] == printed
    assert not [t for t in frame.tag if "EVAL_PERIOD" in t or "DETECTIONS" in t or t.startswith("test")]
