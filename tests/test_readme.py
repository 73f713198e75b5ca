"""The README's examples are real: every ```python snippet runs as written, and the command-line error examples
print what the README says they print.

Snippets run one by one, each in a fresh interpreter, in a temporary directory holding ``sample_logs`` (a link to the
repository's), as they would from the repository root. A snippet that reads ``../shared`` is skipped when that
directory is absent; one that imports torch is skipped without torch.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def python_snippets(text: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)


SNIPPETS = python_snippets(README)


def snippet_id(snippet: str) -> str:
    first = next(line for line in snippet.splitlines() if line.strip() and not line.startswith(("import", "from")))
    return re.sub(r"\W+", "_", first)[:40]


def test_the_readme_has_python_snippets():
    assert len(SNIPPETS) >= 3
    assert any("loganalyzer.analyze(" in s for s in SNIPPETS)


@pytest.fixture
def workdir(tmp_path) -> Path:
    (tmp_path / "sample_logs").symlink_to(REPO_ROOT / "sample_logs", target_is_directory=True)
    return tmp_path


def env() -> dict:
    out = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
           "MPLBACKEND": "Agg"}
    out.pop("LOGANALYZER_DEBUG", None)
    return out


@pytest.mark.parametrize("snippet", SNIPPETS, ids=[snippet_id(s) for s in SNIPPETS])
def test_python_snippet_runs_as_written(snippet, workdir):
    cwd = workdir
    if "../shared" in snippet:
        if not (REPO_ROOT.parent / "shared").is_dir():
            pytest.skip("../shared is not here")
        cwd = REPO_ROOT  # '../shared' means the directory beside the repository
    if re.search(r"^\s*(import torch|from torch)", snippet, flags=re.M):
        pytest.importorskip("torch")
    done = subprocess.run([sys.executable, "-c", snippet], cwd=cwd, env=env(), capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, f"{snippet}\n--- stderr ---\n{done.stderr}"


def test_the_option_error_snippet_prints_what_its_comment_says(workdir):
    (snippet,) = [s for s in SNIPPETS if "num_classes=1" in s]
    done = subprocess.run([sys.executable, "-c", snippet], cwd=workdir, env=env(), capture_output=True, text=True,
                          timeout=600)
    assert "num_classes must be an integer >= 2, got 1" in done.stdout.splitlines()


def console_examples(text: str, after: str) -> list[tuple[str, list[str]]]:
    """The ``$ loganalyzer ...`` commands of the first fenced block after ``after``, each with its output lines."""
    block = re.search(r"^```\n(.*?)^```", text[text.index(after):], flags=re.S | re.M).group(1)
    examples: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            examples.append((line[2:], []))
        else:
            examples[-1][1].append(line)
    return examples


def test_the_exit_status_examples_print_what_the_readme_shows(tmp_path):
    examples = console_examples(README, "| 3 | with `--strict`")
    assert len(examples) >= 4
    (tmp_path / "sample_logs").symlink_to(REPO_ROOT / "sample_logs", target_is_directory=True)
    (tmp_path / "empty").mkdir()
    shutil.copytree(REPO_ROOT / "sample_logs" / "tensorboard", tmp_path / "runs")
    (tmp_path / "bad.toml").write_text('replay = "no"\n')
    for command, shown in examples:
        args = command.split()
        assert args[0] == "loganalyzer"
        done = subprocess.run([sys.executable, "-m", "loganalyzer", *args[1:]], cwd=tmp_path, env=env(),
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 2, (command, done.stderr)
        assert (done.stdout + done.stderr).splitlines() == shown, command
