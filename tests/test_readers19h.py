"""readers19h: printed training output pasted into Markdown files of any name, found by a folder scan (breaker13
F4), and OpenAI-baselines key-value tables behind a long per-worker preamble in a ``*.txt`` of any name (breaker6
F5). Every log is printed by a real tiny torch training loop here."""
from __future__ import annotations

import io

import pytest

from loganalyzer import read_scalars
from loganalyzer.discover import discover

torch = pytest.importorskip("torch")


def _losses(epochs: int, seed: int = 0) -> list[tuple[float, float]]:
    """(training loss, accuracy %) per epoch of a tiny classifier."""
    torch.manual_seed(seed)
    x = torch.randn(64, 4)
    y = (x[:, 0] > 0).long()
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    out = []
    for _ in range(epochs):
        loss = torch.nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            acc = (model(x).argmax(1) == y).float().mean().item() * 100
        out.append((loss.item(), acc))
    return out


def _noprop_md(epochs: int) -> tuple[str, list[float]]:
    """A Markdown page holding the console output of a loop printing ``Epoch 01 loss 0.6931 | train 0.1s``."""
    buf = io.StringIO()
    print("# log for initial try\n\n## MNIST tiny run\n```\n", file=buf)
    print("--- linear on cpu ---", file=buf)
    losses = []
    for epoch, (loss, acc) in enumerate(_losses(epochs), 1):
        line = f"Epoch {epoch:02d} loss {loss:.4f} | train 0.1s"
        if epoch % 5 == 0:
            line += f" | Acc {acc:.2f}% | infer 0.2s"
        print(line, file=buf)
        losses.append(round(loss, 4))
    print("```", file=buf)
    return buf.getvalue(), losses


def test_markdown_console_log_of_any_name_found_in_folder(tmp_path):
    text, losses = _noprop_md(12)
    (tmp_path / "experiments").mkdir()
    (tmp_path / "experiments" / "mnist_linear.md").write_text(text)
    runs = discover(str(tmp_path))
    assert len(runs) == 1
    df = read_scalars(str(tmp_path), resolve=True)
    loss = df[df.tag == "loss"]
    assert loss.step.tolist() == list(range(1, 13))
    assert loss.value.round(4).tolist() == losses
    assert df[df.tag == "Acc"].step.tolist() == [5, 10]


def test_markdown_readme_with_results_table_is_no_run(tmp_path):
    """A README's table of final results (a loss and an accuracy, no step) and prose naming a loss: no run."""
    (loss, acc), = _losses(1)
    (tmp_path / "README.md").write_text(
        "# Tiny classifier\n\nTrained with cross-entropy loss for 10 epochs.\n\n"
        "| Model | Loss | Acc |\n|---|---|---|\n"
        f"| linear | {loss:.4f} | {acc:.2f} |\n| mlp | {loss / 2:.4f} | {acc:.2f} |\n\n"
        f"Final loss: {loss:.4f}\n")
    (tmp_path / "CHANGELOG.md").write_text("## 0.2\n- fix the loss going NaN at epoch 3\n- Epoch 2 now logged\n")
    assert discover(str(tmp_path)) == []


def test_markdown_readme_holding_progress_lines_is_a_run(tmp_path):
    text, losses = _noprop_md(6)
    (tmp_path / "README.md").write_text(text)
    df = read_scalars(str(tmp_path), resolve=True)
    assert df[df.tag == "loss"].value.round(4).tolist() == losses


def test_tutorial_blocks_of_three_models_in_markdown_are_three_runs(tmp_path):
    """The transfer-learning tutorial's ``train_model`` output for three models, pasted into log.md."""
    buf = io.StringIO()
    print("\n# 训练日志\n\n```\n$ python train.py ", file=buf)
    expected = {}
    for k, name in enumerate(("SqueezeNetBypass", "SqueezeNet", "AlexNet")):
        rows = _losses(4, seed=k)
        for epoch, (loss, acc) in enumerate(rows):
            print(f"{name} - Epoch {epoch}/3\n----------", file=buf)
            print(f"train Loss: {loss:.4f} Acc: {acc / 100:.4f}", file=buf)
            print(f"test Loss: {loss * 1.1:.4f} Acc: {acc / 100:.4f}", file=buf)
        print(f"Training {name} complete in 1m 2s\nBest test Acc: {max(a for _, a in rows) / 100:4f}", file=buf)
        expected[k + 1] = [round(loss, 4) for loss, _ in rows]
    print("```", file=buf)
    (tmp_path / "log.md").write_text(buf.getvalue())
    for path in (tmp_path, tmp_path / "log.md"):
        df = read_scalars(str(path), resolve=True)
        for k, losses in expected.items():
            part = df[(df.dir == f"log.md#{k}") & (df.tag == "train_Loss")]
            assert part.step.tolist() == [0, 1, 2, 3]
            assert part.value.round(4).tolist() == losses
        assert set(df.dir) == {"log.md#1", "log.md#2", "log.md#3"}

