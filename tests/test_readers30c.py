"""readers30c: reader faults the forty-second blind labeller found (held-out set 42), each printed by a real tiny
torch training in the shape of the public file named in its test.

- A validation line printed with the training line's very words under a banner naming the split and the epoch
  (``=====validate epoch 3=====``: public Jia-Baos/LeNet and Jia-Baos/1DCNN ``checkpoints/log.txt``) was averaged
  with the training line of its epoch (1DCNN epoch 0: train 1.005, validate 0.793 -> one point 0.899).
"""
from __future__ import annotations

import io

import pytest

from loganalyzer.discover import discover

torch = pytest.importorskip("torch")

from test_readers20a import _read, _series, _train  # noqa: E402  (the resolved view and warnings; a tag's points; a tiny
# classifier's per-epoch (loss, acc, val_loss, val_acc))


# ------------------------------------------------------------------ '=====validate epoch N=====' banners

# public Jia-Baos/1DCNN checkpoints/log.txt (e2cfed89e0187d3bb568bebb30540ae1d72861d5), its first epoch:
#   ======================training epoch 1======================
#   Epoch 0 | avg_loss = 1.005
#   Training consumes 2.73 second
#
#   ======================validate epoch 1======================
#   Epoch 0 | avg_loss = 0.793
#   Validation consumes 0.36 second


def _jia_baos_log(runs: list[int], accuracy: bool) -> tuple[str, list]:
    """Trainings appended to one log as Jia-Baos's loops print them; per run (train losses, validation losses)."""
    buf = io.StringIO()
    want = []
    for seed, epochs in enumerate(runs):
        print(f"2022-04-23 10:0{seed}:30", file=buf)
        train, val = [], []
        for epoch, (loss, acc, vloss, vacc) in enumerate(_train(epochs, seed)):
            print("=" * 22 + f"training epoch {epoch + 1}" + "=" * 22, file=buf)
            tail = f" | current = {acc:.3f}" if accuracy else ""
            print(f"Epoch {epoch} | {'loss' if accuracy else 'avg_loss'} = {loss:.3f}{tail}", file=buf)
            print(f"Training consumes {2.5 + epoch / 10:.2f} second\n", file=buf)
            print("=" * 22 + f"validate epoch {epoch + 1}" + "=" * 22, file=buf)
            tail = f" | current = {vacc:.3f}" if accuracy else ""
            print(f"Epoch {epoch} | {'loss' if accuracy else 'avg_loss'} = {vloss:.3f}{tail}", file=buf)
            print(f"Validation consumes {0.3 + epoch / 100:.2f} second\n", file=buf)
            train.append(round(loss, 3))
            val.append(round(vloss, 3))
        want.append((train, val))
    return buf.getvalue(), want


@pytest.mark.parametrize("accuracy", [False, True])
def test_validate_epoch_banner_splits_validation(tmp_path, accuracy):
    """Before: one 'avg_loss' series, each epoch the mean of the training and the validation line, with a warning
    ('printed 2 times'); now 'avg_loss' and 'val_avg_loss', every run of the file its own."""
    text, want = _jia_baos_log([6, 9], accuracy)
    f = tmp_path / "log.txt"
    f.write_text(text)
    df, warned = _read(f)
    name = "loss" if accuracy else "avg_loss"
    runs = sorted(set(df.dir))
    assert runs == ["log.txt#1", "log.txt#2"]
    for run, (train, val) in zip(runs, want):
        assert _series(df, name, run) == (list(range(len(train))), train)
        assert _series(df, f"val_{name}", run) == (list(range(len(val))), val)
    if accuracy:
        assert set(df.tag) == {"loss", "val_loss", "current", "val_current"}
    assert not any("printed 2 times" in w for w in warned)
    assert len(discover(str(tmp_path))) == 2


def test_banner_siblings(tmp_path):
    """Siblings: '--- Validation Epoch 3/6 ---' and '[Test epoch: 3]' banners over the training's words."""
    buf = io.StringIO()
    train, val = [], []
    for epoch, (loss, acc, vloss, vacc) in enumerate(_train(6), 1):
        print(f"--- Train Epoch {epoch}/6 ---", file=buf)
        print(f"epoch {epoch}: loss {loss:.4f}, acc {acc:.4f}", file=buf)
        print(f"--- Validation Epoch {epoch}/6 ---", file=buf)
        print(f"epoch {epoch}: loss {vloss:.4f}, acc {vacc:.4f}", file=buf)
        train.append(round(loss, 4))
        val.append(round(vloss, 4))
    f = tmp_path / "train.log"
    f.write_text(buf.getvalue())
    df, _ = _read(f)
    assert _series(df, "loss") == (list(range(1, 7)), train)
    assert _series(df, "val_loss") == (list(range(1, 7)), val)

    f.write_text(buf.getvalue().replace("--- Validation Epoch ", "[Test epoch: ").replace("/6 ---", "]"))
    df, _ = _read(f)
    assert _series(df, "test_loss")[1] == val


def test_banner_with_another_number_is_no_header(tmp_path):
    """'Validation epoch 3 took 0.4 s' holds a number past the epoch: no header, the next line stays the
    training's."""
    buf = io.StringIO()
    train = []
    for epoch, (loss, acc, vloss, vacc) in enumerate(_train(5), 1):
        print(f"Validation epoch {epoch} took 0.{epoch} s", file=buf)
        print(f"Epoch {epoch} | loss: {loss:.4f} | acc: {acc:.4f}", file=buf)
        train.append(round(loss, 4))
    f = tmp_path / "train.log"
    f.write_text(buf.getvalue())
    df, _ = _read(f)
    assert _series(df, "loss")[1] == train
    assert "val_loss" not in set(df.tag)


# ------------------------------------------------------------------ an argument dump above a table

# public HCH1999/CS385-Course-Project-1 checkpoints/deep/log.txt (4751039cec57765d863526bc66db33962c261ab9), its head
# (a bearpaw/pytorch-classification-style Logger: '{0:.6f}\t' per value, a tab after the last one too):
#   ==>Arguments:
#   arch:deep
#   ...
#   val_batchsize:16
#   ==>Training log:
#   Learning Rate<TAB>Train Loss<TAB>Valid Loss<TAB>Train Acc<TAB>Valid Acc<TAB>
#   0.010000<TAB>2.278001<TAB>2.254062<TAB>17.083691<TAB>18.143055<TAB>

_ARGS = {"arch": "deep", "checkpoint": "./checkpoints/", "epochs": 12, "evaluate": False, "gamma": 0.1, "lr": 0.5,
         "schedule": [70], "train_batchsize": 64}


def _cs385_log(epochs: int, sep: str = "\t", dump: str = "lines") -> tuple[str, list, list]:
    buf = io.StringIO()
    if dump == "lines":
        print("==>Arguments:", file=buf)
        for k, v in _ARGS.items():
            print(f"{k}:{v}", file=buf)
        print("==>Training log:", file=buf)
    else:
        print("Namespace(" + ", ".join(f"{k}={v!r}" for k, v in _ARGS.items()) + ")", file=buf)
        print("# columns: learning rate, losses, accuracies", file=buf)
    names = ["Learning Rate", "Train Loss", "Valid Loss", "Train Acc", "Valid Acc"]
    buf.write("".join(f"{n}{sep}" for n in names) + "\n")
    train, val = [], []
    for loss, acc, vloss, vacc in _train(epochs, lr=0.5):
        buf.write("".join(f"{v:.6f}{sep}" for v in (0.5, loss, vloss, 100 * acc, 100 * vacc)) + "\n")
        train.append(round(loss, 4))
        val.append(round(vloss, 4))
    return buf.getvalue(), train, val


@pytest.mark.parametrize("sep,dump", [("\t", "lines"), (",", "namespace")])
def test_table_under_an_argument_dump(tmp_path, sep, dump):
    """Before: discover listed the file as a printed log and read_scalars returned no series ('no line holds a
    loss'); now the table's columns, the dump's lines said skipped."""
    text, train, val = _cs385_log(12, sep, dump)
    f = tmp_path / "log.txt"
    f.write_text(text)
    runs = discover(str(tmp_path))
    assert [r.format for r in runs] == ["csv"]
    df, warned = _read(f)
    assert _series(df, "Train Loss") == (list(range(12)), train)
    assert _series(df, "Valid Loss") == (list(range(12)), val)
    assert {"Learning Rate", "Train Acc", "Valid Acc"} <= set(df.tag)
    assert any("argument dump" in w and ":1:" in w for w in warned)


def test_argument_dump_over_printed_progress_stays_a_printed_log(tmp_path):
    """An argument dump over progress lines (no table) is still a printed log: its 'Epoch N: loss ...' lines."""
    buf = io.StringIO()
    print("==>Arguments:", file=buf)
    for k, v in _ARGS.items():
        print(f"{k}:{v}", file=buf)
    train = []
    for epoch, (loss, acc, vloss, vacc) in enumerate(_train(6), 1):
        print(f"Epoch {epoch}: loss {loss:.4f} acc {acc:.4f}", file=buf)
        train.append(round(loss, 4))
    f = tmp_path / "log.txt"
    f.write_text(buf.getvalue())
    assert [r.format for r in discover(str(tmp_path))] == ["joblog"]
    df, _ = _read(f)
    assert _series(df, "loss") == (list(range(1, 7)), train)


# ------------------------------------------------------------------ an objective's terms with no loss word

# public dexma001/PVTVAE checkpoints/log.txt (e2c76039d7c96fecd371ec6fb2b5be40a7c137bd), its head:
#   🚀 Training Started
#   ==================================================
#   Epoch [1/100] Recon: 0.1283 | KL: 39.7717 | Phys: 0.0000 (λ=0.000)
#   Epoch [2/100] Recon: 0.0384 | KL: 8.0062 | Phys: 0.0000 (λ=0.000)
#   ...
#   💾 Checkpoint saved: epoch 10


def _vae_log(epochs: int) -> tuple[str, list, list]:
    """A real tiny torch VAE (4 -> 2 -> 4) trained full-batch, printed as PVTVAE's loop prints its epochs."""
    torch.manual_seed(0)
    x = torch.randn(128, 4) @ torch.randn(4, 4)
    enc, dec = torch.nn.Linear(4, 4), torch.nn.Linear(2, 4)
    opt = torch.optim.Adam([*enc.parameters(), *dec.parameters()], lr=0.05)
    buf = io.StringIO()
    print("🚀 Training Started\n" + "=" * 50, file=buf)
    recons, kls = [], []
    for epoch in range(1, epochs + 1):
        mu, logvar = enc(x).chunk(2, dim=1)
        z = mu + torch.randn_like(mu) * (0.5 * logvar).exp()
        recon = torch.nn.functional.mse_loss(dec(z), x)
        kl = -0.5 * torch.mean(1 + logvar - mu.pow(2) - logvar.exp())
        lam = 0.0 if epoch <= epochs // 2 else 0.1
        phys = lam * mu.pow(2).mean()
        opt.zero_grad()
        (recon + 0.01 * kl + phys).backward()
        opt.step()
        print(f"Epoch [{epoch}/{epochs}] Recon: {recon.item():.4f} | KL: {kl.item():.4f} | Phys: {phys.item():.4f} "
              f"(λ={lam:.3f})", file=buf)
        if epoch % 10 == 0:
            print(f"💾 Checkpoint saved: epoch {epoch}", file=buf)
        recons.append(round(recon.item(), 4))
        kls.append(round(kl.item(), 4))
    return buf.getvalue(), recons, kls


def test_epoch_lines_of_objective_terms(tmp_path):
    """Before: discover did not list the file ('no training progress'); now one run, a series per term."""
    text, recons, kls = _vae_log(30)
    f = tmp_path / "log.txt"
    f.write_text(text, encoding="utf-8")
    assert [r.format for r in discover(str(tmp_path))] == ["joblog"]
    df, _ = _read(f)
    assert _series(df, "Recon") == (list(range(1, 31)), recons)
    assert _series(df, "KL") == (list(range(1, 31)), kls)
    assert set(df.tag) == {"Recon", "KL", "Phys"}


def test_epoch_lines_of_other_names_stay_unread(tmp_path):
    """Names that are no loss term ('Energy', 'Perplexity') keep the file unread, as before (readers5's test)."""
    buf = io.StringIO()
    for epoch, (loss, acc, vloss, vacc) in enumerate(_train(5), 1):
        print(f"Epoch [{epoch}/5] Energy: {loss:.4f} | Score: {acc:.4f}", file=buf)
    (tmp_path / "log.txt").write_text(buf.getvalue())
    assert discover(str(tmp_path)) == []
