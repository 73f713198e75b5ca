"""Stop 57 (rd57b): reader faults named by the labellers of sets 147-148.

Each input is written as the framework writes it: the exact lines its source prints (VITS/so-vits-svc ``train.py``,
Rayhane-mamah's Tacotron-2, FuxiCTR, Coqui's Trainer, junyanz pix2pix of 2017), ``json.dump`` of a LightGBM
``evals_result_``, ``str()`` of a Python list / numpy array, a GB18030 header as a Chinese Windows writes it.
"""
from __future__ import annotations

import json

import numpy as np

from loganalyzer import read_scalars
from loganalyzer.discover import discover


def _series(path) -> dict[str, tuple[list, list]]:
    df = read_scalars(str(path))
    return {tag: (g.step.tolist(), g.value.tolist()) for tag, g in df.groupby("tag", sort=False)}


# --- VITS / so-vits-svc: logger.info('Train Epoch: ..'); logger.info([x.item() for x in losses] + [global_step, lr])

def _vits_log(path, losses: int, sessions=((0, 12),)) -> list[list[float]]:
    """so-vits-svc's train.log: a config dict, then per log_interval the header and the unnamed list."""
    lines = ["2023-09-16 18:43:41,612\t32k\tINFO\t{'train': {'log_interval': 20, 'eval_interval': 500, 'seed': 1234, "
             "'epochs': 5000, 'learning_rate': 0.0001, 'betas': [0.8, 0.99]}, 'model_dir': './logs/32k'}"]
    printed = []
    for first, count in sessions:
        lines.append("2023-09-16 18:43:42,821\t32k\tINFO\tLoaded checkpoint './logs/32k/G_0.pth' (iteration 1)")
        for k in range(count):
            step = first + 20 * k
            values = [2.3 + 0.01 * k, 2.6, 16.0 - 0.3 * k, 38.0 - 1.5 * k, 6.8 - 0.4 * k, 1.7][:losses]
            lr = 0.0001 * 0.999875 ** (step // 40)
            lines.append(f"2023-09-16 18:44:35,779\t32k\tINFO\tTrain Epoch: {1 + step // 40} [{(step % 40) * 2.5:.0f}%]")
            lines.append(f"2023-09-16 18:44:35,783\t32k\tINFO\t{[*values, step, lr]}")
            printed.append([*values, step])
            if step % 40 == 20:
                lines.append(f"2023-09-16 18:46:17,597\t32k\tINFO\t====> Epoch: {1 + step // 40}")
    path.write_text("\n".join(lines) + "\n")
    return printed


def test_sovits_unnamed_loss_lists_are_named_as_the_source_names_them(tmp_path):
    log = tmp_path / "32k" / "train.log"
    log.parent.mkdir()
    printed = _vits_log(log, 5)
    runs = discover(str(tmp_path))
    assert len(runs) == 1  # found by its head (no loss word in it)
    series = _series(log)
    assert set(series) == {"loss_disc", "loss_gen_adv", "loss_fm", "loss_mel", "loss_kl", "lr"}
    steps, mel = series["loss_mel"]
    assert steps == [p[-1] for p in printed]
    assert mel == [p[3] for p in printed]


def test_vits_six_losses_and_a_resumed_session(tmp_path):
    log = tmp_path / "train.log"
    printed = _vits_log(log, 6, sessions=((0, 8), (120, 6)))  # resumed from a checkpoint at step 120
    series = _series(log)
    assert "loss_dur" in series and "loss_kl" in series
    assert series["loss_kl"][1] == [p[5] for p in printed]


# --- Tacotron-2 (Rayhane-mamah) output tee'd into a file with no extension

def test_extensionless_terminal_log_is_discovered(tmp_path):
    d = tmp_path / "logs-Tacotron"
    d.mkdir()
    head = ["-" * 65, "Starting new Tacotron training run", "-" * 65,
            "[2020-03-10 23:20:55.293]  Hyperparameters:"]
    head += [f"  option_{i}: {i * 3}" for i in range(900)]  # ~14 KB of hyperparameters before the first step
    steps = [f"[2020-03-10 23:45:{i:02d}.147]  Step {i:7d} [28.576 sec/step, loss={14.6 - 0.5 * i:.5f}, "
             f"avg_loss={14.6 - 0.3 * i:.5f}]" for i in range(1, 14)]
    (d / "Terminal_train_log").write_text("\n".join(head + steps) + "\n")
    (d / "README").write_text("notes\n")
    runs = discover(str(tmp_path))
    assert len(runs) == 1
    series = _series(d / "Terminal_train_log")
    assert series["loss"][0] == list(range(1, 14))
    assert series["loss"][1][-1] == 14.6 - 0.5 * 13


# --- LightGBM / XGBoost evals_result saved with json.dump

def test_lightgbm_evals_result_json_is_read_over_its_rounds(tmp_path):
    rounds = 30
    evals = {"training": {"l2": [0.5 * 0.97 ** i for i in range(rounds)]},
             "valid_1": {"l2": [0.6 * 0.98 ** i for i in range(rounds)]}}
    path = tmp_path / "train_history.json"
    path.write_text(json.dumps(evals, indent=2))
    assert len(discover(str(tmp_path))) == 1
    series = _series(path)
    assert set(series) == {"training/l2", "valid_1/l2"}
    assert series["valid_1/l2"][0] == list(range(rounds))
    assert np.allclose(series["training/l2"][1], evals["training"]["l2"])


def test_l2_is_the_loss_of_a_booster_dump(tmp_path):
    from loganalyzer.scan import scan

    path = tmp_path / "evals.json"
    path.write_text(json.dumps({"train": {"l2": [1.0 / (i + 1) for i in range(40)]},
                                "valid": {"l2": [1.2 / (i + 1) + 0.01 * i for i in range(40)]}}))
    (run,) = scan([path]).runs
    assert run.verdict != "unknown"  # before: "no usable loss: no series named like a loss"


# --- one series printed whole: str(list), str(np.array)

def test_printed_python_list_and_numpy_array_in_loss_files(tmp_path):
    train = np.array([3.16713834, 3.02356148, 2.93891501, 2.87021971, 2.7808392, 2.72593331, 2.66221547,
                      2.60526037, 2.53206635, 2.47192764])
    val = np.array([3.0566, 2.9376, 2.8716, 2.8303, 2.7933, 2.7732, 2.7543, 2.7309, 2.7345, 2.7307])
    (tmp_path / "loss.txt").write_text(str(train))  # numpy wraps at 75 columns, no commas
    (tmp_path / "val_loss.txt").write_text(str(val))
    assert "\n" in str(train)
    runs = discover(str(tmp_path))
    assert len(runs) == 1
    one = tmp_path / "one"
    one.mkdir()
    losses = [0.01 * (1 + (i % 20)) / (1 + i // 20) for i in range(60)]
    (one / "train_loss.txt").write_text(str(losses))
    series = _series(one / "train_loss.txt")
    assert series["train_loss"] == (list(range(60)), losses)
    series = _series(tmp_path / "val_loss.txt")
    assert np.allclose(series["val_loss"][1], val)


# --- FuxiCTR (reczoo/FuxiCTR rank_model.py + run_expid.py)

def _fuxictr_log(path, aucs, loglosses, train):
    lines = ["2022-02-10 00:52:15,297 P6999 INFO Load feature_map from json: ../data/x/feature_map.json",
             "2022-02-10 00:52:19,349 P6999 INFO Start training: 343 batches/epoch"]
    for e, (auc, ll, tl) in enumerate(zip(aucs, loglosses, train), start=1):
        lines.append(f"2022-02-10 00:52:19,349 P6999 INFO ************ Epoch={e} start ************")
        metrics = f"AUC: {auc:.6f}" + (f" - logloss: {ll:.6f}" if ll is not None else "")
        lines.append(f"2022-02-10 00:52:48,144 P6999 INFO [Metrics] {metrics}")
        lines.append("2022-02-10 00:52:48,144 P6999 INFO Save best model: monitor(max): 0.630862")
        if e == len(aucs) - 1:
            lines.append("2022-02-10 01:02:47,495 P6999 INFO Reduce learning rate on plateau: 0.000100")
        lines.append("2022-02-10 00:52:48,145 P6999 INFO --- 343/343 batches finished ---")
        lines.append(f"2022-02-10 00:52:48,193 P6999 INFO Train loss: {tl:.6f}")
        lines.append(f"2022-02-10 00:52:48,193 P6999 INFO ************ Epoch={e} end ************")
    lines += ["2022-02-10 01:03:02,744 P6999 INFO Training finished.",
              "2022-02-10 01:03:02,760 P6999 INFO ****** Validation evaluation ******",
              "2022-02-10 01:03:03,978 P6999 INFO [Metrics] AUC: 0.967808 - logloss: 0.238691",
              "2022-02-10 01:03:04,012 P6999 INFO ******** Test evaluation ********",
              "2022-02-10 01:03:04,669 P6999 INFO [Metrics] AUC: 0.967764 - logloss: 0.238757"]
    path.write_text("\n".join(lines) + "\n")


def test_fuxictr_metrics_are_validation_and_closing_evaluations_no_points(tmp_path):
    path = tmp_path / "DNN_x1_001.log"
    aucs, lls, train = [0.93, 0.94, 0.95, 0.96, 0.955], [0.30, 0.27, 0.25, 0.24, 0.26], [0.37, 0.34, 0.33, 0.3, 0.2]
    _fuxictr_log(path, aucs, lls, train)
    series = _series(path)
    assert series["val_logloss"] == ([1, 2, 3, 4, 5], lls)  # the closing 0.238691 / 0.238757 are not appended
    assert series["train_loss"] == ([1, 2, 3, 4, 5], train)
    assert series["lr"] == ([5], [0.0001])
    no_loss = tmp_path / "DIN.log"  # [Metrics] naming no loss: AUC/gAUC only
    _fuxictr_log(no_loss, aucs, [None] * 5, train)
    assert _series(no_loss)["val_AUC"] == ([1, 2, 3, 4, 5], aucs)


# --- Coqui Trainer console log (trainer/logging/console_logger.py)

def test_coqui_eval_performance_blocks_are_evaluations(tmp_path):
    bold, end = "\x1b[1m", "\x1b[0m"
    lines = []
    step = 1000000
    for epoch in range(4):
        lines += [f"\x1b[4m{bold} > EPOCH: {epoch}/1000{end}", f"{bold} > TRAINING (2022-11-03 10:47:31) {end}", ""]
        for _ in range(2):
            step += 12
            disc, mel = 3.0 - 0.01 * step % 7, 19.0 - 0.5 * epoch
            lines += [f"{bold}   --> STEP: 12/36 -- GLOBAL_STEP: {step}{end}",
                      f"     | > loss_disc: {disc:.5f}  (3.46002)", f"     | > loss_0: {disc:.5f}  (3.46002)",
                      f"     | > grad_norm_0: 0.53343  (2.77572)", f"     | > loss_gen: 1.61938  (1.98766)",
                      f"     | > loss_mel: {mel:.5f}  (23.57030)", f"     | > loss_1: {mel + 1.6:.5f}  (35.54205)",
                      "     | > current_lr_0: 0.00020 ", "     | > step_time: 1.31510  (1.38766)", ""]
        lines += [f"{bold} > EVALUATION {end}", "", f"  {bold}--> EVAL PERFORMANCE{end}",
                  f"     | > avg_loader_time: 10.05089 {end}(+0.00000)",
                  f"     | > avg_loss_disc: 2.93308 {end}(+0.00000)", f"     | > avg_loss_0: 2.93308 {end}(+0.00000)",
                  f"     | > avg_loss_mel: {18.7 - 0.4 * epoch:.5f} {end}(-0.40000)",
                  f"     | > avg_loss_1: {20.3 - 0.4 * epoch:.5f} {end}(-0.40000)", ""]
    path = tmp_path / "trainer_0_log.txt"
    path.write_text("\n".join(lines) + "\n")
    series = _series(path)
    assert series["eval_avg_loss_mel"][1] == [18.7, 18.3, 17.9, 17.5]
    assert "avg_loss_mel" not in series
    assert series["loss_mel"][0] == [1000012 + 12 * k for k in range(8)]
    assert "loss" in series and "loss_disc_total" in series and "loss_0" not in series  # optimizers' totals


# --- pix2pix of 2017: epoch_iter = total_steps - dataset_size * (epoch - 1), carried over epochs

def test_pix2pix_iters_carried_over_epochs_are_no_within_epoch_counter(tmp_path):
    lines = ["================ Training Loss (Fri Jun 30 11:27:36 2017) ================"]
    total, images, wrong_size = 0, 400, 200
    for epoch in range(1, 21):
        for _ in range(images):
            total += 1
            if total % 100 == 0:
                iters = total - wrong_size * (epoch - 1)
                lines.append(f"(epoch: {epoch}, iters: {iters}, time: 0.077) G_GAN: 1.433 G_L1: {30 - total / 1000:.3f} "
                             f"D_real: 0.541 D_fake: 0.383 ")
    path = tmp_path / "loss_log.txt"
    path.write_text("\n".join(lines) + "\n")
    steps, _ = _series(path)["loss_G_L1"]
    assert steps == [100 * k for k in range(1, 81)]  # the images seen, 20 epochs x 400


def test_pix2pix_within_epoch_counter_unchanged(tmp_path):
    lines = ["================ Training Loss (Sun Dec 13 22:37:57 2020) ================"]
    for epoch in range(1, 11):
        for iters in (100, 200, 300, 400):
            lines.append(f"(epoch: {epoch}, iters: {iters}, time: 0.112, data: 0.001) G_GAN: 2.873 G_L1: 10.159 "
                         f"D_real: 0.071 D_fake: 1.253 ")
    path = tmp_path / "loss_log.txt"
    path.write_text("\n".join(lines) + "\n")
    steps, _ = _series(path)["loss_G_L1"]
    assert steps == [400 * (e - 1) + i for e in range(1, 11) for i in (100, 200, 300, 400)]


# --- a GB18030 header; a header glued to its first value

def test_gb18030_header_and_glued_first_value(tmp_path):
    values = [3.71628, 0.689337, 0.324526, 0.527001, 0.473742, 0.406299, 0.31, 0.29]
    chance = tmp_path / "a" / "loss.csv"  # '值' in GB18030 is D6 B5: UTF-8 too (U+05B5), by chance
    chance.parent.mkdir()
    chance.write_bytes("loss值\n".encode("gb18030") + "".join(f"{v}\n" for v in values).encode())
    assert "loss值".encode("gb18030").decode("utf-8") != "loss值"
    assert _series(chance) == {"loss值": (list(range(8)), values)}
    invalid = tmp_path / "b" / "loss.csv"  # '损失' in GB18030 is no UTF-8 at all
    invalid.parent.mkdir()
    invalid.write_bytes("训练损失,验证损失\n".encode("gb18030") + "".join(f"{v},{v + 1}\n" for v in values).encode())
    assert len(discover(str(invalid.parent))) == 1
    assert _series(invalid)["train_loss"][1] == values
    glued = tmp_path / "c" / "loss.log"
    glued.parent.mkdir()
    glued.write_text("loss值" + "".join(f"{v}\n" for v in values), encoding="utf-8")
    assert _series(glued) == {"loss值": (list(range(8)), values)}
    latin = tmp_path / "d" / "metrics.csv"  # a Latin-1 accent stays unread as before, no CJK guessed
    latin.parent.mkdir()
    latin.write_bytes("epoch,pr\xe9cision,loss\n1,0.5,0.9\n2,0.6,0.8\n".encode("latin-1"))
    from loganalyzer.readers._header_line import mended
    assert mended(latin.read_bytes())[1] is None
