"""Stop 55: series that ``SummaryWriter.add_scalars`` writes as one tag in sibling folders.

``add_scalars(main_tag, {key: value})`` writes tag ``main_tag`` into the folder ``<main_tag>_<key>``
(torch.utils.tensorboard.writer.add_scalars). An image-restoration GAN logging ``add_scalars('Loss', {'ad_g': ..,
'app_g': .., 'tv': .., 'img_d': ..})`` (the public diverserestore133's layout) had six series all named ``Loss``: the
flat adversarial term was judged alone, `stalled` 0.98. The key now names the series (``curves_names.add_scalars_key``)
and the generator's terms in those folders are summed as one objective (``curves_gan._group``).
"""
from __future__ import annotations

import numpy as np
import pytest

from loganalyzer.scan import scan

torch = pytest.importorskip("torch")
pytest.importorskip("sklearn")
import tiny_gans  # noqa: E402

nn, F = torch.nn, torch.nn.functional


def _restoration_gan(logdir, *, iters: int = 240, log_every: int = 4) -> list[dict]:
    """Train a tiny restoration GAN on noisy 8x8 digits (generator: noisy -> clean; loss = adversarial BCE + 10 x L1
    appearance + 0.1 x total variation; a patch discriminator), writing each log with ``add_scalars('Loss', ...)``."""
    from torch.utils.tensorboard import SummaryWriter

    torch.manual_seed(5)
    clean = tiny_gans.digits(512)
    net_g, net_d = tiny_gans._g(), tiny_gans._d()
    opt_g = torch.optim.Adam(net_g.parameters(), lr=2e-3, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(net_d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    writer, logged = SummaryWriter(str(logdir)), []
    for it in range(iters):
        real = clean[torch.randint(0, len(clean), (16,))]
        fake = net_g(real + 0.8 * torch.randn_like(real))
        opt_d.zero_grad()
        out_real, out_fake = net_d(real), net_d(fake.detach())
        d_loss = 0.5 * (F.binary_cross_entropy_with_logits(out_real, torch.ones_like(out_real))
                        + F.binary_cross_entropy_with_logits(out_fake, torch.zeros_like(out_fake)))
        d_loss.backward()
        opt_d.step()
        opt_g.zero_grad()
        out = net_d(fake)
        ad_g = F.binary_cross_entropy_with_logits(out, torch.ones_like(out))
        app_g = 10 * F.l1_loss(fake, real)
        tv = 0.1 * ((fake[..., 1:, :] - fake[..., :-1, :]).abs().mean() + (fake[..., 1:] - fake[..., :-1]).abs().mean())
        (ad_g + app_g + tv).backward()
        opt_g.step()
        if it % log_every == 0:
            values = {"ad_g": ad_g.item(), "app_g": app_g.item(), "tv": tv.item(), "img_d": d_loss.item()}
            writer.add_scalars("Loss", values, it)
            logged.append(values)
    writer.close()
    return logged


@pytest.fixture(scope="module")
def restoration(tmp_path_factory):
    root = tmp_path_factory.mktemp("restore")
    logged = _restoration_gan(root / "Sep03_run")
    (run,) = scan([root]).runs
    return run, logged


def test_add_scalars_keys_name_the_generator_terms_and_their_sum_is_judged(restoration):
    run, logged = restoration
    assert {"Loss_ad_g", "Loss_app_g", "Loss_tv", "Loss_img_d"} <= {s.dir for s in run.series}
    judged = run.roles["train_loss"]
    # the generator's objective: its terms summed, the discriminator's loss left out
    assert "Loss_app_g/Loss" in judged and "Loss_ad_g/Loss" in judged and "Loss_img_d" not in judged
    assert any(f.kind == "gan" for f in run.analysis.findings)
    app = [v["app_g"] for v in logged]
    assert app[-1] < 0.6 * app[0]  # the training really restored the digits: the L1 term fell
    assert run.verdict != "stalled"


def test_add_scalars_split_keys_keep_their_roles(tmp_path):
    """``add_scalars('loss', {'train': .., 'val': ..})``: the keys are split words, read as the train and validation
    loss as before (guard: the key words do not make the two series anything else)."""
    from torch.utils.tensorboard import SummaryWriter

    writer = SummaryWriter(str(tmp_path / "run"))
    for epoch in range(30):
        train = 2.0 * 0.9 ** epoch + 0.1
        val = 2.1 * 0.9 ** min(epoch, 12) + 0.15 + 0.03 * max(0, epoch - 12)
        writer.add_scalars("loss", {"train": train, "val": val}, epoch)
    writer.close()
    (run,) = scan([tmp_path]).runs
    assert run.roles["train_loss"] == "loss_train/loss"
    assert run.roles["val_loss"] == "loss_val/loss"
    assert run.verdict == "overfit"


# ---------------------------------------------------------------- spikes that recovered, and jumps that stayed up


def _spiky_run(path, values) -> None:
    from torch.utils.tensorboard import SummaryWriter

    writer = SummaryWriter(str(path))
    for step, value in enumerate(values):
        writer.add_scalar("train/loss", value, step * 10)
    writer.close()


def _spike_finding(run) -> str:
    (text,) = [f.message for f in run.analysis.findings if f.kind == "spike"]
    return text


def test_a_loss_that_jumped_and_stayed_up_is_no_recovered_spike(tmp_path):
    """A newcomer's SGD run whose learning-rate ramp blew the loss from ~1.2 to 4e24 at step 250 and on to 1e27 was
    "1 spike(s) in the training loss (first at step 250), 1 recovered": the running median caught up with the new
    level, so the points after it were no spikes any more. Recovered now also means back below half the jump."""
    rng = np.random.default_rng(0)
    values = [2.3 * 0.97 ** i + 0.02 * rng.random() for i in range(25)] + [4.4e24] + \
             [10 ** (26 + 1.3 * i / 50) for i in range(50)]
    _spiky_run(tmp_path / "blew_up", values)
    (run,) = scan([tmp_path]).runs
    assert "0 recovered" in _spike_finding(run)


def test_a_spike_that_came_back_is_recovered(tmp_path):
    rng = np.random.default_rng(1)
    values = [2.3 * 0.97 ** i + 0.02 * rng.random() for i in range(80)]
    values[40] = 40.0
    _spiky_run(tmp_path / "spiked", values)
    (run,) = scan([tmp_path]).runs
    assert "1 recovered" in _spike_finding(run)


def test_a_nan_on_an_epoch_axis_is_said_at_its_epoch(tmp_path):
    """Keras' CSVLogger rows (``epoch,accuracy,loss,val_accuracy,val_loss``) with NaN from epoch 8: the verdict said
    "became NaN at step 8" and "Re-run up to step 8", as if 8 optimiser steps (a newcomer's report)."""
    import csv

    with open(tmp_path / "training.log", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "accuracy", "loss", "val_accuracy", "val_loss"])
        for epoch in range(15):
            loss = float("nan") if epoch >= 8 else 1.2 * 0.8 ** epoch
            w.writerow([epoch, 0.5 + 0.03 * min(epoch, 8), loss, 0.5 + 0.025 * min(epoch, 8), loss * 1.1])
    (run,) = scan([tmp_path]).runs
    assert run.verdict == "nan"
    assert "at epoch 8" in run.summary and "at step 8" not in run.summary
    assert any("Re-run up to epoch 8" in a for a in run.analysis.advice)


def test_a_job_that_died_never_reads_nothing_to_fix(tmp_path):
    """A healthy curve cut by a CUDA out-of-memory error had the advice "Nothing to fix; the lowest ... loss was
    logged at step 300." right above the out-of-memory advice (a newcomer's report): the job died."""
    from test_joblogs import ENDINGS, PROGRESS

    path = tmp_path / "slurm-4242.out"
    path.write_text("Loading modules...\n" + PROGRESS + ENDINGS["cuda_oom"][0])
    (run,) = scan([path]).runs
    assert run.ended.cause == "cuda_oom"
    advice = run.analysis.advice
    assert not any(a.startswith("Nothing to fix") for a in advice)
    assert any("out of memory" in a for a in advice)
    if run.verdict == "healthy":
        assert advice[0].startswith("The curve itself shows no fault up to where the job stopped; ")
