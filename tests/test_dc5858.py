"""Stop 58 (dc58): a printed training log is discovered by its content, whatever its name (discover_content.py).

Each positive is the exact text a framework prints -- Keras ``model.fit`` (verbose=1, piped: one line an epoch),
HuggingFace ``Trainer``'s logged dicts, the PyTorch ImageNet example's ``ProgressMeter``, yunjey/pytorch-tutorial's
``Epoch [e/E], Step [s/S], Loss: x``, karpathy/nanoGPT's ``iter N: loss x, time ..ms, mfu ..%`` -- written under a
name no log rule knew: a scheduler's bare ``out``/``e`` stream, ``notes.py``, ``losses.dat``, ``train.log1``, a file
named after the run. The negatives are what such a tree also holds: the training script printing those lines in
f-strings, a README quoting three of them, a YAML config under no suffix.
"""
from __future__ import annotations

from loganalyzer import read_scalars
from loganalyzer.discover import discover


def _series(path) -> dict[str, tuple[list, list]]:
    df = read_scalars(str(path))
    return {tag: (g.step.tolist(), g.value.tolist()) for tag, g in df.groupby("tag", sort=False)}


def _found(root) -> dict[str, str]:
    return {r.id: r.format for r in discover(str(root))}


KERAS = [f"Epoch {e}/6\n100/100 [==============================] - 2s 15ms/step - loss: {1.0 / e:.4f} - accuracy: "
         f"{0.5 + 0.05 * e:.4f} - val_loss: {1.1 / e + 0.01:.4f} - val_accuracy: {0.45 + 0.05 * e:.4f}"
         for e in range(1, 7)]


def test_keras_fit_in_a_bare_out_stream(tmp_path):
    job = tmp_path / "job_4711"
    job.mkdir()
    (job / "out").write_text("\n".join(KERAS) + "\n")
    (job / "err").write_text("2024-01-01 10:00:00.1: I tensorflow/core/platform/cpu_feature_guard.cc:182] This "
                             "TensorFlow binary is optimized to use available CPU instructions.\n")
    assert _found(tmp_path) == {"job_4711/out": "joblog"}
    series = _series(job / "out")
    assert series["val_loss"][1] == [round(1.1 / e + 0.01, 4) for e in range(1, 7)]


def test_hf_trainer_dicts_pasted_into_a_py_file(tmp_path):
    lines = [f"{{'loss': {2.0 - 0.1 * i:.4f}, 'grad_norm': 1.5, 'learning_rate': {5e-5 * (1 - i / 12):.3e}, "
             f"'epoch': {0.25 * (i + 1):.2f}}}" for i in range(12)]
    (tmp_path / "notes.py").write_text("\n".join(lines) + "\n")
    assert _found(tmp_path) == {"notes.py": "joblog"}
    steps, values = _series(tmp_path / "notes.py")["loss"]
    assert values == [round(2.0 - 0.1 * i, 4) for i in range(12)]


def test_pytorch_tutorial_lines_in_a_dat_file_and_a_log1(tmp_path):
    text = "".join(f"Epoch [{e}/5], Step [{s}/600], Loss: {1.0 / (e * s / 100):.4f}\n"
                   for e in range(1, 6) for s in (100, 200, 300, 400, 500, 600))
    (tmp_path / "losses.dat").write_text(text)
    nano = "".join(f"iter {i * 10}: loss {10.9 - 0.05 * i:.4f}, time 101.25ms, mfu 12.50%\n" for i in range(40))
    (tmp_path / "train.log1").write_text(nano)
    assert _found(tmp_path) == {"losses.dat": "joblog", "train.log1": "joblog"}
    steps, values = _series(tmp_path / "train.log1")["loss"]
    assert steps == [i * 10 for i in range(40)]
    assert values[-1] == round(10.9 - 0.05 * 39, 4)


def test_imagenet_example_output_named_after_the_run_and_a_bare_e_stream(tmp_path):
    run = tmp_path / "sweep" / "resnet50_lr0.1"
    run.mkdir(parents=True)
    meter = "".join(f"Epoch: [{e}][{b:4d}/5005]\tTime  0.412 ( 0.530)\tData  0.001 ( 0.100)\tLoss {6.9 - 0.3 * e - b / 5000:.4e} "
                    f"({6.9 - 0.3 * e:.4e})\tAcc@1   0.39 (  0.12)\tAcc@5   1.17 (  0.61)\n"
                    for e in range(3) for b in range(0, 5005, 500))
    (run / "resnet50_lr0.1").write_text(meter)
    (run / "e").write_text("".join(KERAS))  # a Grid Engine job given '-e e': Keras' stderr lines
    found = _found(tmp_path)
    assert set(found) == {"sweep/resnet50_lr0.1/resnet50_lr0.1", "sweep/resnet50_lr0.1/e"}


# --- negatives: what a run tree also holds


def test_script_printing_progress_in_fstrings_is_no_log(tmp_path):
    (tmp_path / "train").write_text(
        "#!/usr/bin/env python\nimport torch\n\n\ndef main():\n    for epoch in range(10):\n"
        "        for step, batch in enumerate(loader):\n            loss = model(batch)\n"
        "            print(f'Epoch [{epoch}/10], Step [{step}/600], Loss: {loss.item():.4f}')\n"
        "        print(f'epoch {epoch}: train_loss={loss:.4f} val_loss={val:.4f}')\n"
        '    """Example output:\n    Epoch [1/10], Step [100/600], Loss: 0.2856\n    Epoch [1/10], Step [200/600], '
        'Loss: 0.2010\n    Epoch [1/10], Step [300/600], Loss: 0.1500\n    Epoch [1/10], Step [400/600], Loss: 0.1200\n'
        '    """\n\n\nif __name__ == "__main__":\n    main()\n')
    (tmp_path / "run.py").write_text((tmp_path / "train").read_text())
    assert _found(tmp_path) == {}


def test_readme_quoting_three_lines_and_a_yaml_config_are_no_logs(tmp_path):
    (tmp_path / "README").write_text(
        "Training\n========\n\nRun `python train.py --epochs 10`. You should see something like:\n\n"
        "    Epoch [1/10], Step [100/600], Loss: 0.2856\n    Epoch [1/10], Step [200/600], Loss: 0.2010\n"
        "    Epoch [2/10], Step [100/600], Loss: 0.1500\n\nThe loss should fall below 0.1 by epoch 5.\n")
    (tmp_path / "hparams").write_text("model: resnet50\nloss: cross_entropy\nepochs: 90\nepoch: 0\nlr: 0.1\n"
                                      "batch_size: 256\nval_loss: null\nstep: 0\nwarmup_epochs: 5\n")
    (tmp_path / "config.yaml").write_text((tmp_path / "hparams").read_text())
    assert _found(tmp_path) == {}
