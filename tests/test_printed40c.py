"""Stop 40 reader fixes (helper printed40c), each on a small log in the shape of a public one (audit40q):

- ``Loss(train): .., Loss(val): ..`` after ``[Prompt]Epoch:0, Current step: 1000`` (datamining_hw2): read, at step 1000;
- values and counters in braces, ``epoch: {1/300}, step: {1/2}, loss : {1.90}`` (Lane_Segmentation): read;
- spaCy's ``Losses {'ner': 172.9}`` lines (Date-Entity-Recognition output.log): ``ner_loss``; running sums printed
  per batch (growing, then back near 0 at each iteration) give each iteration's total;
- ``loss_dro_s,loss_sat_s 7.18 5.51`` (DMNIL): each name its own value (the first was read under the last name);
- a ``Mixup:`` line of the same loss names under the epoch's plain losses (ThresholdNet): its own series, never
  averaged with the plain ones;
- TRL's ``num_tokens`` / ``eval_num_tokens`` counters in HF dicts: no series;
- ``epoch_out: 0, epoch_in: 9`` loop counters and a printed ``losslist: [..]`` (multi-source): no series;
- loguru records ``train_loss:102.38`` then ``train_mape:923.84%`` (BCLP): the MAPE read beside the loss;
- ``Epoch k: Validation Accuracy: x%`` lines closed by the tutorial's ``Accuracy of the network on the test images:
  97.45%`` (sentann): the log is read, with one ``test_accuracy`` point.
"""
from __future__ import annotations

import warnings

from loganalyzer import read_scalars


def _read(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_scalars(str(path), resolve=True)


def _series(df, tag):
    rows = df[df["tag"] == tag]
    return rows["step"].astype(int).tolist(), [round(float(v), 6) for v in rows["value"]]


def test_paren_split_names(tmp_path):
    lines = ["2019-04-29 00:54:10,653 - test.py:213 - train_log - [start_again]_F_20_alpha_0.030000_lambda_0.500000"]
    train = [6.551672, 5.1, 4.2, 3.3]
    val = [6.492640, 5.3, 4.6, 4.1]
    for i, (t, v) in enumerate(zip(train, val)):
        lines.append(f"2019-04-29 00:54:{11 + i:02d},064 - test.py:108 - train_log - [Prompt]Epoch:{i // 2}, "
                     f"Current step: {1000 * (i + 1)}, Loss(train): {t:.6f}, Loss(val): {v:.6f}, alpha:0.030000")
    path = tmp_path / "train_log.log"
    path.write_text("\n".join(lines) + "\n")
    df = _read(path)
    assert _series(df, "train_Loss") == ([1000, 2000, 3000, 4000], train)
    assert _series(df, "val_Loss") == ([1000, 2000, 3000, 4000], val)
    assert not any("urrent" in t for t in df["tag"].unique())


def test_braced_values(tmp_path):
    lines, losses = [], []
    for epoch in range(1, 6):
        for step in (1, 2):
            loss = round(2.0 - 0.1 * (2 * epoch + step), 7)
            losses.append(loss)
            lines.append(f"2022-02-15 17:55:{10 + epoch:02d},761 INFO epoch: {{{epoch}/300}}, step: {{{step}/2}}, "
                         f"loss : {{{loss:.7f}}}, lr : {{0.0001000}}")
    path = tmp_path / "train_log.log"
    path.write_text("\n".join(lines) + "\n")
    df = _read(path)
    steps, values = _series(df, "loss")
    assert values == losses
    assert len(set(steps)) == 10


def test_spacy_losses_running_sums(tmp_path):
    # spaCy 2: losses = {} each iteration, nlp.update(..., losses=losses) adds each batch, printed per batch
    iters = [[172.94969073783977, 325.4097564431913, 401.2, 1080.1188647969116],
             [7.012794169253697e-10, 20.5, 45.215962567333584], [6.6e-19, 5.1, 10.647301561721648],
             [1.9e-13, 9.9, 25.490336185352827]]
    lines = ["Training Start !"] + [f"Losses {{'ner': {v}}}" for it in iters for v in it] + [
        "Training End !", "Saved model to  model"]
    path = tmp_path / "output.log"
    path.write_text("\n".join(lines) + "\n")
    df = _read(path)
    steps, read = _series(df, "ner_loss")
    assert read == [round(it[-1], 6) for it in iters]  # each iteration's total
    assert steps == sorted(steps) and len(set(steps)) == len(iters)


def test_spacy_losses_per_iteration(tmp_path):
    values = [172.94969073783977, 125.4097564431913, 101.2, 35.1, 30.7, 25.490336185352827]
    lines = ["Training Start !"] + [f"Losses {{'ner': {v}}}" for v in values] + ["Training End !"]
    path = tmp_path / "output.log"
    path.write_text("\n".join(lines) + "\n")
    df = _read(path)
    steps, read = _series(df, "ner_loss")
    assert read == [round(v, 6) for v in values]
    assert steps == sorted(steps) and len(set(steps)) == len(values)


def test_comma_joined_names(tmp_path):
    lines = []
    dro, sat = [7.1867451667785645, 3.2, 1.1, 0.102615], [5.516346454620361, 2.9, 0.8, 0.0905]
    for i in range(4):
        lines.append(f"Epoch: [0][{10 * (i + 1)}/400]\tTime 5.656 (6.701)\tData 0.000 (0.497)\t"
                     f"Loss {23.873 - i:.3f} ({23.973 - i:.3f})\tLoss dro {6.354 - i:.3f} ({6.316 - i:.3f})")
        lines.append(f"loss_dro_s,loss_sat_s {dro[i]} {sat[i]}")
        lines.append("dro_sat_loss_s,sat_dro_loss_s 2.0061733722686768 0.0")
    path = tmp_path / "train_log.txt"
    path.write_text("\n".join(lines) + "\n")
    df = _read(path)
    assert _series(df, "loss_dro_s")[1] == [round(v, 6) for v in dro]
    assert _series(df, "loss_sat_s")[1] == [round(v, 6) for v in sat]
    assert _series(df, "dro_sat_loss_s")[1] == [2.006173] * 4
    assert _series(df, "sat_dro_loss_s")[1] == [0.0] * 4


def test_labelled_objective_not_averaged(tmp_path):
    lines, plain, mixup = [], [], []
    for epoch in range(6):
        p, m = round(1.0 / (epoch + 1), 6), round(2.0 / (epoch + 1) + 0.05, 6)
        plain.append(p)
        lines.append(f"epoch:{epoch}/500\tSegCE loss:{p} \tSegJaccard loss:{p / 2:.6f} \tThrSup loss:0.312491")
        if epoch >= 2:
            mixup.append(m)
            lines.append(f"Mixup:\tSegCE loss:{m} \tSegJaccard loss:0.178579 \tSegMixup loss:1.38775 \t"
                         f"ThrSup loss:0.311712 ")
        lines.append("")
    path = tmp_path / "log.out"
    path.write_text("\n".join(lines) + "\n")
    df = _read(path)
    assert _series(df, "SegCE_loss") == (list(range(6)), plain)
    assert _series(df, "Mixup_SegCE_loss") == ([2, 3, 4, 5], mixup)


def test_hf_token_counter_no_series(tmp_path):
    lines = []
    for k in range(1, 7):
        lines.append(str({"loss": f"{3.0 - 0.3 * k:.4g}", "grad_norm": "0.7695", "learning_rate": "2.262e-05",
                          "num_tokens": f"{36290.0 * k:.4g}", "mean_token_accuracy": "0.5853",
                          "epoch": f"{k / 6:.4g}"}))
        if k % 3 == 0:
            lines.append(str({"eval_loss": "0.7417", "eval_runtime": "30.28", "eval_num_tokens": f"{1.0e6 * k:.4g}",
                              "epoch": f"{k / 6:.4g}"}))
    path = tmp_path / "train_log.txt"
    path.write_text("\n".join(lines) + "\n")
    df = _read(path)
    tags = set(df["tag"])
    assert "loss" in tags and "eval_loss" in tags and "mean_token_accuracy" in tags
    assert "num_tokens" not in tags and "eval_num_tokens" not in tags


def test_loop_counters_and_lists_no_series(tmp_path):
    lines, losses = [], []
    for out in range(2):
        for inner in range(3):
            loss = round(1.0 - 0.1 * (3 * out + inner), 6)
            losses.append(loss)
            lines.append(f"2022/08/22 11:3{out}:1{inner} epoch_out: {out}, epoch_in: {inner}, loss: {loss}")
        lines.append(f"2022/08/22 11:3{out}:26 The epoch_out: {out}, epoch_in: 2 of training F and G finished, "
                     f"losslist: [{losses[-3]}, {losses[-2]}, {losses[-1]}], acclist: [0, 0, 0], finalacc: 0.56")
    path = tmp_path / "0822_1132_32_train.log"
    path.write_text("\n".join(lines) + "\n")
    df = _read(path)
    assert _series(df, "loss")[1] == losses
    assert set(df["tag"]) == {"loss"}


def test_loguru_sibling_with_percent(tmp_path):
    lines, losses, mapes = [], [], []
    for e in range(1, 6):
        loss, mape = round(100.0 / e, 6), round(900.0 / e, 6)
        losses.append(loss)
        mapes.append(mape)
        lines.append(f"2022-06-24 15:53:4{e}.290 | INFO     | __main__:<module>:8 - epoch{e}/10:")
        lines.append(f"2022-06-24 15:53:4{e}.292 | INFO     | __main__:<module>:9 - train_loss:{loss}")
        lines.append(f"2022-06-24 15:53:4{e}.295 | INFO     | __main__:<module>:10 - train_mape:{mape}%")
    path = tmp_path / "train.log"
    path.write_text("\n".join(lines) + "\n")
    df = _read(path)
    steps, read = _series(df, "train_loss")
    assert read == losses
    assert _series(df, "train_mape") == (steps, mapes)


def test_final_tutorial_test_accuracy(tmp_path):
    accs = [7.27, 50.1, 80.5, 99.27]
    bars = "".join(f"  {k}%|          | {k}/4 [00:{k:02d}<00:10, 35.64s/it]\r" for k in range(4))
    lines = [bars + f"Epoch 1: Validation Accuracy: {accs[0]:.2f}%", "Saved new best model with accuracy: 7.27%"]
    lines += [f"Epoch {k + 1}: Validation Accuracy: {a:.2f}%" for k, a in enumerate(accs) if k]
    lines.append("Accuracy of the network on the test images: 97.45%")
    path = tmp_path / "nohup_train.out"
    path.write_text("\n".join(lines) + "\n")
    df = _read(path)
    assert _series(df, "Validation_Accuracy") == ([1, 2, 3, 4], accs)
    assert _series(df, "test_accuracy") == ([4], [97.45])


def test_two_eval_sets_under_one_header(tmp_path):
    lines, test, trigger = [], [], []
    for epoch in range(4):
        t, g = round(1.6 - 0.2 * epoch, 3), round(3.0 - 0.7 * epoch, 3)
        test.append(t)
        trigger.append(g)
        lines += [f"Epoch: {epoch}", f"Loss: {2.0 - 0.3 * epoch:.3f} | Acc: {30 + 10 * epoch:.3f}% (15574/51000)",
                  "Test results:", f"Loss: {t:.3f} | Acc: {39.45 + epoch:.3f}% ({3945 + epoch}/10000)",
                  "Test results:", f"Loss: {g:.3f} | Acc: {15 + 20 * epoch:.3f}% ({15 + 20 * epoch}/100)"]
    path = tmp_path / "log_train.txt"
    path.write_text("\n".join(lines) + "\n")
    df = _read(path)
    steps, values = _series(df, "test_Loss")
    assert values == test
    assert _series(df, "test_n100_Loss") == (steps, trigger)
    assert _series(df, "test_n100_Acc")[1] == [15.0, 35.0, 55.0, 75.0]


def test_running_counts_stay_one_set(tmp_path):
    lines = []
    for epoch in range(3):
        lines += [f"Epoch: {epoch}", f"Loss: {2.0 - 0.3 * epoch:.3f} | Acc: 30.000% (300/1000)", "Test results:",
                  f"Loss: {1.5 - 0.1 * epoch:.3f} | Acc: 40.000% ({40 + epoch}/{100 + 7 * epoch})"]
    path = tmp_path / "log_train.txt"
    path.write_text("\n".join(lines) + "\n")
    df = _read(path)
    assert _series(df, "test_Loss")[1] == [1.5, 1.4, 1.3]
    assert not any("_n1" in t for t in df["tag"].unique())


def test_loocv_folds_say_why_nothing_read(tmp_path):
    from loganalyzer import discover
    from loganalyzer.readers.joblog import _nothing_read

    lines = [f"[VAL] LOOCV Fold {k}/12 | GDS: {0.05 * k}, mIoU: {0.03 * k}, score(GDS + mIoU): {0.08 * k}"
             for k in range(1, 13)]
    lines.append("LOOCV Fold 11 got best score: 0.88!")
    path = tmp_path / "train_log.txt"
    path.write_text("\n".join(lines) + "\n")
    assert [r.id for r in discover(str(path))] == ["train_log.txt"]
    df = _read(path)
    assert df is None or len(df) == 0
    note = _nothing_read(path.read_bytes())
    assert "leave-one-out" in note and "12 fold lines of 12 folds" in note


def test_accuracy_under_counter_lines(tmp_path):
    accs = [0.46, 0.61, 0.7, 0.8, 0.885253]
    lines = ["+ cd /jet/home/user/parallelnn", "+ ./main", "Img No. 0", "Training Accuracy: -nan"]
    for k, a in enumerate(accs, start=1):
        lines += [f"Img No. {100 * k}", f"Training Accuracy: {a:.6f}"]
    lines += ["Successfully saved matrix to hidden"]
    path = tmp_path / "train.out"
    path.write_text("\n".join(lines) + "\n")
    df = _read(path)
    steps, values = _series(df, "Training_Accuracy")
    assert steps == [0, 100, 200, 300, 400, 500]
    assert values[1:] == accs


def test_accuracy_without_counters_stays_unread(tmp_path):
    lines = ["+ ./main"] + [f"Training Accuracy: {0.1 * k:.6f}" for k in range(1, 7)]
    path = tmp_path / "train.out"
    path.write_text("\n".join(lines) + "\n")
    df = _read(path)
    assert df is None or len(df) == 0
