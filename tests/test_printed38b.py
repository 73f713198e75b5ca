"""printed38b: printed-log faults of the opened blind sets 66 and 68.

- medqa66 ``train_log.txt`` (a Chinese classifier's log saved in GBK on Windows): ``当前Batch：10/6035 |
  当前epoch:0/50 | 当前损失值：10.113 | 当前准确率：0.00%``. Many of its GBK characters are valid UTF-8 pairs by chance,
  so the file was refused as binary data; and no line held an English loss word. Now it is read as GB18030 (a
  warning says so) and its Chinese keys in English (``_cjk_keys``).

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
    """A UTF-8 log of Chinese keys with one line damaged (a cp936 byte pair) is no GBK text: read as UTF-8."""
    lines = [f"第{k}轮 | 训练损失：{loss:.4f}" for k, (loss, _) in enumerate(_classifier(30))]
    data = ("\n".join(lines) + "\n").encode("utf-8").replace("第3轮".encode(), "第3轮".encode("gbk"))
    assert _legacy_text.to_utf8(data) is None
    path = tmp_path / "train.log"
    path.write_bytes(data)
    df, warned = _read(tmp_path)
    assert _series(df, "train_loss")[1] == [float(line.rsplit("：", 1)[1]) for line in lines]
    assert not any("GB18030" in w for w in warned)
