"""Reader kinds named by the blind labellers of sets 137-139 (opened at stop 56), each failing on the stop's start
code. Inputs are written in each program's exact printed format (small, hand-written from the print statement)."""
from __future__ import annotations

import warnings

from loganalyzer.load import read_scalars


def _read(path) -> dict:
    """{tag: [(step, value), ...]} of the one run read under ``path``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = read_scalars(path)
    return {tag: list(zip(g["step"].tolist(), g["value"].tolist())) for tag, g in df.groupby("tag")}


# ---------------------------------------------------------------- 'epoch  N/E  train X  val Y  lr Z' (space-apart)


def test_space_apart_split_fields(tmp_path):
    """``print(f"epoch {ep:3d}/{E}  train {tr:.4f}  val {va:.4f}  mr {mr:.2f}  pf {pf:.2f}  lr {lr:.2e}  gn {gn:.3f}
    t {t:.0f}s  mps {m}MB")``: no loss word, no colon; nothing was discovered."""
    lines = ["device: mps", "train: 2033  val: 253  test (held-out): 253", "params: 8.33M"]
    train = [round(9.4 / (e ** 0.5) + 1.0, 4) for e in range(1, 13)]
    val = [round(6.7 / (e ** 0.5) + 1.1, 4) for e in range(1, 13)]
    for e in range(1, 13):
        lines.append(f"epoch {e:3d}/300  train {train[e - 1]:.4f}  val {val[e - 1]:.4f}  mr 0.50  pf 0.00  "
                     f"lr {1e-4 * e:.2e}  gn {40 / e:.3f}  t 37s  mps 121MB")
    (tmp_path / "train_fresh.log").write_text("\n".join(lines) + "\n")
    got = _read(tmp_path)
    assert got["train_loss"] == [(e, train[e - 1]) for e in range(1, 13)]
    assert got["val_loss"] == [(e, val[e - 1]) for e in range(1, 13)]
    assert [round(v, 8) for _, v in got["lr"]] == [round(1e-4 * e, 8) for e in range(1, 13)]
    assert not {"gn", "mr", "t", "mps"} & set(got)


# ---------------------------------------------------------------- 'Moving Average Training Loss:' beside the raw one


def test_moving_average_kept_apart(tmp_path):
    """``logging.info(f"Epoch: {e}, Training Loss: {x}")`` then ``.. Moving Average Training Loss: {ma}`` (Python's
    logging, basicConfig's ``INFO:root:`` prefix): the smoothed loss was read as a second value of ``Training_Loss``."""
    raw = [round(2000 / e ** 2 + 0.3, 6) for e in range(1, 11)]
    ma = [round(sum(raw[:e]) / e, 6) for e in range(1, 11)]
    lines = []
    for e in range(1, 11):
        lines += [f"INFO:root:Epoch: {e}, Training Loss: {raw[e - 1]}",
                  f"INFO:root:Epoch: {e}, Moving Average Training Loss: {ma[e - 1]}",
                  f"INFO:root:Epoch: {e}, Validation Loss: {raw[e - 1] + 0.1}",
                  f"INFO:root:Epoch: {e}, Moving Average Validation Loss: {ma[e - 1] + 0.1}",
                  f"INFO:root:Epoch: {e}, Epoch IoU: {0.05 * e}"]
    (tmp_path / "ImSegEval.log").write_text("\n".join(lines) + "\n")
    got = _read(tmp_path)
    assert got["Training_Loss"] == [(e, raw[e - 1]) for e in range(1, 11)]
    assert got["Moving_Average_Training_Loss"] == [(e, ma[e - 1]) for e in range(1, 11)]
    assert len(got["Validation_Loss"]) == 10 and len(got["Moving_Average_Validation_Loss"]) == 10


# ---------------------------------------------------------------- a '#'-commented CSV header, '#' lines among the rows


def test_commented_csv_header(tmp_path):
    """A Galaxy-Zoo Keras trainer's ``trainingNmbrs_*.txt``: ``#`` comment lines, a commented header ``#round  ,time,
    mean_train_loss , mean_valid_loss``, rows `` 1 , 50.31 , 5.4315 , 0.0, 0.0 `` with one number more than named and
    ``#  setting learning rate to ..`` between them: discovered, but nothing was read."""
    train = [round(5.4 / r + 2.7, 5) for r in range(1, 21)]
    lines = ["#wRandFlip ", "#The training is running for 20 chunks, each with 1008 images. ",
             "#round  ,time, mean_train_loss , mean_valid_loss ", "#  starting learning rate to 0.020000 "]
    for r in range(1, 21):
        lines.append(f" {r} , {50.3 * r} , {train[r - 1]} , {0.41 if r > 6 else 0.0}, {2.8 if r > 6 else 0.0} ")
        if r == 10:
            lines.append("#  setting learning rate to 0.010000 ")
    (tmp_path / "trainingNmbrs_categorised.txt").write_text("\n".join(lines) + "\n")
    got = _read(tmp_path)
    assert got["mean_train_loss"] == [(r, train[r - 1]) for r in range(1, 21)]
    assert got["mean_valid_loss"] == [(r, 0.41) for r in range(7, 21)]  # its 0.0 before the first validation: none
    assert set(got) == {"mean_train_loss", "mean_valid_loss", "time"}


# ---------------------------------------------------------------- 'Epoch:[e/E]-[b/B] --> d_loss: ..' (ALOCC)


def test_hyphen_joined_batch_counter(tmp_path):
    """ALOCC's ``print("Epoch:[%2d/%2d]-[%4d/%4d] --> d_loss: %.3f, g_loss:%.3f, g_recon_loss:%.3f" % ..)``: the
    batch within the epoch after a hyphen was left out, every batch line folded onto its epoch's step."""
    lines, d = [], []
    for e in range(1, 4):
        for b in range(1, 11):
            d.append(round(1.6 - 0.002 * len(d), 3))
            lines.append(f"Epoch:[{e}/500]-[{b}/10] --> d_loss: {d[-1]:.3f}, g_loss:0.968, g_recon_loss:0.803")
    (tmp_path / "losses_181202.txt").write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    got = _read(tmp_path)
    steps = [s for s, _ in got["d_loss"]]
    assert len(steps) == 30 and len(set(steps)) == 30 and steps == sorted(steps)
    assert [v for _, v in got["d_loss"]] == d


# ---------------------------------------------------------------- 'Validation Loss: 0.0000' where no evaluation ran


def test_zero_validation_placeholder(tmp_path):
    """``print(f"Epoch [{e}/{E}] - Train Loss: {tl:.4f}, Validation Loss: {vl:.4f}, Time: {t:.4f}s")`` with ``vl``
    left at 0 for the epochs that skipped validation: the zeros were read as a validation loss of 0."""
    lines, val = [], {}
    for e in range(1, 31):
        v = 0.0 if 11 <= e <= 20 else round(0.5 / e + 0.06, 4)
        if v:
            val[e] = v
        lines.append(f"Epoch [{e}/300] - Train Loss: {0.6 / e + 0.05:.4f}, Validation Loss: {v:.4f}, Time: 372.1692s")
    (tmp_path / "train_log_spconv.txt").write_text("\n".join(lines) + "\n")
    got = _read(tmp_path)
    assert got["Validation_Loss"] == sorted(val.items())
    assert len(got["Train_Loss"]) == 30


def test_zero_kept_where_the_loss_reaches_it(tmp_path):
    """A validation loss that falls to the printed precision (0.0001, then 0.0000) is a value: kept."""
    vals = [round(0.5 * 0.3 ** e, 4) for e in range(12)]
    lines = [f"Epoch [{e + 1}/12] - Train Loss: {v + 0.001:.4f}, Validation Loss: {v:.4f}" for e, v in enumerate(vals)]
    (tmp_path / "train_log.txt").write_text("\n".join(lines) + "\n")
    assert [v for _, v in _read(tmp_path)["Validation_Loss"]] == vals


# ---------------------------------------------------------------- XLM / SymbolicMathematics print_stats


def _xlm_prefix(i: int) -> str:
    """XLM's ``LogFormatter``: ``INFO - %x %X - <elapsed> - ``."""
    return f"INFO - 03/11/25 14:{44 + i // 60:02d}:{i % 60:02d} - 0:00:{i % 60:02d} - "


def test_xlm_print_stats(tmp_path):
    """``"%7i - " % n_total_iter + "{:7.2f} equations/s - {:8.2f} words/s - " + 'ARITHMETIC: {:7.4f}' + " - LR: "
    + "{:.4e}"`` (SymbolicMathematics/Int2Int) and XLM's ``sent/s`` with tasks joined by `` || ``: no loss word, no
    training point (only the ``__log__:`` evaluation JSON was read)."""
    loss = [round(0.6 / (1 + i) + 0.25, 4) for i in range(12)]
    lines = [_xlm_prefix(0) + "============ Starting epoch 0 ... ============"]
    for i in range(12):
        lines.append(_xlm_prefix(i + 1) + f"{200 * (i + 1):7d} - {267.19:7.2f} equations/s - {4771.04:8.2f} words/s - "
                     f"ARITHMETIC: {loss[i]:7.4f} - LR: 1.0000e-04")
    lines.append(_xlm_prefix(14) + '__log__:{"epoch": 0, "valid_arithmetic_xe_loss": 0.7655, "valid_arithmetic_acc": 83.3}')
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    got = _read(tmp_path)
    assert got["train_arithmetic_loss"] == [(200 * (i + 1), loss[i]) for i in range(12)]
    assert got["lr"][0] == (200, 1e-4)
    assert got["valid_arithmetic_xe_loss"] == [(2400, 0.7655)]

    xlm = tmp_path / "xlm"
    xlm.mkdir()
    lines = [_xlm_prefix(i) + f"{50 * (i + 1):7d} - {850.12:7.2f} sent/s - {26001.33:8.2f} words/s - "
             f"MLM-en: {7.0 - 0.1 * i:7.4f} || MLM-fr: {6.9 - 0.1 * i:7.4f} -  - model LR: 1.0000e-04" for i in range(8)]
    (xlm / "train.log").write_text("\n".join(lines) + "\n")
    got = _read(xlm)
    assert [v for _, v in got["train_mlm_en_loss"]] == [round(7.0 - 0.1 * i, 4) for i in range(8)]
    assert [s for s, _ in got["train_mlm_fr_loss"]] == [50 * (i + 1) for i in range(8)]


# ---------------------------------------------------------------- an 'epoch' table aligned with runs of spaces


def test_space_aligned_epoch_table(tmp_path):
    """``f"{'epoch':<7}{'test_loss':<13}filename"``, a dashed rule, then ``f"{e:<7}{loss:<13}{name}"`` rows: split
    on each single space, the header made 13 columns (a series '' and the losses under 'filename')."""
    losses = [round(-5.59 - 0.4 * (1 - 0.8 ** e), 6) for e in range(14)]
    lines = [f"{'epoch':<7}{'test_loss':<13}filename", "-" * 60]
    lines += [f"{e:<7}{v:<13}gpu0_{e}_{v:.6f}_net_detector.pth" for e, v in enumerate(losses)]
    (tmp_path / "log2.txt").write_text("\n".join(lines) + "\n")
    got = _read(tmp_path)
    assert set(got) == {"test_loss"}
    assert got["test_loss"] == list(enumerate(losses))
