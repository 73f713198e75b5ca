"""GANs: the generator's and the discriminator's losses are two adversarial objectives, not a total and its
component. The run is judged on the generator's loss, paired with the generator's validation loss, with the
generator's terms as components, a ``gan`` finding and low confidence. Logs: the breaker's pix2pix CSV (real,
tests/data/gan), Lightning's CSVLogger and torch's SummaryWriter."""
from __future__ import annotations

import math
import shutil
from pathlib import Path

from loganalyzer.scan import scan
from test_discover import write_torch_scalars

PIX2PIX = Path(__file__).resolve().parent / "data/gan/pix2pix_training_log.csv"


def finding_codes(run) -> list[str]:
    return [f.kind for f in run.analysis.findings]


def test_pix2pix_pairs_the_generators_train_and_validation_losses(tmp_path):
    shutil.copy(PIX2PIX, tmp_path / "training_log.csv")
    (run,) = scan([tmp_path]).runs
    assert run.roles["train_loss"] == "loss_G" and run.roles["val_loss"] == "val_loss_G"
    gan = [f.message for f in run.analysis.findings if f.kind == "gan"]
    assert gan and "`loss_G` (generator)" in gan[0] and "`loss_D` (discriminator)" in gan[0]
    (components,) = [f.message for f in run.analysis.findings if f.kind == "components"]
    assert "loss_G_adv" in components and "loss_G_l1" in components and "loss_D" not in components
    assert run.confidence <= 0.6
    # the validation-vs-training ratio is generator against generator (~1.5x), not 52x against loss_D
    assert "mismatch" not in finding_codes(run)


def test_lightning_wgan_is_judged_on_the_generator_and_names_the_critic(tmp_path):
    from pytorch_lightning.loggers import CSVLogger

    logger = CSVLogger(str(tmp_path), name="lightning_logs", version=7)
    for step in range(120):
        logger.log_metrics({"train_disc_loss": -0.9 * math.exp(-step / 40) - 0.01 * math.sin(step),
                            "train_gen_loss": 0.1 + 0.3 * math.exp(-step / 30), "epoch": step // 4}, step=step)
    logger.save()
    (run,) = scan([tmp_path]).runs
    assert run.roles["train_loss"] == "train_gen_loss"
    assert "gan" in finding_codes(run) and "components" not in finding_codes(run)
    assert any(n.startswith("GAN: two adversarial objectives") for n in run.notes)
    assert run.confidence <= 0.6


def test_a_gan_written_by_summarywriter_and_non_gans_beside_it(tmp_path):
    falling = [(s, 2.0 / (1 + s / 10)) for s in range(40)]
    write_torch_scalars(tmp_path / "dcgan", {"Loss/D": [(s, 1.386 + 0.5 * math.exp(-s / 5)) for s in range(40)],
                                             "Loss/G": [(s, 0.693 + 0.3 * math.exp(-s / 5)) for s in range(40)]})
    # one player only, or a VAE: no GAN
    write_torch_scalars(tmp_path / "gen_only", {"gen_loss": falling})
    write_torch_scalars(tmp_path / "vae", {"loss": falling, "kl_loss": falling, "recon_loss": falling})
    runs = {r.run: r for r in scan([tmp_path]).runs}
    assert runs["dcgan"].roles["train_loss"] == "Loss/G" and "gan" in finding_codes(runs["dcgan"])
    assert "gan" not in finding_codes(runs["gen_only"]) and runs["gen_only"].roles["train_loss"] == "gen_loss"
    assert "gan" not in finding_codes(runs["vae"]) and runs["vae"].roles["train_loss"] == "loss"
    # with --train-series the user's choice stands: no GAN rule
    (d,) = scan([tmp_path / "dcgan"], train_series="Loss/D").runs
    assert d.roles["train_loss"] == "Loss/D" and "gan" not in finding_codes(d)
