"""readers33b: loader faults the forty-eighth blind labeller found, fixed by kind; each log written here by a tiny real
torch training loop in the public log's own shape (the print/logging lines of the public script, a few lines quoted
with their source: eval/public/SOURCES.tsv), never the held-out files themselves.

1. Haodan2401/densenet (0a03cf4) ``results/train.log``: a restarting ``[Batch: N]`` counter closed by epoch footer lines,
   a second training printing only its footers (``_joblog_footer``).
2. uncertain-factor/occluded-person-reid (6434e8c) ``logs/train_log.txt``: CLIP-ReID's ``Epoch[1] Iteration[16/32]``
   counters and ``Validation Results`` / ``mAP:`` / ``CMC curve, Rank-1  :`` blocks (``_joblog_reid``).
3. CLong05/SkinDiseaseDiagnosis (bc65e3d) ``logs/*/train_log.txt``: ``train_log INFO: fold[1/5] epoch[10/100] ..`` and
   ``train_log INFO: val accuracy: ..``; jamie0725/DLNLP-Project (e9df07a) ``LSTM/results/train.log``: ``+ Validation
   accuracy: 0.359`` under ``MODEL VALIDATING``.
4. Ismayil92/gesture_recognition (f87f328) ``results/train.log`` + ``results/val.log`` (3D-ResNets loggers): one run.
5. Cheralia/PC-Transformers (ba112cc) ``logs/training.log``: ``Epoch k/20 | Train Energy: .. | Val Energy: ..``.
6. bob80333/comp5300_final_project (d81abd1) ``logs/train_log.txt``: ``Epoch 0`` then one bare loss a line.
"""
from __future__ import annotations


import pytest

from loganalyzer import discover

torch = pytest.importorskip("torch")

from _runs import dir_series, read_resolved  # noqa: E402


class _Classifier:
    """A tiny real classifier (a linear layer on blobs): ``step()`` trains one batch and returns its loss,
    ``evaluate()`` the held-out loss and accuracy."""

    def __init__(self, seed: int, classes: int = 4, lr: float = 0.05):
        torch.manual_seed(seed)
        self.x = torch.randn(256, 6)
        self.y = (self.x[:, :2].sum(1) > 0).long() + 2 * (self.x[:, 2] > 0).long()
        self.y = self.y % classes
        self.model = torch.nn.Linear(6, classes)
        self.opt = torch.optim.SGD(self.model.parameters(), lr=lr)
        self.i = 0

    def step(self) -> float:
        j = (self.i * 16) % 192
        self.i += 1
        loss = torch.nn.functional.cross_entropy(self.model(self.x[j:j + 16]), self.y[j:j + 16])
        self.opt.zero_grad()
        loss.backward()
        self.opt.step()
        return loss.item()

    def evaluate(self) -> tuple[float, float]:
        with torch.no_grad():
            out = self.model(self.x[192:])
            return (torch.nn.functional.cross_entropy(out, self.y[192:]).item(),
                    (out.argmax(1) == self.y[192:]).float().mean().item())


# --- 1. a restarting batch counter closed by epoch footers


def _densenet_log(batches: int = 40, every: int = 10, epochs: int = 3) -> tuple[str, list, list]:
    """The densenet train.log's shape: per view a ``<<< Training & Evaluating (frt) >>>`` header, initial validation
    lines, ``[Batch:  1000] loss: 29.017`` every ``every`` batches (a running sum: the batch counter starts again
    each epoch), then ``Epoch 1 [IMPR] loss = 0.502`` and ``Training loss: 0.433, Valid loss: 0.502``; the lateral
    training of the public log prints no batch lines."""
    lines, valid = [], {"frt": [], "lat": []}
    for view in ("frt", "lat"):
        m = _Classifier(0 if view == "frt" else 1)
        lines.append(f"<<< Training & Evaluating ({view}) >>>")
        lines.append(f"Initial valid loss (overall): {m.evaluate()[0]:.3f}")
        lines.append(f"Initial valid loss Card: {m.evaluate()[0]:.3f}")
        lines.append("")
        for epoch in range(1, epochs + 1):
            running = 0.0
            for b in range(1, batches + 1):
                running += m.step()
                if view == "frt" and b % every == 0:
                    lines.append(f"[Batch: {b:5d}] loss: {running:.3f}")
            v = m.evaluate()[0]
            valid[view].append(round(v, 3))
            lines.append(f"Epoch {epoch} [IMPR] lossv Card = {v:.3f}")
            lines.append(f"Epoch {epoch} [IMPR] loss = {v:.3f}")
            lines.append(f"Training loss: {running / batches:.3f}, Valid loss: {v:.3f}")
        lines.append("")
    lines.append("<<< Model Trained >>>")
    return "\n".join(lines) + "\n", valid["frt"], valid["lat"]


def test_restarting_batch_counter_closed_by_epoch_footers_is_one_training_per_header(tmp_path):
    text, frt, lat = _densenet_log()
    (tmp_path / "train.log").write_text(text)
    assert [r.id for r in discover(tmp_path)] == ["train.log#1", "train.log#2"]  # was 3 runs, split per epoch
    frame, _ = read_resolved(tmp_path)
    steps, _ = dir_series(frame, "train.log#1", "loss")
    assert steps == sorted(steps) and len(set(steps)) == 12 and steps[-1] == 120  # 10..40, then on after 40
    steps, values = dir_series(frame, "train.log#1", "Valid_loss")
    assert steps == [40, 80, 120] and values == pytest.approx(frt)  # each epoch at its last batch, not all at 40
    steps, values = dir_series(frame, "train.log#2", "Valid_loss")
    assert steps == [1, 2, 3] and values == pytest.approx(lat)  # the lateral training: its epochs, a run of its own
    assert dir_series(frame, "train.log#2", "val_loss_Card")[0] == [0]  # its initial validation opens it
    assert dir_series(frame, "train.log#1", "val_loss_Card")[0] == [0]


def test_a_counter_going_on_across_footers_is_left_as_printed(tmp_path):
    m, lines = _Classifier(2), []
    for epoch in range(1, 4):
        for b in range(1, 4):
            lines.append(f"[Batch: {(epoch - 1) * 3 + b:5d}] loss: {m.step():.3f}")
        lines.append(f"Epoch {epoch} [IMPR] loss = {m.evaluate()[0]:.3f}")
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    frame, _ = read_resolved(tmp_path)
    assert dir_series(frame, "train.log", "loss")[0] == list(range(1, 10))


# --- 2. CLIP-ReID's two stages and evaluation blocks


def test_reid_validation_blocks_are_read_at_the_iteration_before(tmp_path):
    """CLIP-ReID's ``do_train_stage2`` logger: ``Epoch[1] Iteration[16/54] Loss: 28.839, Acc: 0.629, Base Lr: 9.50e-06``
    and every EVAL_PERIOD epochs ``Validation Results - Epoch: 20`` / ``mAP: 94.0%`` / ``CMC curve, Rank-1  :93.0%``."""
    m, lines, stamp = _Classifier(3), [], "2024-06-02 08:47:07,037 transreid.train INFO: "
    lines.append(stamp + "start training stage1")
    for epoch in range(1, 5):
        for it in (16, 32):
            lines.append(stamp + f"Epoch[{epoch}] Iteration[{it}/32] Loss: {m.step():.3f}, Base Lr: 7.80e-05")
    lines.append(stamp + "start training")
    maps, m = [], _Classifier(13, lr=0.02)  # stage 2: another objective (the ID, triplet and i2t terms summed: here
    for epoch in range(1, 7):  # the weighted sum of the cross-entropy and the logits' squared size), far above stage 1's
        for it in (16, 32, 48):
            loss = 8 * m.step() + m.model(m.x[:16]).pow(2).mean().item()
            lines.append(stamp + f"Epoch[{epoch}] Iteration[{it}/54] Loss: {loss:.3f}, Acc: 0.500, "
                                 f"Base Lr: 9.50e-06")
        lines.append(stamp + f"Epoch {epoch} done. Time per batch: 0.436[s] Speed: 34.4[samples/s]")
        if epoch % 3 == 0:
            acc = 100 * m.evaluate()[1]
            maps.append(round(acc, 1))
            lines.append(stamp + f"Validation Results - Epoch: {epoch}")
            lines.append(stamp + f"mAP: {acc:.1f}%")
            for k, extra in ((1, 0.0), (5, 1.5), (10, 2.5)):
                lines.append(stamp + f"CMC curve, Rank-{k:<3}:{min(100.0, acc + extra):.1f}%")
    (tmp_path / "train_log.txt").write_text("\n".join(lines) + "\n")
    frame, _ = read_resolved(tmp_path)
    runs = sorted(frame.dir.unique())
    assert runs == ["train_log.txt#1", "train_log.txt#2"]  # stage 1 and stage 2: two objectives, not one 'Loss'
    steps, values = dir_series(frame, "train_log.txt#2", "val_mAP")
    assert values == pytest.approx(maps) and steps == [2 * 54 + 48, 5 * 54 + 48]  # epoch 3's and 6's last iteration
    assert len(dir_series(frame, "train_log.txt#2", "val_rank1")[0]) == 2
    steps, _ = dir_series(frame, "train_log.txt#1", "Loss")
    assert steps == [16, 32, 48, 64, 80, 96, 112, 128]  # iterations, not a count of printed lines


# --- 3. validation values on a line of their own


def test_val_accuracy_behind_a_logger_name_is_read_at_its_epoch(tmp_path):
    """SkinDiseaseDiagnosis: ``logging.Formatter('%(asctime)s %(name)s %(levelname)s: %(message)s')``, ``fold[1/5]
    epoch[10/100] loss: 2.217245 train accuracy: 0.500000`` each epoch, ``val accuracy: 0.258125`` every 5."""
    m, lines, accs = _Classifier(4), [], []
    for epoch in range(1, 11):
        loss = sum(m.step() for _ in range(4)) / 4
        lines.append(f"2022-04-21 13:29:20,706 train_log INFO: fold[1/5] epoch[{epoch}/10] loss: {loss:.6f} "
                     f"train accuracy: {m.evaluate()[1]:.6f}")
        if epoch % 5 == 0:
            accs.append(round(m.evaluate()[1], 6))
            lines.append(f"2022-04-21 13:32:37,420 train_log INFO: val accuracy: {accs[-1]:.6f}")
    (tmp_path / "train_log.txt").write_text("\n".join(lines) + "\n")
    frame, _ = read_resolved(tmp_path)
    assert dir_series(frame, "train_log.txt", "loss")[0] == list(range(1, 11))
    steps, values = dir_series(frame, "train_log.txt", "val_accuracy")
    assert steps == [5, 10] and values == pytest.approx(accs)


def test_bulleted_validation_accuracy_is_read_at_the_step_before(tmp_path):
    """DLNLP-Project: ``Train step: 100/1440, Train loss: 1.466145, Train accuracy: 0.359`` every 10 steps, every 100
    ``=============== MODEL VALIDATING ===============`` / ``Testing on 1020 data:`` / ``+ Validation accuracy: ..``."""
    m, lines, accs = _Classifier(5), [], []
    for step in range(10, 310, 10):
        loss = sum(m.step() for _ in range(2)) / 2
        lines.append(f"Train step: {step}/300, Train loss: {loss:.6f}, Train accuracy: {m.evaluate()[1]:.3f}")
        if step % 100 == 0:
            accs.append(round(m.evaluate()[1], 3))
            lines += ["=============== MODEL VALIDATING ===============", "Testing on 64 data:",
                      f"+ Validation accuracy: {accs[-1]:.3f}"]
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    frame, _ = read_resolved(tmp_path)
    steps, values = dir_series(frame, "train.log", "Validation_accuracy")
    assert steps == [100, 200, 300] and values == pytest.approx(accs)


# --- 4. 3D-ResNets train.log + val.log


def _resnets3d_logs(tmp_path, val_header: str = "epoch\tloss\tprec1\tprec5") -> tuple[list, list]:
    """3D-ResNets' ``Logger(os.path.join(opt.result_path, 'train.log'), ['epoch', 'loss', 'prec1', 'prec5', 'lr'])``
    and ``Logger(..., 'val.log', ['epoch', 'loss', 'prec1', 'prec5'])``: csv.writer(delimiter='\\t') rows."""
    m, train, val = _Classifier(6), ["epoch\tloss\tprec1\tprec5\tlr"], [val_header]
    tl, vl = [], []
    for epoch in range(1, 8):
        loss = sum(m.step() for _ in range(6)) / 6
        v, acc = m.evaluate()
        tl.append(round(loss, 6))
        vl.append(round(v, 6))
        train.append(f"{epoch}\t{loss:.6f}\t{100 * acc:.4f}\t{100.0:.4f}\t0.04")
        val.append(f"{epoch}\t{v:.6f}\t{100 * acc:.4f}\t{100.0:.4f}")
    (tmp_path / "train.log").write_text("\r\n".join(train) + "\r\n")
    (tmp_path / "val.log").write_text("\r\n".join(val) + "\r\n")
    return tl, vl


def test_resnets3d_train_and_val_logs_are_one_run(tmp_path):
    tl, vl = _resnets3d_logs(tmp_path)
    assert [r.id for r in discover(tmp_path)] == ["train.log"]
    frame, _ = read_resolved(tmp_path)
    assert dir_series(frame, "train.log", "train_loss")[1] == pytest.approx(tl)
    steps, values = dir_series(frame, "train.log", "val_loss")
    assert steps == list(range(1, 8)) and values == pytest.approx(vl)


def test_split_logs_whose_columns_are_not_one_writers_stay_apart(tmp_path):
    _resnets3d_logs(tmp_path, val_header="epoch\tloss\tmAP\trecall")  # not a subset of the training's columns
    assert sorted(r.id for r in discover(tmp_path)) == ["train.log", "val.log"]


# --- 5. Energy-named epoch lines


def test_energy_named_epoch_lines_are_read_as_the_loss(tmp_path):
    """PC-Transformers' ``logger.info(f"Epoch {epoch+1}/{num_epochs} | Train Energy: {train_energy:.4f} | Train
    Perplexity: {train_ppl:.4f} | Val Energy: ... | Val Perplexity: ...")`` and per-batch ``  Batch 10/165 | Batch
    Energy: 1.4454 | Perplexity: 1157.8436`` behind Python logging's ``%(asctime)s - %(levelname)s - `` prefix."""
    m, lines, train = _Classifier(7), [], []
    stamp = "2025-11-20 13:45:08,427 - INFO - "
    lines.append(stamp + "========== Training started ==========")
    for epoch in range(1, 6):
        lines.append(stamp + f"Epoch {epoch}/5")
        losses = []
        for b in range(1, 31):
            losses.append(m.step())
            if b % 10 == 0:
                lines.append(stamp + f"  Batch {b}/30 | Batch Energy: {losses[-1]:.4f} | Perplexity: "
                                     f"{2.718 ** losses[-1]:.4f}")
        e, v = sum(losses) / len(losses), m.evaluate()[0]
        train.append(round(e, 4))
        lines.append(stamp + f"Epoch {epoch}/5 | Train Energy: {e:.4f} | Train Perplexity: {2.718 ** e:.4f} | "
                             f"Val Energy: {v:.4f} | Val Perplexity: {2.718 ** v:.4f}")
    (tmp_path / "training.log").write_text("\n".join(lines) + "\n")
    frame, said = read_resolved(tmp_path)
    steps, values = dir_series(frame, "training.log", "Train_loss")
    assert steps == [1, 2, 3, 4, 5] and values == pytest.approx(train)
    assert dir_series(frame, "training.log", "Val_loss")[0] == [1, 2, 3, 4, 5]
    assert any("'Energy' values" in w and "read as the loss" in w for w in said)


def test_an_energy_figure_is_no_loss(tmp_path):
    (tmp_path / "train.log").write_text("Epoch 1 | energy: 3.2 kWh\nfinished\n")
    frame, _ = read_resolved(tmp_path)
    assert frame.empty


# --- 6. bare losses under epoch headers


def test_bare_losses_under_epoch_headers_are_the_batch_losses(tmp_path):
    """comp5300_final_project: ``print(f"Epoch {epoch}", file=f)`` then ``print(loss.item(), file=f)`` after every
    batch, ``Done!`` at the end (the public log: 255 losses an epoch, 3 epochs)."""
    m, lines, losses = _Classifier(8), [], []
    for epoch in range(3):
        lines.append(f"Epoch {epoch}")
        for _ in range(12):
            losses.append(m.step())
            lines.append(repr(losses[-1]))
    lines.append("Done!")
    (tmp_path / "train_log.txt").write_text("\n".join(lines) + "\n")
    frame, said = read_resolved(tmp_path)
    steps, values = dir_series(frame, "train_log.txt", "loss")
    assert values == pytest.approx(losses)
    assert steps == [e * 12 + k for e in range(3) for k in range(1, 13)]
    assert any("bare numbers" in w and "guessed" in w for w in said)


def test_one_bare_number_under_each_header_stays_unread(tmp_path):
    m = _Classifier(9)
    (tmp_path / "train_log.txt").write_text("".join(f"Epoch {e}\n{m.step()}\n" for e in range(4)))
    frame, _ = read_resolved(tmp_path)
    assert frame.empty
