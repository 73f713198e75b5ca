"""Sets 193 (depth / flow / stereo) and 194 (tracking / re-id) reader shapes, written by the programs' own print
formats (stop 65, rd65c): ASCL's ``L_<term>`` ProgressMeter lines, cluster-contrast's ``* Finished epoch`` mAP
lines, a ``Final Accuracy`` printed after every epoch, RAFT's ``epe`` event-file tags."""
from __future__ import annotations

import math
import warnings

from loganalyzer import read_scalars


def _read(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_scalars(path, resolve=True)


def _meter_pair(name, value, avg):
    return f"{name} {value:.3f} ({avg:.3f})\t"


def _ascl_log(path, epochs=6, iters=40, print_freq=10):
    """ASCL's trainer (an unsupervised re-id fork of cluster-contrast, open ascl194 ``log.txt``): AverageMeters named
    ``L_GCE``, ``L_PCE``, ``L_TRI``, ``L_AdaSP`` printed by the ProgressMeter every ``print_freq`` iterations, then
    the evaluator's ``Mean AP: {:4.1%}`` and ``* Finished epoch {:3d}  model mAP: {:5.1%} best: {:5.1%}``."""
    maps, best = [], 0.0
    with open(path, "w") as f:
        print("==========\nArgs:Namespace(batch_size=64, epochs=60, iters=400, print_freq=10)\n==========", file=f)
        for epoch in range(epochs):
            print(f"==> Statistics for epoch {epoch}: 287 clusters, 9850 un-clustered instances", file=f)
            for i in range(print_freq, iters + 1, print_freq):
                t = epoch * iters + i
                terms = {"L_GCE": 4.5 * math.exp(-t / 150) + 2.0, "L_PCE": 4.4 * math.exp(-t / 120) + 0.9,
                         "L_TRI": 6.6 * math.exp(-t / 80) + 0.25, "L_AdaSP": 1.2 * math.exp(-t / 100) + 0.04}
                line = f"Epoch: [{epoch}][{i}/{iters}]\t" + _meter_pair("Time", 0.2, 0.29)
                line += "".join(_meter_pair(k, v, v * 1.05) for k, v in terms.items())
                line += f"Prec {0.9:.2%} ({0.85:.2%})\t"
                print(line, file=f)
            m = 0.85 - 0.8 * math.exp(-epoch / 2)
            maps.append(round(100 * m, 1))
            best = max(best, m)
            print(f"Mean AP: {m:4.1%}\n", file=f)
            print("* Finished epoch {:3d}  model mAP: {:5.1%} best: {:5.1%}{}\n".format(epoch, m, best, ""), file=f)
    return maps


def test_ascl_subscript_meters_are_losses_and_finished_lines_validation(tmp_path):
    """``L_GCE 4.534 (4.440)``: the loss symbol with its term as a subscript, as a ProgressMeter prints it (the value,
    then the running average). No line says ``loss``: the file was no run at all (three ASCL runs `missing`). Each
    term is read at its current value as ``loss_<term>``, and the ``* Finished epoch N  model mAP: x%`` lines are the
    validation's mAP at the epoch's last step; the statistic beside them (``best``) is no series."""
    maps = _ascl_log(tmp_path / "log.txt")
    df = _read(tmp_path / "log.txt")
    tags = set(df.tag)
    assert {"loss_GCE", "loss_PCE", "loss_TRI", "loss_AdaSP"} <= tags, tags
    gce = df[df.tag == "loss_GCE"]
    assert len(gce) == 6 * 4 and list(gce.step[:2]) == [10, 20]
    assert abs(gce.value.iloc[0] - round(4.5 * math.exp(-10 / 150) + 2.0, 3)) < 1e-9  # the current value
    val = df[df.tag == "val_mAP"]
    assert list(val.value) == maps and list(val.step) == [40 * (e + 1) for e in range(6)]
    assert not any("best" in t.lower() for t in tags), tags


def test_cluster_contrast_finished_epoch_is_validation_map(tmp_path):
    """cluster-contrast's ``examples/cluster_contrast_train_usl.py``: ``print('\\n * Finished epoch {:3d}  model mAP:
    {:5.1%}  best: {:5.1%}{}\\n'.format(epoch, mAP, best_mAP, ' *' if is_best else ''))`` every ``eval_step`` epochs
    after ProgressMeter lines ``Loss 4.447 (3.906)``. The line names ``best`` after the epoch's own mAP: it was
    taken for a best-so-far summary and dropped (ten re-id runs of set 194 read no validation)."""
    path = tmp_path / "log.txt"
    maps, best = [], 0.0
    with open(path, "w") as f:
        for epoch in range(10):
            for i in range(10, 101, 10):
                v = 4.0 * math.exp(-(epoch * 100 + i) / 300) + 0.5
                print(f"Epoch: [{epoch}][{i}/100]\tTime 0.370 (0.775)\tData 0.000 (0.211)\tLoss {v:.3f} ({v:.3f})",
                      file=f)
            if (epoch + 1) % 2 == 0:
                m = [0.53, 0.77, 0.855, 0.868, 0.85][epoch // 2]
                is_best = m > best
                best = max(m, best)
                maps.append(round(100 * m, 1))
                print(f"Mean AP: {m:4.1%}", file=f)
                print('\n * Finished epoch {:3d}  model mAP: {:5.1%}  best: {:5.1%}{}\n'.format(
                    epoch, m, best, ' *' if is_best else ''), file=f)
    df = _read(path)
    val = df[df.tag == "val_mAP"]
    assert list(val.value) == maps, list(val.value)
    assert list(val.step) == [200, 400, 600, 800, 1000]
    assert len(df[df.tag == "Loss"]) == 100


def test_final_accuracy_every_epoch_is_a_series(tmp_path):
    """A PSMNet fork (open psmnetcmu193) prints per epoch ``Epoch N`` / ``Scheduler saw loss: ..`` / ``Time: ..`` /
    ``Final Accuracy: ..``: a ``Final <name>`` line within 1e-4 of that series' own value a few epochs before was
    taken for a closing summary restating it and dropped (20 of 94 points of one run). Every epoch's is kept."""
    path = tmp_path / "psmnet_rgb.txt"
    accs = [0.9145, 0.92042, 0.91843, 0.920872, 0.92302, 0.92069, 0.92457, 0.92539, 0.920827, 0.92221]
    with open(path, "w") as f:
        for epoch, acc in enumerate(accs):
            print(f"Epoch {epoch}", file=f)
            print(f"Scheduler saw loss: {1.0 / (epoch + 1)}", file=f)
            print(f"Time: {6.3 * (epoch + 1)} ", file=f)
            print(f"Final Accuracy: {acc}\n", file=f)
    df = _read(path)
    acc = df[df.tag == "Final_Accuracy"]
    assert list(acc.value) == accs and list(acc.step) == list(range(10))


def test_raft_epe_event_file_is_judged(tmp_path):
    """RAFT's ``train.py`` Logger writes ``epe``, ``1px``, ``3px``, ``5px`` (the training flow's end-point error and
    the fractions within 1/3/5 px) with ``SummaryWriter.add_scalar`` every SUM_FREQ steps, and each validation under
    its dataset's name (``chairs``, ``clean``, ``final``, here a custom ``asphere``). No tag names a loss: the runs
    were `unknown` "no usable loss". The end-point error is the run's loss (``curves_errors.ERROR_WORDS``)."""
    from torch.utils.tensorboard import SummaryWriter

    from loganalyzer.scan import scan

    run = tmp_path / "Jan24_19-13-41_lambda-dual"
    w = SummaryWriter(str(run))
    for step in range(99, 20000, 100):
        epe = 60.0 * math.exp(-step / 3000) + 12.0 + 0.5 * math.sin(step)
        w.add_scalar("epe", epe, step)
        w.add_scalar("1px", 0.1 - 0.08 * math.exp(-step / 3000), step)
        w.add_scalar("3px", 0.4 - 0.3 * math.exp(-step / 3000), step)
        if (step + 1) % 5000 == 0:
            w.add_scalar("asphere", 50.0 * math.exp(-step / 4000) + 11.0, step + 1)
    w.close()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = scan([str(tmp_path)])
    (r,) = report.runs
    assert r.verdict not in ("unknown", None), (r.verdict, r.reasons if hasattr(r, "reasons") else "")


def _scan_one(root):
    from loganalyzer.scan import scan

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (r,) = scan([str(root)]).runs
    return r


class _FairMotLogger:
    """FairMOT's ``src/lib/logger.py`` ``Logger.write``: a time stamp opens each line, ``main.py`` writes ``epoch: {}
    |`` then ``'{} {:8f} | '.format(k, v)`` per logged average, then a newline."""

    def __init__(self, path):
        self.log, self.start_line = open(path, "w"), True

    def write(self, txt, stamp="2023-03-08-14-06"):
        self.log.write(f"{stamp}: {txt}" if self.start_line else txt)
        self.start_line = "\n" in txt

    def close(self):
        self.log.close()


def _fairmotx_log(path, epochs=30, l1_from=16):
    logger = _FairMotLogger(path)
    for epoch in range(1, epochs + 1):
        t = epoch if epoch < l1_from else epoch - l1_from
        iou, cls, reid = 3.8 - 0.03 * epoch, 2.2 * math.exp(-epoch / 10) + 0.8, 0.12 + 0.001 * (epoch % 3)
        conf = 12.0 * math.exp(-t / 20) + (26.0 if epoch >= l1_from else 0.5)
        l1 = 2.03 - 0.01 * t if epoch >= l1_from else 0.0
        tot = 0.25 * (iou + conf + cls + l1) - 0.6 + reid
        logger.write("epoch: {} |".format(epoch))
        for k, v in (("tot_loss", tot), ("iou_loss", iou), ("l1_loss", l1), ("conf_loss", conf), ("cls_loss", cls),
                     ("reid_loss", reid), ("time", 107.65)):
            logger.write("{} {:8f} | ".format(k, v))
        logger.write("\n")
    logger.close()


def test_tot_loss_is_the_total_and_a_term_switched_on_is_no_divergence(tmp_path):
    """FairMOT-X (YOLOX's head) logs ``tot_loss`` beside ``iou_loss``, ``l1_loss``, ``conf_loss``, ``cls_loss``,
    ``reid_loss``: ``tot`` abbreviates the total (it was a qualified name, and ``cls_loss`` was judged: a `healthy`
    run `underfit`). YOLOX switches its L1 loss on for the last epochs (``use_l1``): ``l1_loss`` 0.0 then ~2, and the
    total jumps there; judged as one curve it was `diverged` 0.98. The total is judged from the switch on."""
    (tmp_path / "run").mkdir()
    _fairmotx_log(tmp_path / "run" / "log.txt")
    r = _scan_one(tmp_path / "run")
    assert r.roles["train_loss"] == "tot_loss", r.notes
    assert any("switched on" in n for n in r.notes), r.notes
    assert r.verdict == "healthy", (r.verdict, r.notes)


def test_smooth_loss_beside_a_total_is_a_term(tmp_path):
    """SC-SfMLearner (``train.py``: ``train_writer.add_scalar('photometric_error' ..)`` in the original; a fork's
    ``total_loss``, ``photo_loss``, ``smooth_loss``, ``geometry_loss`` per iteration): the edge-aware smoothness term
    rises as the depth gains structure. It tied with ``total_loss`` (same points, both plain by name) and won on its
    letters: its rise was `diverged` 0.99. The total is the training loss."""
    from torch.utils.tensorboard import SummaryWriter

    w = SummaryWriter(str(tmp_path / "01-23-18-55"))
    for step in range(10, 6000, 10):
        photo = 0.5 * math.exp(-step / 1500) + 0.35
        smooth = 0.036 - 0.019 * math.exp(-step / 1500)
        geom = 0.07 + 0.005 * math.sin(step)
        w.add_scalar("photo_loss", photo, step)
        w.add_scalar("smooth_loss", smooth, step)
        w.add_scalar("geometry_loss", geom, step)
        w.add_scalar("total_loss", photo + 0.1 * smooth + 0.5 * geom, step)
    w.close()
    r = _scan_one(tmp_path)
    assert r.roles["train_loss"] == "total_loss", r.notes
    assert r.verdict != "diverged", (r.verdict, r.notes)


def test_flat_training_id_accuracy_beside_a_rising_validation_map_is_no_underfit(tmp_path):
    """reid-strong-baseline's logger (``reid_baseline.train INFO: Epoch[1] Iteration[20/96] Loss: 10.663\\tAcc:
    0.000`` per 20 iterations, then ``Validation Results - Epoch: N`` / ``mAP: 0.2%`` / ``CMC curve, Rank-1
    :0.0%``), as an APE fork prints it (open apelearn194 cuhk03-7-14-resnet101): the identity classifier's training
    ``Acc`` stays ~0.02 over 767 identities while the validation mAP rises 0.2% -> 80.6%. It was `underfit` 0.55
    "Acc never rose"; the validation's task measure says the model learned."""
    import logging

    (tmp_path / "run").mkdir()
    log = logging.getLogger("reid_baseline.train")
    log.setLevel(logging.INFO)
    handler = logging.FileHandler(tmp_path / "run" / "log_test.txt")
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s: %(message)s"))
    log.addHandler(handler)
    try:
        for epoch in range(1, 41):
            for it in range(20, 97, 20):
                t = (epoch - 1) * 96 + it
                log.info("Epoch[{}] Iteration[{}/{}] Loss: {:.3f}\tAcc: {:.3f}".format(
                    epoch, it, 96, 6.0 * math.exp(-t / 1200) + 4.5, 0.01 + 0.01 * ((epoch + it) % 2)))
            if epoch % 2 == 0:
                m = 0.806 - 0.8 * math.exp(-epoch / 6)
                log.info("Validation Results - Epoch: {}".format(epoch))
                log.info("mAP: {:.1%}".format(m))
                for r in (1, 5, 10):
                    log.info("CMC curve, Rank-{:<3}:{:.1%}".format(r, min(1.0, m + 0.05 * r)))
    finally:
        log.removeHandler(handler)
        handler.close()
    r = _scan_one(tmp_path / "run")
    assert r.roles.get("val_metric") and r.roles.get("train_acc"), r.roles
    assert r.verdict == "healthy", (r.verdict, r.notes)
