"""Stop 59 (rd59b): reader faults named by the labellers of sets 157, 159 and 160.

Each input is the exact text the program prints or writes, hand-written from its format: ReChorus' run logs
(``INFO:root:`` lines, its argument table, ``logging.info(model)``, ``Epoch N  loss=X [..] dev=(..)``; old ReChorus'
``loss = X, l2 = Y`` check), spaCy 2's ``print('Losses', losses)`` under Python 2, a script printing its per-epoch
lists one metric at a time (``Validation Loss for Epoch #k : v``), SHRED's ``fit(verbose=True)`` prints
(``Training epoch N`` / ``Error tensor(x)``), and MLflow's file store (``metrics/<key>``: ``timestamp value step``
per line, as ``FileStore._log_run_metric`` writes).
"""
from __future__ import annotations

import warnings

from loganalyzer import read_scalars
from loganalyzer.discover import discover


def _series(path, resolve: bool = False) -> dict[str, tuple[list, list]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = read_scalars(str(path), resolve=resolve)
    return {tag: (g.step.tolist(), [round(v, 6) for v in g.value.tolist()]) for tag, g in df.groupby("tag", sort=False)}


def _runs(path) -> list:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = read_scalars(str(path))
    return sorted(set(df["dir"].astype(str)))


# --- ReChorus: a run log whose argument table and model repr fill the first 8 KiB -----------------------------------

def _rechorus_log(path, epochs: int = 12, check: bool = False) -> list[float]:
    args = "\n".join(f" {f'arg_{i}':<20} | {i:<20}" for i in range(40))
    layer = ("          (0): T5LayerSelfAttention(\n"
             "            (SelfAttention): T5Attention(\n"
             "              (q): Linear(in_features=128, out_features=384, bias=False)\n"
             "              (k): Linear(in_features=128, out_features=384, bias=False)\n"
             "              (o): Linear(in_features=384, out_features=128, bias=False)\n"
             "            )\n"
             "          )\n")
    lines = ["INFO:root:Namespace(model_name='TIGER', model_mode='')",
             "INFO:root:" + "-" * 45 + " BEGIN: 2025-12-05 10:32:16 " + "-" * 45,
             "INFO:root:", "=" * 45, " Arguments            | Values               ", "=" * 45, args, "=" * 45,
             "INFO:root:Device: cuda", "INFO:root:#params: 3941888", "INFO:root:TIGER(", "  (model): T5(",
             layer * 30, "  )", ")", "INFO:root:Test Before Training: (HR@5:0.0518,NDCG@5:0.0334)",
             "INFO:root:Optimizer: Adam"]
    losses = [round(3.2 / (1 + 0.3 * e), 4) for e in range(epochs)]
    for e, loss in enumerate(losses, 1):
        if check and (e == 1 or e % 10 == 0):
            lines += ["INFO:root:", f"INFO:root:loss = {loss:.4f}, l2 = 0.0000"]
        lines.append(f"INFO:root:Epoch {e:<5} loss={loss:.4f} [37.6 s]\tdev=(HR@5:{0.07 + e / 1000:.4f},"
                     f"NDCG@5:{0.04 + e / 1000:.4f}) [17.0 s] *")
    path.write_text("\n".join(lines) + "\n")
    return losses


def test_rechorus_txt_log_past_its_model_print_is_discovered(tmp_path):
    log = tmp_path / "ML_1MTOPK__0__lr=0.002__l2=1e-06.txt"
    losses = _rechorus_log(log)
    assert log.read_text().find("Epoch 1 ") > 8192  # the first progress line past the 8 KiB head
    assert [r.path for r in discover(str(tmp_path))] == [str(log)]
    assert _series(log)["loss"] == (list(range(1, 13)), losses)


def test_old_rechorus_loss_l2_check_line_is_no_point(tmp_path):
    log = tmp_path / "BPR__Grocery_and_Gourmet_Food__2019__lr=0.001__l2=0.0.txt"
    losses = _rechorus_log(log, epochs=21, check=True)
    series = _series(log)
    assert "l2" not in series
    assert series["loss"] == (list(range(1, 22)), losses)  # no point at step 0, none twice at 9/19


# --- Python 2 prints ----------------------------------------------------------------------------------------------

def test_python2_spacy_losses_tuple_read_as_ner_loss(tmp_path):
    log = tmp_path / "log_train.txt"
    lines, want = [], []
    for e in range(14):
        loss = 0.19 / (1 + e)
        want.append(round(loss, 6))
        bar = "437it [10:00,  1.05it/s]" if e % 5 == 4 else "437it [09:29,  1.30s/it]"
        lines += [f"('Epoch : ', {e}, ' batch : ', 436)", bar, f"('Losses', {{u'ner': {loss!r}}})"]
    log.write_text("\n".join(lines) + "\n")
    steps, values = _series(log)["ner_loss"]
    assert values == want and len(steps) == 14 and steps == sorted(steps)


def test_metric_by_metric_epoch_lists_with_hash_counters_are_one_run(tmp_path):
    log = tmp_path / "training_results.txt"
    n = 6
    rows = {"Validation Loss": [2.1 + 0.1 * e for e in range(n)], "Validation Accuracy": [0.7 + 0.01 * e for e in range(n)],
            "Training Loss": [0.5 / (e + 1) for e in range(n)], "Training Accuracy": [0.9 + 0.01 * e for e in range(n)]}
    log.write_text("".join(f"{name} for Epoch #{e + 1} : {v!r}\n" for name, vals in rows.items()
                           for e, v in enumerate(vals)))
    assert _runs(log) == ["training_results.txt"]  # the last metric's block was a run of its own
    series = _series(log)
    for name, vals in rows.items():
        assert series[name.replace(" ", "_")] == (list(range(1, n + 1)), [round(v, 6) for v in vals])


# --- SHRED: 'Training epoch N' / 'Error tensor(x)' ------------------------------------------------------------------

def test_shred_epoch_and_error_tensor_lines_discovered_and_read(tmp_path):
    log = tmp_path / "training_results.txt"
    epochs = [1] + list(range(20, 401, 20))
    errors = [round(0.47 / (1 + 0.1 * i), 4) for i in range(len(epochs))]
    log.write_text("".join(f"Training epoch {e}\nError tensor({v:.4f})\n" for e, v in zip(epochs, errors)))
    assert [r.path for r in discover(str(tmp_path))] == [str(log)]
    assert _series(log)["error"] == (epochs, errors)


# --- MLflow file store: one file per metric -------------------------------------------------------------------------

def _mlflow_run(root, sessions: list[dict[str, list[float]]], start_ms: int = 1580396914217):
    run = root / "mlruns" / "1" / ("3788b1fb28994e30ae408b92546796ba")
    (run / "metrics").mkdir(parents=True)
    (run / "meta.yaml").write_text("run_id: 3788b1fb28994e30ae408b92546796ba\nstatus: 3\n")
    lines: dict[str, list[str]] = {}
    t = start_ms
    for session in sessions:
        t += 30_000
        for step in range(len(next(iter(session.values())))):
            t += 72
            for key, vals in session.items():  # Keras autolog: an epoch's metrics at one timestamp
                lines.setdefault(key, []).append(f"{t} {vals[step]!r} {step}")
    for key, ls in lines.items():
        (run / "metrics" / key).write_text("\n".join(ls) + "\n")
    return run


def test_mlflow_trials_started_afresh_keep_every_metric_of_the_last_trial(tmp_path):
    trials = []
    for k in range(4):  # hyperopt trials logged into one run, each from step 0
        trials.append({"loss": [1.5 - 0.1 * s + k for s in range(6 + k)],
                       "accuracy": [0.1 + 0.05 * s for s in range(6 + k)],
                       "val_loss": [1.6 - 0.1 * s + k for s in range(6 + k)],
                       "val_accuracy": [0.2 + 0.04 * s for s in range(6 + k)]})
    run = _mlflow_run(tmp_path, trials)
    series = _series(run, resolve=True)
    for key in ("loss", "accuracy", "val_loss", "val_accuracy"):
        assert series[key] == (list(range(9)), [round(v, 6) for v in trials[-1][key]]), key


def test_mlflow_resumed_run_continues_every_metric_alike(tmp_path):
    n = 10
    first = {"loss": [1.5 - 0.02 * s for s in range(n)], "val_loss": [1.4 - 0.01 * s for s in range(n)],
             "val_accuracy": [0.4615] * n}
    second = {"loss": [1.3 - 0.02 * s for s in range(n)], "val_loss": [1.3 - 0.01 * s for s in range(n)],
              "val_accuracy": [0.4615] * (n - 2) + [0.5385, 0.5385]}  # the same values again at first
    run = _mlflow_run(tmp_path, [first, second])
    series = _series(run, resolve=True)
    for key in first:
        assert series[key] == (list(range(2 * n)), [round(v, 6) for v in first[key] + second[key]]), key


# --- a training summary: 'Step N (p%):' blocks, then 'Final Results:' restating the last block ----------------------

def test_step_banner_blocks_at_their_steps_and_final_restatements_no_points(tmp_path):
    log = tmp_path / "training_logs.txt"
    lines = ["SmolLM2-135M Training Logs", "=" * 28, "", "Training Progress:", "-" * 18, ""]
    train = [round(4.13 / k, 3) for k in range(1, 11)]
    for k, loss in enumerate(train, 1):
        lines += [f"Step {k * 500} ({k * 10}%):", f"  Train Loss: {loss:.3f}", f"  Learning Rate: {0.0003 - k * 2e-5:.6f}",
                  f"  Time: {k}:09:33"]
        if k == 10:
            lines += ["  Train Loss (epoch): 1.100", "  Validation Loss: 8.450", "  Validation Perplexity: 7,030",
                      "  Total Time: 3:05:14"]
        lines.append("")
    lines += ["Final Results:", "-" * 14, "Total Training Time: 3 hours 5 minutes", "Average Time per Step: 2.22 seconds",
              f"Final Training Loss: {train[-1]:.3f}", "Final Validation Loss: 8.450", "Final Validation Perplexity: 7,030"]
    log.write_text("\n".join(lines) + "\n")
    series = _series(log)
    assert series["Train_Loss"] == ([k * 500 for k in range(1, 11)], train)  # were at the blocks' ordinals 1..10
    assert series["Validation_Loss"] == ([5000], [8.45])  # once, not again from the summary
    assert "Training_Loss" not in series
