"""Stop 29's newcomer: what a new user ran into, each checked through the real command."""
from __future__ import annotations

from pathlib import Path

import pytest

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


# the newcomer's `digits_sgd_lr2` as logged (an MLP on sklearn's digits, SGD at lr=2.0: blow-ups to 59.9 and 40.5
# in its first logs, then a loss flat at ~2.35 = ln 10 + 2%): (step, value)
LR2_TRAIN = [(5, 7.1995), (10, 59.8761), (15, 2.8523), (20, 2.7373), (25, 40.5457), (30, 2.429), (35, 2.6225), (40, 2.4118), (45, 2.3683), (50, 2.4794), (55, 2.38), (60, 2.3407), (65, 2.3474), (70, 2.4275), (75, 2.3702), (80, 2.316), (85, 2.3092), (90, 2.3667), (95, 2.3387), (100, 2.4926), (105, 2.3158), (110, 2.3152), (115, 2.3148), (120, 2.3553), (125, 2.3943), (130, 2.3486), (135, 2.4324), (140, 2.3361), (145, 2.3608), (150, 2.389), (155, 2.3964), (160, 2.3234), (165, 2.3311), (170, 2.5282), (175, 2.4568), (180, 2.3945), (185, 2.3255), (190, 2.4012), (195, 2.2658), (200, 2.294), (205, 2.3774), (210, 2.3039), (215, 2.2463), (220, 2.3566), (225, 2.49), (230, 2.295), (235, 2.3442), (240, 2.3553), (245, 2.419), (250, 2.3484), (255, 2.359), (260, 2.3096), (265, 2.3632), (270, 2.4439), (275, 2.3686), (280, 2.3336), (285, 2.3003), (290, 2.3972), (295, 2.3777), (300, 2.362), (305, 2.3497), (310, 2.3814), (315, 2.3097), (320, 2.3934), (325, 2.3843), (330, 2.3542)]
LR2_VAL = [(22, 3.0884), (44, 2.3834), (66, 2.4057), (88, 2.3306), (110, 2.3945), (132, 2.3482), (154, 2.4296), (176, 2.3765), (198, 2.3727), (220, 2.3496), (242, 2.3791), (264, 2.3514), (286, 2.3948), (308, 2.3686), (330, 2.3388)]


def test_a_blown_up_start_quotes_ln_k_by_its_k_and_no_empty_contrast(tmp_path):
    """#9: with `--num-classes 10` the summary of the newcomer's lr=2 run (its logged values written again by torch's
    SummaryWriter) said "67% below its first log, but smoothed over the rest only 67% lower" and "the ln k=2.303".
    Now the chance level is "ln 10 = 2.303" and no contrast is drawn between two equal numbers."""
    import json

    from torch.utils.tensorboard import SummaryWriter

    writer = SummaryWriter(str(tmp_path / "digits_sgd_lr2"))
    for tag, points in (("Loss/train", LR2_TRAIN), ("Loss/val", LR2_VAL)):
        for step, value in points:
            writer.add_scalar(tag, value, step)
    writer.close()
    done = invoke("scan", tmp_path, "--num-classes", "10", "-f", "json")
    (run,) = json.loads(done.stdout)["runs"]
    summary = run["summary"]
    # (stop 30, nc30: the run is `stalled` now -- flat at ln 10 after its blow-up, verdict_plateau -- and says so)
    assert run["verdict"] == "stalled" and "held at ln 10 = 2.303" in summary and "ln k=" not in summary, summary
    assert "but smoothed over the rest only" not in summary, summary


@pytest.mark.slow
def test_validation_that_stopped_early_while_training_went_on_gets_a_gap_finding(tmp_path):
    """#3: a Keras MLP fit on 64 digits (CSVLogger; the newcomer's script) ends with training 3,700x below a
    validation loss that stopped improving at epoch ~22 of 80. By the labels' rule a flat validation plateau is no
    overfitting, but "Nothing to fix" hid the gap: the run gets a `gap` finding with the logged values and advice to
    stop at validation's best. A run whose training stayed near validation gets none (the sibling: a linear model on 1,000 samples)."""
    import os

    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras
    from sklearn.datasets import load_digits
    from sklearn.preprocessing import StandardScaler

    from loganalyzer import discover, load_run
    from loganalyzer.curves import find_curves
    from loganalyzer.scan import scan
    from loganalyzer.verdict_gap import gap_after_best

    d = load_digits()
    x = StandardScaler().fit_transform(d.data).astype("float32")
    y = d.target

    def fit(n: int, name: str) -> Path:
        keras.utils.set_random_seed(0)
        hidden = [keras.layers.Dense(512, activation="relu"), keras.layers.Dense(512, activation="relu")]
        m = keras.Sequential([keras.Input((64,))] + (hidden if n < 100 else []) + [keras.layers.Dense(10)])
        m.compile(keras.optimizers.Adam(1e-3), keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
        (tmp_path / name).mkdir()
        log = tmp_path / name / "training.log"
        m.fit(x[:n], y[:n], validation_data=(x[1000:1400], y[1000:1400]), epochs=80 if n < 100 else 10,
              batch_size=16 if n < 100 else 64, verbose=0, callbacks=[keras.callbacks.CSVLogger(str(log))])
        return log

    small = fit(64, "small")
    (run,) = discover(str(small.parent))
    gap = gap_after_best(find_curves(load_run(run).scalars, x_hint="epoch"))  # as scan reads a Keras CSV
    assert gap is not None
    finding, advice = gap
    assert finding.kind == "gap" and "fitted only the training set" in finding.message
    assert "x below validation" in finding.message and finding.step <= 40
    assert advice.startswith(f"Nothing broke, but validation stopped improving at epoch {finding.step}")
    (summary,) = scan([str(small.parent)]).runs
    if summary.verdict == "healthy":  # (overfit when validation rose enough: the finding is for healthy runs)
        assert summary.analysis.advice[0] == advice and finding in summary.analysis.findings
    big = fit(1000, "big")
    (run,) = discover(str(big.parent))
    assert gap_after_best(find_curves(load_run(run).scalars)) is None
