"""launch41: how printed logs split into runs -- launches, relaunches, evaluation blocks, closing summaries
(reader audit 41p, unseen public logs).

- a script appended 93 launches to one step-less log (``| date | INFO | Train Loss: 0.562, tp: 0, ..``), each after
  its whole start-up block (banner, args, config, model); launches of one or two lines were one run of 587 ordinal
  steps (public conanjgz/critical-error-detection-for-MT ``output/train.log``);
- a launch killed by ``KeyboardInterrupt`` after epoch 0, then launched again (``cuda: True`` ... again): one run
  with step 0 twice (public tangzyer/mixmatchonsubset ``nohup.out``);
- ``[51][51/2000][1/1] | loss: ..`` lines with a test block every 50 iterations: split at the first test block and
  re-based (public ddrous/LEADS ``nohup.log``);
- four HF ``trainer.train()`` calls printing only their closing ``{'train_runtime': .., 'train_loss': ..}``: one
  series ``train_loss_mean`` at made-up steps 1..4 (public denizyuret/peft-debug ``train.out``).
"""
from __future__ import annotations

from test_readers20a import _ids, _read, _series, _write  # noqa: E402



# ------------------------------------------------------------------ critical_mt: start-up block per launch

_STAMP = "| 2021-07-01 16:{:02d}:{:02d} | INFO | "


def _startup(t: int) -> list[str]:
    s = _STAMP.format(t % 60, t % 60)
    return [s + "=" * 30 + "Start training" + "=" * 30,
            s + "Command Line Args:   -c config/example.conf",
            "Config File (config/example.conf):",
            "  train_data:        wmt21_official_data/enzh_majority_train.tsv",
            "  valid_data:        wmt21_official_data/enzh_majority_dev.tsv",
            "  huggingface_model: xlm-roberta-base",
            "  num_epochs:        10",
            "  lr:                2e-5",
            "",
            s + "MonoTransQuestModel(",
            "  (model): XLMRobertaForSequenceClassification(",
            "    (roberta): RobertaModel(",
            "      (embeddings): RobertaEmbeddings(",
            "        (word_embeddings): Embedding(250002, 768, padding_idx=1)",
            "      )", "    )", "  )", ")"]


def _train(t: int, loss: float) -> str:
    return (_STAMP.format(t % 60, t % 60) + f"Train Loss: {loss:.3f}, tp: 0, fn: 4, fp: 0, tn: 12, Acc: 0.750, "
            "Prec: 0.000, Rec: 0.000, F1: 0.429")


def _valid(t: int, loss: float) -> str:
    return _STAMP.format(t % 60, t % 60) + f"Validation loss: {loss:.3f}, acc: 0.859, F1: 0.462"


def test_stepless_launches_each_after_their_startup_block_are_runs(tmp_path):
    lines, t = [], 0
    # launch 1: two lines; 2: one line; 3: a lone validation; 4: three numbered epochs of 2 lines + validation
    launches = [[0.562, 0.479], [0.561], [], [[0.576, 0.51], [0.43, 0.39], [0.31, 0.25]]]
    for k, launch in enumerate(launches):
        lines += _startup(t)
        t += 1
        if k < 3:
            lines.append(_STAMP.format(t, t) + "Start epoch :")
            lines += [_train(t, x) for x in launch] or [_valid(t, 0.606)]
            continue
        for e, pair in enumerate(launch, start=1):
            lines.append(_STAMP.format(t, t) + f"Start epoch {e}:")
            lines += [_train(t, x) for x in pair] + [_valid(t, 0.7 - 0.1 * e)]
    path = _write(tmp_path, "train.log", "\n".join(lines) + "\n")
    assert _ids(path) == [f"train.log#{k}" for k in (1, 2, 3, 4)]
    df, _ = _read(path)
    tag = next(t for t in df.tag.unique() if t.lower() in ("train_loss", "loss"))
    assert _series(df, tag, "train.log#1") == ([1, 2], [0.562, 0.479])
    assert _series(df, tag, "train.log#2") == ([1], [0.561])
    assert _series(df, tag, "train.log#3") == ([], [])
    assert _series(df, tag, "train.log#4")[1] == [0.576, 0.51, 0.43, 0.39, 0.31, 0.25]
    assert _series(df, tag, "train.log#4")[0][0] == 1


def test_block_printed_before_every_evaluation_is_no_launch(tmp_path):
    # sklearn's classification report (5 lines with letters) before each epoch's step-less result line, the first
    # one included: printed in every gap, the epoch's block, never a launch
    report = ["              precision    recall  f1-score   support",
              "     class_a       0.80      0.70      0.75  10",
              "     class_b       0.60      0.70      0.65  10", "    accuracy                           0.70  20",
              "   macro avg       0.70      0.70      0.70  20", "weighted avg       0.70      0.70      0.70  20"]
    lines = ["starting"]
    losses = [round(1.0 - 0.05 * k, 3) for k in range(8)]
    for x in losses:
        lines += report + [f"Validation loss: {x}, acc: 0.7"]
    path = _write(tmp_path, "finetune.log", "\n".join(lines) + "\n")
    assert _ids(path) == ["finetune.log"]
    df, _ = _read(path)
    tag = next(t for t in df.tag.unique() if "loss" in t.lower())
    assert _series(df, tag)[1] == losses


# ------------------------------------------------------------------ mixmatch: a KeyboardInterrupt, then a relaunch

_HEAD = ("cuda: True\nFiles already downloaded and verified\nFiles already downloaded and verified\n2000\n"
         "/home/u/anaconda3/lib/python3.9/site-packages/torch/utils/data/dataloader.py\n")
_TRACE = ("Traceback (most recent call last):\n  File \"/home/u/mixmatch/main.py\", line 182, in <module>\n    main()\n"
          "  File \"/home/u/anaconda3/lib/python3.9/site-packages/torch/_tensor.py\", line 363, in backward\n"
          "    torch.autograd.backward(self, gradient, retain_graph, create_graph, inputs=inputs)\nKeyboardInterrupt\n")


def _epoch(e: int, train: float, true: float, acc: float) -> str:
    return f"Epoch {e} Train Loss: {train}\nEpoch: {e} True Loss: {true}\nEpoch: {e} Val Acc: {acc}\n"


def test_interrupted_launch_then_relaunch_are_two_runs(tmp_path):
    text = (_HEAD + _epoch(0, 617.4788018465042, 844.9454658031464, 0.186) + _TRACE + _HEAD
            + _epoch(0, 617.0181216001511, 845.528537273407, 0.1935)
            + _epoch(1, 598.6290127038956, 815.4782251119614, 0.265) + _TRACE)
    path = _write(tmp_path, "nohup.out", text)
    assert _ids(path) == ["nohup.out#1", "nohup.out#2"]
    df, _ = _read(path)
    tag = next(t for t in df.tag.unique() if "train" in t.lower() and "loss" in t.lower())
    assert _series(df, tag, "nohup.out#1") == ([0], [617.4788])
    assert _series(df, tag, "nohup.out#2") == ([0, 1], [617.0181, 598.629])


def test_traceback_without_startup_again_stays_one_run(tmp_path):
    # a traceback printed (a warning caught and shown) with no start-up block after it: no relaunch
    text = (_HEAD + _epoch(0, 617.47, 844.94, 0.186) + _TRACE.replace("KeyboardInterrupt", "RuntimeError: cuda oom")
            + _epoch(0, 617.01, 845.52, 0.1935) + _epoch(1, 598.62, 815.47, 0.265))
    path = _write(tmp_path, "nohup.out", text)
    assert _ids(path) == ["nohup.out"]


# ------------------------------------------------------------------ LEADS: an iteration printed twice, test blocks


def _leads(iterations: int) -> tuple[str, list, list]:
    lines = ["Print all hyperparameters: 2 2 80 0.001 conv", "Calling the run method"]
    lines += [f"generating {i},0" for i in range(9)]
    losses, tests = [], []
    for it in range(1, iterations + 1):
        loss = round(2.4 / it ** 0.3, 3)
        losses.append(loss)
        lines.append(f"[{it}][{it}/2000][1/1] | loss: {loss:.3e} | loss_train: {loss / 4:.3e} | loss_e0: {loss:.3e}")
        if it % 50 == 0:
            lines += [f"generating {i},{it // 50}" for i in range(9)] + ["", "Print loss test", ": [1.78, 7.11]"]
            tests.append(round(3.5 / (it // 50), 3))
            lines.append(f"[{it}][{it}/2000][1/1] | loss_test_mean: {tests[-1]:.3e} | loss_test_std: 1.496e+00")
    return "\n".join(lines) + "\n", losses, tests


def test_iteration_printed_twice_is_the_step_and_test_blocks_split_nothing(tmp_path):
    text, losses, tests = _leads(120)
    path = _write(tmp_path, "nohup.log", text)
    assert _ids(path) == ["nohup.log"]
    df, _ = _read(path)
    assert _series(df, "loss") == (list(range(1, 121)), losses)
    assert _series(df, "loss_test_mean") == ([50, 100], tests)


def test_rank_then_counter_is_not_an_iteration(tmp_path):
    # '[0][5/100]': a rank, then the counter: not read as step 0
    lines = [f"[0][{k}/100] | loss: {1.0 / k:.4f}" for k in range(1, 9)]
    path = _write(tmp_path, "train.log", "\n".join(lines) + "\n")
    df, _ = _read(path)
    steps, _ = _series(df, "loss")
    assert len(set(steps)) == 8


# ------------------------------------------------------------------ peft-debug: closing summaries only

_SUMMARY = ("{{'train_runtime': {rt}, 'train_samples_per_second': 0.713, 'train_steps_per_second': 0.713, "
            "'train_loss': {loss}, 'epoch': 1.0}}")


def test_lone_hf_summaries_are_separate_trainings(tmp_path):
    losses = [1.527357816696167, 1.5054534673690796, 1.5291342735290527, 1.5291342735290527]
    lines = ["mistralai/Mistral-7B-v0.1 torch.bfloat16 cuda:0", "Training adapter1"]
    for k, x in enumerate(losses):
        if k == 2:
            lines.append("Training adapter2")
        lines += [_SUMMARY.format(rt=9.3 + k, loss=x), "100% 8/8 [00:09<00:00,  1.17s/it]"]
    path = _write(tmp_path, "train.out", "\n".join(lines) + "\n")
    assert _ids(path) == [f"train.out#{k}" for k in (1, 2, 3, 4)]
    df, _ = _read(path)
    for k, x in enumerate(losses, start=1):
        steps, values = _series(df, "train_loss_mean", f"train.out#{k}")
        assert values == [round(x, 4)] and len(steps) == 1


def test_hf_records_then_summary_stay_one_run(tmp_path):
    lines = [f"{{'loss': {2.0 - 0.1 * k:.4f}, 'learning_rate': 5e-05, 'epoch': {k / 4:.2f}}}" for k in range(1, 5)]
    lines.append(_SUMMARY.format(rt=11.2, loss=1.75))
    path = _write(tmp_path, "train.out", "\n".join(lines) + "\n")
    assert _ids(path) == ["train.out"]


def test_evaluation_launch_after_the_training_stays_with_it(tmp_path):
    # public videoaction58 training_logs.txt: the training's launch, then 'python run.py --mode eval' printing the
    # same start-up warnings and only 'Overall Test Accuracy': the training's test, not a run of its own
    head = ["$ python run.py --frame_dir ./data/UCF50_frames --n_classes 50 --mode {mode}",
            "/home/u/envs/lib/python3.10/site-packages/torchvision/models/_utils.py:208: UserWarning: The parameter "
            "'pretrained' is deprecated", "  warnings.warn(",
            "/home/u/envs/lib/python3.10/site-packages/torchvision/models/_utils.py:223: UserWarning: Arguments other "
            "than a weight enum", "  warnings.warn(msg)", "Loading video dataset....",
            "Splitting train/validation/test datasets with GroupShuffleSplit...."]
    lines = [x.format(mode="train") for x in head]
    for e in range(1, 7):
        lines += [f"Epoch {e}/6; Current learning rate 3e-05",
                  f"train loss: {3.5 / e:.6f}, val loss: {3.0 / e ** 0.5:.6f}, accuracy: {50 + e}.02", "-" * 60, ""]
    lines += [x.format(mode="eval") for x in head] + ["--- Evaluation Results ---", "Overall Test Accuracy: 75.8157%"]
    path = _write(tmp_path, "training_logs.txt", "\n".join(lines) + "\n")
    assert _ids(path) == ["training_logs.txt"]
    df, _ = _read(path)
    assert len(_series(df, "train_loss")[0]) == 6


# ------------------------------------------------------------------ rl_model: learners side by side, own pace


def _learner_line(ticker: str, epoch: int, loss: float, et: float) -> str:
    return (f"[{ticker}][Epoch {epoch:02d}/12] Epsilon:1.0000 #Expl.:243/243 #Buy:109 #Sell:121 #Hold:13 "
            f"#Stocks:59 PV:10,434,100 LC:16 Loss:{loss:.6f} ET:{et:.4f}")


def test_learners_printing_side_by_side_are_one_series_each_never_averaged(tmp_path):
    tickers = ["035420", "035720", "051910"]
    lines = [f"[{t}] RL:a3c Net:dnn LR:0.001 DF:0.9 TU:[1,5] DRT:0.05" for t in tickers]
    losses = {t: [round(10.0 * (k + 1) + e * 0.5, 6) for e in range(12)] for k, t in enumerate(tickers)}
    # the second learner runs slower: it prints its epochs two behind the others from epoch 5 on
    order = []
    for e in range(12):
        order += [("035420", e), ("051910", e)]
        if e >= 2:
            order.append(("035720", e - 2))
    order += [("035720", 10), ("035720", 11)]
    for t, e in order:
        lines.append(_learner_line(t, e + 1, losses[t][e], 49.1 * (e + 1)))
    path = _write(tmp_path, "train.log", "\n".join(lines) + "\n")
    assert _ids(path) == ["train.log"]
    df, warned = _read(path)
    assert not any(t.startswith("ET") for t in df.tag.unique())
    for t in tickers:
        assert _series(df, f"Loss_{t}") == (list(range(1, 13)), losses[t])
