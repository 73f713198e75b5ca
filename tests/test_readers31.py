"""readers31: reader faults the forty-fourth and forty-fifth blind labellers found (held-out sets 44, 45), each
printed by a real tiny torch training in the shape of the public file named in its test.

- A trainer printing its summed objective as ``total`` (``[epoch: 17/200, iter: 400/489] total: 1.339633``) and
  ``Validation accuracy: 0.440`` per epoch, no word ``loss`` anywhere: found, 0 rows read.
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

