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


class BaselinesHumanOutputFormat:
    """``baselines.logger.HumanOutputFormat.writekvs``/``_truncate`` (openai/baselines master), line for line
    (baselines is not installed here)."""

    def __init__(self, file):
        self.file = file

    def writekvs(self, kvs):
        key2str = {}
        for (key, val) in sorted(kvs.items()):
            valstr = '%-8.3g' % val if hasattr(val, '__float__') else str(val)
            key2str[self._truncate(key)] = self._truncate(valstr)
        keywidth = max(map(len, key2str.keys()))
        valwidth = max(map(len, key2str.values()))
        dashes = '-' * (keywidth + valwidth + 7)
        lines = [dashes]
        for (key, val) in sorted(key2str.items(), key=lambda kv: kv[0].lower()):
            lines.append('| %s%s | %s%s |' % (key, ' ' * (keywidth - len(key)), val, ' ' * (valwidth - len(val))))
        lines.append(dashes)
        self.file.write('\n'.join(lines) + '\n')

    def _truncate(self, s):
        maxlen = 30
        return s[:maxlen - 3] + '...' if len(s) > maxlen else s


_HER_PARAMS = {
    "_Q_lr": 0.001, "_action_l2": 1.0, "_batch_size": 256, "_buffer_size": 1000000, "_clip_obs": 200.0,
    "_hidden": 256, "_layers": 3, "_max_u": 1.0, "_network_class": "baselines.her.actor_critic:ActorCritic",
    "_norm_clip": 5, "_norm_eps": 0.01, "_pi_lr": 0.001, "_polyak": 0.95, "_relative_goals": False, "_scope": "ddpg",
    "ddpg_params": {"pi_lr": 0.001, "max_u": 1.0, "clip_obs": 200.0, "norm_clip": 5, "batch_size": 256,
                    "norm_eps": 0.01, "buffer_size": 1000000, "scope": "ddpg", "hidden": 256, "Q_lr": 0.001,
                    "polyak": 0.95, "layers": 3, "network_class": "baselines.her.actor_critic:ActorCritic",
                    "action_l2": 1.0, "relative_goals": False},
    "env_name": "FetchPush-v1", "make_env": "<function prepare_params.<locals>.make_env at 0x7ff00605a598>", "gamma": 0.98, "n_batches": 40, "n_cycles": 50, "n_test_rollouts": 10,
    "noise_eps": 0.2, "random_eps": 0.3, "replay_k": 4, "replay_strategy": "future", "rollout_batch_size": 2,
    "test_with_polyak": False,
}


def _her_mpi_stdout(workers: int, epochs: int = 5) -> tuple[str, list[float]]:
    """baselines.her's stdout under ``mpirun -np <workers>``: every worker prints its parameters (``log_params``)
    and 'Training...', then rank 0 one table per epoch of a tiny goal-reaching policy trained here."""
    out = io.StringIO()
    for _ in range(workers):
        out.write("T: 50\n")
        for key in sorted(_HER_PARAMS):
            out.write(f"{key}: {_HER_PARAMS[key]}\n")
        out.write("Creating a DDPG agent with action space 4 x 1.0...\n")
    out.write("Training...\n" * workers)
    out.write(f"[ip-172-31-8-16:03230] {workers - 1} more processes have sent help message help-mpi-btl-base.txt / "
              "btl:no-nics\n[ip-172-31-8-16:03230] Set MCA parameter \"orte_base_help_aggregate\" to 0 to see all "
              "help / error messages\n")
    torch.manual_seed(0)
    policy = torch.nn.Linear(4, 2)
    opt = torch.optim.Adam(policy.parameters(), lr=1e-2)
    fmt, success = BaselinesHumanOutputFormat(out), []
    for epoch in range(epochs):
        obs, goal = torch.randn(64, 2), torch.randn(64, 2)
        loss = ((obs + policy(torch.cat([obs, goal], 1)) - goal) ** 2).sum(1).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            obs, goal = torch.randn(80, 2), torch.randn(80, 2)
            rate = (((obs + policy(torch.cat([obs, goal], 1)) - goal) ** 2).sum(1) < 0.5).float().mean().item()
            stats = torch.cat([obs, goal]).mean().item(), torch.cat([obs, goal]).std().item()
        fmt.writekvs({"epoch": epoch, "stats_g/mean": stats[0], "stats_g/std": stats[1], "stats_o/mean": stats[0],
                      "stats_o/std": stats[1], "test/episode": float(20 * (epoch + 1)), "test/mean_Q": -loss.item(),
                      "test/success_rate": rate, "train/episode": float(100 * (epoch + 1)),
                      "train/success_rate": rate / 2})
        out.write(f"Saving periodic policy to /tmp/openai-2018/policy_{epoch}.pkl ...\n")
        success.append(float('%-8.3g' % rate))
    return out.getvalue(), success


@pytest.mark.parametrize("workers", [8, 40])
def test_baselines_tables_behind_per_worker_params_found_in_folder(tmp_path, workers):
    """8 workers: one table within the first 8 KB; 40: the first table far past it. Either way a run."""
    text, success = _her_mpi_stdout(workers)
    # breaker6's file: one whole table in its first 8 KB (a second one cut there); 40 workers: none
    assert text[:8192].count("Saving periodic policy") == (1 if workers == 8 else 0)
    (tmp_path / "Fetch_Push").mkdir()
    (tmp_path / "Fetch_Push" / "openai_run1.txt").write_text(text)
    runs = discover(str(tmp_path))
    assert len(runs) == 1
    df = read_scalars(str(tmp_path), resolve=True)
    got = df[df.tag == "test/success_rate"]
    assert got.step.tolist() == [0, 1, 2, 3, 4]
    assert got.value.tolist() == pytest.approx(success)


def test_params_dump_naming_a_loss_with_no_tables_is_no_run(tmp_path):
    """A long ``name: value`` dump whose only 'loss' is a parameter, then no progress: no run."""
    text = "".join(f"{key}: {value}\n" for _ in range(60) for key, value in
                   [("loss", "mse"), ("lr", 0.001), ("epochs", 10), ("batch_size", 32), ("optimizer", "adam")])
    (tmp_path / "settings_dump.txt").write_text(text + "done\n")
    assert discover(str(tmp_path)) == []
