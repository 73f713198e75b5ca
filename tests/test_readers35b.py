"""readers35b: reader faults of kinds blind labellers met, each log printed or written by a real tiny torch training
(or the real writer) in the shape of the public file named beside its test.

1. PointNet-family ``log_train.txt`` whose ``----N-----`` / ``----`` chunk markers were read as steps (one run per
   epoch block, train and eval values of different epochs on one step): one run, the epoch the step.
   Sources: APVGITHUB/pointnet (a10f0fb14214af24060864dbdd775855fe0a36ad) log/log_train.txt;
   kargarisaac/PointNet-SemSeg-indoor3d-dataset (aeea1bf3f8060350a7b0dcd4ca23cc7916de62eb) log/log_train.txt;
   dumbitdownjr/pointnet2 (03ab70ff85caa2e8ca0d01599f56b72c2b7e0cb6) log/log_train.txt (`` ---- batch: 050 ----``,
   read before and after: batch steps).
5. A CSV header ending in a comma (one empty name more than each row holds) and a last row with no newline: the
   complete last row was dropped as cut short.
6. TensorBoard's "Download CSV" (``Wall time,Step,Value``) read as one series ``Value``: named from the file.
   Source: ShahariarRabby/Attention-Based-Ocr (830a98ea341c65276afdd0942bad42817e2f2ea2) run-.-tag-loss.csv.
"""
from __future__ import annotations

import pytest

from loganalyzer.discover import discover

torch = pytest.importorskip("torch")
F = torch.nn.functional

from test_readers20a import _read, _series  # noqa: E402  (the resolved view and warnings; a tag's points)


class _Cls:
    """A tiny linear classifier on blobs, its data split into ``files`` chunks as PointNet's h5 files:
    ``chunk(i)`` trains over chunk i and returns (mean loss, accuracy), ``evaluate()`` the held-out ones."""

    def __init__(self, seed: int, files: int = 3):
        g = torch.Generator().manual_seed(seed)
        self.x = torch.randn(96 * files + 128, 6, generator=g)
        self.y = ((self.x[:, 0] + self.x[:, 1]) > 0).long() + 2 * (self.x[:, 2] > 0).long()
        torch.manual_seed(seed)
        self.model = torch.nn.Linear(6, 4)
        self.opt = torch.optim.SGD(self.model.parameters(), lr=0.1)
        self.files = files

    def chunk(self, i: int) -> tuple[float, float]:
        losses, hits = [], 0
        for b in range(96 * i, 96 * (i + 1), 32):
            out = self.model(self.x[b:b + 32])
            loss = F.cross_entropy(out, self.y[b:b + 32])
            self.opt.zero_grad()
            loss.backward()
            self.opt.step()
            losses.append(loss.item())
            hits += (out.argmax(1) == self.y[b:b + 32]).sum().item()
        return sum(losses) / len(losses), hits / 96

    def evaluate(self) -> tuple[float, float, float]:
        with torch.no_grad():
            out = self.model(self.x[-128:])
            pred, y = out.argmax(1), self.y[-128:]
            per_class = [((pred == c) & (y == c)).sum().item() / max(1, (y == c).sum().item()) for c in range(4)]
            return F.cross_entropy(out, y).item(), (pred == y).float().mean().item(), sum(per_class) / 4


def _pointnet_log(epochs: int, marker, files: int = 3) -> tuple[str, list, list]:
    """charlesq34/pointnet train.py's ``log_string`` lines: the FLAGS Namespace, per epoch ``**** EPOCH %03d ****``,
    ``marker(fn)`` then ``mean loss: %f`` / ``accuracy: %f`` per training file, ``marker(fn)`` per test file, then
    ``eval mean loss`` / ``eval accuracy`` / ``eval avg class acc``; (text, per-epoch train means, evals)."""
    m = _Cls(5, files)
    lines = [f"Namespace(batch_size=32, decay_rate=0.7, log_dir='log', max_epoch={epochs}, model='pointnet_cls')"]
    train, evals = [], []
    for epoch in range(epochs):
        lines.append("**** EPOCH %03d ****" % epoch)
        chunks = []
        for fn in range(files):
            loss, acc = m.chunk(fn)
            chunks.append((float("%f" % loss), float("%f" % acc)))
            lines += [marker(fn), "mean loss: %f" % loss, "accuracy: %f" % acc]
        train.append(tuple(sum(c[j] for c in chunks) / files for j in (0, 1)))
        lines += [marker(fn) for fn in range(2)]  # the test files' markers
        v = m.evaluate()
        evals.append(tuple(float("%f" % x) for x in v))
        lines += ["eval mean loss: %f" % v[0], "eval accuracy: %f" % v[1], "eval avg class acc: %f" % v[2]]
        if epoch % 10 == 0:
            lines.append("Model saved in file: log/model.ckpt")
    return "\n".join(lines) + "\n", train, evals


@pytest.mark.parametrize("marker", [lambda fn: "----" + str(fn) + "-----", lambda fn: "----"],
                         ids=["pointnet_cls", "sem_seg_bare"])
def test_pointnet_chunk_markers_are_no_steps_one_run_by_epoch(tmp_path, marker):
    text, train, evals = _pointnet_log(12, marker)
    (tmp_path / "log_train.txt").write_text(text)
    assert [r.id for r in discover(str(tmp_path))] == ["log_train.txt"]
    df, warned = _read(tmp_path)
    assert set(df.tag) == {"mean_loss", "accuracy", "eval_mean_loss", "eval_accuracy", "eval_avg_class_acc"}
    epochs = list(range(12))
    assert _series(df, "mean_loss") == (epochs, [round(t[0], 4) for t in train])
    assert _series(df, "accuracy") == (epochs, [round(t[1], 4) for t in train])
    for j, tag in enumerate(("eval_mean_loss", "eval_accuracy", "eval_avg_class_acc")):
        assert _series(df, tag) == (epochs, [round(e[j], 4) for e in evals])
    assert any("chunk markers count data files" in w and "12 epochs" in w for w in warned)


def test_pointnet2_whole_scene_evaluation_is_an_evaluation(tmp_path):
    """pointnet2 scannet/train.py: `` -- %03d / %03d --`` counters, ``---- EPOCH %03d EVALUATION ----`` and
    ``---- EPOCH %03d EVALUATION WHOLE SCENE----`` blocks whose ``eval whole scene ..`` lines are evaluations."""
    m, lines, scene = _Cls(7), [], []
    for epoch in range(4):
        lines.append("**** EPOCH %03d ****" % epoch)
        for fn in range(3):
            loss, acc = m.chunk(fn)
            lines += [" -- %03d / %03d --" % (fn + 1, 3), "mean loss: %f" % loss, "accuracy: %f" % acc]
        v = m.evaluate()
        lines += ["---- EPOCH %03d EVALUATION ----" % epoch, "eval mean loss: %f" % v[0]]
        lines += ["---- EPOCH %03d EVALUATION WHOLE SCENE----" % epoch, "eval whole scene mean loss: %f" % v[0]]
        scene.append((3 * epoch + 3, round(float("%f" % v[0]), 4)))
    (tmp_path / "log_train.txt").write_text("\n".join(lines) + "\n")
    df, _ = _read(tmp_path)
    assert _series(df, "eval_whole_scene_mean_loss") == ([s for s, _ in scene], [v for _, v in scene])
    assert _series(df, "mean_loss")[0] == list(range(1, 13))


# ------------------------------------------------------------------ a header ending in a comma, no last newline


def test_a_complete_last_row_without_newline_under_a_comma_ended_header_is_kept(tmp_path):
    """A hand-written logger: ``f.write(",".join(names) + ",\\n")`` once, then ``",".join(row)`` rows joined by
    newlines, the file closed without a final newline (5 header fields, 4 per row)."""
    net = _Cls(3)
    rows = []
    for epoch in range(1, 7):
        loss, acc = net.chunk(epoch % 3)
        vl, va, _ = net.evaluate()
        rows.append((epoch, round(loss, 4), round(acc, 4), round(vl, 4)))
    text = "epoch,loss,acc,val_loss,\n" + "\n".join(",".join(map(str, r)) for r in rows)
    (tmp_path / "log.csv").write_text(text)
    df, warned = _read(tmp_path)
    assert _series(df, "val_loss") == (list(range(1, 7)), [round(r[3], 4) for r in rows])
    assert not any("cut short" in w for w in warned)
    (tmp_path / "log.csv").write_text(text[:text.rfind(",")])  # now truly cut: a field short of the row above
    df, warned = _read(tmp_path)
    assert _series(df, "val_loss")[0] == [1, 2, 3, 4, 5]
    assert any("cut short" in w for w in warned)


# ------------------------------------------------------------------ TensorBoard's 'Download CSV'


def _tensorboard_csv(logdir, run: str, tag: str) -> str:
    """The CSV TensorBoard's scalars dashboard serves for its download link (ScalarsPlugin.scalars_impl, CSV)."""
    from tensorboard import context
    from tensorboard.backend.event_processing import data_provider, plugin_event_multiplexer
    from tensorboard.plugins import base_plugin
    from tensorboard.plugins.scalar import scalars_plugin
    mux = plugin_event_multiplexer.EventMultiplexer()
    mux.AddRunsFromDirectory(str(logdir))
    mux.Reload()
    provider = data_provider.MultiplexerDataProvider(mux, str(logdir))
    plugin = scalars_plugin.ScalarsPlugin(base_plugin.TBContext(logdir=str(logdir), data_provider=provider,
                                                                multiplexer=mux))
    body, _ = plugin.scalars_impl(context.RequestContext(), tag, run, "", scalars_plugin.OutputFormat.CSV)
    return body


def test_tensorboard_csv_download_is_named_by_its_tag(tmp_path):
    pytest.importorskip("tensorboard")
    from torch.utils.tensorboard import SummaryWriter
    net, logged = _Cls(9), []
    with SummaryWriter(str(tmp_path / "tb" / "train")) as w:
        for step in range(0, 60, 5):
            loss, _ = net.chunk(step % 3)
            w.add_scalar("train/loss", loss, step)
            logged.append((step, loss))
    body = _tensorboard_csv(tmp_path / "tb", "train", "train/loss")
    assert body.splitlines()[0] == "Wall time,Step,Value"
    out = tmp_path / "export"
    out.mkdir()
    (out / "run-train-tag-train_loss.csv").write_text(body)  # the dashboard's file name: '/' written '_'
    (out / "val_loss.csv").write_text(body)  # a download renamed by hand: the stem
    df, warned = _read(out)
    assert set(zip(df.dir, df.tag)) == {("run-train-tag-train_loss.csv", "train_loss"), ("val_loss.csv", "val_loss")}
    assert _series(df, "train_loss") == ([s for s, _ in logged], [round(v, 4) for _, v in logged])
    assert df.wall_time.notna().all()
    assert any("Download CSV" in w for w in warned)


# ------------------------------------------------------------------ 2. evaluation lines counting their own batches


def test_evaluation_lines_with_their_own_batch_counter_are_no_new_runs(tmp_path):
    """A from-scratch loop (the numpy CNN kind: one ``print`` format for training and evaluation batches) printing
    ``batch {i} train loss .. train acc ..`` every 2 batches, then after each epoch ``Epoch {e} evaluation:`` and
    ``batch {i} test loss .. test acc ..`` per evaluation batch (counted from 0 again): was one run per block."""
    net, lines, evals = _Cls(11, files=6), [], []
    for epoch in range(1, 11):
        for fn in range(6):
            loss, acc = net.chunk(fn)
            lines.append(f"batch {fn * 3 + 3} train loss {loss:.4f} train acc {acc:.4f}")
        lines.append(f"Epoch {epoch} evaluation: ")
        v = net.evaluate()
        for b in (1, 2):
            lines.append(f"batch {b} test loss {v[0]:.4f} test acc {v[1]:.4f}")
        evals.append(round(float(f"{v[0]:.4f}"), 4))
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    assert [r.id for r in discover(str(tmp_path))] == ["train.log"]
    df, warned = _read(tmp_path)
    assert set(df.tag) == {"train_loss", "train_acc", "test_loss", "test_acc"}
    steps, values = _series(df, "test_loss")
    assert values == evals
    assert steps == sorted(steps) and steps == _series(df, "train_loss")[0][5::6]  # each after its epoch's training
    assert any("counting their own batches" in w for w in warned)


# ------------------------------------------------------------------ 3. the first loss line past a file listing


def test_a_log_whose_first_loss_line_follows_a_long_file_listing_is_found(tmp_path):
    """A script printing every data file it found (4,000 lines, ~170 KB) before its training lines: the sniff saw
    no progress in the first 64 KiB and the file was no run."""
    net, lines, losses = _Cls(13), [], []
    lines += [f"found data/train/class_{i % 4}/sample_{i:05d}.npy ({4096 + i} bytes)" for i in range(4000)]
    for epoch in range(1, 9):
        loss, acc = net.chunk(epoch % 3)
        lines.append(f"Epoch {epoch}: loss {loss:.4f}, accuracy {acc:.4f}")
        losses.append(round(float(f"{loss:.4f}"), 4))
    (tmp_path / "train_log.txt").write_text("\n".join(lines) + "\n")
    assert (tmp_path / "train_log.txt").stat().st_size > 150_000
    assert [r.id for r in discover(str(tmp_path))] == ["train_log.txt"]
    df, _ = _read(tmp_path)
    assert _series(df, "loss") == (list(range(1, 9)), losses)


def test_a_long_log_named_file_without_progress_says_how_far_it_was_searched(tmp_path):
    (tmp_path / "data_log.txt").write_text("".join(f"copied file_{i:06d}.png\n" for i in range(20000)))
    problems: list = []
    assert discover(str(tmp_path), problems) == []
    warned = [p.message for p in problems]
    size = (tmp_path / "data_log.txt").stat().st_size
    assert any(f"its first {size:,} bytes hold no training progress" in w for w in warned), warned


# ------------------------------------------------------------------ 4. lines garbled by another writer


def test_lines_garbled_by_a_second_writer_give_no_fragment_series(tmp_path):
    """Two ranks printing ``<date> <time> global_Iter: N, training_loss: x, lr: 0.001`` into one file without a
    lock: now and then rank 1's line lands inside rank 0's, cutting it (``2017-06-21 10:00:12 global_Iter: 120,
    trai`` + rank 1's whole line, then ``ning_loss: 1.78, lr: 0.001`` alone)."""
    import random
    rng = random.Random(5)
    ranks = [_Cls(17), _Cls(19)]
    text, cut = [], 0
    for it in range(0, 600, 10):
        lines = []
        for m in ranks:
            loss, _ = m.chunk((it // 10) % 3)
            lines.append(f"2017-06-21 10:{it // 600:02d}:{it // 10 % 60:02d} global_Iter: {it}, "
                         f"training_loss: {loss:.4f}, lr: 0.001")
        if it and rng.random() < 0.12:
            at = rng.randrange(25, len(lines[0]) - 2)
            text += [lines[0][:at] + lines[1], lines[0][at:]]
            cut += 1
        else:
            text += lines
    assert cut >= 4
    (tmp_path / "train.log").write_text("\n".join(text) + "\n")
    assert [r.id for r in discover(str(tmp_path))] == ["train.log"]
    df, warned = _read(tmp_path)
    assert set(df.tag) <= {"training_loss", "lr"}, sorted(set(df.tag))
    steps, _ = _series(df, "training_loss")  # a garbled line is skipped whole: a step may lose both ranks' lines
    assert steps == sorted(set(steps)) and set(steps) <= set(range(0, 600, 10)) and len(steps) >= 60 - cut
    assert any("garbled by another writer" in w and "train.log" in w for w in warned)
