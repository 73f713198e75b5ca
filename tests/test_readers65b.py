"""GAN loss files saved with no names (branch rd65b, set 195's reader faults): a tiny GAN really trained with torch,
its per-epoch ``(d_loss, g_loss)`` kept as GAN scripts keep them -- ``np.save('losses.npy', np.array(losses))``
(a (points, 2) array), ``pickle.dump(losses, f)`` (a list of tuples), ``pickle.dump({'losses_g': .., 'losses_d':
..}, f)`` -- and read back by ``keras_npy``/``keras_pickle`` through ``readers/_loss_columns.py``."""
from __future__ import annotations

import pickle
import warnings

import numpy as np
import torch

from _runs import read_values as _read
from loganalyzer.discover import discover


def _train_gan(epochs: int = 12) -> list[tuple[float, float]]:
    """A 1-D GAN (a generator mapping noise to N(3, 0.5), a logistic discriminator) trained with BCE as DCGAN
    tutorials do; the per-epoch mean (d_loss, g_loss) as ``losses.append((d_loss, g_loss))`` keeps them."""
    g = torch.Generator().manual_seed(0)
    torch.manual_seed(0)  # the layers' initial weights too: a first row near (ln 4, ln 2) would be named D, G (rd65f)
    gen = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
    dis = torch.nn.Sequential(torch.nn.Linear(1, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
    og, od = torch.optim.Adam(gen.parameters(), 1e-2), torch.optim.Adam(dis.parameters(), 1e-2)
    bce = torch.nn.BCEWithLogitsLoss()
    losses = []
    for _ in range(epochs):
        ds, gs = [], []
        for _ in range(10):
            real = 3 + 0.5 * torch.randn(32, 1, generator=g)
            fake = gen(torch.randn(32, 2, generator=g))
            d_loss = bce(dis(real), torch.ones(32, 1)) + bce(dis(fake.detach()), torch.zeros(32, 1))
            od.zero_grad(); d_loss.backward(); od.step()
            g_loss = bce(dis(fake), torch.ones(32, 1))
            og.zero_grad(); g_loss.backward(); og.step()
            ds.append(d_loss.item()); gs.append(g_loss.item())
        losses.append((float(np.mean(ds)), float(np.mean(gs))))
    return losses


def test_npy_table_of_d_g_columns(tmp_path):
    losses = _train_gan()
    np.save(tmp_path / "losses.npy", np.array(losses))  # vanillagan195: (100, 2) float64
    np.save(tmp_path / "losses_cgan.npy", np.array(losses, dtype=np.float32))  # animegan195: float32
    runs = discover(str(tmp_path))
    assert sorted(r.id for r in runs) == ["losses.npy", "losses_cgan.npy"]
    series, said = _read(tmp_path / "losses.npy")
    assert sorted(series) == ["losses_D", "losses_G"]  # first row 1.22, 0.75: ln 4, ln 2 (rd65f)
    assert np.allclose(series["losses_D"], [d for d, _ in losses])
    assert np.allclose(series["losses_G"], [g for _, g in losses])
    assert any("2 unnamed columns" in m and "losses.npy" in m for m in said)
    series, _ = _read(tmp_path / "losses_cgan.npy")
    assert np.allclose(series["losses_cgan_G"], [g for _, g in losses], rtol=1e-6)


def test_npy_wide_matrix_is_no_loss_table(tmp_path):
    np.save(tmp_path / "losses.npy", np.zeros((5, 64)))  # 64 columns: an embedding, not losses
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        runs = discover(str(tmp_path))
    assert runs == [] or all(r.id != "losses.npy" for r in runs)


def test_pickled_list_of_tuples_and_dict(tmp_path):
    losses = _train_gan()
    with open(tmp_path / "losses.pkl", "wb") as f:  # facegen195: pickle.dump(losses, f), (d, g) tuples
        pickle.dump(losses, f)
    sub = tmp_path / "x"
    sub.mkdir()
    with open(sub / "losses.pkl", "wb") as f:  # xraygan195: a dict of per-epoch lists named by player
        pickle.dump({"losses_g": [g for _, g in losses], "losses_d": [d for d, _ in losses]}, f)
    assert sorted(r.id for r in discover(str(tmp_path))) == ["losses.pkl", "x/losses.pkl"]
    series, said = _read(tmp_path / "losses.pkl")
    assert np.allclose(series["losses_D"], [d for d, _ in losses])
    assert np.allclose(series["losses_G"], [g for _, g in losses])
    series, _ = _read(sub / "losses.pkl")
    assert sorted(series) == ["losses_d", "losses_g"]
    assert np.allclose(series["losses_g"], [g for _, g in losses])


def test_pickled_list_of_numbers_protocol0(tmp_path):
    losses = [g for _, g in _train_gan(6)]
    with open(tmp_path / "g_losses.pkl", "wb") as f:
        pickle.dump(losses, f, protocol=0)
    series, _ = _read(tmp_path / "g_losses.pkl")
    assert np.allclose(series["g_losses"], losses)


def test_pickled_ragged_list_one_line(tmp_path):
    with open(tmp_path / "losses.pkl", "wb") as f:
        pickle.dump([(1.0, 2.0), (1.0,), "x"], f)
    series, said = _read(tmp_path / "losses.pkl")
    assert series == {}
    assert any("losses.pkl" in m and "no loss table" in m for m in said)


def test_sections_heading_then_numbers(tmp_path):
    """urbangan195's writer: a 'Generator Losses:' heading, one value a line, a blank line, the discriminator's."""
    losses = _train_gan(8)
    with open(tmp_path / "losses.txt", "w") as f:
        f.write("Generator Losses:\n")
        for _, g in losses:
            f.write(f"{g}\n")
        f.write("\nDiscriminator Losses:\n")
        for d, _ in losses:
            f.write(f"{d}\n")
    assert [r.id for r in discover(str(tmp_path))] == ["losses.txt"]
    series, said = _read(tmp_path / "losses.txt")
    assert sorted(series) == ["Discriminator_Losses", "Generator_Losses"]
    assert np.allclose(series["Generator_Losses"], [g for _, g in losses])
    assert np.allclose(series["Discriminator_Losses"], [d for d, _ in losses])
    assert any("heading line" in m for m in said)
    from loganalyzer.scan import scan

    run = scan([str(tmp_path)]).runs[0]
    assert run.roles["train_loss"] == "Generator_Losses"  # a GAN: judged on the generator (curves_gan)


def test_sections_prose_is_not_a_table(tmp_path):
    (tmp_path / "losses.txt").write_text("Notes:\nthe loss fell\n0.5\n0.4\n0.3\n")
    from loganalyzer.readers._loss_sections import table

    assert table((tmp_path / "losses.txt").read_bytes()) is None
    assert table(b"Accuracy:\n0.5\n0.6\n0.7\n") is None  # no heading names a loss
    assert table(b"Loss:\n0.5\n0.4\nLoss:\n0.3\n0.2\n0.1\n") is None  # a repeated heading: sessions, not series


_KERAS_GAN = '''
import numpy as np, keras
rng = np.random.default_rng(0)
disc = keras.Sequential([keras.Input((1,)), keras.layers.Dense(8, activation="relu"),
                         keras.layers.Dense(1, activation="sigmoid")])
disc.compile(optimizer=keras.optimizers.Adam(1e-2), loss="binary_crossentropy", metrics=["accuracy"])
gen = keras.Sequential([keras.Input((2,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])
disc.trainable = False
z = keras.Input((2,))
gan = keras.Model(z, disc(gen(z)))
gan.compile(optimizer=keras.optimizers.Adam(1e-2), loss="binary_crossentropy")
with open("d_loss.txt", "w") as fd, open("g_loss.txt", "w") as fg:
    for epoch in range(6):
        real = 3 + 0.5 * rng.standard_normal((32, 1))
        fake = gen.predict(rng.standard_normal((32, 2)), verbose=0)
        x = np.concatenate([real, fake]); y = np.concatenate([np.ones((32, 1)), np.zeros((32, 1))])
        d_loss = disc.train_on_batch(x, y)  # [loss, accuracy]
        g_loss = gan.train_on_batch(rng.standard_normal((32, 2)), np.ones((32, 1)))
        fd.write(f"{d_loss[0]} {d_loss[1]}\\n")
        fg.write(f"{float(np.ravel(g_loss)[0])}\\n")
'''


def test_keras_discriminator_loss_and_accuracy(tmp_path):
    """mnistgan195's writer: a Keras GAN writing its discriminator's train_on_batch [loss, acc] a line each."""
    import os
    import subprocess
    import sys

    (tmp_path / "writer.py").write_text(_KERAS_GAN)
    env = {**os.environ, "KERAS_BACKEND": "torch", "PYTHONWARNINGS": "ignore", "OMP_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "writer.py"], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    (tmp_path / "writer.py").unlink()
    written = [line.split() for line in (tmp_path / "d_loss.txt").read_text().splitlines()]
    series, said = _read(tmp_path / "d_loss.txt")
    assert sorted(series) == ["d_loss", "d_loss_acc"]  # before: train_loss, val_loss
    assert np.allclose(series["d_loss"], [float(r[0]) for r in written])
    assert np.allclose(series["d_loss_acc"], [float(r[1]) for r in written])
    assert any("train_on_batch" in m for m in said)
    from loganalyzer.readers._loss_sections import keras_disc

    assert keras_disc(b"0.5 0.4\n0.4 0.3\n0.3 0.2\n", "losses.txt") is None  # no discriminator's name: as before
    assert keras_disc(b"0.5 1.4\n0.4 1.3\n0.3 1.2\n", "d_loss.txt") is None  # a second column past 1: no accuracy


def _stylegan_run(run_dir, events: bool, ticks: int = 6):
    """A StyleGAN2-ADA run dir as training/training_loop.py writes it: training_options.json, each tick's stats in
    stats.jsonl ({name: {num, mean, std}}) and the same means in the event file (stats_tfevents.add_scalar)."""
    import json

    run_dir.mkdir()
    (run_dir / "training_options.json").write_text(json.dumps({"kimg_per_tick": 4, "batch_size": 32}))
    losses = _train_gan(ticks)
    writer = None
    if events:
        from torch.utils.tensorboard import SummaryWriter

        writer = SummaryWriter(str(run_dir))
    with open(run_dir / "stats.jsonl", "wt") as stats_jsonl:
        for tick, (d, g) in enumerate(losses):
            fields = {"Loss/D/loss": {"num": 32, "mean": d, "std": 0.1}, "Loss/G/loss": {"num": 32, "mean": g,
                      "std": 0.1}, "Progress/kimg": {"num": 1, "mean": 4.0 * tick, "std": 0.0}}
            stats_jsonl.write(json.dumps(dict(fields, timestamp=1714469542.0 + tick)) + "\n")
            if writer is not None:
                for name, value in fields.items():
                    writer.add_scalar(name, value["mean"], global_step=int(4000 * tick), walltime=1714469542.0 + tick)
    if writer is not None:
        writer.close()


def test_stylegan_stats_jsonl_beside_its_event_file_is_one_run(tmp_path):
    _stylegan_run(tmp_path / "with_events", events=True)
    _stylegan_run(tmp_path / "stats_only", events=False)
    ids = sorted(r.id for r in discover(str(tmp_path)))
    assert ids == ["stats_only/stats.jsonl", "with_events"]  # before: with_events and with_events/stats.jsonl
