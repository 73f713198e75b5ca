"""``--format`` takes a format's file extension too (newcomer35: ``report --format md`` was refused while
``-o report.md`` wrote Markdown); a word that is neither is still refused, listing the formats."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

torch = pytest.importorskip("torch")

from loganalyzer.cli import main  # noqa: E402


@pytest.fixture()
def run_dir(tmp_path):
    from torch.utils.tensorboard import SummaryWriter

    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x, y = torch.randn(64, 4), torch.randn(64, 1)
    writer = SummaryWriter(str(tmp_path / "run"))
    for step in range(30):
        loss = torch.nn.functional.mse_loss(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        writer.add_scalar("train/loss", loss.item(), step)
    writer.close()
    return tmp_path


@pytest.mark.parametrize("command", ["scan", "report"])
def test_format_takes_an_extension_for_the_format_it_names(run_dir, command):
    by_name = CliRunner().invoke(main, [command, str(run_dir), "--no-cache", "--format", "markdown"])
    by_ext = CliRunner().invoke(main, [command, str(run_dir), "--no-cache", "-f", "md"])
    assert by_ext.exit_code == by_name.exit_code == 0, by_ext.output
    assert by_ext.output.startswith("**loganalyzer") and "| Verdict |" in by_ext.output
    as_json = CliRunner().invoke(main, [command, str(run_dir), "--no-cache", "-f", ".JSON"])
    assert json.loads(as_json.output)["runs"][0]["run"] == "run"


def test_a_format_that_is_no_name_and_no_extension_is_refused(run_dir):
    out = CliRunner().invoke(main, ["report", str(run_dir), "--no-cache", "-f", "pdf"])
    assert out.exit_code == 2
    assert "'pdf' is not one of 'html', 'markdown', 'csv', 'series-csv', 'json'" in out.output


def test_an_accuracy_named_as_the_training_loss_is_refused_in_words(tmp_path):
    """newcomer35: ``--train-series val/acc`` judged an accuracy as a loss (its rise read as a climb). Now: one line
    saying it is a score, not a loss; a loss named the same way is still used."""
    from torch.utils.tensorboard import SummaryWriter

    g = torch.Generator().manual_seed(0)
    x = torch.randn(128, 4, generator=g)
    y = (x[:, 0] > 0).long()
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.2)
    writer = SummaryWriter(str(tmp_path / "run"))
    for step in range(30):
        out = model(x)
        loss = torch.nn.functional.cross_entropy(out, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        writer.add_scalar("train/loss", loss.item(), step)
        writer.add_scalar("val/acc", (out.argmax(1) == y).float().mean().item(), step)
    writer.close()
    out = CliRunner().invoke(main, ["scan", str(tmp_path), "--no-cache", "--train-series", "val/acc"])
    assert out.exit_code == 2
    assert "'val/acc' is a score that grows as the model improves" in out.output and "Traceback" not in out.output
    ok = CliRunner().invoke(main, ["scan", str(tmp_path), "--no-cache", "--train-series", "train/loss", "-f", "json"])
    assert ok.exit_code == 0 and json.loads(ok.output)["runs"][0]["roles"]["train_loss"] == "train/loss"
