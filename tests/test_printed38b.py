"""printed38b: printed-log faults of the opened blind sets 66 and 68.

- medqa66 ``train_log.txt`` (a Chinese classifier's log saved in GBK on Windows): ``当前Batch：10/6035 |
  当前epoch:0/50 | 当前损失值：10.113 | 当前准确率：0.00%``. Many of its GBK characters are valid UTF-8 pairs by chance,
  so the file was refused as binary data; and no line held an English loss word. Now it is read as GB18030 (a
  warning says so) and its Chinese keys in English (``_cjk_keys``).
- pinnburgers66 ``log.txt``: DeepXDE's ``Step  Train loss  Test loss  Test metric`` table (``_joblog_deepxde``).
- jde68 ``log_train*.txt``: JDE's / ultralytics-yolov3 (2019) ``Epoch Batch .. total nTargets time`` rows behind a
  logging prefix, no CSV (``_joblog_epochbatch``).
- ocl68 ``train.out`` / mlproj68 ``trainlog.txt``: a counter restarting under a header counting up is one run
  (``_joblog_chunks``); ``mem avg. loss`` beside ``avg. loss`` two series (``_progress_uncut.owner_given_back``).
- deepmiml68 ``train.log``: lines under ``Display ... at (epoch N, total_steps M)`` at M (``_joblog_phasestep``).

Each log text is printed here by a real tiny torch training in the script's own print format.
"""
from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from loganalyzer import discover  # noqa: E402
from loganalyzer.readers import _legacy_text  # noqa: E402
from loganalyzer.scan import scan  # noqa: E402
from test_readers20a import _read, _series  # noqa: E402


def _classifier(steps: int, seed: int = 0):
    """(cross-entropy, accuracy %) of each step of a tiny softmax classifier on separable blobs."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(256, 8, generator=g)
    y = (x[:, 0] + x[:, 1] > 0).long() + 2 * (x[:, 2] > 0).long()
    torch.manual_seed(seed)
    model = torch.nn.Linear(8, 4)
    opt = torch.optim.SGD(model.parameters(), lr=0.2)
    for _ in range(steps):
        out = model(x)
        loss = torch.nn.functional.cross_entropy(out, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        yield loss.item(), (out.argmax(1) == y).float().mean().item() * 100


def test_gbk_log_with_chinese_keys_is_read(tmp_path):
    epochs, batches, every = 3, 60, 10
    lines = ["模型训练开始，起始时间：2024-07-13 06:23:43.091239"]
    printed = {}
    stream = _classifier(epochs * batches)
    for epoch in range(epochs):
        for batch in range(1, batches + 1):
            loss, acc = next(stream)
            if batch % every == 0:
                lines.append(f"当前Batch：{batch}/{batches} | 当前epoch:{epoch}/50 | 当前损失值：{round(loss, 4)} | "
                             f"当前准确率：{acc:.2f}%")
                printed[epoch * batches + batch] = round(loss, 4)
        lines.append("最佳模型保存成功！")
    path = tmp_path / "train_log.txt"
    path.write_bytes(("\n".join(lines) + "\n").encode("gbk"))
    assert _legacy_text.to_utf8(path.read_bytes()) is not None
    assert [r.id for r in discover(str(tmp_path))] == ["train_log.txt"]
    df, warned = _read(tmp_path)
    assert sorted(df.tag.unique()) == ["accuracy", "loss"]
    assert _series(df, "loss") == (list(printed), list(printed.values()))
    assert any("read as GB18030" in w for w in warned)
    (run,) = scan([str(tmp_path)]).runs
    assert run.verdict not in (None, "unknown")


def test_utf8_chinese_log_with_a_few_bad_bytes_stays_utf8(tmp_path):
    """A UTF-8 log of Chinese keys with one line damaged (a cp936 byte pair) is no GBK text: read as UTF-8 (no
    GB18030 note). Its only loss is named in Chinese (no ``loss`` word in the file), so its keys are put in English
    as a UTF-8 log's whose loss only a Chinese key names (printed40b, ``_cjk_keys.loss_only``); a UTF-8 log printing
    an English loss keeps its Chinese keys as read (tests/test_printed40b.py)."""
    lines = [f"第{k}轮 | 训练损失：{loss:.4f}" for k, (loss, _) in enumerate(_classifier(30))]
    data = ("\n".join(lines) + "\n").encode("utf-8").replace("第3轮".encode(), "第3轮".encode("gbk"))
    assert _legacy_text.to_utf8(data) is None
    path = tmp_path / "train.log"
    path.write_bytes(data)
    df, warned = _read(tmp_path)
    assert _series(df, "train_loss")[1] == [round(loss, 4) for loss, _ in _classifier(30)]
    assert not any("GB18030" in w for w in warned)


def _pinn(steps: int, seed: int = 0):
    """(residual MSE, boundary MSE) of each step of a tiny PINN for u'' = -sin(x) on [0, pi], u(0) = u(pi) = 0."""
    torch.manual_seed(seed)
    net = torch.nn.Sequential(torch.nn.Linear(1, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1))
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    x = torch.linspace(0, 3.1416, 32).unsqueeze(1).requires_grad_(True)
    edge = torch.tensor([[0.0], [3.1416]])
    for _ in range(steps):
        u = net(x)
        du = torch.autograd.grad(u.sum(), x, create_graph=True)[0]
        ddu = torch.autograd.grad(du.sum(), x, create_graph=True)[0]
        pde, bc = ((ddu + torch.sin(x)) ** 2).mean(), (net(edge) ** 2).mean()
        opt.zero_grad()
        (pde + bc).backward()
        opt.step()
        yield pde.item(), bc.item()


def _list_to_str(nums) -> str:  # deepxde/display.py
    return "[" + ", ".join(f"{x:.2e}" for x in nums) + "]"


def _deepxde_table(rows: list[tuple[int, list]]) -> list[str]:
    """deepxde/display.py TrainingDisplay: header and rows through print_one ('{:{l1}s}{:{l2}s}{:{l3}s}{:{l4}s}',
    l1 = 10, the others len(list_to_str(..)) + 4 of the first row), then the 'Best model' summary."""
    width = len(_list_to_str(rows[0][1])) + 4

    def one(a, b, c, d):
        return f"{a:10s}{b:{width}s}{c:{width}s}{d:6s}"

    lines = ["Training model...", "", one("Step", "Train loss", "Test loss", "Test metric")]
    lines += [one(str(s), _list_to_str(t), _list_to_str(t), "[]") for s, t in rows]
    best_step, best = min(rows, key=lambda r: sum(r[1]))
    lines += ["", f"Best model at step {best_step}:", f"  train loss: {sum(best):.2e}", f"  test loss: {sum(best):.2e}",
              "  test metric: []", "", "'train' took 1.23 s", ""]
    return lines


def test_deepxde_table_is_read_as_summed_losses(tmp_path):
    rows = [(s, [round(float(f"{v:.2e}"), 12) for v in terms]) for s, terms in enumerate(_pinn(401)) if s % 20 == 0]
    lbfgs = [(400 + k, rows[-1][1]) for k in range(0, 40, 4)]  # an L-BFGS model.train() that moved nothing
    lines = ["Compiling model...", "'compile' took 1.176812 s", ""] + _deepxde_table(rows)
    lines += ["Compiling model...", "'compile' took 0.000443 s", ""] + _deepxde_table(lbfgs)
    (tmp_path / "log.txt").write_text("\n".join(lines) + "\n")
    assert [r.id for r in discover(str(tmp_path))] == ["log.txt"]
    df, _ = _read(tmp_path)
    assert sorted(df.tag.unique()) == ["test_loss", "train_loss"]
    steps, values = _series(df, "train_loss")
    assert steps == [s for s, _ in rows] + [s for s, _ in lbfgs[1:]]
    assert values[:len(rows)] == [round(sum(t), 4) for _, t in rows]
    (run,) = scan([str(tmp_path)]).runs
    assert run.verdict not in (None, "unknown")


def _jde_lines(epochs: int, batches: int, every: int, terms: tuple, prefix) -> tuple[list, dict]:
    """JDE's / ultralytics-yolov3 (2019) train.py: ('%8s%12s' + '%10s' * n) header each epoch, then every ``every``
    batches ('%8s%12s' + '%10.3g' * n) of 'epoch/epochs-1', 'i/len-1', the running means, nTargets and the batch
    time; a test block ('Image Total P R mAP') after each epoch. ``prefix``: the logger's line prefix."""
    n = len(terms) + 3
    lines, totals = [], {}
    stream = _classifier(epochs * batches)
    for epoch in range(epochs):
        lines.append(prefix() + ("%8s%12s" + "%10s" * n) % ("Epoch", "Batch", *terms, "total", "nTargets", "time"))
        mean = 0.0
        for i in range(batches):
            loss, _ = next(stream)
            mean = (mean * i + loss) / (i + 1)
            if i % every == 0:
                parts = [mean * (k + 1) / 10 for k in range(len(terms))]
                lines.append(prefix() + ("%8s%12s" + "%10.3g" * n) % (f"{epoch}/{epochs - 1}", f"{i}/{batches - 1}",
                                                                      *parts, mean, 82.0 + i % 3, 7.1))
                totals[epoch * batches + i] = float("%.3g" % mean)
        lines += ["      Image      Total          P          R        mAP",
                  "         32      30353          0          0          0       2.14s"]
    return lines, totals


def test_jde_table_behind_a_logging_prefix_is_read_at_epoch_and_batch(tmp_path):
    import logging

    path = tmp_path / "log_train.txt"
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("%(asctime)s [%(levelname)s]: %(message)s", "%Y-%m-%d %H:%M:%S"))
    logger = logging.getLogger("printed38b.jde")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    record = logging.LogRecord("printed38b.jde", logging.INFO, __file__, 1, "", None, None)
    stamp = handler.formatter.format(record)  # the logger's own prefix, for the rows written with it
    lines, totals = _jde_lines(4, 30, 5, ("box", "conf", "id"), lambda: stamp)
    for line in lines:
        (logger.info(line[len(stamp):]) if line.startswith(stamp) else handler.stream.write(line + "\n"))
    handler.close()
    logger.removeHandler(handler)
    assert [r.id for r in discover(str(tmp_path))] == ["log_train.txt"]
    df, _ = _read(tmp_path)
    assert sorted(df.tag.unique()) == ["box_loss", "conf_loss", "id_loss", "targets", "total_loss"]
    assert _series(df, "total_loss") == (list(totals), [round(v, 4) for v in totals.values()])
    (run,) = scan([str(tmp_path)]).runs
    assert run.verdict not in (None, "unknown")


def test_yolov3_2019_table_is_read(tmp_path):
    lines, totals = _jde_lines(3, 40, 10, ("xy", "wh", "conf", "cls"), lambda: "")
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    df, _ = _read(tmp_path)
    assert sorted(df.tag.unique()) == ["cls_loss", "conf_loss", "targets", "total_loss", "wh_loss", "xy_loss"]
    assert _series(df, "total_loss") == (list(totals), [round(v, 4) for v in totals.values()])


def test_continual_learning_tasks_are_one_run_with_two_losses(tmp_path):
    """RaptorMai/online-continual-learning (experiment/run.py, agents/exp_replay.py): per task a banner
    '-----------run 0 training batch k-------------', 'size: (...)', then every 100 iterations
    '==>>> it: i, avg. loss: x, running train acc: a' and '==>>> it: i, mem avg. loss: y, running mem acc: b'; the
    task's accuracies after it. The iteration counts from 1 in every task: one training, two losses."""
    tasks, iters = 4, 250
    lines = ["Namespace(agent='ER', batch=10, epoch=1, num_tasks=4)", "Setting up data stream", "buffer has 50 slots"]
    stream, mem = _classifier(tasks * iters), _classifier(tasks * iters, seed=1)
    new_loss, mem_loss = [], []
    for task in range(tasks):
        lines += [f"-----------run 0 training batch {task}-------------", "size: (450, 84, 84, 3), (450,)"]
        for i in range(iters):
            (loss, acc), (mloss, macc) = next(stream), next(mem)
            if i % 100 == 0:
                lines.append(f"==>>> it: {i + 1}, avg. loss: {loss:.6f}, running train acc: {acc / 100:.3f}")
                lines.append(f"==>>> it: {i + 1}, mem avg. loss: {mloss:.6f}, running mem acc: {macc / 100:.3f}")
                new_loss.append(round(loss, 4))
                mem_loss.append(round(mloss, 4))
        lines.append("[0.073 0.081 0.076 0.066]")
    (tmp_path / "train.out").write_text("\n".join(lines) + "\n")
    assert [r.id for r in discover(str(tmp_path))] == ["train.out"]
    df, warned = _read(tmp_path)
    steps, values = _series(df, "avg._loss")
    assert values == new_loss and _series(df, "mem_avg._loss")[1] == mem_loss
    assert steps == [t * 300 + s for t in range(tasks) for s in (1, 101, 201)]
    assert any("where a header line or the line's own task / stage counter counted up" in w for w in warned)


def test_epoch_headers_over_restarting_iterations_are_one_run(tmp_path):
    """'Training at Epoch #k...' over '\\tIteration:i | Mov Avg Loss:x' restarting at 0 each epoch (a super-resolution
    trainer): one run; a header not counting on ('Epoch #1' after '#3': a relaunch from the start) still splits."""
    lines, values = ["Model created. New start. Good Luck!"], []
    stream = _classifier(5 * 40)
    for k, epoch in enumerate(list(range(4)) + [1]):
        if k == 4:  # a new process: a fresh model, from its first loss again
            stream = _classifier(40)
        lines.append(f"Training at Epoch #{epoch}...")
        for i in range(40):
            loss, _ = next(stream)
            if i % 10 == 0:
                lines.append(f"\tIteration:{i} | Mov Avg Loss:{loss:.4f}")
                values.append(round(loss, 4))
        lines += ["Model saved.", "----------"]
    (tmp_path / "trainlog.txt").write_text("\n".join(lines) + "\n")
    assert [r.id for r in discover(str(tmp_path))] == ["trainlog.txt#1", "trainlog.txt#2"]
    df, _ = _read(tmp_path)
    first = df[df.dir.str.endswith("#1")]
    assert _series(first, "Mov_Avg_Loss") == (list(range(0, 160, 10)), values[:16])


def test_same_banner_again_is_no_chunk(tmp_path):
    """Two trainings under the same banner (nothing counting up) stay two runs."""
    lines = []
    for _ in range(2):
        lines.append("----- training model resnet18 (seed 7) -----")
        lines += [f"it: {i}, loss: {loss:.4f}" for i, (loss, _) in enumerate(_classifier(30)) if i % 5 == 0]
    (tmp_path / "train.out").write_text("\n".join(lines) + "\n")
    assert len(discover(str(tmp_path))) == 2


def test_display_headers_give_their_total_steps(tmp_path):
    """rhgao/Deep-MIML-Network train.py: 'Display training progress at (epoch %d, total_steps %d)' over 'loss: %s' and
    'mAP: %s', 'Display validation results at (...)' over 'validation mAP is: %s' / 'validation loss is: %s', each
    block closed by 'end of display '. The values are read at the header's total_steps, not at their ordinals."""
    batch, lines, train, valid = 32, ["------------ Options -------------", "display_freq: 2", "-------------- End ----"], {}, {}
    stream, held = _classifier(40), _classifier(40, seed=3)
    for epoch in range(1, 41):
        loss, acc = next(stream)
        vloss, vacc = next(held)
        total = epoch * batch
        if epoch % 2 == 0:
            lines += [f"Display training progress at (epoch {epoch}, total_steps {total})", f"loss: {loss}",
                      f"mAP: {acc / 100}", "end of display ", ""]
            train[total] = round(loss, 4)
        if epoch % 10 == 0:
            lines += [f"Display validation results at (epoch {epoch}, total_steps {total})",
                      f"validation mAP is: {vacc / 100}", f"validation loss is: {vloss}", "end of display ", ""]
            valid[total] = round(vloss, 4)
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    df, _ = _read(tmp_path)
    assert _series(df, "loss") == (list(train), list(train.values()))
    assert _series(df, "val_loss") == (list(valid), list(valid.values()))


def test_a_config_count_one_up_above_each_launch_is_no_chunk(tmp_path):
    # public csta task0.log: a config dump above each launch ('total_classifiers : 1', then ': 2' for the next
    # task's fine-tune, each from epoch 0): two trainings, labelled as two runs -- not an epoch's header counting up
    lines = []
    for task in (1, 2):
        lines += ["INFO:root:", f"Finetuning starting on: 09/02/2025, 0{task}:51:35",
                  "INFO:root:" + "-" * 50, f"INFO:root:current_task : {task - 1}",
                  f"INFO:root:total_adapters : {24 * task}", f"INFO:root:total_classifiers : {task}",
                  f"INFO:root:total_params : {53160051 + 2808541 * (task - 1)}", "INFO:root:" + "-" * 50]
        for epoch, (loss, acc) in enumerate(_classifier(6, seed=task)):
            lines.append(f"INFO:root:Epoch {epoch} - Average Loss: {loss:.4f}, Average Accuracy: {acc:.4f}, "
                         "Samples: 1013")
    (tmp_path / "task0.log").write_text("\n".join(lines) + "\n")
    assert len(discover(str(tmp_path / "task0.log"))) == 2
