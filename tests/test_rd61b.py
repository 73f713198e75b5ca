"""Stop 61, rd61b: reader faults the blind labellers of sets 170-172 named (issue 9: data silently dropped or
spliced), each a kind, each test written with the real writer (Python logging) or the exact text the framework's
format strings print (small, hand-written from them), and failing on the stop's start code (da2259b8)."""
from __future__ import annotations

import json
import logging
import math

import loganalyzer
from _runs import runs_points as _runs


def _curve(i: float, a: float = 2.5, b: float = 0.3) -> float:
    return round(b + (a - b) * math.exp(-0.15 * i), 5)


# ---------------------------------------------------------------- 170: Python logging's FileHandler named `log`

def test_python_logging_file_named_log_is_found_by_its_content(tmp_path):
    """A file named exactly ``log`` that is no Chainer LogReport JSON list is judged like a ``*.log``: its printed
    ``step [N / T] loss [x]`` lines are a run (public ai100w11170: not found at all)."""
    logger = logging.getLogger("rd61b_bare_log")
    handler = logging.FileHandler(tmp_path / "log")
    handler.setFormatter(logging.Formatter("%(asctime)s - %(levelname)s - %(filename)s:%(lineno)d - %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        for step in range(8400, 8600, 10):
            logger.debug("step [%d / 17427] loss [%s]", step, _curve((step - 8400) / 10, 7.0, 5.0))
    finally:
        logger.removeHandler(handler)
        handler.close()
    (run,) = _runs(tmp_path).values()
    assert run["loss"] == (list(range(8400, 8600, 10)), [_curve(i, 7.0, 5.0) for i in range(20)])


# ---------------------------------------------------------------- 171: PySlowFast json_stats

_SF = "[INFO: logging.py:   97]: json_stats: "


def _stats(**kv) -> str:
    """``slowfast/utils/logging.py:log_json_stats``: floats at 5 decimals, keys sorted."""
    return _SF + json.dumps({k: round(v, 5) if isinstance(v, float) else v for k, v in kv.items()}, sort_keys=True)


def _slowfast(epochs: int, iters: int = 0, every: int = 5) -> list[str]:
    lines = ["[INFO: train_net.py:  480]: Start epoch: 1"]
    for e in range(1, epochs + 1):
        for i in range(1, iters + 1):
            lines.append(_stats(_type="train_iter", epoch=f"{e}/{epochs}", iter=f"{i}/{iters}", dt=0.7, dt_data=0.1,
                                dt_net=0.5, eta="0:10:00", gpu_mem="9.9G", loss=_curve(e - 1 + i / iters),
                                lr=0.1, top1_err=90.0 - e - i))
        lines.append(_stats(_type="train_epoch", epoch=f"{e}/{epochs}", dt=0.7, dt_data=0.1, dt_net=0.5,
                            eta="0:10:00", gpu_mem="9.9G", RAM="13.6/31.1G", loss=_curve(e), lr=0.1,
                            grad_norm=4.0 + e, top1_err=90.0 - 2 * e))
        if e % every == 0:
            lines.append(_stats(_type="val_iter", epoch=f"{e}/{epochs}", iter="1/4", time_diff=0.6, eta="0:00:02",
                                gpu_mem="9.9G", top1_err=80.0 - e))
            lines.append(_stats(_type="val_epoch", epoch=f"{e}/{epochs}", gpu_mem="9.9G", RAM="13.6/31.1G",
                                time_diff=0.6, top1_err=75.0 - e, min_top1_err=75.0 - e))
    return lines


def test_slowfast_val_epoch_records_are_kept_at_their_epoch(tmp_path):
    """``val_epoch`` records (no loss on them) were dropped; every record sat at its line's index. Now each
    ``train_epoch`` is at its epoch, each ``val_epoch`` a ``val_`` series at its epoch; timers and the best-so-far
    ``min_top1_err`` are no series."""
    (tmp_path / "json_stats.log").write_text("\n".join(_slowfast(10)) + "\n")
    (run,) = _runs(tmp_path).values()
    assert run["loss"] == (list(range(1, 11)), [_curve(e) for e in range(1, 11)])
    assert run["val_top1_err"] == ([5, 10], [70.0, 65.0])
    assert run["grad_norm"][0] == list(range(1, 11))
    assert not {"dt", "dt_data", "dt_net", "time_diff", "val_min_top1_err", "val_time_diff"} & set(run)


def test_slowfast_iterations_and_epoch_summaries_share_one_step_axis(tmp_path):
    """With ``train_iter`` records, an iteration is at ``(epoch - 1) x epoch_iters + iter`` and the epoch's
    summaries (``train_epoch`` as ``<name>_epoch``, ``val_epoch``) at its last iteration's step -- not both
    counted line by line into one series."""
    (tmp_path / "stdout.log").write_text("\n".join(_slowfast(5, iters=4)) + "\n")
    (run,) = _runs(tmp_path).values()
    assert run["loss"][0] == list(range(1, 21))
    assert run["loss"][1][:4] == [_curve(i / 4) for i in range(1, 5)]
    assert run["loss_epoch"] == ([4, 8, 12, 16, 20], [_curve(e) for e in range(1, 6)])
    assert run["val_top1_err"] == ([20], [70.0])


def test_slowfast_appended_trainings_are_two_runs(tmp_path):
    """A second training appended to the same file (``"epoch": "1/N"`` again) is its own run, not spliced."""
    (tmp_path / "json_stats.log").write_text("\n".join(_slowfast(3, every=1) + _slowfast(5, every=1)) + "\n")
    runs = _runs(tmp_path)
    assert sorted(len(r["loss"][0]) for r in runs.values()) == [3, 5]
    assert sorted(r["val_top1_err"][0][-1] for r in runs.values()) == [3, 5]


# ---------------------------------------------------------------- 172: KGAT / NGCF, NeuRec / SGL, a DKT output as .sh

def test_kgat_epoch_lines_give_the_loss_its_terms_and_the_test_metrics(tmp_path):
    """KGAT's ``Epoch %d [%.1fs]: train==[%.5f=%.5f + %.5f + %.5f]`` and, every 10th epoch, the same with
    ``recall=[%.5f, %.5f], ...``: read as nothing before (no line says 'loss')."""
    lines = ["KGAT: dataset=last-fm, lr=0.0001, regs=[1e-5,1e-5]", "without pretraining."]
    for e in range(30):
        base, kge, reg = _curve(e, 4.4, 2.5), _curve(e, 660.0, 1.0), 0.1 + 0.01 * e
        train = f"train==[{base + kge + reg:.5f}={base:.5f} + {kge:.5f} + {reg:.5f}]"
        if (e + 1) % 10:
            lines.append(f"Epoch {e} [188.2s]: {train}")
        else:
            r = 0.07 + 0.001 * e
            lines.append(f"Epoch {e} [166.8s + 69.8s]: {train}, recall=[{r:.5f}, {2 * r:.5f}], "
                         f"precision=[0.03149, 0.01610], hit=[0.31961, 0.55953], ndcg=[0.12241, 0.20278]")
            lines.append("save the weights in path:  weights/last-fm/kgat_si_sum_bi_l3/64-32-16/l0.0001_r1e-05")
    (tmp_path / "training_log_last-fm.log").write_text("\n".join(lines) + "\n")
    (run,) = _runs(tmp_path).values()
    assert run["loss"][0] == list(range(30))
    assert run["loss"][1][0] == round(_curve(0, 4.4, 2.5) + _curve(0, 660.0, 1.0) + 0.1, 5)
    assert run["loss_term2"][1][0] == round(_curve(0, 660.0, 1.0), 5)
    assert run["test_recall"] == ([9, 19, 29], [0.079, 0.089, 0.099])
    assert run["test_recall_lastK"][1] == [0.158, 0.178, 0.198]


def test_neurec_metric_rows_after_their_header_are_read(tmp_path):
    """NeuRec/SGL-Torch: ``metrics:\\tPrecision@20\\tRecall@20\\tNDCG@20`` once, then ``epoch N:\\t<values>`` rows
    (lost before: only the ``[iter N : loss : ..]`` lines were read)."""
    logger = logging.getLogger("rd61b_neurec")
    handler = logging.FileHandler(tmp_path / "SGL_amazon-book.log")
    handler.setFormatter(logging.Formatter("%(asctime)s.%(msecs)03d: %(message)s", "%Y-%m-%d %H:%M:%S"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        logger.info("model: model.general_recommender.SGL")
        logger.info("metrics:\t%s", "\t".join(f"{m:<12}" for m in ("Precision@20", "Recall@20", "NDCG@20")))
        for e in range(1, 6):
            bpr, ssl = _curve(e, 0.6931, 0.04), 6.3374
            logger.info("[iter %d : loss : %.4f = %.4f + %.4f + %.4f, time: 362.553843]", e, bpr + ssl, bpr, ssl, 0.0)
            logger.info("epoch %d:\t%s", e, "\t".join(f"{v:<12.8f}" for v in (0.002 * e, 0.005 * e, 0.004 * e)))
            logger.info("Find a better model.")
    finally:
        logger.removeHandler(handler)
        handler.close()
    (run,) = _runs(tmp_path).values()
    assert run["Recall@20"] == (list(range(1, 6)), [round(0.005 * e, 8) for e in range(1, 6)])
    assert run["loss"][0] == list(range(1, 6))
    assert run["loss_term1"][1] == [round(_curve(e, 0.6931, 0.04), 4) for e in range(1, 6)]


def test_a_jobs_output_saved_as_sh_is_read_a_shell_script_is_not(tmp_path):
    """Given directly, a ``.sh`` file is judged by its content: a DKT run's printed output saved as
    ``assist_exp.sh`` is a run; a real shell script stays a usage error naming what it is."""
    lines = ["python main.py --dataset=assist --n_epochs=100", "", "Loading Assisment...", ""]
    step = 0
    for e in range(1, 7):
        lines.append(f"Start Training: Epoch {e}")
        for _ in range(3):
            step += 10
            lines.append(f"Training steps: {step} Loss: {_curve(step / 10, 0.03, 0.01)}")
        lines.append(f"Test AUC: {0.68 + 0.02 * e}")
    out = tmp_path / "assist_exp.sh"
    out.write_text("\n".join(lines) + "\n")
    problems: list = []
    (run,) = loganalyzer.discover(str(out), problems)
    assert not problems
    df = loganalyzer.read_scalars(run)
    assert df[df.tag == "Loss"].step.tolist() == list(range(10, 190, 10))
    script = tmp_path / "job.sh"
    script.write_text("#!/bin/bash\nfor lr in 0.1 0.01; do\n  python train.py --lr $lr --epochs 10\ndone\n")
    problems = []
    assert loganalyzer.discover(str(script), problems) == []
    assert "shell script" in str(problems[0])


def _rechorus_launch(epochs: int, first_loss: float, load: bool, end: bool) -> list[str]:
    """One ReChorus ``main.py`` launch as it logs (``logging.basicConfig``'s ``INFO:root:`` prefix): the argument
    table, ``Test Before Training`` before ``load_model``/``train``, an epoch line each, the closing evaluations."""
    out = ["INFO:root:Namespace(model_name='BPRMF', model_mode='')",
           "INFO:root:--------------------------------------------- BEGIN: 2025-12-01 00:51:59 ----------",
           "INFO:root:", "=======================================", " Arguments              | Values       ",
           "=======================================", " batch_size             | 128         ",
           " lr                     | 0.001       ", "=======================================",
           "INFO:root:Device: cuda", "INFO:root:#params: 372390",
           "INFO:root:Test Before Training: (HR@5:0.0487,NDCG@5:0.0286,HR@10:0.0957,NDCG@10:0.0436)"]
    if load:
        out.append("INFO:root:Load model from ../model/BPRMF/BPRMF__Grocery.pt")
    out.append("INFO:root:Optimizer: Adam")
    for e in range(1, epochs + 1):
        loss = round(first_loss * (0.97 ** e), 4)
        out.append(f"INFO:root:Epoch {e:<5d} loss={loss:.4f} [809.1 s]\tdev=(HR@5:{0.6 + 0.002 * e:.4f},"
                   f"NDCG@5:{0.45 + 0.002 * e:.4f}) [4.8 s] *")
    if end:
        out += ["INFO:root:", "Test After Training: (HR@5:0.7672,NDCG@5:0.6281,HR@10:0.8526,NDCG@10:0.6559)"]
    else:
        out.append("INFO:root:Early stop manually")
    return out


def test_rechorus_relaunches_in_one_file_are_their_own_runs(tmp_path):
    """Three ReChorus launches appended to one .txt (the second loading the first's model for one epoch, the third
    for 20): ``Test Before Training`` opens each launch at step 0. It had been given the step of the line before, so
    the second launch was spliced onto the first (its untrained model's test at the first's last epoch), the third
    apart: three sessions read as two runs."""
    lines = (_rechorus_launch(12, 0.43, load=False, end=False) + _rechorus_launch(1, 0.22, load=True, end=False)
             + _rechorus_launch(20, 0.22, load=True, end=True))
    (tmp_path / "BPRMF__Grocery.txt").write_text("\n".join(lines) + "\n")
    runs = _runs(tmp_path)
    assert sorted(runs) == ["BPRMF__Grocery.txt#1", "BPRMF__Grocery.txt#2", "BPRMF__Grocery.txt#3"]
    assert [runs[f"BPRMF__Grocery.txt#{k}"]["loss"][0][-1] for k in (1, 2, 3)] == [12, 1, 20]
    assert [runs[f"BPRMF__Grocery.txt#{k}"]["Test_HR@5"][0][0] for k in (1, 2, 3)] == [0, 0, 0]
    assert runs["BPRMF__Grocery.txt#1"]["Test_HR@5"] == ([0], [0.0487])
