"""Reader kinds from the thirtieth/thirty-first labellers' notes (readers19e): per-epoch counters, 1-based epochs,
argument dumps, running validation averages, headerless CSV in a .log, HF log_history CSVs, TF Estimator logs."""
from __future__ import annotations

import logging
import warnings

import pytest
import torch

from loganalyzer import discover, read_scalars


def _read(path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(str(path), resolve=True)
    return df, [str(w.message) for w in caught]


def _batches(n, seed=0):
    torch.manual_seed(seed)
    x = torch.randn(n, 4, 3)
    return [(b, (b.sum(1) > 0).long()) for b in x]


def _model():
    torch.manual_seed(1)
    return torch.nn.Linear(3, 2), torch.nn.functional.cross_entropy


def test_counter_restarting_each_epoch_goes_on_by_the_learnt_epoch_length(tmp_path, capsys):
    """The PyTorch CIFAR-10 tutorial's loop: ``[epoch, i]`` every 20 mini-batches of a 50-batch epoch."""
    model, crit = _model()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    printed = []
    for epoch in range(3):
        running = 0.0
        for i, (x, y) in enumerate(_batches(50)):
            opt.zero_grad()
            loss = crit(model(x), y)
            loss.backward()
            opt.step()
            running += loss.item()
            if i % 20 == 19:
                print(f"[{epoch + 1}, {i + 1:5d}] loss: {running / 20:.3f}")
                printed.append(round(running / 20, 3))
                running = 0.0
    print("Finished Training")
    (tmp_path / "train.out").write_text(capsys.readouterr().out)
    df, _ = _read(tmp_path / "train.out")
    loss = df[df.tag == "loss"].sort_values("step")
    # an epoch printed 20, 40: 40 batches learnt, epoch 2's '[2, 20]' at 60
    assert loss["step"].tolist() == [20, 40, 60, 80, 100, 120]
    assert loss["value"].tolist() == pytest.approx(printed)


def _shadowdet_log(path, epochs=3, per=12, every=5):
    """IMU-Group/FGSD's logger: the arguments one ``k = v`` a line, then ``[batch i/N, epoch e/E]: name:value``."""
    logger = logging.getLogger(f"ShadowDet{path}")
    logger.setLevel(logging.INFO)
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("%(asctime)s - %(name)s - %(levelname)s - %(message)s"))
    logger.addHandler(handler)
    args = {"action": "train", "eval_batch": 1, "loss": "bbce", "loss_binary_coeff": 10.0, "loss_det_coeff": 10.0,
            "loss_inv_coeff": 0.0, "lr": 0.0005, "total_ep": epochs, "train_batch": 8}
    logger.info("Experiment arguments:\n ============begin==================\n"
                + "\n".join(f"{k} = {v}" for k, v in args.items()) + "\n=============end================")
    model, crit = _model()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    data = _batches(per)
    steps, it = [], 0
    for epoch in range(1, epochs + 1):
        for i, (x, y) in enumerate(data, start=1):
            opt.zero_grad()
            loss = crit(model(x), y)
            loss.backward()
            opt.step()
            it += 1
            if it % every == 0 or i == per:
                logger.info(f"[batch {i}/{per}, epoch {epoch}/{epochs}]: loss_det:{loss.item()} "
                            f"loss_total:{2 * loss.item()} ")
                steps.append(it)
        logger.info("Scores:\n" + "=" * 20 + f"\n\tFSD_test.acc:{0.5 + epoch / 10}\n" + "=" * 20)
    logger.removeHandler(handler)
    handler.close()
    return steps


def test_one_based_epoch_counts_from_one_and_argument_dump_is_no_series(tmp_path):
    steps = _shadowdet_log(tmp_path / "train.log")
    df, _ = _read(tmp_path / "train.log")
    assert not any(t.endswith("_coeff") for t in set(df["tag"]))  # the argument dump gives no series
    assert {"loss_det", "loss_total"} <= set(df["tag"])
    det = df[df.tag == "loss_det"].sort_values("step")
    assert det["step"].tolist() == steps  # [batch 5/12, epoch 1/3] is step 5; the last is 36 (3 x 12)
    assert det["step"].max() == 36


def test_running_validation_average_gives_the_pass_last_line(tmp_path):
    """CIRKD's loop: ``Iters: i/N || Lr || Task Loss || KD Loss`` every 5 iterations and, every 10, a validation pass
    logging ``Sample: k, Validation pixAcc: .., mIoU: ..`` (the running average) after each image."""
    path = tmp_path / "deeplabv3_log.txt"
    logger = logging.getLogger(f"semantic_segmentation{path}")
    logger.setLevel(logging.INFO)
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s: %(message)s"))
    logger.addHandler(handler)
    model, crit = _model()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    data, val = _batches(30), _batches(6, seed=3)
    passes = []
    logger.info("Start training, Total Iterations 30")
    for it, (x, y) in enumerate(data, start=1):
        opt.zero_grad()
        loss = crit(model(x), y)
        loss.backward()
        opt.step()
        if it % 5 == 0:
            logger.info(f"Iters: {it}/30 || Lr: {0.1 * (1 - it / 30):.6f} || Task Loss: {loss.item():.4f} || "
                        f"KD Loss: {loss.item() / 2:.4f}|| Cost Time: 0:00:0{it % 10} || Estimated Time: 0:00:10")
        if it % 10 == 0:
            logger.info(f"Start validation, Total sample: {len(val)}")
            correct = seen = 0
            with torch.no_grad():
                for k, (vx, vy) in enumerate(val, start=1):
                    correct += int((model(vx).argmax(1) == vy).sum())
                    seen += len(vy)
                    acc = correct / seen
                    logger.info(f"Sample: {k}, Validation pixAcc: {acc:.3f}, mIoU: {acc / 2:.3f}")
            passes.append((it, round(acc, 3), round(acc / 2, 3)))
    logger.removeHandler(handler)
    handler.close()
    df, _ = _read(path)
    acc = df[df.tag == "val_pixAcc"].sort_values("step")
    miou = df[df.tag == "val_mIoU"].sort_values("step")
    assert acc["step"].tolist() == [it for it, _, _ in passes] == [10, 20, 30]
    assert acc["value"].tolist() == pytest.approx([a for _, a, _ in passes])
    assert miou["value"].tolist() == pytest.approx([m for _, _, m in passes])
    assert {"Task_Loss", "KD_Loss"} <= set(df["tag"])


def _fit_epochs(epochs=6):
    model, crit = _model()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    data, val = _batches(8), _batches(2, seed=5)
    rows = []
    for epoch in range(epochs):
        for x, y in data:
            opt.zero_grad()
            loss = crit(model(x), y)
            loss.backward()
            opt.step()
        with torch.no_grad():
            vloss = sum(crit(model(x), y).item() for x, y in val) / len(val)
        rows.append({"epoch": epoch, "train_loss": loss.item(), "val_loss": vloss, "lr": 0.1 / (epoch + 1)})
    return rows


def test_hf_log_history_csv_final_evaluation_written_twice_is_one_point(tmp_path):
    """``pd.DataFrame(trainer.state.log_history).to_csv``: training rows, an eval row per epoch, the summary row, and
    ``trainer.evaluate()`` after training repeating the last evaluation (only its runtime differs)."""
    pd = pytest.importorskip("pandas")
    model, crit = _model()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    data, val = _batches(10), _batches(2, seed=4)
    history, step, losses = [], 0, []
    for epoch in range(2):
        for x, y in data:
            opt.zero_grad()
            loss = crit(model(x), y)
            loss.backward()
            opt.step()
            step += 1
            losses.append(loss.item())
            if step % 5 == 0:
                history.append({"loss": round(loss.item(), 4), "grad_norm": 1.0, "learning_rate": 1e-3,
                                "epoch": step / 10, "step": step})
        with torch.no_grad():
            vloss = sum(crit(model(x), y).item() for x, y in val) / len(val)
        history.append({"eval_loss": vloss, "eval_runtime": 1.5 + epoch, "eval_samples_per_second": 80.0,
                        "epoch": float(epoch + 1), "step": step})
    history.append({"train_runtime": 12.3, "train_samples_per_second": 21.1, "train_steps_per_second": 5.2,
                    "total_flos": 1e12, "train_loss": sum(losses) / len(losses), "epoch": 2.0, "step": step})
    history.append(dict(history[-2], eval_runtime=1.2, eval_samples_per_second=91.0))  # trainer.evaluate() again
    pd.DataFrame(history).to_csv(tmp_path / "training_log.csv", index=False)
    df, warned = _read(tmp_path / "training_log.csv")
    ev = df[df.tag == "eval_loss"].sort_values("step")
    assert ev["step"].tolist() == [10, 20]
    evals = [h["eval_loss"] for h in history if "eval_loss" in h]
    assert len(evals) == 3 and evals[1] == evals[2]
    assert ev["value"].tolist() == pytest.approx(evals[:2])
    assert "train_loss" not in set(df["tag"])  # the summary: out of the curves, as trainer_state.json's
    assert any("repeats line" in w and "training_log.csv" in w for w in warned)


def test_saved_dataframe_index_column_is_no_series(tmp_path):
    pd = pytest.importorskip("pandas")
    rows = _fit_epochs()
    pd.DataFrame(rows).reset_index().to_csv(tmp_path / "training_log.csv", index=False)  # 'index,epoch,...'
    df, warned = _read(tmp_path / "training_log.csv")
    assert set(df["tag"]) == {"train_loss", "val_loss", "lr"}
    assert df[df.tag == "val_loss"].sort_values("step")["value"].tolist() == pytest.approx(
        [r["val_loss"] for r in rows])
    assert any("'index' counts the rows" in w for w in warned)


def test_every_dropped_text_column_is_said(tmp_path):
    pd = pytest.importorskip("pandas")
    rows = [dict(r, model_name="mobilenet_v2", dataset="lfw_subset") for r in _fit_epochs()]
    pd.DataFrame(rows)[["model_name", "dataset", "epoch", "train_loss", "val_loss", "lr"]].to_csv(
        tmp_path / "training_log.csv", index=False)
    df, warned = _read(tmp_path / "training_log.csv")
    assert set(df["tag"]) == {"train_loss", "val_loss", "lr"}
    assert any("'model_name' holds no numbers" in w for w in warned)
    assert any("'dataset' holds no numbers" in w for w in warned)


def test_tf_estimator_eval_dict_loss_is_the_eval_loss_and_its_echo_no_point(tmp_path):
    """tf.estimator's logger (``logging.getLogger('tensorflow')``, BASIC_FORMAT ``INFO:tensorflow:``): the
    LoggingTensorHook's ``loss = %s, step = %s (%.3f sec)``, the evaluation's ``Saving dict for global step %d: %s``
    (``_dict_to_str``: sorted ``k = v`` pairs) and BERT run_classifier's ``***** Eval results *****`` echo."""
    path = tmp_path / "train.log"
    logger = logging.getLogger(f"tensorflow.{path}")
    logger.setLevel(logging.INFO)
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("%(levelname)s:tensorflow:%(message)s"))
    logger.addHandler(handler)
    model, crit = _model()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    data, val = _batches(40), _batches(4, seed=6)
    logger.info("Writing example 0 of 70000")
    logged = []
    for step, (x, y) in enumerate(data):
        opt.zero_grad()
        loss = crit(model(x), y)
        loss.backward()
        opt.step()
        if step % 10 == 0:
            logger.info("loss = %s, step = %d (%.3f sec)" % (loss.item(), step, 14.5) if step else
                        "loss = %s, step = %d" % (loss.item(), step))
            logged.append((step, loss.item()))
    logger.info("Loss for final step: %s." % loss.item())
    with torch.no_grad():
        eval_loss = sum(crit(model(x), y).item() for x, y in val) / len(val)
        acc = sum(float((model(x).argmax(1) == y).float().mean()) for x, y in val) / len(val)
    result = {"eval_accuracy": acc, "eval_loss": eval_loss, "global_step": 40, "loss": eval_loss * 1.001}
    logger.info("Saving dict for global step %d: %s" % (40, ", ".join(f"{k} = {v}" for k, v in sorted(
        result.items()))))
    logger.info("***** Eval results *****")
    for k in sorted(result):
        logger.info("  %s = %s", k, str(result[k]))
    logger.removeHandler(handler)
    handler.close()
    df, _ = _read(path)
    loss = df[df.tag == "loss"].sort_values("step")
    assert loss["step"].tolist() == [s for s, _ in logged]  # the eval dict's 'loss' is no training point
    assert loss["value"].tolist() == pytest.approx([v for _, v in logged])
    for tag, value in (("eval_loss", eval_loss), ("eval_accuracy", acc)):
        got = df[df.tag == tag]
        assert got["step"].tolist() == [40] and got["value"].tolist() == pytest.approx([value])  # one point each


def test_tqdm_bar_per_epoch_described_epoch_of_epochs_one_run_per_fold(tmp_path):
    """``tqdm(loader, desc=f"[fold_{k}] {epoch:03d}/{epochs}")`` with ``set_postfix(loss=...)``, one bar per epoch,
    folds one after another (spine-segformer-3d-class's LOOCV loop): a run per fold, at epoch-major steps."""
    tqdm = pytest.importorskip("tqdm").tqdm
    path = tmp_path / "train_log.txt"
    epochs, folds, data = 3, 2, _batches(4)
    last = {}
    with open(path, "w") as f:
        for fold in range(folds):
            model, crit = _model()
            opt = torch.optim.SGD(model.parameters(), lr=0.1)
            print(f"  FOLD {fold}", file=f)
            for epoch in range(1, epochs + 1):
                bar = tqdm(data, desc=f"[fold_{fold}] {epoch:03d}/{epochs}", file=f, mininterval=0, ncols=100)
                for i, (x, y) in enumerate(bar, start=1):
                    opt.zero_grad()
                    loss = crit(model(x), y)
                    loss.backward()
                    opt.step()
                    bar.set_postfix(loss=f"{loss.item():.4f}")
                    last[(fold, (epoch - 1) * len(data) + i)] = round(loss.item(), 4)
                bar.close()
    runs = discover(str(path))
    assert len(runs) == folds
    df, _ = _read(path)
    for k, run in enumerate(sorted(set(df["dir"]))):
        loss = df[(df.dir == run) & (df.tag == "loss")].sort_values("step")
        assert loss["step"].max() == epochs * len(data)
        ends = loss[loss.step % len(data) == 0]  # each epoch's last redraw: its last batch's loss
        assert ends["step"].tolist() == [e * len(data) for e in range(1, epochs + 1)]
        assert ends["value"].tolist() == pytest.approx([last[(k, s)] for s in ends["step"]], abs=1e-4)
