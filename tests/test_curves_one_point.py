"""A run whose loss was logged once (crashed after its first log) is ``unknown`` because the loss has a single
point, not because of "only loss components ..., no total loss" (the breaker's OLMo W&B runs: one
``train/CrossEntropyLoss`` point). Written by wandb offline and torch's SummaryWriter."""
from __future__ import annotations

import textwrap

from loganalyzer.scan import scan
from test_discover import write_torch_scalars
from _runs import wandb_offline

OLMO_LIKE = textwrap.dedent("""
    import wandb
    run = wandb.init(project="olmo", name="crashed")
    wandb.log({"train/CrossEntropyLoss": 11.263, "train/Perplexity": 77900.0,
               "optim/learning_rate_group0": 0.0, "optim/total_grad_norm": 4.1}, step=1)
    wandb.finish()
""")


def test_wandb_run_with_a_one_point_loss_says_the_loss_has_one_point(tmp_path):
    wandb_offline(tmp_path, OLMO_LIKE)
    (run,) = scan([tmp_path / "wandb"]).runs
    assert run.verdict == "unknown"
    assert "component" not in run.analysis.summary and "total" not in run.analysis.summary
    assert "train/CrossEntropyLoss (1 point)" in run.analysis.summary
    assert not any(n.startswith("loss components") for n in run.notes)
    assert "--train-series" not in " ".join(run.analysis.advice)  # naming the loss would not help


def test_components_with_a_curve_but_a_one_point_total_still_say_components(tmp_path):
    write_torch_scalars(tmp_path / "vae", {"loss": [(0, 3.0)], "kl_loss": [(s, 1.0 / (s + 1)) for s in range(5)],
                                           "recon_loss": [(s, 2.0 / (s + 1)) for s in range(5)]})
    (run,) = scan([tmp_path]).runs
    assert run.verdict == "unknown"
    assert "only loss components (kl_loss, recon_loss)" in run.analysis.summary
    assert "--train-series" in " ".join(run.analysis.advice)
