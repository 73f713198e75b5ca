"""Stop 45's printed-log reader fixes from a newcomer breaker's research-code logs (each log printed the way the
framework prints it, its format strings copied from the framework's source; the numbers from a tiny real torch
training).

- SpeechBrain's ``Epoch loaded: 15`` (the loaded checkpoint's epoch) is no series; its stdout's per-epoch tqdm bars
  (``train_loss=`` postfix) are not merged with the epoch summaries printing the same loss;
- RecBole's datefmt ``%a %d %b %Y %H:%M:%S`` is a timestamp, its ``valid_score`` and ``valid result:`` lines are
  validation;
- HF Trainer's notebook table (``Step<TAB>Training Loss``) copied out of Colab is read;
- HF log dicts printed between newline-ended bar lines sit at the bar drawn before them;
- improved/guided-diffusion's logger tables sit at their ``step`` row;
- nnU-Net's per-class Dice lists give every class, and v2's ``<datetime>: Epoch 0`` header keeps epoch 0.
"""
from __future__ import annotations

import io

import pytest

from test_readers20a import _ids, _read, _series, _train  # noqa: E402
from test_readers43 import _file_logger  # noqa: E402

torch = pytest.importorskip("torch")


def _losses(steps: int, seed: int = 0) -> list[float]:
    """The training loss of each step of a tiny regression (falling), rounded as the logs print it."""
    torch.manual_seed(seed)
    x = torch.randn(64, 4)
    y = x @ torch.tensor([1.0, -2.0, 0.5, 3.0]) + 0.1 * torch.randn(64)
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.02)
    out = []
    for _ in range(steps):
        loss = torch.nn.functional.mse_loss(model(x).squeeze(1), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        out.append(loss.item())
    return out


# ------------------------------------------------------------------ SpeechBrain


def _sb_item(key, value, dataset=None) -> str:
    """speechbrain.utils.train_logger.FileTrainLogger._item_to_string."""
    if isinstance(value, float) and 1.0 < value < 100.0:
        value = f"{value:.2f}"
    elif isinstance(value, float):
        value = f"{value:.2e}"
    if dataset is not None:
        key = f"{dataset} {key}"
    return f"{key}: {value}"


def _sb_summary(stats_meta: dict, train=None, valid=None, test=None) -> str:
    """FileTrainLogger.log_stats's ``string_summary``."""
    out = ", ".join(_sb_item(k, v) for k, v in stats_meta.items())
    for dataset, stats in (("train", train), ("valid", valid), ("test", test)):
        if stats is not None:
            out += " - " + ", ".join(_sb_item(k, v, dataset) for k, v in stats.items())
    return out


def test_speechbrain_epoch_loaded_is_no_series(tmp_path):
    """``Epoch loaded: 15 - test loss: ..`` (the recipes' ``evaluate``: ``stats_meta={"Epoch loaded":
    epoch_counter.current}``) made a series ``Epoch_loaded`` = 15. Since stop 60 the line is no point of the curve
    at all (``readers/_joblog_loadedeval``: a loaded checkpoint's test after training, several often appended at one
    epoch); a note gives its values."""
    epochs = _train(12, lr=0.5)
    lines = [_sb_summary({"epoch": e, "lr": 0.8 * 0.8 ** (e - 1)}, {"loss": 1 + tl}, {"loss": 1 + vl, "WER": 60 - e})
             for e, (tl, _, vl, _) in enumerate(epochs, 1)]
    lines.append(_sb_summary({"Epoch loaded": 12}, test={"loss": 1 + epochs[-1][2], "WER": 47.5}))
    (tmp_path / "train_log.txt").write_text("\n".join(lines) + "\n")
    df, warnings = _read(tmp_path)
    assert "Epoch_loaded" not in set(df.tag) and "test_loss" not in set(df.tag)
    assert any("Epoch loaded" in w and f"test_loss {round(1 + epochs[-1][2], 2):.4g}" in w for w in warnings), warnings
    assert _series(df, "train_loss")[0] == list(range(1, 13))


def _sb_stdout(epochs: list, batches: int, steps: bool) -> str:
    """SpeechBrain's stdout: per epoch a training bar (real tqdm, ``set_postfix(train_loss=avg)``), a validation
    bar, then the train logger's summary (console format ``%(name)s - %(message)s``)."""
    buf = io.StringIO()
    buf.write("speechbrain.core - Beginning experiment!\n")
    for e, (tl, _, vl, _) in enumerate(epochs, 1):
        with __import__("tqdm").tqdm(range(batches), file=buf, mininterval=0, miniters=1, ncols=80) as t:
            avg = 0.0
            for i in t:
                avg += ((1 + tl) * (1.2 - i / (5 * batches)) - avg) / (i + 1)
                t.set_postfix(train_loss=avg)
        with __import__("tqdm").tqdm(range(3), file=buf, mininterval=0, miniters=1, ncols=80) as t:
            for _ in t:
                pass
        meta = {"epoch": e, "lr": 0.8 * 0.8 ** (e - 1)}
        if steps:
            meta["steps"] = batches * e
        buf.write("speechbrain.utils.train_logger - " + _sb_summary(meta, {"loss": avg}, {"loss": 1 + vl}) + "\n")
    return buf.getvalue()


@pytest.mark.parametrize("steps", [True, False])
def test_speechbrain_stdout_bars_are_no_second_series(tmp_path, steps):
    """The bars' ``train_loss`` postfix (at the bar's count, the same every epoch) was merged with the summaries'
    ``train loss``: 2 points an epoch, the step going back every epoch (warned about as a second fit())."""
    epochs = _train(8, lr=0.5)
    (tmp_path / "log.txt").write_text(_sb_stdout(epochs, 40, steps))
    df, warnings = _read(tmp_path)
    assert _ids(tmp_path) == ["log.txt"]
    at = [40 * e for e in range(1, 9)] if steps else list(range(1, 9))
    assert _series(df, "train_loss")[0] == at
    assert _series(df, "valid_loss") == (at, [round(1 + vl, 2) for _, _, vl, _ in epochs])
    assert not [w for w in warnings if "second fit()" in w or "went back" in w]


# ------------------------------------------------------------------ RecBole


def test_recbole_date_valid_score_and_valid_result(tmp_path):
    """RecBole's log file (``init_logger``: ``%(asctime)-15s %(levelname)s  %(message)s``, datefmt
    ``%a %d %b %Y %H:%M:%S``) and ``Trainer.fit``'s outputs: the date made series (``Tue`` = 14, ``May`` = 2024),
    ``valid_score`` was dropped and the ``valid result`` metrics had no validation name."""
    epochs = _train(6, lr=0.5)
    path = tmp_path / "BPR-ml-100k-May-14-2024_10-00-00.log"
    with _file_logger(path, f"recbole-{path.name}", "%(asctime)-15s %(levelname)s  %(message)s",
                      "%a %d %b %Y %H:%M:%S") as logger:
        logger.info("\nGeneral Hyper Parameters:\ngpu_id = 0\nuse_gpu = True\nseed = 2020\n")
        for e, (tl, acc, vl, vacc) in enumerate(epochs):
            logger.info("epoch %d training [time: %.2fs, train loss: %.4f]" % (e, 1.04, 100 * tl))
            logger.info("epoch %d evaluating [time: %.2fs, valid_score: %f]" % (e, 0.12, vacc / 2))
            result = {"recall@10": round(vacc / 3, 4), "mrr@10": round(vacc / 2, 4), "ndcg@10": round(vacc / 4, 4)}
            logger.info("valid result: \n" + "    ".join(f"{k} : {v}" for k, v in result.items()))
            logger.info("Saving current: saved/BPR-May-14-2024_10-00-00.pth")
        logger.info("Finished training, best eval result in epoch 5")
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"train_loss", "valid_score", "val_recall@10", "val_mrr@10", "val_ndcg@10"}
    assert _series(df, "valid_score") == (list(range(6)), [round(e[3] / 2, 4) for e in epochs])
    assert _series(df, "val_mrr@10") == (list(range(6)), [round(e[3] / 2, 4) for e in epochs])
    assert _series(df, "train_loss")[0] == list(range(6))


# ------------------------------------------------------------------ HF Trainer's notebook table


def test_notebook_training_loss_table(tmp_path):
    """NotebookProgressCallback's table copied from a Colab/Unsloth notebook (``Step<TAB>Training Loss``): no row
    names a loss word, so the log gave no point at all."""
    losses = _losses(20)
    banner = ("==((====))==  Unsloth - 2x faster free finetuning | Num GPUs used = 1\n"
              "   \\\\   /|    Num examples = 51,760 | Num Epochs = 1 | Total steps = 20\n"
              " [20/20 02:10, Epoch 0/1]\n")
    rows = "".join(f"{s}\t{v:.6f}\n" for s, v in enumerate(losses, 1))
    (tmp_path / "unsloth_output.txt").write_text(banner + "Step\tTraining Loss\n" + rows)
    df, _ = _read(tmp_path)
    assert _series(df, "loss") == (list(range(1, 21)), [round(float(f"{v:.6f}"), 4) for v in losses])


def test_notebook_table_with_validation_and_no_log(tmp_path):
    """The evaluating table: ``Epoch``, ``Training Loss`` (``No log`` before the first logging step),
    ``Validation Loss`` and each metric capitalised (``eval_accuracy`` -> ``Accuracy``)."""
    epochs = _train(5, lr=0.5)
    rows = "".join(f"{e}\t{'No log' if e == 1 else f'{tl:.6f}'}\t{vl:.6f}\t{va:.6f}\n"
                   for e, (tl, _, vl, va) in enumerate(epochs, 1))
    (tmp_path / "colab_output.txt").write_text(" [40/40 00:12, Epoch 5/5]\nEpoch\tTraining Loss\tValidation Loss\t"
                                               "Accuracy\n" + rows)
    df, _ = _read(tmp_path)
    assert _series(df, "eval_loss") == (list(range(1, 6)), [round(float(f"{e[2]:.6f}"), 4) for e in epochs])
    assert _series(df, "loss")[0] == [2, 3, 4, 5]
    assert _series(df, "eval_accuracy")[0] == list(range(1, 6))


# ------------------------------------------------------------------ HF dicts between newline-ended bar lines


def _hf_stream(losses: list, evaluate: bool) -> str:
    """A real tqdm bar (non-tty: ``\\r`` redraws) of one epoch of 30 steps, the Trainer's log dicts printed to the
    same stream between two draws (every 5 steps; no ``tqdm.write``, so no redraw after them), with ``evaluate`` an
    evaluation bar drawn on the bar's line and its dict every 10 steps."""
    from tqdm import tqdm

    buf = io.StringIO()
    buf.write("[INFO|trainer.py:2134] 2024-05-01 10:00:00,123 >> ***** Running training *****\n")
    bar = tqdm(total=30, file=buf, mininterval=0, miniters=1, ncols=80)
    for step in range(1, 31):
        bar.update(1)
        if step % 5 == 0:
            buf.write("\n" + str({"loss": round(losses[step - 1], 4), "grad_norm": 0.5,
                                  "learning_rate": 5e-05 * (1 - step / 30), "epoch": round(step / 30, 2)}) + "\n")
        if evaluate and step % 10 == 0:
            ev = tqdm(total=4, file=buf, mininterval=0, miniters=1, ncols=80, position=0)  # drawn on the line
            for _ in range(4):
                ev.update(1)
            ev.close()
            buf.write(str({"eval_loss": round(losses[step - 1] * 1.1, 4), "eval_runtime": 0.2,
                           "epoch": round(step / 30, 2)}) + "\n")
    bar.close()
    return buf.getvalue()


def test_hf_dicts_printed_after_a_bar_line_sit_at_its_step(tmp_path):
    """Each dict was placed at the next draw (6, 11, ..; the epochs 0.17, 0.33.. of a 30-step epoch place nothing),
    an evaluation after its own bar at the training bar's next draw (11 instead of 10)."""
    losses = _losses(30)
    for name, evaluate in (("plain", False), ("evaluated", True)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "train.log").write_text(_hf_stream(losses, evaluate))
        df, _ = _read(tmp_path / name)
        assert _series(df, "loss") == ([5, 10, 15, 20, 25, 30], [round(losses[s - 1], 4) for s in range(5, 31, 5)])
        if evaluate:
            assert _series(df, "eval_loss")[0] == [10, 20, 30]


# ------------------------------------------------------------------ improved/guided-diffusion logger tables


def _openai_table(kvs: dict) -> str:
    """improved_diffusion/logger.py HumanOutputFormat.writekvs."""
    key2str = {}
    for key, val in sorted(kvs.items()):
        valstr = "%-8.3g" % val if hasattr(val, "__float__") else str(val)
        key2str[key[:30]] = valstr[:30]
    keywidth, valwidth = max(map(len, key2str)), max(map(len, key2str.values()))
    dashes = "-" * (keywidth + valwidth + 7)
    lines = [dashes] + ["| %s%s | %s%s |" % (k, " " * (keywidth - len(k)), v, " " * (valwidth - len(v)))
                        for k, v in sorted(key2str.items(), key=lambda kv: kv[0].lower())] + [dashes]
    return "\n".join(lines) + "\n"


def test_diffusion_logger_tables_sit_at_their_step_row(tmp_path):
    """``TrainLoop.log_step`` logs ``step`` and ``samples`` with the losses; read as SB3 tables they were placed at
    0, 1, 2.. and ``step``/``samples`` became series."""
    losses = _losses(400)
    text = "Logging to /tmp/openai-2024-06-01-10-00-00-123456\ncreating model and diffusion...\ntraining...\n"
    for step in range(0, 400, 10):
        loss = losses[step]
        text += _openai_table({"grad_norm": 0.5, "loss": loss, "loss_q0": 3 * loss, "mse": loss,
                               "param_norm": 1050.0 + step / 10, "samples": (step + 1) * 128, "step": step})
    (tmp_path / "log.txt").write_text(text)
    df, warnings = _read(tmp_path)
    assert "step" not in set(df.tag) and "samples" not in set(df.tag)
    steps, values = _series(df, "loss")
    assert steps == list(range(0, 400, 10))
    assert values == pytest.approx([float("%.3g" % losses[s]) for s in range(0, 400, 10)], abs=1e-4)
    assert not [w for w in warnings if "without total_timesteps" in w]


# ------------------------------------------------------------------ nnU-Net


def test_nnunet_v2_per_class_dice_and_epoch_zero(tmp_path):
    """nnU-Net v2's ``print_to_log_file`` (``f"{datetime}:"`` then each argument and a space): ``Pseudo dice
    [np.float32(..), np.float32(..)]`` kept the first class only, and ``Epoch 0`` went unread (epochs at 1..N)."""
    import datetime

    import numpy as np

    epochs = _train(6, lr=0.5)
    t = datetime.datetime(2024, 3, 5, 14, 2, 11, 125556)
    lines = []

    def log(*args):
        nonlocal t
        t += datetime.timedelta(seconds=1, microseconds=2100)
        lines.append("".join(f"{a} " for a in (f"{t}:", *args)))

    dice = []
    for e, (tl, acc, vl, vacc) in enumerate(epochs):
        log("")
        log(f"Epoch {e}")
        log(f"Current learning rate: {np.round(0.01 * (1 - e / 1000) ** 0.9, decimals=5)}")
        log("train_loss", np.round(np.float64(-acc), decimals=4))
        log("val_loss", np.round(np.float64(-vacc + 0.1), decimals=4))
        classes = [np.round(np.float32(vacc), decimals=4), np.round(np.float32(vacc * 0.9), decimals=4)]
        dice.append(classes)
        log("Pseudo dice", classes)
        log(f"Epoch time: {np.round(35.46, decimals=2)} s")
    (tmp_path / "training_log_2024_3_5_14_02_11.txt").write_text("\n".join(lines) + "\n")
    df, _ = _read(tmp_path)
    assert _series(df, "train_loss")[0] == list(range(6))
    assert _series(df, "Pseudo_dice_class2") == (list(range(6)), [round(float(c[1]), 4) for c in dice])
    assert _series(df, "Pseudo_dice")[1] == pytest.approx([(float(a) + float(b)) / 2 for a, b in dice], abs=1e-4)


def test_nnunet_v1_foreground_dice_classes(tmp_path):
    """nnU-Net v1's ``Average global foreground Dice: [0.86, 0.79, 0.69]`` (``print_to_log_file("Average global
    foreground Dice:", [np.round(i, 4) for i in global_dc_per_class])``): the first class only."""
    epochs = _train(5, lr=0.5)
    lines = []
    for e, (tl, acc, vl, vacc) in enumerate(epochs):
        lines += [f"2021-09-01 12:0{e}:00.000000: ", f"2021-09-01 12:0{e}:00.100000: epoch:  {e} ",
                  f"2021-09-01 12:0{e}:30.000000: train loss : {-acc:.4f} ",
                  f"2021-09-01 12:0{e}:34.000000: validation loss: {-vacc:.4f} ",
                  f"2021-09-01 12:0{e}:34.500000: Average global foreground Dice: "
                  f"[{vacc:.4f}, {vacc * 0.8:.4f}, {vacc * 0.5:.4f}] ",
                  f"2021-09-01 12:0{e}:34.600000: (interpret this as an estimate for the Dice of the different "
                  "classes. This is not exact.) "]
    (tmp_path / "training_log_2021_9_1_12_00_00.txt").write_text("\n".join(lines) + "\n")
    df, _ = _read(tmp_path)
    assert _series(df, "foreground_Dice_class3") == (list(range(5)), [round(float(f"{e[3] * 0.5:.4f}"), 4)
                                                                        for e in epochs])
    assert _series(df, "foreground_Dice_class1")[0] == list(range(5))
