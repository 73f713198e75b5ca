"""Which series plays which role (loganalyzer/curves*.py), breaker2's faults 3, 4 and 7 (/work/breaker2/FAULTS.md).

Every run here is written by torch's SummaryWriter from a real (tiny) training loop:
- a loss logged as exactly 0.0 at every log is no curve (YOLOv9/gelan's validate() returns ``torch.zeros(3)`` as
  its loss when it computes none: the breaker's PetWatch run had a validation loss of 0 "close to training"): a
  detector loop whose validation writes those zeros has no validation loss, and a pose loop whose ``val/rle_loss``
  alone is 0 sums the other terms only; a note says so;
- a PPO loop (CleanRL's tags, ConceptPPO's ``Loss/pi``/``Loss/v``/``Loss/entropy``, Stable-Baselines3's
  ``train/loss`` with its terms) is judged on its policy loss and its episodic return: the entropy, the episode's
  cost, approx_kl, clipfrac and explained_variance are neither the loss nor its components (CleanRL was `stalled`
  0.98 on ``charts/episodic_cost``, ConceptPPO `underfit` on the entropy);
- an oriented-box detector (yolov5_obb: box, obj, cls and theta terms) is judged on the sum of all four, both
  splits, and on its ``metrics/HBBmAP.5:.95``.
"""
from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pytest
import torch
from torch.utils.tensorboard import SummaryWriter

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import run_dir_fixture, verdict  # noqa: E402

from loganalyzer import read_scalars  # noqa: E402
from loganalyzer.curves import find_curves  # noqa: E402

F = torch.nn.functional


def _curves(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = read_scalars(path, resolve=True)
    return find_curves(table.assign(dir=""))


# ---------------------------------------------------------------- a tiny detector: box, class and extra terms


def _detector(out: Path, *, terms: tuple[str, ...], val_zero: tuple[str, ...], val_loss: bool = True,
              metric: str = "metrics/mAP_0.5:0.95", epochs: int = 12, one_class: bool = False) -> None:
    """One box (4 numbers) and one class per sample from 8 features; ``terms`` beyond box/cls are further heads
    (each a regression of its own target). validate() computes its losses only when ``val_loss``, else returns
    zeros for them (YOLOv9's ``loss = torch.zeros(3)`` without ``compute_loss``); ``val_zero`` terms are 0 anyway."""
    g = torch.Generator().manual_seed(0)
    x = torch.randn(256, 8, generator=g)
    w_box, w_cls = torch.randn(8, 4, generator=g), torch.randn(8, 3, generator=g)
    box, cls = x @ w_box, (x @ w_cls).argmax(1)
    if one_class:  # YOLOv5 adds its class term only when nc > 1: 0 at every log
        cls = torch.zeros_like(cls)
    extra = {t: x @ torch.randn(8, 1, generator=g) for t in terms if t not in ("box", "cls")}
    torch.manual_seed(0)
    heads = torch.nn.ModuleDict({"box": torch.nn.Linear(8, 4), "cls": torch.nn.Linear(8, 3)}
                                | {t: torch.nn.Linear(8, 1) for t in extra})
    opt = torch.optim.SGD(heads.parameters(), lr=0.05)
    xt, xv = x[:192], x[192:]

    def losses(xs, sl):
        cls_loss = torch.zeros(()) if one_class else F.cross_entropy(heads["cls"](xs), cls[sl])
        out = {"box": F.smooth_l1_loss(heads["box"](xs), box[sl]), "cls": cls_loss}
        out |= {t: F.mse_loss(heads[t](xs), y[sl]) for t, y in extra.items()}
        return out

    writer = SummaryWriter(str(out))
    for epoch in range(epochs):
        parts = losses(xt, slice(0, 192))
        opt.zero_grad()
        sum(parts.values()).backward()
        opt.step()
        for t in terms:
            writer.add_scalar(f"train/{t}_loss", float(parts[t].detach()), epoch)
        with torch.no_grad():
            val = losses(xv, slice(192, None))
            hit = float((heads["cls"](xv).argmax(1) == cls[192:]).float().mean())
        writer.add_scalar(metric, hit * 0.8, epoch)
        writer.add_scalar("metrics/precision", hit, epoch)
        for t in terms:
            writer.add_scalar(f"val/{t}_loss", float(val[t]) if val_loss and t not in val_zero else 0.0, epoch)
        writer.add_scalar("x/lr0", 0.05, epoch)
    writer.close()


# ---------------------------------------------------------------- a tiny PPO (CleanRL's loop, a corridor env)


class _Corridor:
    """Five cells; the agent starts in cell 0 and is paid 1 at cell 4; each step costs 0.05 and a bump into the
    left wall adds 1 to the episode's cost; at most 20 steps an episode."""

    def __init__(self, g: torch.Generator):
        self.g, self.pos, self.t, self.ret, self.cost = g, 0, 0, 0.0, 0.0

    def obs(self) -> torch.Tensor:
        return F.one_hot(torch.tensor(self.pos), 5).float()

    def step(self, action: int):
        self.t += 1
        if action == 0 and self.pos == 0:
            self.cost += 1
        self.pos = max(0, min(4, self.pos + (1 if action == 1 else -1)))
        reward = 1.0 if self.pos == 4 else -0.05
        self.ret += reward
        done = self.pos == 4 or self.t >= 20
        info = (self.ret, self.t, self.cost) if done else None
        if done:
            self.pos, self.t, self.ret, self.cost = 0, 0, 0.0, 0.0
        return reward, done, info


def _ppo(out: Path, *, style: str, updates: int = 40, num_steps: int = 64, critic_lr: float | None = None) -> None:
    """CleanRL's ppo.py loop (GAE, clipped surrogate, value loss, entropy bonus, 4 epochs of minibatches) logging
    with the tag names of ``style``: 'cleanrl', 'conceptppo' or 'sb3'. ``critic_lr``: the critic gets its own Adam,
    switched to that rate a quarter into the run, and the advantages are the Monte-Carlo returns' (the value is then
    a diagnostic the policy does not use): at 1e30 the critic's weights overflow within an update and its value loss
    goes NaN from there, while the policy keeps learning."""
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(0)
    actor, critic = torch.nn.Linear(5, 2), torch.nn.Linear(5, 1)
    opt = torch.optim.Adam(list(actor.parameters()) + ([] if critic_lr else list(critic.parameters())), lr=0.02)
    critic_opt = torch.optim.Adam(critic.parameters(), lr=0.02) if critic_lr else None
    env, writer, global_step = _Corridor(g), SummaryWriter(str(out)), 0
    for update in range(updates):
        if critic_opt is not None and update == updates // 4:
            critic_opt.param_groups[0]["lr"] = critic_lr
        obs, acts, logps, rews, dones, vals, episodes = [], [], [], [], [], [], []
        for _ in range(num_steps):
            global_step += 1
            o = env.obs()
            with torch.no_grad():
                dist = torch.distributions.Categorical(logits=actor(o))
                a = dist.sample()
                v = critic(o).squeeze()
            r, d, info = env.step(int(a))
            obs.append(o), acts.append(a), logps.append(dist.log_prob(a)), rews.append(r), dones.append(d)
            vals.append(v)
            if info is not None:
                episodes.append(info)
                if style == "cleanrl":
                    writer.add_scalar("charts/episodic_return", info[0], global_step)
                    writer.add_scalar("charts/episodic_length", info[1], global_step)
                    writer.add_scalar("charts/episodic_cost", info[2], global_step)
        vals_t, adv, last = torch.stack(vals), torch.zeros(num_steps), 0.0
        for t in reversed(range(num_steps)):
            nxt = 0.0 if dones[t] else (vals_t[t + 1] if t + 1 < num_steps else 0.0)
            delta = rews[t] + 0.99 * nxt - vals_t[t]
            last = delta + 0.99 * 0.95 * (0.0 if dones[t] else last)
            adv[t] = last
        returns = adv + vals_t
        if critic_opt is not None:  # Monte-Carlo returns and advantages: the value is not used
            returns, running = torch.zeros(num_steps), 0.0
            for t in reversed(range(num_steps)):
                running = rews[t] + 0.99 * (0.0 if dones[t] else running)
                returns[t] = running
            adv = returns - returns.mean()
        b_obs, b_act, b_logp = torch.stack(obs), torch.stack(acts), torch.stack(logps)
        clipfracs = []
        for _ in range(4):
            for mb in torch.randperm(num_steps, generator=g).split(32):
                dist = torch.distributions.Categorical(logits=actor(b_obs[mb]))
                newlogp, entropy = dist.log_prob(b_act[mb]), dist.entropy()
                ratio = (newlogp - b_logp[mb]).exp()
                with torch.no_grad():
                    old_approx_kl = (-(newlogp - b_logp[mb])).mean()
                    approx_kl = ((ratio - 1) - (newlogp - b_logp[mb])).mean()
                    clipfracs.append(float(((ratio - 1.0).abs() > 0.2).float().mean()))
                a_mb = adv[mb]
                a_mb = (a_mb - a_mb.mean()) / (a_mb.std() + 1e-8)
                pg_loss = torch.max(-a_mb * ratio, -a_mb * ratio.clamp(0.8, 1.2)).mean()
                v_loss = 0.5 * ((critic(b_obs[mb]).squeeze(-1) - returns[mb]) ** 2).mean()
                ent = entropy.mean()
                loss = pg_loss - 0.01 * ent + 0.5 * v_loss
                opt.zero_grad()
                if critic_opt is not None:
                    critic_opt.zero_grad()
                loss.backward()
                opt.step()
                if critic_opt is not None:
                    critic_opt.step()
        var_y = float(returns.var())
        explained = float("nan") if var_y == 0 else 1 - float((returns - vals_t).var()) / var_y
        if style == "cleanrl":
            for tag, value in (("charts/learning_rate", 0.02), ("losses/value_loss", v_loss),
                               ("losses/policy_loss", pg_loss), ("losses/entropy", ent),
                               ("losses/old_approx_kl", old_approx_kl), ("losses/approx_kl", approx_kl),
                               ("losses/clipfrac", sum(clipfracs) / len(clipfracs)),
                               ("losses/explained_variance", explained), ("charts/SPS", 1000.0)):
                writer.add_scalar(tag, float(value.detach() if torch.is_tensor(value) else value), global_step)
        elif style == "conceptppo":
            rets = [e[0] for e in episodes] or [0.0]
            lens = [e[1] for e in episodes] or [0]
            for tag, value in (("Loss/pi", pg_loss), ("Loss/v", v_loss), ("Loss/entropy", ent),
                               ("Rewards/mean_episodes", sum(rets) / len(rets)), ("Rewards/max_episodes", max(rets)),
                               ("Rewards/min_episodes", min(rets)), ("Len/mean_episodes", sum(lens) / len(lens))):
                writer.add_scalar(tag, float(value.detach() if torch.is_tensor(value) else value), global_step)
        else:  # Stable-Baselines3's PPO.train() keys
            rets = [e[0] for e in episodes] or [0.0]
            for tag, value in (("train/loss", loss), ("train/policy_gradient_loss", pg_loss),
                               ("train/value_loss", v_loss), ("train/entropy_loss", -ent),
                               ("train/approx_kl", approx_kl), ("train/clip_fraction", clipfracs[-1]),
                               ("train/explained_variance", explained), ("rollout/ep_rew_mean", sum(rets) / len(rets))):
                writer.add_scalar(tag, float(value.detach() if torch.is_tensor(value) else value), global_step)
    writer.close()


RUNS = {
    "yolov9_zero_val": lambda p: _detector(p, terms=("box", "cls", "dfl"), val_zero=(), val_loss=False),
    "pose_rle_zero": lambda p: _detector(p, terms=("box", "cls", "dfl", "kobj", "pose", "rle"), val_zero=("rle",),
                                         metric="metrics/mAP50-95(B)"),
    "yolov5_obb": lambda p: _detector(p, terms=("box", "obj", "cls", "theta"), val_zero=(),
                                      metric="metrics/HBBmAP.5:.95"),
    "yolov5_one_class": lambda p: _detector(p, terms=("box", "obj", "cls"), val_zero=(), one_class=True),
    "cleanrl": lambda p: _ppo(p, style="cleanrl"),
    "conceptppo": lambda p: _ppo(p, style="conceptppo"),
    "sb3": lambda p: _ppo(p, style="sb3"),
    "cleanrl_critic_nan": lambda p: _ppo(p, style="cleanrl", critic_lr=1e30),
    "sb3_critic_nan": lambda p: _ppo(p, style="sb3", critic_lr=1e30),
}
run_dir = run_dir_fixture(RUNS, "readers12b")


# ---------------------------------------------------------------- all-zero losses


def test_all_zero_validation_losses_are_no_validation_loss(run_dir):
    curves = _curves(run_dir("yolov9_zero_val"))
    assert curves.train_loss.tag == "train/box_loss + train/cls_loss + train/dfl_loss"
    assert curves.val_loss is None
    assert curves.val_metric.tag == "metrics/mAP_0.5:0.95"
    assert not any("val/" in s.tag for s in curves.components)
    (note,) = [n for n in curves.notes if "exactly 0.0 at every" in n]
    assert note.startswith("val/box_loss, val/cls_loss, val/dfl_loss: exactly 0.0 at every one of their 12 logs")
    run = verdict(run_dir("yolov9_zero_val"))
    assert "close to training" not in run.analysis.summary and "val/box_loss" not in run.analysis.summary


def test_an_all_zero_term_is_left_out_of_the_validation_sum(run_dir):
    curves = _curves(run_dir("pose_rle_zero"))
    assert curves.val_loss.tag == "val/box_loss + val/cls_loss + val/dfl_loss + val/kobj_loss + val/pose_loss"
    assert curves.train_loss.tag == ("train/box_loss + train/cls_loss + train/dfl_loss + train/kobj_loss + "
                                     "train/pose_loss + train/rle_loss")
    assert any(n.startswith("val/rle_loss: exactly 0.0 at every one of its 12 logs") for n in curves.notes)


def test_a_zero_class_term_still_makes_a_detector_sum(run_dir):
    """A single-class YOLOv5 logs cls_loss 0.0 throughout: still a detector, judged on the sum of the other terms
    (the same values), never on the box term alone with obj as its component."""
    curves = _curves(run_dir("yolov5_one_class"))
    assert curves.train_loss.tag == "train/box_loss + train/obj_loss"
    assert curves.val_loss.tag == "val/box_loss + val/obj_loss"
    assert curves.components == ()


# ---------------------------------------------------------------- PPO


DIAGNOSTICS = ("approx_kl", "clipfrac", "clip_fraction", "explained_variance", "entropy", "value_loss", "Loss/v",
               "episodic_cost")


@pytest.mark.parametrize("name, loss, reward", [
    ("cleanrl", "losses/policy_loss", "charts/episodic_return"),
    ("conceptppo", "Loss/pi", "Rewards/mean_episodes"),
    ("sb3", "train/loss", "rollout/ep_rew_mean"),
])
def test_ppo_is_judged_on_its_policy_loss_and_return(run_dir, name, loss, reward):
    curves = _curves(run_dir(name))
    assert curves.train_loss.tag == loss
    assert curves.reward.tag == reward
    assert curves.val_loss is None
    assert not [s.name for s in curves.components if any(d in s.name for d in DIAGNOSTICS + ("policy",))]
    (note,) = [n for n in curves.notes if n.startswith("RL run: ")]
    assert "diagnostics" in note
    if name == "cleanrl":
        assert "charts/episodic_cost is a figure of the environment's episodes" in note
        assert "losses/approx_kl" in note and "losses/entropy" in note and "losses/explained_variance" in note


def test_cleanrl_ppo_verdict_reads_the_return(run_dir):
    run = verdict(run_dir("cleanrl"))
    assert "episodic_cost" not in run.analysis.summary
    assert not any("loss components" in f.message for f in run.analysis.findings)
    # the clipped surrogate sits around 0 (verdict_rl.is_rl): judged on the return, which rose
    assert run.analysis.evidence["objective"] == "rl"
    assert run.analysis.evidence["series"] == "charts/episodic_return"
    assert run.verdict == "healthy", run.analysis.summary


# ---------------------------------------------------------------- oriented boxes


def test_obb_theta_is_a_term_of_the_summed_loss(run_dir):
    curves = _curves(run_dir("yolov5_obb"))
    assert curves.train_loss.tag == "train/box_loss + train/cls_loss + train/obj_loss + train/theta_loss"
    assert curves.val_loss.tag == "val/box_loss + val/cls_loss + val/obj_loss + val/theta_loss"
    assert not [s.name for s in curves.components if "theta" in s.name]
    assert curves.val_metric.tag == "metrics/HBBmAP.5:.95"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = read_scalars(run_dir("yolov5_obb"), resolve=True)
    last = table[table.step == 11].set_index("tag")["value"]
    expected = sum(last[f"train/{t}_loss"] for t in ("box", "obj", "cls", "theta"))
    assert curves.train_loss.values[-1] == pytest.approx(expected)


@pytest.mark.parametrize("name, term", [("cleanrl_critic_nan", "losses/value_loss"),
                                        ("sb3_critic_nan", "train/loss")])
def test_a_value_loss_gone_nan_is_a_nan_run(run_dir, name, term):
    """The value loss is a term of PPO's objective (loss = pg_loss - ent_coef * entropy + vf_coef * v_loss), though
    not a curve to judge the run on: a critic whose weights overflowed (its value loss inf, then NaN, while the
    policy loss stays finite and the return rises) is domain.md's `nan` -- a monitored loss went non-finite. SB3 logs
    the total beside its terms: the total goes NaN with the value loss and is the series named."""
    run = verdict(run_dir(name))
    assert run.verdict == "nan", run.analysis.summary
    assert f"`{term}`" in run.analysis.summary
    assert run.analysis.evidence["series"] == term
