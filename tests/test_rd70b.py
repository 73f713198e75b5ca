"""Reader faults of the stop-70 dev sets 226-228 (robotics, facial/medical classification, diffusion fine-tunes),
each with its public run; every log is written by the real writer (tqdm through a child process, pickle, ...).

- ClipCap's ``>>> Training epoch N`` headers over one tqdm bar per epoch (public clipcap228: 25 epochs read as one
  point at the bar's count, every bar ending at ``52503/52503``): ``readers/_joblog_headers._HEADER``.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from loganalyzer.cli import main
from loganalyzer.load import read_scalars


def scan_json(*args) -> dict:
    result = CliRunner().invoke(main, ["scan", *map(str, args), "--format", "json", "--no-cache"],
                                env={"COLUMNS": None})
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def _run_script(tmp_path: Path, source: str, log_name: str, *args: str) -> Path:
    """Run ``source`` as a script, its stdout and stderr in ``<tmp>/run/<log_name>`` (``python train.py > log
    2>&1``); the run folder."""
    script = tmp_path / "train_script.py"
    script.write_text(source)
    out = tmp_path / "run"
    out.mkdir(exist_ok=True)
    with open(out / log_name, "w") as f:
        subprocess.run([sys.executable, str(script), *args], stdout=f, stderr=subprocess.STDOUT, check=True,
                       timeout=120)
    return out


# ClipCap's train loop (rmokady/CLIP_prefix_caption train.py): the header printed, then one bar per epoch, its
# postfix the batch's loss
CLIPCAP = r'''
import sys
from tqdm import tqdm
epochs, batches = 6, 50
for epoch in range(epochs):
    print(f">>> Training epoch {epoch}")
    sys.stdout.flush()
    progress = tqdm(total=batches, desc="coco_prefix", mininterval=0)
    for idx in range(batches):
        loss = 3.0 / (1 + epoch + idx / batches)
        progress.set_postfix({"loss": loss})
        progress.update()
    progress.close()
'''


def test_clipcap_epoch_headers_one_training_found_in_its_folder(tmp_path):
    """As written (bars redrawn with ``\\r``): found in its folder (its first 8 KiB hold no newline) and one run of
    300 batches (was passed over in a folder, and four runs when named: the counter's restarts under unread
    headers)."""
    run = _run_script(tmp_path, CLIPCAP, "loss_record.txt")
    runs = scan_json(run)["runs"]
    assert len(runs) == 1 and runs[0]["verdict"] != "unknown", [r["run"] for r in runs]
    loss = read_scalars(run).query("tag == 'loss'")
    assert loss.step.is_monotonic_increasing and loss.step.max() == 300


def test_clipcap_epoch_headers_give_one_point_per_epoch(tmp_path):
    """As the console shows it (each bar's last redraw on its line: public clipcap228's ``loss-records.txt``): one
    point per epoch, not one point at the bar's count (50 for every epoch)."""
    run = _run_script(tmp_path, CLIPCAP, "loss_record.txt")
    log = run / "loss_record.txt"
    log.write_bytes(b"\n".join(line.rsplit(b"\r", 1)[-1] for line in log.read_bytes().split(b"\n")))
    loss = read_scalars(log).query("tag == 'loss'").sort_values("step")
    assert len(loss) == 6  # was 1
    assert loss.step.is_monotonic_increasing and loss.step.nunique() == 6
    assert loss.value.iloc[0] > loss.value.iloc[-1]
