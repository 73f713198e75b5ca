"""Set 185/189 leftovers (stop 64, rd64e): shapes written by the real writers, read as the scripts wrote them."""
from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from test_readers20a import _read, _series  # noqa: E402  (the resolved view and warnings; a tag's points)
from test_readers31 import _batches  # noqa: E402  (a real tiny torch classifier trained by mini-batches)


# ------------------------------------------------------------------ an event file's step: the epoch added to it
# open run speechenh189 run-1725461450 (one events file, no SessionLog.START): 'Loss/train' at 28, 128 ... 2,728, then
# 56, 156 ... 2,756, ... (85 epochs of 28 points, a stride of 100, each epoch's first step 28 past the last's): sorted
# by step the epochs interleaved (a sawtooth). Written here by torch's SummaryWriter with the same step shape.

@pytest.mark.parametrize("drift", [7, "irregular"])
def test_an_event_files_step_drifting_each_epoch_is_read_in_written_order(tmp_path, drift):
    tb = pytest.importorskip("torch.utils.tensorboard")
    writer = tb.SummaryWriter(str(tmp_path))
    written = []
    for epoch, (losses, _) in enumerate(_batches(5, 7)):
        first = (epoch + 1) * 7 if drift == 7 else (0, 7, 9, 30, 31)[epoch]
        for i, loss in losses:
            writer.add_scalar("Loss/train", loss, first + i * 50)
            written.append(round(float(torch.tensor(loss, dtype=torch.float32)), 4))
    writer.close()
    df, warned = _read(tmp_path)
    steps, values = _series(df, "Loss/train")
    if drift == "irregular":  # not certain: left as written, nothing said about written order
        assert not any("written order" in w for w in warned)
        return
    assert values == written  # every epoch after the last, as written
    assert steps == [7 + 50 * i for i in range(len(written))]
    assert any("read in written order" in w and "5 cycles of 7 points (a stride of 50) starting 7 past" in w
               for w in warned)


def test_a_step_restarting_at_its_first_step_keeps_its_reading(tmp_path):
    """The first shape (each epoch back to the same first step) still reads k x (span + stride) further on."""
    tb = pytest.importorskip("torch.utils.tensorboard")
    writer = tb.SummaryWriter(str(tmp_path))
    for losses, _ in _batches(3, 7):
        for i, loss in losses:
            writer.add_scalar("Train_Loss", loss, i * 50)
    writer.close()
    df, warned = _read(tmp_path)
    steps, _ = _series(df, "Train_Loss")
    assert steps == [e * 350 + i * 50 for e in range(3) for i in range(7)]
    assert not any("written order" in w for w in warned)
