"""readers31: reader faults the forty-fourth and forty-fifth blind labellers found (held-out sets 44, 45), each
printed by a real tiny torch training in the shape of the public file named in its test.

- A trainer printing its summed objective as ``total`` (``[epoch: 17/200, iter: 400/489] total: 1.339633``) and
  ``Validation accuracy: 0.440`` per epoch, no word ``loss`` anywhere: found, 0 rows read.
- A printed torch tensor (``acc: tensor(0.6741, device='cuda:0', dtype=torch.float64)``) read as a series ``cuda`` of
  zeros (the device string), the accuracy lost.
- A CSV history whose first row is an evaluation before training (``0,N/A,1.198`` then ``0,1.200,1.199``) split into
  two runs, ``#1`` holding that one point.
- A test loss printed only when it improved (``get best test loss 3.02493``, ``EarlyStopping counter: 1 out of 8``
  between) and ``Learning Rate for this epoch: 0.001`` not read: the run looked as if it had no validation.
- ``Accuracy on Test-Set: 71.38% (7138 / 10000)`` (a hyphenated split-set name) not read.
- Validation lines under ``epoch 1, phase valid, total step 208`` placed at the last printed training step (200).
- ``Train Loss: 0.0155, Train L1 Loss: 0.6588`` read as ``Train_Loss`` and ``L1_Loss`` (the split of a three-word name
  cut off).
- ``| Train. Acc.: 95.060% | Loss: 0.1574`` and ``| Test. Acc.: 97.430% | Loss: 0.0829`` merged into ``Acc.`` and an
  averaged ``Loss_epoch`` (the abbreviation's dot cut the split off).
"""
from __future__ import annotations

import io

import pytest

from loganalyzer.discover import discover

torch = pytest.importorskip("torch")

from test_readers20a import _read, _series  # noqa: E402  (the resolved view and warnings; a tag's points)


def _batches(epochs: int, per_epoch: int, seed: int = 0):
    """A real tiny torch classifier (4 -> 3) trained by mini-batches: per epoch, ([(iteration, loss)], val acc)."""
    torch.manual_seed(seed)
    x, xv = torch.randn(per_epoch * 8, 4), torch.randn(64, 4)
    y, yv = (x[:, :3].argmax(1)), (xv[:, :3].argmax(1))
    model = torch.nn.Linear(4, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.3)
    out = []
    for _ in range(epochs):
        losses = []
        for i in range(per_epoch):
            loss = torch.nn.functional.cross_entropy(model(x[i * 8:(i + 1) * 8]), y[i * 8:(i + 1) * 8])
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append((i, loss.item()))
        with torch.no_grad():
            vacc = (model(xv).argmax(1) == yv).float().mean().item()
        out.append((losses, vacc))
    return out


# ------------------------------------------------------------------ the objective named 'total', no loss word

# public And1210/FER_SSL train.out (6cad839261667dce30a8b9db9638ef7334953063), epoch 1's end:
#   [epoch: 1/200, iter: 400/489] total: 1.709444
#   [epoch: 1/200, iter: 425/489] total: 1.585262
#   Max Confidence from Epoch [-1, -1, -1, -1, -1, -1, -1]
#   Percentage of used data: 21.25%
#   Validation accuracy: 0.440
#   Saving model at the end of epoch 1
#   End of epoch 1 / 200 	 Time Taken: 359.43022775650024 sec
#   learning rate = 0.0001000


def _fer_log(epochs: int, per_epoch: int = 20, every: int = 5) -> tuple[str, list, list, list]:
    buf = io.StringIO()
    print("Setting up a new session...\nThe number of training samples = 160\nInitializing model...", file=buf)
    steps, losses, vaccs = [], [], []
    for epoch, (batch, vacc) in enumerate(_batches(epochs, per_epoch), 1):
        print("[-1, -1, -1]\n[-1.0, -1.0, -1.0]", file=buf)
        for i, loss in batch:
            if i % every == 0:
                print(f"[epoch: {epoch}/200, iter: {i}/{per_epoch}] total: {loss:.6f} ", file=buf)
                steps.append((epoch - 1) * per_epoch + i)
                losses.append(round(loss, 4))
        print("Max Confidence from Epoch [-1, -1, -1]\nPercentage of used data: 21.25%", file=buf)
        print(f"Validation accuracy: {vacc:.3f}", file=buf)
        print(f"Saving model at the end of epoch {epoch}\nEnd of epoch {epoch} / 200 \t Time Taken: 35.4 sec",
              file=buf)
        print("learning rate = 0.0001000", file=buf)
        vaccs.append(round(vacc, 3))
    return buf.getvalue(), steps, losses, vaccs


def test_total_named_objective_and_its_validation_accuracy(tmp_path):
    """Before: discover listed the file, read_scalars gave 0 rows ('no line names a loss'); now 'total' is the
    training loss at epoch x iterations + iteration, the validation accuracy at its epoch's last training line."""
    text, steps, losses, vaccs = _fer_log(6)
    f = tmp_path / "train.out"
    f.write_text(text)
    assert [r.format for r in discover(str(tmp_path))] == ["joblog"]
    df, warned = _read(f)
    assert _series(df, "total_loss") == (steps, losses)
    assert _series(df, "Validation_accuracy") == ([e * 20 + 15 for e in range(6)], vaccs)
    assert set(df.tag) == {"total_loss", "Validation_accuracy"}
    assert not any("no training progress" in w for w in warned)


def test_total_with_terms_and_step_counter(tmp_path):
    """Sibling: 'iter: 20 total: 2.1 cls: 0.8 reg: 1.3' (a multi-task loop's sum and its terms) at its step."""
    buf = io.StringIO()
    want = []
    for epoch, (batch, _) in enumerate(_batches(3, 10), 0):
        for i, loss in batch:
            step = epoch * 10 + i
            print(f"iter: {step} total: {loss:.4f} cls: {loss * 0.4:.4f} reg: {loss * 0.6:.4f}", file=buf)
            want.append(round(loss, 4))
    f = tmp_path / "job.log"
    f.write_text(buf.getvalue())
    df, _ = _read(f)
    assert _series(df, "total_loss") == (list(range(30)), want)
    assert {"cls", "reg"} <= set(df.tag)


def test_total_without_counter_stays_unread(tmp_path):
    """'total: 12' lines with no epoch/step counter (a file count, a sum of sizes) are no training progress."""
    f = tmp_path / "job.out"
    f.write_text("".join(f"copied shard {i}\ntotal: {i * 3}\n" for i in range(10)))
    df, _ = _read(f)
    assert len(df) == 0


# ------------------------------------------------------------------ printed torch tensors

# public icelandman2/helping_hands classifier/exps/logs/resnet50_adam.md (f244de52b6aaac5fdaf4bd5347a060aa8e17e248):
#   #### Epoch 0/49
#   train loss: 1.22508033083, acc: tensor(0.6741, device='cuda:0', dtype=torch.float64)<br>
#   val loss: 0.290360321677, acc: tensor(0.9393, device='cuda:0', dtype=torch.float64)<br>


def _on_cuda(t) -> str:
    """``str(t)`` of a CPU tensor as the same tensor on the first GPU prints it (``device='cuda:0'`` after the data)."""
    text = str(t)
    return text[:-1] + ", device='cuda:0')" if "dtype" not in text else text.replace(", dtype", ", device='cuda:0', dtype", 1)


def _handsign_log(epochs: int) -> tuple[str, list, list, list]:
    """A real tiny torch classifier whose accuracies are ``running_corrects.double() / n`` tensors, printed as
    helping_hands' loop prints them (Markdown headers and ``<br>``)."""
    torch.manual_seed(1)
    x, xv = torch.randn(96, 4), torch.randn(48, 4)
    y, yv = (x[:, 0] > 0).long(), (xv[:, 0] > 0).long()
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.3)
    buf = io.StringIO()
    print("## Experimental Setup \n{'model_name': resnet50_adam}<br> \n\n\n## Training\n", file=buf)
    losses, accs, vaccs = [], [], []
    for epoch in range(epochs):
        loss = torch.nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            acc = (model(x).argmax(1) == y).sum().double() / len(y)
            vloss = torch.nn.functional.cross_entropy(model(xv), yv)
            vacc = (model(xv).argmax(1) == yv).sum().double() / len(yv)
        print(f"#### Epoch {epoch}/{epochs - 1}", file=buf)
        print(f"train loss: {loss.item()}, acc: {_on_cuda(acc)}<br>", file=buf)
        print(f"val loss: {vloss.item()}, acc: {_on_cuda(vacc)}<br>\n\n", file=buf)
        losses.append(round(loss.item(), 4))
        accs.append(round(acc.item(), 4))
        vaccs.append(round(vacc.item(), 4))
    return buf.getvalue(), losses, accs, vaccs


def test_printed_cuda_tensor_is_its_value(tmp_path):
    """Before: series 'train_cuda' and 'val_cuda' all 0 and no accuracy; now 'train_acc'/'val_acc' per epoch."""
    text, losses, accs, vaccs = _handsign_log(12)
    assert "acc: tensor(" in text and "device='cuda:0', dtype=torch.float64)" in text
    f = tmp_path / "resnet50_adam.md"
    f.write_text(text)
    df, _ = _read(f)
    assert _series(df, "train_loss") == (list(range(12)), losses)
    assert _series(df, "train_acc") == (list(range(12)), accs)
    assert _series(df, "val_acc") == (list(range(12)), vaccs)
    assert not any("cuda" in t for t in set(df.tag))


def test_printed_tensor_siblings(tmp_path):
    """Siblings: a loss printed with its grad_fn (``tensor(0.69, grad_fn=<NllLossBackward0>)``), a one-element list
    (``tensor([0.5])``), a tensor of several numbers on a device (no value, and no 'cuda' series)."""
    torch.manual_seed(2)
    x, y = torch.randn(64, 4), torch.randint(0, 3, (64,))
    model = torch.nn.Linear(4, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.2)
    buf = io.StringIO()
    losses, accs = [], []
    for epoch in range(8):
        loss = torch.nn.functional.cross_entropy(model(x), y)
        acc = (model(x).argmax(1) == y).float().mean().reshape(1)
        per_class = torch.stack([(model(x).argmax(1) == y)[y == k].float().mean() for k in range(2)]).detach()
        print(f"Epoch {epoch} loss: {loss} acc: {acc} per_class: {_on_cuda(per_class)}", file=buf)
        assert "grad_fn=<NllLossBackward0>" in str(loss)
        losses.append(round(loss.item(), 4))
        accs.append(round(acc.item(), 4))
        opt.zero_grad()
        loss.backward()
        opt.step()
    f = tmp_path / "train.log"
    f.write_text(buf.getvalue())
    df, _ = _read(f)
    assert _series(df, "loss") == (list(range(8)), losses)
    assert _series(df, "acc") == (list(range(8)), accs)
    assert not any("cuda" in t or "grad" in t for t in set(df.tag))


# ------------------------------------------------------------------ an evaluation before training in a CSV history

# public dionvou/vesuvius_ink_detection pretraining/training_history_videomae_64_16_8.csv
# (15456820ff3425b75157d3d4050378e63ec77d3b), its head:
#   epoch,train_loss,val_loss
#   0,N/A,1.1982719898223877
#   0,1.2004591226577759,1.1985760927200317
#   1,0.8984994888305664,0.9069603085517883


def _history(sessions: list[tuple[int, int]], seed: int = 0) -> tuple[str, dict]:
    """A real tiny torch regressor trained in sessions (first epoch, end epoch): each evaluates before it trains
    (``N/A`` train loss), as the vesuvius script writes; a session starting above 0 resumes the same model. Returns the
    CSV and, per epoch, the last (train, val) written."""
    torch.manual_seed(seed)
    x, xv = torch.randn(64, 4), torch.randn(32, 4)
    w = torch.randn(4, 1)
    y, yv = x @ w, xv @ w
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    mse = torch.nn.functional.mse_loss
    lines, last = ["epoch,train_loss,val_loss"], {}
    for first, end in sessions:
        if first == 0:  # a training from scratch: the same zero start each time (no chance start near the last loss)
            torch.nn.init.zeros_(model.weight)
            torch.nn.init.zeros_(model.bias)
        with torch.no_grad():
            lines.append(f"{first},N/A,{mse(model(xv), yv).item()}")
        for epoch in range(first, end):
            loss = mse(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            with torch.no_grad():
                val = mse(model(xv), yv).item()
            lines.append(f"{epoch},{loss.item()},{val}")
            last[epoch] = (round(loss.item(), 4), round(val, 4))
    return "\n".join(lines) + "\n", last


def test_evaluation_before_training_is_one_run(tmp_path):
    """Before: runs '#1' (one val point) and '#2'; now one run, the evaluation before training left out with a note,
    epoch 0 holding the epoch's own evaluation."""
    text, last = _history([(0, 12)])
    f = tmp_path / "training_history.csv"
    f.write_text(text)
    runs = discover(str(tmp_path))
    assert [r.id for r in runs] == ["training_history.csv"]
    df, warned = _read(f)
    assert _series(df, "train_loss") == (list(range(12)), [last[e][0] for e in range(12)])
    assert _series(df, "val_loss") == (list(range(12)), [last[e][1] for e in range(12)])
    assert any(":2: a row at epoch 0 holding only 'val_loss'" in w and "evaluation before training" in w
               for w in warned)
    assert not any("not a number" in w for w in warned)  # 'N/A' is an empty cell


def test_resumed_and_appended_histories_with_evaluations_first(tmp_path):
    """A resume at epoch 6 that evaluates first stays one run (its rows win on the epochs written again); a training
    appended from scratch that evaluates first is a second run, starting at its epoch 0 row."""
    text, last = _history([(0, 10), (6, 14)])
    f = tmp_path / "history.csv"
    f.write_text(text)
    assert len(discover(str(tmp_path))) == 1
    df, _ = _read(f)
    assert _series(df, "val_loss") == (list(range(14)), [last[e][1] for e in range(14)])

    text, _ = _history([(0, 8), (0, 8)])
    f.write_text(text)
    assert [r.id for r in discover(str(tmp_path))] == ["history.csv#1", "history.csv#2"]
    df, _ = _read(f)
    assert sorted(df.groupby("dir", observed=True).size().tolist()) == [16, 16]

    # launches that stopped after their evaluation (the project's training_history.csv: '0,N/A,..' four times in a
    # row, each had become a one-point run)
    text, _ = _history([(0, 8), (0, 0), (0, 0), (0, 8)])
    assert text.count(",N/A,") == 4
    f.write_text(text)
    assert [r.id for r in discover(str(tmp_path))] == ["history.csv#1", "history.csv#2"]
    df, warned = _read(f)
    assert sorted(df.groupby("dir", observed=True).size().tolist()) == [16, 16]
    assert any("(and 3 more such rows)" in w for w in warned)


# ------------------------------------------------------------------ a test loss printed only when it improved

# public Dylan-Zhang7788/Yolo train_log.txt (dd670a8ba426ebf9291ff7c501700d14dfb45596), an epoch's end and the next:
#   Epoch [1/100], Iter [1060/1070] Loss: 3.3235, average_loss: 3.7325
#   get best test loss 3.02493
#
#
#   Starting epoch 2 / 100
#   Learning Rate for this epoch: 0.001
#   Epoch [2/100], Iter [20/1070] Loss: 2.2753, average_loss: 2.2523
# and at an epoch whose test loss did not improve, in place of the 'best' line:
#   EarlyStopping counter: 1 out of 8


def _yolo_log(epochs: int, running: bool = False) -> tuple[str, dict, list]:
    """A real tiny torch regressor (noisy targets, few samples: its test loss stops improving) trained by mini-batches
    and printed as the Yolo script prints; per improving epoch (1-based) its test loss; the LR per epoch."""
    torch.manual_seed(3)
    x, xt = torch.randn(40, 8), torch.randn(40, 8)
    w = torch.randn(8, 1)
    y, yt = x @ w + torch.randn(40, 1), xt @ w + torch.randn(40, 1)
    model = torch.nn.Sequential(torch.nn.Linear(8, 32), torch.nn.ReLU(), torch.nn.Linear(32, 1))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    mse = torch.nn.functional.mse_loss
    buf = io.StringIO()
    print("load pre_trained model...\nthe train_dataset has 40 images\nthe batch_size is 4", file=buf)
    best, counter, improved, lrs = float("inf"), 0, {}, []
    for epoch in range(1, epochs + 1):
        lr = 0.01 if epoch <= epochs // 2 else 0.001
        for group in opt.param_groups:
            group["lr"] = lr
        lrs.append(lr)
        print(f"\n\nStarting epoch {epoch} / {epochs}\nLearning Rate for this epoch: {lr}", file=buf)
        total = 0.0
        for i in range(10):
            loss = mse(model(x[i * 4:(i + 1) * 4]), y[i * 4:(i + 1) * 4])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item()
            if (i + 1) % 2 == 0:
                print(f"Epoch [{epoch}/{epochs}], Iter [{i + 1}/10] Loss: {loss.item():.4f}, "
                      f"average_loss: {total / (i + 1):.4f}", file=buf)
        with torch.no_grad():
            test = mse(model(xt), yt).item()
        if test < best:
            best, counter = test, 0
            improved[epoch] = round(test, 5)
            print(f"get best test loss {test:.5f}", file=buf)
        else:
            counter += 1
            print(f"get best test loss {best:.5f}" if running else f"EarlyStopping counter: {counter} out of 8",
                  file=buf)
    return buf.getvalue(), improved, lrs


def test_test_loss_printed_when_it_improved(tmp_path):
    """Before: only 'Loss' and 'average_loss'; now 'test_loss' at the improving epochs' last training step (a note says
    the epochs between have no value) and 'lr' per epoch."""
    text, improved, lrs = _yolo_log(30)
    assert "EarlyStopping counter: 1 out of 8" in text and len(improved) >= 3
    f = tmp_path / "train_log.txt"
    f.write_text(text)
    df, warned = _read(f)
    steps, values = _series(df, "test_loss")
    assert steps == [(e - 1) * 10 + 10 for e in improved]  # the epoch's last 'Iter [10/10]' line
    assert [round(v, 5) for v in df[df.tag == "test_loss"].value] == list(improved.values())
    assert any("read as 'test_loss'" in w and "only when it improved" in w for w in warned)
    lr = df[df.tag == "lr"]
    assert lr.value.tolist() == lrs and len(set(lr.step)) == 30


def test_running_best_is_no_validation_series(tmp_path):
    """Sibling: the best value printed again at every epoch that did not improve is a running best: not read."""
    text, improved, _ = _yolo_log(30, running=True)
    f = tmp_path / "train_log.txt"
    f.write_text(text)
    df, warned = _read(f)
    assert "test_loss" not in set(df.tag)
    assert any("repeat a running best" in w for w in warned)


# ------------------------------------------------------------------ 'Accuracy on Test-Set'

# public BoyDun/tensorflow-cifar-10 train.out (f4dacc41cbefd8fdc891764a47f58e54c33723d2), the first test:
#   Global Step:    100, accuracy:  14.1%, loss = 2.29 (612.0 examples/sec, 0.21 sec/batch)
#   Discriminator Accuracy (Loss): 0.51171875 (1.2019218)
#   Accuracy on Test-Set: 10.40% (1040 / 10000)


def test_accuracy_on_hyphenated_test_set(tmp_path):
    """Before: 'accuracy' and 'loss' per global step only; now 'Accuracy_on_Test_Set' at the step of the line before."""
    torch.manual_seed(4)
    x, xt = torch.randn(200, 6), torch.randn(100, 6)
    y, yt = x[:, :3].argmax(1), xt[:, :3].argmax(1)
    model = torch.nn.Linear(6, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    buf = io.StringIO()
    print("Trying to restore last checkpoint ...\nFailed to restore checkpoint. Initializing variables instead.",
          file=buf)
    tests, steps = [], []
    for step in range(1, 121):
        i = (step * 20) % 200
        out = model(x[i:i + 20])
        loss = torch.nn.functional.cross_entropy(out, y[i:i + 20])
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 10 == 0:
            acc = (out.argmax(1) == y[i:i + 20]).float().mean().item()
            print(f"Global Step: {step:6d}, accuracy: {acc:6.1%}, loss = {loss.item():.2f} (612.0 examples/sec, "
                  "0.21 sec/batch)", file=buf)
        if step % 40 == 0:
            with torch.no_grad():
                correct = int((model(xt).argmax(1) == yt).sum())
            print(f"Accuracy on Test-Set: {correct / 100:.2%} ({correct} / 100)", file=buf)
            tests.append(round(correct, 4))
            steps.append(step)
    f = tmp_path / "train.out"
    f.write_text(buf.getvalue())
    df, _ = _read(f)
    assert _series(df, "Accuracy_on_Test_Set") == (steps, tests)
    assert len(_series(df, "loss")[0]) == 12


# ------------------------------------------------------------------ the evaluation's step on its phase header

# public howdrox/MRI-Analysis report/1-train_7_epochs.md (5aba7299ea42f8ed673f18965370b2c70e11cb22), epoch 1's end:
#   epoch 1, phase train, step 200, loss_train, 0.540
#   epoch 1, phase valid, total step 208
#   epoch 1 | val_loss: 0.7647483065014794
#   epoch 1 | val_dsc: 0.7146526799177243
#   Time:  2025-04-19 03:48:00.867880
#   epoch 2, phase train, total step 208


def test_validation_at_its_phase_header_step(tmp_path):
    """Before: val_loss/val_dsc at 200, 410, 620 (the last printed training step); now at 26, 52, 78... the header's."""
    torch.manual_seed(5)
    x, xv = torch.randn(104, 1, 6, 6), torch.randn(24, 1, 6, 6)
    y, yv = (x > 0.3).float(), (xv > 0.3).float()
    model = torch.nn.Conv2d(1, 1, 3, padding=1)
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    dice = lambda p, t: 1 - (2 * (p * t).sum() + 1) / (p.sum() + t.sum() + 1)  # noqa: E731
    buf = io.StringIO()
    print("Start time: 2025-04-19 03:06:19.274082\nreading train images...", file=buf)
    step, want_steps, want = 0, [], []
    for epoch in range(1, 6):
        print(f"epoch {epoch}, phase train, total step {step}", file=buf)
        for i in range(26):
            loss = dice(torch.sigmoid(model(x[i * 4:(i + 1) * 4])), y[i * 4:(i + 1) * 4])
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
            if step % 10 == 0:
                print(f"epoch {epoch}, phase train, step {step}, loss_train, {loss.item():.3f}", file=buf)
        with torch.no_grad():
            vloss = dice(torch.sigmoid(model(xv)), yv).item()
        print(f"epoch {epoch}, phase valid, total step {step}", file=buf)
        print(f"epoch {epoch} | val_loss: {vloss}", file=buf)
        print(f"epoch {epoch} | val_dsc: {1 - vloss}", file=buf)
        print("Time:  2025-04-19 03:48:00.867880", file=buf)
        want_steps.append(step)
        want.append(round(vloss, 4))
    f = tmp_path / "1-train_7_epochs.md"
    f.write_text(buf.getvalue())
    df, _ = _read(f)
    assert _series(df, "val_loss") == (want_steps, want)
    assert _series(df, "val_dsc")[0] == want_steps
    assert _series(df, "loss_train")[0] == list(range(10, 131, 10))


# ------------------------------------------------------------------ a split word cut off a three-word name

# public MrCogito/Deep_learning_2023 models/cafa-param-01-vol4/out.log (ebc402e7925433891bf467860a87d34a31c4cfa8):
#   Epoch [80/500], Train Loss: 0.0155, Train L1 Loss: 0.6588
#   Epoch [80/500], Validation Loss: 0.0146, Validation L1: 0.6252, Smoothed Validation Loss: 10.6092


def test_split_word_of_three_word_name_kept(tmp_path):
    """Before: 'Train_Loss' and 'L1_Loss'; now 'Train_L1_Loss' (and the validation names as before)."""
    torch.manual_seed(6)
    x, xv = torch.randn(64, 5), torch.randn(32, 5)
    w = torch.randn(5, 1)
    y, yv = x @ w, xv @ w
    model = torch.nn.Linear(5, 1)
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    buf = io.StringIO()
    l1s, smoothed = [], None
    for epoch in range(80, 96):
        loss = torch.nn.functional.mse_loss(model(x), y)
        l1 = torch.nn.functional.l1_loss(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            vloss = torch.nn.functional.mse_loss(model(xv), yv).item()
            vl1 = torch.nn.functional.l1_loss(model(xv), yv).item()
        smoothed = vloss if smoothed is None else 0.9 * smoothed + 0.1 * vloss
        print(f"Epoch [{epoch}/500], Train Loss: {loss.item():.4f}, Train L1 Loss: {l1.item():.4f}", file=buf)
        print(f"Epoch [{epoch}/500], Validation Loss: {vloss:.4f}, Validation L1: {vl1:.4f}, Smoothed Validation Loss: "
              f"{smoothed:.4f}", file=buf)
        l1s.append(round(l1.item(), 4))
    f = tmp_path / "out.log"
    f.write_text(buf.getvalue())
    df, _ = _read(f)
    assert _series(df, "Train_L1_Loss") == (list(range(80, 96)), l1s)
    assert set(df.tag) == {"Train_Loss", "Train_L1_Loss", "Validation_Loss", "Validation_L1", "Smoothed_Validation_Loss"}


# ------------------------------------------------------------------ abbreviated split names

# public PiakoCode/Handwritten-Digit-Recognition train.out (7e252bf of the fetched snapshot; three models trained one
# after the other, 'Training <model> for 20 epochs ...' before each), epoch 1's end:
#   Epoch: 001/020 | Batch 0450/0469 | Loss: 0.2113
#   **Epoch: 001/020 | Train. Acc.: 95.060% | Loss: 0.1574
#   **Epoch: 001/020 | Test. Acc.: 97.430% | Loss: 0.0829
#   **Test loss decreased (inf --> 0.082921). Saving model ...
#   Time elapsed: 0.49 min


def test_abbreviated_split_names_kept_apart(tmp_path):
    """Before: one 'Acc.' series (train and test averaged) and 'Loss_epoch' averaged; now 'Train_Acc', 'Test_Acc' and
    'test_Loss' per epoch, each model of the file its own run."""
    buf = io.StringIO()
    print("python train.py\nnow using device:  cpu", file=buf)
    want = []
    for seed, name in enumerate(("ResNet18", "ResNet18_With_Dropout")):
        torch.manual_seed(seed)
        x, xt = torch.randn(120, 6), torch.randn(60, 6)
        y, yt = x[:, :3].argmax(1), xt[:, :3].argmax(1)
        model = torch.nn.Linear(6, 3)
        opt = torch.optim.SGD(model.parameters(), lr=0.2)
        print(f"Training {name} for 6 epochs with initial learning rate 0.01...", file=buf)
        tests = []
        for epoch in range(1, 7):
            print(f"Epoch: {epoch:03d}/006 | Current Learning Rate: 0.010000", file=buf)
            for b in range(4):
                loss = torch.nn.functional.cross_entropy(model(x[b * 30:(b + 1) * 30]), y[b * 30:(b + 1) * 30])
                opt.zero_grad()
                loss.backward()
                opt.step()
                print(f"Epoch: {epoch:03d}/006 | Batch {b:04d}/0004 | Loss: {loss.item():.4f}", file=buf)
            with torch.no_grad():
                acc = (model(x).argmax(1) == y).float().mean().item()
                tacc = (model(xt).argmax(1) == yt).float().mean().item()
                tloss = torch.nn.functional.cross_entropy(model(xt), yt).item()
            print(f"**Epoch: {epoch:03d}/006 | Train. Acc.: {acc:.3%} | Loss: {loss.item():.4f}", file=buf)
            print(f"**Epoch: {epoch:03d}/006 | Test. Acc.: {tacc:.3%} | Loss: {tloss:.4f}", file=buf)
            tests.append((round(tacc * 100, 3), round(tloss, 4), round(acc * 100, 3)))
        print("Total Training Time: 0.10 min", file=buf)
        want.append(tests)
    f = tmp_path / "train.out"
    f.write_text(buf.getvalue())
    assert len(discover(str(tmp_path))) == 2
    df, warned = _read(f)
    assert not any("printed 2 times" in w for w in warned)
    for run, tests in zip(("train.out#1", "train.out#2"), want):
        assert [round(v, 3) for v in _series(df, "test_acc", run)[1]] == [t[0] for t in tests]
        assert _series(df, "test_Loss", run)[1] == [t[1] for t in tests]
        assert [round(v, 3) for v in _series(df, "Train_Acc", run)[1]] == [t[2] for t in tests]
    assert "Acc." not in set(df.tag)
