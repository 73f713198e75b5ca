"""Reader kinds named by sets 197-204's blind labellers (opened at stop 66) whose runs were not found at all, each
failing on the stop's start code. Files are written by the writer the program used (numpy's ``np.save``) or in the
exact format its logger writes (open_lth's ``MetricLogger``, FastEstimator's printed ``FastEstimator-Train`` lines)."""
from __future__ import annotations

import math

import numpy as np

import loganalyzer


def _decay(n: int, a: float, b: float, rate: float = 8.0) -> list[float]:
    return [b + (a - b) * math.exp(-i / rate) for i in range(n)]


def _series(path) -> dict:
    problems: list = []
    runs = loganalyzer.discover(path, problems)
    out = {}
    for run in runs:
        frame = loganalyzer.read_scalars(run, resolve=True)
        out[run.id] = {tag: list(frame[frame["tag"] == tag]["step"]) for tag in sorted(set(frame["tag"]))}
    return out


# ---------------------------------------------------------------- np.save of a Keras history under any name


def test_npy_of_a_history_dict_under_a_trial_name_is_a_run(tmp_path):
    """spacenetseg203 ``np.save(f"{trial}.npy", history.history)`` (``architecture_trial_resnet18.npy``: a 0-d object
    array of a dict ``loss``/``iou_score``/``val_loss``/``val_iou_score``, 100 epochs) was never looked at: its name
    says no history. Now the header (0-d object) and the pickle's first dict key (a loss) find it; read on epochs."""
    history = {"loss": [np.float64(v) for v in _decay(30, 0.08, 0.01)],
               "iou_score": [np.float64(v) for v in _decay(30, 0.2, 0.8)],
               "val_loss": [np.float64(v) for v in _decay(30, 0.07, 0.02)],
               "val_iou_score": [np.float64(v) for v in _decay(30, 0.25, 0.7)]}
    np.save(tmp_path / "architecture_trial_resnet18.npy", history, allow_pickle=True)
    got = _series(tmp_path)
    assert list(got) == ["architecture_trial_resnet18.npy"]
    assert got["architecture_trial_resnet18.npy"]["val_loss"] == list(range(30))
    assert set(got["architecture_trial_resnet18.npy"]) == set(history)


def test_npy_data_under_other_names_stays_unfound_and_unsaid(tmp_path):
    """A dict that holds no loss first (a saved config), a 0-d numeric array, a data matrix: no run, no warning; and
    a folder of many .npy files (data) opens none of them."""
    np.save(tmp_path / "config.npy", {"lr": 0.1, "loss": "ce"}, allow_pickle=True)
    np.save(tmp_path / "threshold.npy", np.float64(0.5))
    np.save(tmp_path / "features.npy", np.zeros((40, 7)))
    problems: list = []
    assert loganalyzer.discover(tmp_path, problems) == [] and problems == []
    many = tmp_path / "many"
    many.mkdir()
    for i in range(20):
        np.save(many / f"trial_{i}.npy", {"loss": [1.0, 0.5]}, allow_pickle=True)
    assert loganalyzer.discover(many, []) == []


# ---------------------------------------------------------------- open_lth's extension-less `logger`


def _openlth_logger(path, log: dict) -> None:
    """open_lth ``MetricLogger.save``: ``'\\n'.join(['{},{},{}'.format(k[0], k[1], v) for k, v in log.items()])`` of
    its ``(name, iteration) -> value`` dict (training/metric_logger.py), no header, no last newline."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('\n'.join(['{},{},{}'.format(k[0], k[1], v) for k, v in log.items()]))


def test_openlth_logger_is_a_run_on_iterations(tmp_path):
    """openlth201 ``level_0/main/logger``: test_loss/test_accuracy/test_examples at every evaluation iteration (0,
    1000, ...) was never found (no suffix, no log name). Now one run: two series on the iterations; the examples count
    is left out."""
    log = {}
    for i, (loss, acc) in enumerate(zip(_decay(20, 2.9, 0.09, 3.0), _decay(20, 0.06, 0.98, 3.0))):
        log[("test_loss", i * 1000)] = loss
        log[("test_accuracy", i * 1000)] = acc
        log[("test_examples", i * 1000)] = 10000.0
    _openlth_logger(tmp_path / "level_0" / "main" / "logger", log)
    got = _series(tmp_path)
    assert list(got) == ["level_0/main/logger"] or len(got) == 1
    (series,) = got.values()
    assert series == {"test_accuracy": list(range(0, 20000, 1000)), "test_loss": list(range(0, 20000, 1000))}
    given = loganalyzer.discover(tmp_path / "level_0" / "main" / "logger", [])  # the file given directly
    assert [r.format for r in given] == ["openlth_logger"]


def test_openlth_logger_bad_line_said_and_a_text_logger_not_taken(tmp_path):
    """A line of another shape in a logger: one warning line naming the file, the rest read. A file named
    ``logger`` holding Python logging output is not open_lth's (left to the printed-log sniffs)."""
    path = tmp_path / "a" / "logger"
    _openlth_logger(path, {("test_loss", 0): 2.0, ("test_loss", 1000): 1.0, ("test_loss", 2000): 0.5})
    path.write_text(path.read_text() + "\ntest_loss,3000\n")
    (run,) = loganalyzer.discover(tmp_path / "a", [])
    report = loganalyzer.analyze(tmp_path / "a")
    (summary,) = report.runs
    assert [w for w in summary.warnings if "name,iteration,value" in w and "logger" in w]
    other = tmp_path / "b" / "logger"
    other.parent.mkdir()
    other.write_text("INFO:root:starting\nINFO:root:config loaded\n")
    assert [r.format for r in loganalyzer.discover(tmp_path / "b", [])] != ["openlth_logger"]


# ---------------------------------------------------------------- FastEstimator's printed Logger lines


def _fastestimator_log(path, epochs: int = 8, per_epoch: int = 1000) -> None:
    """The lines FastEstimator's Logger prints (vbvgadv201 ``baseline.txt``: the banner, ``FastEstimator-<Mode>:
    step: N; key: value; ...;``), as a script's stdout redirected to a .txt of no log name."""
    lines = ["    ______           __  ______     __  _                 __", "",
             "FastEstimator-Start: step: 1; num_device: 0; logging_interval: 1000;",
             "FastEstimator-Train: step: 1; base_ce: 2.3599913;"]
    train, val = _decay(epochs, 1.3, 0.5, 3.0), _decay(epochs, 1.2, 0.8, 3.0)
    acc = _decay(epochs, 0.55, 0.73, 3.0)
    for e in range(1, epochs + 1):
        step = e * per_epoch
        lines += [f"FastEstimator-Train: step: {step}; base_ce: {train[e - 1]:.7f}; steps/sec: 81.68;",
                  f"FastEstimator-Train: step: {step}; epoch: {e}; epoch_time: 12.53 sec;",
                  f"FastEstimator-Eval: step: {step}; epoch: {e}; base_ce: {val[e - 1]:.7f}; clean_accuracy: "
                  f"{acc[e - 1]:.4f}; since_best_base_ce: 0; min_base_ce: {min(val[:e]):.7f};"]
    lines += [f"FastEstimator-Finish: step: {epochs * per_epoch}; total_time: 148.17 sec; clean_model_lr: 0.001;",
              f"FastEstimator-Test: step: {epochs * per_epoch}; epoch: {epochs}; clean_accuracy: 0.7178;"]
    path.write_text("\n".join(lines) + "\n")


def test_fastestimator_printed_log_is_a_run(tmp_path):
    """vbvgadv201 ``baseline.txt`` (FastEstimator's Logger output) was not found: no line was a progress line the
    printed-log parser knew. Now one run: the Train keys at their steps, the Eval keys as ``val_*`` (not the
    ``since_best_``/``min_`` restatements), the final Test as ``test_*``; timing keys left out."""
    _fastestimator_log(tmp_path / "baseline.txt")
    got = _series(tmp_path)
    (series,) = got.values()
    assert set(series) == {"base_ce", "val_base_ce", "val_clean_accuracy", "test_clean_accuracy"}
    assert series["base_ce"] == [1] + list(range(1000, 9000, 1000))
    assert series["val_base_ce"] == list(range(1000, 9000, 1000))
    assert series["test_clean_accuracy"] == [8000]


# ---------------------------------------------------------------- a head of repeated debugging prints


def _dnabert_stdout(path, evals: int = 6, every: int = 100) -> None:
    """dnabertwsfc199 ``dnabert_finetune_out.txt``: the fork's start-up prints, then per batch its debugging prints
    ('debug message2', 'after model.train(), debug message3', ...), and every ``logging_steps`` DNABERT's
    ``print(json.dumps({**logs, **{"step": global_step}}))`` (examples/run_finetune.py): the first at byte ~20,000."""
    import json

    lines = ["in if branch!", "args.local_rank -1", "=" * 60, "<class 'transformers.tokenization_dna.DNATokenizer'>",
             "finish loading examples", "number of processes for converting feature: 8"]
    lines += [f"{i} processor started !" for i in range(1, 9)] + ["debug message0", "debug message1"]
    loss, acc = _decay(evals, 0.53, 0.25, 2.0), _decay(evals, 0.79, 0.86, 2.0)
    for k in range(evals):
        for _ in range(every):
            lines += ["debug message2"] + [f"after model.train(), debug message{i}" for i in range(3, 8)] \
                + ["debug message8"]
        logs = {"eval_acc": acc[k], "eval_f1": acc[k] - 0.001, "learning_rate": 0.0002 * (1 - k / evals),
                "loss": loss[k]}
        lines.append(json.dumps({**logs, **{"step": (k + 1) * every}}))
    path.write_text("\n".join(lines) + "\n")


def test_stdout_behind_repeated_debug_prints_is_found(tmp_path):
    """No progress in the first 4 KiB (only debugging prints): the folder sniff gave up, although the file given by
    name read. Now a head that is a few prints over and over is looked past (64 KiB), as a printed model is."""
    _dnabert_stdout(tmp_path / "dnabert_finetune_out.txt")
    got = _series(tmp_path)
    (series,) = got.values()
    assert series["loss"] == list(range(100, 700, 100)) and "eval_acc" in series


def test_repeated_lines_without_progress_stay_unfound(tmp_path):
    """A .txt of the same few word lines and no progress anywhere (a list of labels) is no run."""
    (tmp_path / "labels.txt").write_text("".join(f"class cat {i % 3}\nclass dog {i % 5}\n" for i in range(5000)))
    assert loganalyzer.discover(tmp_path, []) == []


# ---------------------------------------------------------------- a Markdown bullet report of epochs


def _md_report(path, epochs: int = 6) -> None:
    """geognn200 ``compgcn05.md``: the script's own Markdown report -- configuration bullets, then per epoch
    ``* epoch N``, a tab-indented ``* loss `x`, time `t``` bullet and a validation table of head/tail/mean columns
    with each value in backticks; a ``#### testing`` heading and its table at the end."""
    loss, mrr = _decay(epochs, 140.0, 30.0, 2.0), _decay(epochs, 0.009, 0.2, 2.0)
    lines = ["-----", "### Running - `2021-10-20 17:50:10`", "#### Configurations", "- learning rate: `0.001`",
             "#### Model Training and Validation"]
    table = lambda v: ["\t\t|  metric  |  head  |  tail  |  mean  |  ", "\t\t|  ----  |  ----  |  ----  |  ----  |  ",
                       f"\t\t|  mean reciprocal rank (MRR)  |  `{v * 0.9}`  |  `{v * 1.1}`  |  `{v}`  |  ",
                       f"\t\t|  hits@10  |  `{v}`  |  `{v * 2}`  |  `{v * 1.5}`  |  "]
    for e in range(epochs):
        lines += [f"* epoch {e}", "\t * number of triples in each cluster, min: 777, mean: 4193.4, max: 8618",
                  f"\t * loss `{loss[e]}`, time `2021-10-20 17:50:33`  ",
                  f"\t * validation results (raw)  at epoch `{e}`"] + table(mrr[e])
    lines += ["#### testing", "- testing results (filtered)"] + table(0.21) + ["-----"]
    path.write_text("\n".join(lines) + "\n")


def test_markdown_bullet_report_is_a_run(tmp_path):
    """geognn200's three ``*.md`` reports were not found (no line a known progress line). Now one run each: ``loss``
    per epoch, the tables' mean column as ``val_MRR``/``val_hits@10`` at their epoch, the final test as ``test_*``."""
    _md_report(tmp_path / "compgcn05.md")
    (series,) = _series(tmp_path).values()
    assert series["loss"] == list(range(6)) and series["val_MRR"] == list(range(6))
    assert series["val_hits@10"] == list(range(6)) and series["test_MRR"] == [5]
