"""printed41c: printed-log faults of reader audit 41q (unseen public logs).

- ``paddle.distributed.launch`` writes each rank's stdout to ``log/workerlog.<rank>`` (no extension): never found
  (public PaddleSeg EncNet, Paddle VinVL, PaddleNLP event extraction); rotated ``train.log.1`` likewise.
"""
from __future__ import annotations

from loganalyzer import discover  # noqa: E402
from test_readers20a import _read, _series  # noqa: E402


def _ids(path) -> list[str]:
    return [r.id for r in discover(str(path))]


# ------------------------------------------------------------------ Paddle log/workerlog.N, rotated logs


def _paddleseg(iters: int) -> tuple[str, list]:
    lines, losses = ["2021-11-23 20:45:40 [INFO]\t\n------------Environment Information-------------",
                     "platform: Linux-4.15.0-x86_64", "Paddle version: 2.1.2", "------------------------------------"], []
    for i in range(1, iters + 1):
        loss = round(6.85 / i ** 0.5, 4)
        losses.append(loss)
        lines.append(f"2021-11-23 20:45:58 [INFO]\t[TRAIN] epoch: 1, iter: {i * 10}/80000, loss: {loss}, lr: 0.009999, "
                     f"batch_cost: 1.5401, reader_cost: 0.12922, ips: 1.2986 samples/sec | ETA 34:13:14")
    return "\n".join(lines) + "\n", losses


def test_paddle_workerlogs_are_one_job_read_from_rank0(tmp_path):
    log = tmp_path / "log"
    log.mkdir()
    text, losses = _paddleseg(30)
    (log / "workerlog.0").write_text(text)
    (log / "workerlog.1").write_text("2021-11-23 20:45:40 [INFO]\tgrpc: started\nI1123 20:45:41 gen_comm_id_helper.cc\n")
    (log / "endpoints.log").write_text("PADDLE_TRAINER_ENDPOINTS: \n10.0.0.1:6070\n10.0.0.1:6071\n")
    assert _ids(tmp_path) == ["log/workerlog.0"]
    df, _ = _read(tmp_path)
    steps, values = _series(df, "loss")
    assert steps == list(range(10, 301, 10)) and values == losses


def test_rotated_log_read_and_binary_rank_file_not(tmp_path):
    text, losses = _paddleseg(12)
    (tmp_path / "train.log.1").write_text(text)
    (tmp_path / "model.log.2").write_bytes(b"\0\1\2 loss: 0.5 \0" * 400)
    (tmp_path / "notes.2024").write_text(text)  # no log in its name: a log by its content since dc58 (discover_content)
    assert _ids(tmp_path) == ["notes.2024", "train.log.1"]
    df, _ = _read(tmp_path / "train.log.1")
    assert _series(df, "loss")[1] == losses


# ------------------------------------------------------------------ ChineseNER: dev/test conlleval each pass


def _chinese_ner(passes: int, per: int, check: int) -> tuple[str, dict]:
    """zjy-ucas/ChineseNER's main.py: ``iteration:{} step:{}/{}, NER loss:{:>9.6f}`` every ``check`` global steps
    (iteration = step // per + 1), then conlleval on dev and on test after each pass."""
    stamp = "2021-04-12 23:35:14,786 - log/train.log - INFO - "
    lines = [stamp + "start training"]
    want: dict = {"loss": ([], []), "val_FB1": ([], []), "test_FB1": ([], [])}
    step = 0
    for p in range(passes):
        for _ in range(per):
            step += 1
            if step % check == 0:
                loss = round(30.0 / step ** 0.5, 6)
                lines.append(stamp + f"iteration:{step // per + 1} step:{step % per}/{per}, NER loss:{loss:>9.6f}")
                want["loss"][0].append(step)
                want["loss"][1].append(round(loss, 4))
        for part, name in (("dev", "val_FB1"), ("test", "test_FB1")):
            f1 = round(10.0 * (p + 1) + (0.5 if part == "test" else 0.0), 2)
            lines += [stamp + f"evaluate:{part}",
                      stamp + "processed 109870 tokens with 3819 phrases; found: 3465 phrases; correct: 28.\n",
                      stamp + f"accuracy:  9{p}.60%; precision:  {f1:5.2f}%; recall:  {f1:5.2f}%; FB1:  {f1:5.2f}\n",
                      stamp + f"              LOC: precision:   7.08%; recall:   0.77%; FB1:   1.39  212\n",
                      stamp + f"new best {part} f1 score:{f1 / 100:.3f}"]
            want[name][0].append((p + 1) * per)
            want[name][1].append(f1)
    return "\n".join(lines) + "\n", want


def test_chinese_ner_dev_and_test_apart_at_each_pass_end(tmp_path):
    text, want = _chinese_ner(passes=8, per=82, check=100)
    (tmp_path / "train.log").write_text(text)
    df, _ = _read(tmp_path)
    assert _series(df, "NER_loss") == tuple(want["loss"])
    assert _series(df, "val_FB1") == tuple(want["val_FB1"])
    assert _series(df, "test_FB1") == tuple(want["test_FB1"])
    assert "FB1" not in set(df.tag)


# ------------------------------------------------------------------ Torch7 optim.Logger: numbered columns + format


def test_optim_logger_numbered_columns_named_by_their_format_string(tmp_path):
    # logger:add{fSumTest, fMinTest, ['epoch: % fSumTest: % fMinTest: %'] = epoch}: tostring'd numbers, %11.4e epoch
    costs = [1.0044284703854, 1.0028432605875, 1.0033610947779, 0.82488204970661, 0.78308367956443, 0.80959164242054]
    rows, best = [], 9.0
    for epoch, c in enumerate(costs, start=2):
        best = min(best, c)
        rows.append(f"{c!r}\t{best!r}\t{epoch:11.4e}\t")
    (tmp_path / "test.log").write_text("1\t2\tepoch: % fSumTest: % fMinTest: %\t\n" + "\n".join(rows) + "\n")
    df, _ = _read(tmp_path / "test.log")
    steps, values = _series(df, "fSumTest")
    assert steps == list(range(2, 8)) and values == [round(c, 4) for c in costs]
    assert set(df.tag) == {"fSumTest", "fMinTest"}


# ------------------------------------------------------------------ 3D-ResNets train_batch.log: epoch/batch columns


def test_batch_logger_epoch_and_batch_columns_are_no_series(tmp_path):
    rows, losses, it = [], [], 216890
    for epoch, batches in ((42, 7), (43, 5)):
        for batch in range(1, batches + 1):
            it += 1
            loss = round(2.5 - (it - 216890) * 0.01, 4)
            losses.append(loss)
            rows.append(f"{epoch}\t{batch}\t{it}\t{loss}\t61.111106872558594\t87.5\t0.00010000000000000003")
    (tmp_path / "train_batch.log").write_text("epoch\tbatch\titer\tloss\tprec1\tprec5\tlr\n" + "\n".join(rows) + "\n")
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"loss", "prec1", "prec5", "lr"}
    steps, values = _series(df, "loss")
    assert steps == list(range(216891, 216903)) and values == losses


def test_epoch_and_batch_kept_when_they_are_not_positions(tmp_path):
    # a 'batch' column that does not count within the epoch (a batch size sweep): a value, kept
    rows = [f"{e}\t{b}\t{e * 10}\t{1.0 / (e + 1)}" for e, b in ((0, 32), (1, 64), (2, 32), (3, 64))]
    (tmp_path / "train_batch.log").write_text("epoch\tbatch\titer\tloss\n" + "\n".join(rows) + "\n")
    df, _ = _read(tmp_path)
    assert {"batch", "epoch"} <= set(df.tag)


# ------------------------------------------------------------------ MindSpore: train and eval bars under one epoch


def _two_bar_log(epochs: int, n_train: int, n_eval: int) -> tuple[str, list, list]:
    import io

    from tqdm import tqdm

    buf, train_last, evals = io.StringIO(), [], []
    buf.write("Start loading voc_model!\nSuccess loading voc_model!\n")
    for e in range(epochs):
        bar = tqdm(total=n_train, file=buf, ascii=True, mininterval=0, miniters=1)
        bar.set_description(f"Epoch {e}")
        for i in range(n_train):
            loss = round(0.7 - 0.004 * e - 0.001 * i, 3)
            bar.set_postfix(loss=loss)
            bar.update(1)
        bar.close()
        train_last.append(loss)
        bar = tqdm(total=n_eval, file=buf, ascii=True, mininterval=0, miniters=1)
        bar.set_description(f"Epoch {e}")
        for i in range(n_eval):
            acc, loss = round(0.8 + 0.01 * e, 3), round(0.45 - 0.01 * e - 0.001 * i, 3)
            bar.set_postfix(acc=acc, loss=loss)
            bar.update(1)
        bar.close()
        evals.append(loss)
    return buf.getvalue(), train_last, evals


def test_second_bar_of_each_epoch_is_its_evaluation(tmp_path):
    text, train_last, evals = _two_bar_log(epochs=6, n_train=20, n_eval=5)
    (tmp_path / "train_log.log").write_text(text)
    assert _ids(tmp_path) == ["train_log.log"]
    df, _ = _read(tmp_path)
    steps, values = _series(df, "val_loss")
    assert steps == [20 * (e + 1) for e in range(6)] and values == evals
    steps, values = _series(df, "loss")
    assert steps[-1] == 120 and [values[steps.index(20 * (e + 1))] for e in range(6)] == train_last


# ------------------------------------------------------------------ a Keras DQN's episode lines


def test_leading_episode_is_the_step_and_frame_no_series(tmp_path):
    lines, losses, frame = ["Compiled the network!", "Compiled the network!"], [], 0
    for ep in range(0, 1000, 50):
        frame += 250 + ep
        loss = round(0.05 + ep * 1e-4, 6)
        losses.append(loss)
        lines.append(f"Episode {ep} reward: {ep % 3}.0, Episode loss: {loss} Mem size: {min(frame, 100000)} "
                     f"Time: 02/05/2018--11:43 Frame: {frame}")
        if ep % 200 == 0:
            lines += ["Copying!", "Saving!", "Saved weights to disk"]
    (tmp_path / "training_output.txt").write_text("\n".join(lines) + "\n")
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"Episode_loss", "reward"}
    steps, values = _series(df, "Episode_loss")
    assert steps == list(range(0, 1000, 50)) and values == [round(v, 4) for v in losses]


# ------------------------------------------------------------------ a C++ trainer's ASCII progress bar


def test_ascii_bar_count_is_the_step_and_final_redraw_counted_once(tmp_path):
    total, lines, want = 58874, ["./build/cgpt_train \\", "  --model 104m", "Vocabulary: 32000, tokens: 2143562534",
                                 "BPE training [========================================] 100.0% 31740/31740 | "
                                 "139.66 it/s | ETA: 0.0 s | Total time: 227.26 s"], []
    for step in list(range(5000, total, 5000)) + [total]:
        done = int(40 * step / total)
        loss, val = round(4.2 - step * 1.5e-5, 6), round(4.1 - step * 1.4e-5, 6)
        want.append((step, round(loss, 4)))
        lines.append(f"Training [{'=' * done}{' ' * (40 - done)}] {100 * step / total:.1f}% {step}/{total} | 4.62 it/s"
                     f" | ETA: 11664.8 s | loss={loss:.6f} | validation_loss={val:.6f}")
        if step < total:
            lines.append(f'Saved validation checkpoint at step {step} to "output/model-104m/checkpoints/step-{step}"')
    lines.append(lines[-1] + " | Total time: 12734.1 s")
    (tmp_path / "training_output.txt").write_text("\n".join(lines) + "\n")
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"loss", "validation_loss"}
    steps, values = _series(df, "loss")
    assert list(zip(steps, values)) == want


# ------------------------------------------------------------------ a benchmark's untrained baseline, early stopping


def _benchmark_log() -> str:
    p = "2025-12-14 15:26:{:02d} | INFO     | "
    lines = [p.format(10) + "Device: cuda", p.format(10) + "=" * 60, p.format(10) + "Training: Statistical Baseline",
             p.format(10) + "Description: Trend + volatility-based rule detection", "Computing training statistics...",
             "  Bullish slope: -0.1777 ± 0.6838", p.format(11), "  Test Results:", p.format(11) + "    Accuracy: 0.5240",
             p.format(11) + "=" * 60, p.format(11) + "Training: LSTM v2a (baseline config)",
             p.format(11) + "Parameters: 534,279"]
    for e in (0, 20):
        lines.append(p.format(12 + e // 4) + f"  Epoch {e:3d}: loss={1.9456 - e * 0.01:.4f}, val_f1={0.15 + e * 0.01:.4f}, "
                     "lr=1.00e-04")
    lines += [p.format(21) + "  Early stopping at epoch 35", p.format(21), "  Test Results:",
              p.format(21) + "    Accuracy: 0.3510", p.format(21) + "=" * 60,
              p.format(21) + "Training: Transformer v1a (baseline)"]
    for e in (0, 20, 40):
        lines.append(p.format(22 + e // 4) + f"  Epoch {e:3d}: loss={2.7265 - e * 0.02:.4f}, val_f1={0.02 + e * 0.01:.4f}, "
                     "lr=5.00e-06")
    return "\n".join(lines) + "\n"


def test_untrained_baseline_result_is_no_runs_and_test_result_at_the_stopping_epoch(tmp_path):
    (tmp_path / "training_output.txt").write_text(_benchmark_log())
    assert _ids(tmp_path) == ["training_output.txt#1", "training_output.txt#2"]
    df, _ = _read(tmp_path)
    assert _series(df, "test_Accuracy", "training_output.txt#1") == ([35], [0.351])
    assert _series(df, "loss", "training_output.txt#1")[0] == [0, 20]
    assert _series(df, "loss", "training_output.txt#2")[0] == [0, 20, 40]


def test_step_total_in_parentheses_is_no_series(tmp_path):
    log = tmp_path / "log"
    log.mkdir()
    lines, want = ["[2022-02-13 23:10:01,001] [    INFO] - Already cached ernie-1.0.pdparams"], []
    for step in range(10, 310, 10):
        loss = round(0.2 / (1 + step / 50), 6)
        want.append(round(loss, 4))
        lines.append(f"train epoch: {step // 100} - step: {step} (total: 1814) - loss: {loss:.6f}")
    (log / "workerlog.0").write_text("\n".join(lines) + "\n")
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"loss"}
    assert _series(df, "loss") == (list(range(10, 310, 10)), want)
