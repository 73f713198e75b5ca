"""Stop 29's newcomer: what a new user ran into, each checked through the real command."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from loganalyzer.cli import main


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env={"COLUMNS": "200"})


def test_a_script_given_by_mistake_is_a_usage_error_naming_it(tmp_path):
    """#6: `loganalyzer scan train.py` (the training script, printing `Epoch` lines itself) was read as a job log:
    `unknown`, advice to ask the scheduler, exit 0. Now, as for a checkpoint given by mistake: exit 2 and one line
    saying what the file is. This very test file is such a script; a Slurm batch script is the sibling."""
    script = Path(__file__)
    done = invoke("scan", script)
    assert done.exit_code == 2, done.output
    assert f"{script}: a Python source file, not a log file (the training script or its config?)" in done.stderr
    batch = tmp_path / "train.sh"
    batch.write_text("#!/bin/bash\n#SBATCH --time=01:00:00\necho 'Epoch 1/10 - loss: 0.5'\npython train.py\n")
    done = invoke("scan", batch)
    assert done.exit_code == 2 and "a shell script, not a log file" in done.stderr
    # the same text under a log's name is still a job log (the suffix decides, not the words)
    log = tmp_path / "slurm-7.out"
    log.write_text("".join(f"Epoch {e}/10 - loss: {1 / e:.4f} - val_loss: {1.1 / e:.4f}\n" for e in range(1, 11)))
    done = invoke("scan", log, "-q")
    assert done.exit_code == 0 and "unknown" not in done.stdout.split()[0]
