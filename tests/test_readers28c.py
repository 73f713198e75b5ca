"""readers28c: the skeleton-action trainers' ``print_log`` epoch blocks (``Training epoch: N`` / ``\\tmean_loss: x``
/ ``Eval epoch: N`` / ``\\tTop1: x%``) read at their epochs, NaNs kept, one run per launch. Every log is printed by
a real tiny torch training loop here in the writers' own formats."""
from __future__ import annotations

import math
import time
import warnings

import numpy as np
import pytest

from loganalyzer import read_scalars

torch = pytest.importorskip("torch")


class _IO:
    """ST-GCN's ``torchlight.io.IO.print_log`` (yysijie/st-gcn master, ``torchlight/torchlight/io.py``): the line
    after a ``time.strftime("[%m.%d.%y|%X] ")`` prefix; 2s-AGCN/CTR-GCN's ``"[ " + time.asctime(...) + " ] "`` with
    ``agcn``."""

    def __init__(self, agcn: bool = False):
        self.lines: list[str] = []
        self.agcn = agcn

    def print_log(self, text: str) -> None:
        now = time.localtime()
        prefix = f"[ {time.asctime(now)} ] " if self.agcn else time.strftime("[%m.%d.%y|%X] ", now)
        self.lines.append(prefix + text)


def _stgcn_launch(io: _IO, epochs: int, *, lr: float, seed: int, scale: float = 1.0, log_interval: int = 5) -> tuple[list, list]:
    """One launch of ST-GCN's ``processor/recognition.py`` train/test loop on a tiny classifier: the parameters
    dump, per epoch ``Training epoch: N``, ``\\tIter k Done. | loss: .. | lr: ..`` every ``log_interval`` global
    iterations, ``\\tmean_loss: ..``, ``Time consumption:``, ``Done.``, every 2 epochs an ``Eval epoch: N`` block
    with ``\\tmean_loss``, ``\\tTop1: x%``, ``\\tTop5: x%``. A high ``lr`` makes the loss NaN, as in the public log.
    Returns (train mean losses, eval (epoch, loss, top1))."""
    torch.manual_seed(seed)
    x, y = torch.randn(48, 6) * scale, torch.randint(0, 6, (48,))
    model = torch.nn.Linear(6, 6)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    io.print_log("Parameters:")
    io.lines.append(str({"work_dir": "./output", "start_epoch": 0, "num_epoch": epochs, "base_lr": lr}))
    io.lines.append("")
    it, means, evals = 0, [], []
    for epoch in range(epochs):
        io.print_log(f"Training epoch: {epoch}")
        losses = []
        for b in range(0, 48, 16):
            loss = torch.nn.functional.cross_entropy(model(x[b:b + 16]), y[b:b + 16])
            opt.zero_grad()
            loss.backward()
            opt.step()
            if it % log_interval == 0:
                io.print_log(f"\tIter {it} Done. | loss: {loss.item():.4f} | lr: {lr:.6f}")
            losses.append(loss.item())
            it += 1
        means.append(float(np.mean(losses)))
        io.print_log(f"\tmean_loss: {means[-1]}")
        io.print_log("Time consumption:")
        io.print_log("Done.")
        if epoch % 2 == 1:
            with torch.no_grad():
                out = model(x)
                vloss = torch.nn.functional.cross_entropy(out, y).item()
                top1 = (out.argmax(1) == y).float().mean().item()
                top5 = (out.topk(5, 1).indices == y[:, None]).any(1).float().mean().item()
            io.print_log(f"Eval epoch: {epoch}")
            io.print_log(f"\tmean_loss: {vloss}")
            io.print_log(f"\tTop1: {100 * top1:.2f}%")
            io.print_log(f"\tTop5: {100 * top5:.2f}%")
            io.print_log("Done.")
            evals.append((epoch, vloss, round(100 * top1, 2)))
    return means, evals


def _read(path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(path)
    return df, [str(w.message) for w in caught]


def test_stgcn_epoch_blocks_read_at_epochs_with_nans(tmp_path):
    """The shape of a public ST-GCN Kinetics log (yysijie/st-gcn's processor, several launches appended to one
    ``log.txt``): it was read as runs of the few ``Iter`` points, the 636 ``mean_loss`` lines left out as bare
    prints and the ``Top1`` lines not read."""
    io = _IO()
    first, evals = _stgcn_launch(io, 6, lr=0.1, seed=0)
    second, _ = _stgcn_launch(io, 4, lr=1e35, seed=1, scale=1e3)  # diverges: NaN mean losses
    assert any(math.isnan(v) for v in second)
    (tmp_path / "log.txt").write_text("\n".join(io.lines) + "\n")
    df, caught = _read(tmp_path)
    assert sorted(df.dir.unique()) == ["log.txt#1", "log.txt#2"]
    one = df[df.dir == "log.txt#1"]
    train = one[one.tag == "train_mean_loss"].sort_values("step")
    assert train.step.tolist() == list(range(6))
    np.testing.assert_allclose(train.value.to_numpy(), first, rtol=1e-9)
    top1 = one[one.tag == "val_Top1"].sort_values("step")
    assert top1.step.tolist() == [e for e, _, _ in evals]
    np.testing.assert_allclose(top1.value.to_numpy(), [t for _, _, t in evals])
    np.testing.assert_allclose(one[one.tag == "val_mean_loss"].sort_values("step").value, [v for _, v, _ in evals])
    two = df[(df.dir == "log.txt#2") & (df.tag == "train_mean_loss")].sort_values("step")
    assert two.step.tolist() == list(range(4))
    assert two.value.isna().sum() == sum(math.isnan(v) for v in second) > 0
    assert not set(df.tag) & {"loss", "lr"}
    assert any("per-iteration 'Iter N Done.' lines" in c and "left out" in c for c in caught)
    assert not any("bare 'mean_loss'" in c for c in caught)


def test_agcn_sibling_epoch_blocks(tmp_path):
    """The 2s-AGCN/CTR-GCN sibling (Uason-Chen/CTR-GCN ``main.py``: ``Training epoch: {epoch + 1}``, ``\\tMean
    training loss: {:.4f}.  Mean training acc: {:.2f}%.``, ``Eval epoch: ..``, ``\\tMean test loss of N batches:
    ..``, ``\\tTop1: ..%``)."""
    io = _IO(agcn=True)
    torch.manual_seed(0)
    x, y = torch.randn(32, 4), torch.randint(0, 3, (32,))
    model = torch.nn.Linear(4, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    losses, accs = [], []
    for epoch in range(5):
        io.print_log(f"Training epoch: {epoch + 1}")
        out = model(x)
        loss = torch.nn.functional.cross_entropy(out, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        acc = (out.argmax(1) == y).float().mean().item() * 100
        io.print_log(f"\tMean training loss: {loss.item():.4f}.  Mean training acc: {acc:.2f}%.")
        losses.append(round(loss.item(), 4))
        accs.append(round(acc, 2))
        io.print_log(f"Eval epoch: {epoch + 1}")
        io.print_log(f"\tMean test loss of 2 batches: {loss.item():.4f}.")
        io.print_log(f"\tTop1: {acc:.2f}%")
    (tmp_path / "log.txt").write_text("\n".join(io.lines) + "\n")
    df, _ = _read(tmp_path)
    assert df.dir.nunique() == 1
    tr = df[df.tag == "Mean_training_loss"].sort_values("step")
    assert tr.step.tolist() == [1, 2, 3, 4, 5]
    np.testing.assert_allclose(tr.value, losses)
    np.testing.assert_allclose(df[df.tag == "Mean_training_acc"].sort_values("step").value, accs)
    np.testing.assert_allclose(df[df.tag == "Mean_test_loss"].sort_values("step").value, losses)
    assert df[df.tag == "val_Top1"].step.tolist() == [1, 2, 3, 4, 5]


def _unet_log(epochs: int, header: str, newlines: bool) -> tuple[str, list[float]]:
    """A segmentation loop's console (public LIDC TransAttUNet ``train.log``, a user's script): ``Epoch [k]``, a
    real tqdm ``Training`` bar per epoch whose ``n/total`` starts again each epoch (postfix ``loss=, dice=``), a
    ``Validating`` bar, then ``[DEBUG] Tổng Loss: x`` debugging prints and ``Train Loss: x | Dice: y`` / ``Val Loss:
    x | Dice: y``. ``newlines``: each redraw on its own line, as the public log holds it; else tqdm's raw ``\\r``."""
    import io as _io

    from tqdm import tqdm

    torch.manual_seed(0)
    x = torch.randn(40, 8)
    y = (x.sum(1, keepdim=True) > 0).float()
    model = torch.nn.Linear(8, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.3)
    buf = _io.StringIO()
    train_losses = []
    for epoch in range(1, epochs + 1):
        print("\n" + header.format(epoch=epoch, epochs=epochs) + "\n", file=buf)
        bar = tqdm(range(10), desc="Training", file=buf, mininterval=0, ascii=True)
        total = 0.0
        for b in bar:
            out = model(x[4 * b:4 * b + 4])
            loss = torch.nn.functional.binary_cross_entropy_with_logits(out, y[4 * b:4 * b + 4])
            opt.zero_grad()
            loss.backward()
            opt.step()
            dice = float(((out > 0).float() == y[4 * b:4 * b + 4]).float().mean())
            bar.set_postfix(loss=f"{loss.item():.4f}", dice=f"{dice:.4f}")
            total += loss.item()
        bar.close()
        for _ in tqdm(range(3), desc="Validating", file=buf, mininterval=0, ascii=True):
            pass
        with torch.no_grad():
            vloss = torch.nn.functional.binary_cross_entropy_with_logits(model(x), y).item()
        print(f"[DEBUG] Max prob: {torch.sigmoid(model(x)).max().item():.4f}", file=buf)
        print(f"[DEBUG] Tổng Loss: {vloss * 0.9:.4f}", file=buf)
        train_losses.append(round(total / 10, 4))
        print(f"Train Loss: {total / 10:.4f} | Dice: 0.5000", file=buf)
        print(f"Val Loss:   {vloss:.4f} | Dice: 0.6000", file=buf)
    text = buf.getvalue()
    return (text.replace("\r", "\n") if newlines else text), train_losses


@pytest.mark.parametrize("header,newlines", [("Epoch [{epoch}]", True), ("Epoch [{epoch}/{epochs}]", False),
                                             ("Epoch ({epoch})", True)])
def test_tqdm_counter_restarting_under_bracketed_epoch_headers_one_run(tmp_path, header, newlines):
    """One 4-epoch training, its bar's counter starting again under each ``Epoch [k]`` header: one run (it was one
    run per epoch), its steps going on; the ``[DEBUG]`` prints left out with a line naming them."""
    text, train_losses = _unet_log(4, header, newlines)
    (tmp_path / "train.log").write_text(text)
    df, caught = _read(tmp_path)
    assert df.dir.nunique() == 1
    loss = df[df.tag == "loss"].sort_values("step")
    assert loss.step.is_monotonic_increasing and loss.step.max() > 30  # 4 epochs x 10 batches, counted on
    train = df[df.tag == "Train_Loss"].sort_values("step")
    np.testing.assert_allclose(train.value, train_losses)
    assert train.step.is_unique and len(train) == 4
    assert not any("Tổng" in t or "Max_prob" in t for t in df.tag.unique())
    assert any("4 '[DEBUG]' lines" in c and "Tổng_Loss" in c and "left out" in c for c in caught)


def test_debug_marker_kept_when_it_is_every_line(tmp_path):
    """A log whose every loss line carries the marker (a logger's ``[DEBUG]`` level) is read as before."""
    lines = []
    for epoch, (loss, _) in enumerate(_losses(5)):
        lines.append(f"[DEBUG] epoch {epoch} loss: {loss:.4f}")
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    df, caught = _read(tmp_path)
    assert len(df[df.tag == "loss"]) == 5
    assert not any("[DEBUG]" in c for c in caught)


def _losses(epochs: int) -> list[tuple[float, float]]:
    torch.manual_seed(0)
    x = torch.randn(32, 4)
    y = (x[:, 0] > 0).long()
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    out = []
    for _ in range(epochs):
        loss = torch.nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        out.append((loss.item(), 0.0))
    return out


def _chinese_ner_log(path, fmt: str, *, per_epoch: int, check: int, passes: int) -> dict[int, float]:
    """zjy-ucas/ChineseNER ``main.py`` (master): ``logging`` with ``%(asctime)s - %(name)s - %(levelname)s -
    %(message)s`` and, every ``steps_check`` global steps, ``iteration = step // steps_per_epoch + 1`` logged as
    ``iteration:{} step:{}/{}, NER loss:{:>9.6f}`` with ``step % steps_per_epoch`` and the running mean loss of the
    pass. A real tiny torch loop; returns {global step: logged mean loss}."""
    import logging

    logger = logging.getLogger(f"readers28c.{path.name}.{abs(hash(fmt))}")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s - %(name)s - %(levelname)s - %(message)s"))
    logger.addHandler(handler)
    torch.manual_seed(0)
    x, y = torch.randn(per_epoch * 4, 5), torch.randint(0, 3, (per_epoch * 4,))
    model = torch.nn.Linear(5, 3)
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    logger.info("start training")
    step, expected = 0, {}
    for _ in range(passes):
        losses = []
        for b in range(per_epoch):
            loss = torch.nn.functional.cross_entropy(model(x[4 * b:4 * b + 4]), y[4 * b:4 * b + 4])
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
            losses.append(loss.item())
            if step % check == 0:
                iteration = step // per_epoch + 1
                mean = float(np.mean(losses))
                logger.info(fmt.format(iteration, step % per_epoch, per_epoch, mean))
                expected[step] = round(mean, 6)
        logger.info("model saved")
    handler.close()
    logger.removeHandler(handler)
    return expected


@pytest.mark.parametrize("fmt,tag", [("iteration:{} step:{}/{}, NER loss:{:>9.6f}", "NER_loss"),
                                     ("iter: {} | step: {}/{} | loss: {:.6f}", "loss")])
def test_iteration_with_restarting_step_of_total_is_one_curve(tmp_path, fmt, tag):
    """The step within each pass (``step:k/T``) under an outer ``iteration:N``: one run at the global steps (it was
    read as a few runs of the first pass's points)."""
    expected = _chinese_ner_log(tmp_path / "train.log", fmt, per_epoch=23, check=5, passes=4)
    df, _ = _read(tmp_path)
    assert df.dir.nunique() == 1
    got = df[df.tag == tag].sort_values("step")
    assert got.step.tolist() == sorted(expected)
    np.testing.assert_allclose(got.value, [expected[s] for s in sorted(expected)], atol=1e-6)


def _flow_epochs(epochs: int) -> list[tuple[float, float]]:
    """(train NLL, val NLL) per epoch (nats per sample) of a tiny real density model: a learnt diagonal Gaussian in
    8 dims fitted by maximum likelihood."""
    torch.manual_seed(0)
    x = torch.randn(256, 8) * 3 + 1
    xt, xv = x[:192], x[192:]
    mu = torch.zeros(8, requires_grad=True)
    log_sigma = torch.zeros(8, requires_grad=True)
    opt = torch.optim.Adam([mu, log_sigma], lr=0.05)

    def nll(batch):
        return -torch.distributions.Normal(mu, log_sigma.exp()).log_prob(batch).sum(1).mean()

    out = []
    for _ in range(epochs):
        loss = nll(xt)
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            out.append((loss.item(), nll(xv).item()))
    return out


def test_split_named_epoch_lines_read(tmp_path):
    """The public nice__mnist_flow ``train.log`` shape (a user's NICE flow script): ``Epoch    1/1000 | train:
    1090.1872 (2.0061 bpd) | val: 1078.6729 (1.9849 bpd) | z_mean: .. | lr: ..`` and ``  New best model at epoch
    1 (val: ..)``. It was read as nothing (no line names a loss)."""
    lines = ["nohup: ignoring input", "Dataset : mnist", "Parameters : 19,158,352", "Initial LR : 0.000100"]
    rows = _flow_epochs(6)
    for epoch, (tr, va) in enumerate(rows, 1):
        lines.append(f"Epoch {epoch:4d}/1000 | train: {tr:.4f} ({tr / (8 * math.log(2)):.4f} bpd) | val: {va:.4f} "
                     f"({va / (8 * math.log(2)):.4f} bpd) | z_mean: 0.002 | z_std: 0.246 | lr: 0.000100")
        lines.append(f"  New best model at epoch {epoch} (val: {va:.4f})")
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    df, _ = _read(tmp_path)
    assert df.dir.nunique() == 1
    for tag, i in (("train_loss", 0), ("val_loss", 1)):
        got = df[df.tag == tag].sort_values("step")
        assert got.step.tolist() == list(range(1, 7))
        np.testing.assert_allclose(got.value, [round(r[i], 4) for r in rows])
    np.testing.assert_allclose(df[df.tag == "val_bpd"].sort_values("step").value,
                               [round(r[1] / (8 * math.log(2)), 4) for r in rows])
    assert set(df.tag) == {"train_loss", "train_bpd", "val_loss", "val_bpd", "z_mean", "z_std", "lr"}


def test_split_named_sibling_colonless(tmp_path):
    """A sibling without units and with colonless values: ``Epoch: 3 | train 0.5123 | valid 0.6012``; a single such
    line stays unread."""
    rows = _flow_epochs(4)
    text = "\n".join(f"Epoch: {e} | train {tr:.4f} | valid {va:.4f}" for e, (tr, va) in enumerate(rows)) + "\n"
    (tmp_path / "train.log").write_text(text)
    df, _ = _read(tmp_path)
    got = df[df.tag == "val_loss"].sort_values("step")
    assert got.step.tolist() == [0, 1, 2, 3]
    np.testing.assert_allclose(got.value, [round(va, 4) for _, va in rows])
    one = tmp_path / "one"
    one.mkdir()
    (one / "train.log").write_text("Dataset: mnist\n" + text.splitlines()[0] + "\nDone.\n")
    df1, caught = _read(one)
    assert df1.empty


def _seq2seq_log(epochs: int, *, eval_from: int, late_inf: int | None = None, train_inf_first: bool = False):
    """A forecasting loop in the public windpow seq2seq log's format (a user's script): ``Epoch k/2000
    train_eps_loss=x val_mae=y val_rmse=z tf=0.00 lr=0.001`` with ``val_mae``/``val_rmse`` initialised to
    ``float('inf')`` and first evaluated at epoch ``eval_from``. Returns (text, train losses, {epoch: val_mae})."""
    torch.manual_seed(0)
    x = torch.randn(64, 6)
    y = x @ torch.randn(6, 1) * 50
    model = torch.nn.Linear(6, 1)
    opt = torch.optim.Adam(model.parameters(), lr=0.1)
    val_mae = val_rmse = float("inf")
    lines, train, maes = ["Start training seq2seq_ar_diffusion"], [], {}
    for epoch in range(1, epochs + 1):
        loss = torch.nn.functional.mse_loss(model(x[:48]), y[:48]) / 1000
        opt.zero_grad()
        loss.backward()
        opt.step()
        if epoch >= eval_from:
            with torch.no_grad():
                err = model(x[48:]) - y[48:]
                val_mae, val_rmse = err.abs().mean().item(), err.pow(2).mean().sqrt().item()
            if epoch == late_inf:
                val_mae = float("inf")
            maes[epoch] = round(val_mae, 3)
        shown = float("inf") if train_inf_first and epoch == 1 else loss.item()
        lines.append(f"Epoch {epoch}/2000 train_eps_loss={shown:.6f} val_mae={val_mae:.3f} val_rmse={val_rmse:.3f} "
                     f"tf=0.00 lr=0.001")
        train.append(shown)
    return "\n".join(lines) + "\n", train, maes


def test_inf_before_first_evaluation_is_a_placeholder(tmp_path):
    text, train, maes = _seq2seq_log(8, eval_from=2)
    (tmp_path / "train.log").write_text(text)
    df, caught = _read(tmp_path)
    mae = df[df.tag == "val_mae"].sort_values("step")
    assert mae.step.tolist() == list(range(2, 9))
    np.testing.assert_allclose(mae.value, [maes[e] for e in range(2, 9)])
    assert df[df.tag == "train_eps_loss"].step.tolist() == list(range(1, 9))
    assert np.isfinite(df.value).all()
    assert any("line 2: 'val_mae=inf' left out" in c and "placeholder" in c for c in caught)
    assert any("'val_rmse=inf' left out" in c for c in caught)


def test_inf_that_is_a_value_is_kept(tmp_path):
    """An ``inf`` after finite values, and a training loss that starts at ``inf``, stay values."""
    text, _, _ = _seq2seq_log(8, eval_from=1, late_inf=5, train_inf_first=True)
    (tmp_path / "train.log").write_text(text)
    df, caught = _read(tmp_path)
    mae = df[df.tag == "val_mae"].sort_values("step")
    assert mae.step.tolist() == list(range(1, 9)) and math.isinf(mae.value.iloc[4])
    loss = df[df.tag == "train_eps_loss"].sort_values("step")
    assert loss.step.tolist() == list(range(1, 9)) and math.isinf(loss.value.iloc[0])
    assert not any("placeholder" in c for c in caught)
