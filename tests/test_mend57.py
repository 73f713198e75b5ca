"""Stop 57 mends (branch mend57) of brk57's regressions, each guarded on the breaker's case written here:
fp16-skip excuse only for a loss clearly falling (R4), a held accuracy evaluated inside the climb and not falling
through it (R2, R3), a cut tqdm frame keeping its complete pairs (R1), the model column only where the counter goes
back (R5), no statistical/RL error as the loss (R6)."""
from __future__ import annotations

import csv
import math
import random
import warnings

import loganalyzer


def scan(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return loganalyzer.analyze(path, config=False)


def _csv(path, cols, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(cols)
        w.writerows(rows)


def _verdicts(path):
    return [(r.analysis.label, r.analysis.summary) for r in scan(path).runs]


# ---------------------------------------------------------------- 1. fp16 skip: the loss must clearly keep falling

def test_inf_grad_norm_beside_a_flat_loss_is_nan(tmp_path):
    """brk57 R4 ampskip_frozen: grad_norm inf from step 300 to the end, the loss flat within batch noise (every step
    skipped: the model is frozen) -- not "went on learning"."""
    r = random.Random(1)
    rows = []
    for s in range(0, 1000, 10):
        loss = 2.3 * math.exp(-s / 150) + 1.2 if s < 300 else 2.3 * math.exp(-2) + 1.2 + r.gauss(0, 0.01)
        rows.append([s, f"{loss:.4f}", f"{3 + r.gauss(0, .3):.3f}" if s < 300 else "inf"])
    _csv(tmp_path / "train.csv", ["step", "loss", "grad_norm"], rows)
    [(label, summary)] = _verdicts(tmp_path)
    assert label == "nan", summary


def test_nan_grad_norm_beside_a_rising_loss_is_nan(tmp_path):
    """brk57 R4 ampskip_nanclimb: grad_norm NaN from step 400, the loss rising a little at every log to the end."""
    rows = []
    for s in range(0, 1000, 10):
        loss = 2.3 * math.exp(-s / 150) + 0.5 if s < 400 else 0.5 + 2.3 * math.exp(-400 / 150) + 0.0002 * (s - 400) / 10
        rows.append([s, f"{loss:.4f}", f"{3 + 0.01 * (s % 7):.3f}" if s < 400 else "nan"])
    _csv(tmp_path / "train.csv", ["step", "loss", "grad_norm"], rows)
    [(label, summary)] = _verdicts(tmp_path)
    assert label == "nan", summary


def test_inf_grad_norm_beside_a_falling_loss_stays_excused(tmp_path):
    """The kind verdict_ampskip excuses (MAE's per-epoch mean norm inf from the first skip, loss falling): healthy."""
    rows = [[e, f"{0.48 - 0.0006 * e:.5f}", f"{1.0 + 0.01 * e:.3f}" if e < 24 else "inf"] for e in range(30)]
    _csv(tmp_path / "log.csv", ["epoch", "train_loss", "train_grad_norm"], rows)
    [(label, summary)] = _verdicts(tmp_path)
    assert label != "nan", summary


# ---------------------------------------------------------------- 2. a held accuracy must speak for the climb

def test_climb_after_the_last_evaluation_is_diverged(tmp_path):
    """brk57 R2 div_late_noeval: the loss logged every 100 steps climbs from 7,000 to 4.5x its best; val_acc was
    evaluated at 2,000/4,000/6,000 only -- nothing says the predictions held during the climb."""
    r = random.Random(2)
    rows = []
    for s in range(0, 10000, 100):
        loss = (2.3 * math.exp(-s / 1500) + 0.3 + r.gauss(0, 0.02) if s < 7000
                else 0.35 + (s - 7000) / 3000 * 1.3 + r.gauss(0, 0.03))
        acc = f"{0.9 - 0.6 * math.exp(-s / 1500):.4f}" if s % 2000 == 0 and 0 < s <= 6000 else ""
        rows.append([s, f"{loss:.4f}", acc])
    _csv(tmp_path / "metrics.csv", ["step", "train_loss", "val_acc"], rows)
    [(label, summary)] = _verdicts(tmp_path)
    assert label == "diverged", summary


def test_accuracy_falling_through_the_climb_is_not_held(tmp_path):
    """brk57 R3 div_acc_slight (Keras ``epoch,loss,val_accuracy``): the loss climbs from epoch 35 to 6.5x its best
    while val_accuracy falls at every epoch 0.89 -> 0.83 (within 10% of its gain): not "the predictions did not get
    worse"."""
    r = random.Random(3)
    rows = []
    for e in range(50):
        loss = 2.3 * math.exp(-0.15 * e) + 0.2 if e < 35 else 0.22 + 0.08 * (e - 35)
        acc = 0.1 + 0.8 * (1 - math.exp(-0.15 * e)) if e < 35 else 0.89 - 0.004 * (e - 35)
        rows.append([e, f"{loss + r.gauss(0, .01):.4f}", f"{acc:.4f}"])
    _csv(tmp_path / "history.csv", ["epoch", "loss", "val_accuracy"], rows)
    run = scan(tmp_path).runs[0]
    text = " ".join([run.analysis.summary, *(f.message for f in run.analysis.findings)])
    assert run.analysis.label == "diverged" and "did not get worse" not in text, text


# ---------------------------------------------------------------- 3. a cut tqdm frame keeps its whole pairs

def test_tqdm_frame_cut_inside_the_next_key_keeps_the_loss(tmp_path):
    """brk57 R1 tqdm_cut_midkey / tqdm_cut_emptyval: each frame cut inside the key after the loss
    (``.., loss=2.515, v_n`` / ``.., loss=2.515, v_num=``): the complete ``loss`` pair is read."""
    for name, extra in (("midkey", 3), ("emptyval", 6)):
        lines = []
        for e in range(20):
            for k in (5, 10, 15, 20):
                loss = 2.3 * math.exp(-0.15 * (e + k / 20)) + 0.3
                full = (f"Epoch {e}: {k * 5:3d}%|{'█' * (k // 2):<10s}| {k}/20 [00:0{k // 5}<00:01,  8.52it/s, "
                        f"loss={loss:.3f}, v_num=0]")
                lines.append(full[:full.index("v_num") + extra])
        (tmp_path / name).mkdir()
        (tmp_path / name / "train.log").write_text("\n".join(lines) + "\n", encoding="utf-8")
        t = loganalyzer.read_scalars(tmp_path / name / "train.log")
        loss = t[t.tag == "loss"].sort_values("step")
        assert len(loss) == 80 and abs(loss.value.iloc[0] - 2.515) < 1e-9, (name, sorted(set(t.tag)))
        assert scan(tmp_path / name).runs[0].analysis.label == "healthy"


def test_tqdm_frame_cut_inside_its_last_value_drops_that_value(tmp_path):
    """A frame cut inside its last value (``val_acc=0.`` would read 0): that value dropped, the whole ones kept."""
    lines = []
    for e in range(20):
        loss = 2.3 * math.exp(-0.15 * e) + 0.3
        full = f"Epoch {e}: 100%|██████████| 100/100 [00:05<00:00, 19.52it/s, loss={loss:.4f}, val_acc=0.{e + 10:02d}1]"
        lines.append(full[:full.index("val_acc") + 10])
    (tmp_path / "out.log").write_text("\n".join(lines) + "\n", encoding="utf-8")
    t = loganalyzer.read_scalars(tmp_path / "out.log")
    assert set(t.tag) == {"loss"} and len(t) == 20, sorted(set(t.tag))


# ---------------------------------------------------------------- 4. the model column: only a counter going back

def test_model_column_with_a_counter_running_on_is_one_run(tmp_path):
    """brk57 R5 model_nas_arch / model_method_alt: ``step,arch,loss,lr`` (a supernet's sampled sub-net per step) and
    ``step,method,loss`` (sam/sgd in turn), the step strictly increasing: one training, not one run per name."""
    r = random.Random(5)
    rows = [[s * 10, r.choice(["mbv2_k3e3", "mbv2_k5e6", "mbv2_k7e6"]), f"{0.3 + 2 * math.exp(-0.02 * s):.4f}", 0.1]
            for s in range(200)]
    _csv(tmp_path / "nas" / "supernet.csv", ["step", "arch", "loss", "lr"], rows)
    rows = [[s, "sam" if s % 2 else "sgd", f"{0.3 + 2 * math.exp(-0.05 * s):.4f}"] for s in range(60)]
    _csv(tmp_path / "alt" / "train.csv", ["step", "method", "loss"], rows)
    for name in ("nas", "alt"):
        runs = scan(tmp_path / name).runs
        assert len(runs) == 1 and runs[0].analysis.label == "healthy", [r.id for r in runs]


def test_models_side_by_side_per_epoch_still_split(tmp_path):
    """The kind _model_rows reads: two models' rows at each epoch (the epoch ties between the names): two runs."""
    rows = []
    for e in range(1, 21):
        rows.append([e, "ANN", f"{0.3 + 2 * math.exp(-0.2 * e):.4f}"])
        rows.append([e, "SNN", f"{0.5 + 2 * math.exp(-0.1 * e):.4f}"])
    _csv(tmp_path / "history.csv", ["epoch", "model", "loss"], rows)
    assert len(scan(tmp_path).runs) == 2


# ---------------------------------------------------------------- 5. no statistical/RL/auxiliary error as the loss

def test_error_names_that_are_no_loss_are_not_judged(tmp_path):
    """brk57 R6: a standard error, a TD error, an error count, a finder's relative error, a weight's or a feature's
    l2 norm -- none is the run's loss (each judged as one before: `stalled`, `diverged` 0.95, ...)."""
    r = random.Random(6)
    grow = lambda e: f"{0.5 + 0.4 * (1 - math.exp(-.1 * e)):.4f}"  # noqa: E731
    cases = {
        "stderr": (["step", "mean_reward", "reward_std_err"],
                   [[s * 1000, f"{-200 + 4 * s:.2f}", f"{abs(r.gauss(8, 2)):.3f}"] for s in range(60)]),
        "td": (["step", "episode_reward", "td_error"],
               [[s * 500, f"{-150 + 3 * s:.2f}", f"{0.2 + 0.004 * s:.4f}"] for s in range(80)]),
        "count": (["epoch", "train_acc", "val_acc", "val_err_count"], [[e, grow(e), grow(e), 0] for e in range(30)]),
        "relative": (["epoch", "train_acc", "val_acc", "relative_error_of_lr_finder"],
                     [[e, grow(e), grow(e), f"{0.01 * e:.3f}"] for e in range(30)]),
        "w_l2": (["epoch", "train_acc", "val_acc", "w_l2"], [[e, grow(e), grow(e), f"{10 + 0.8 * e:.3f}"] for e in range(30)]),
        "feat_l2": (["epoch", "top1", "top5", "feat_l2"],
                    [[e, f"{50 + 1.2 * e:.2f}", f"{75 + 0.6 * e:.2f}", f"{3.0 + 0.1 * e:.3f}"] for e in range(30)]),
    }
    for name, (cols, rows) in cases.items():
        _csv(tmp_path / name / "log.csv", cols, rows)
        run = scan(tmp_path / name).runs[0]
        assert run.analysis.label == "unknown", (name, run.analysis.summary)


def test_error_rate_tables_are_still_the_loss(tmp_path):
    """The kinds the rate fallback is for: an aipw5-style ``#Epoch<TAB>Training Error<TAB>Validation Error`` table and
    the Theano tutorials' ``validation error %`` lines."""
    rows = ["#Epoch\tTraining Error\tValidation Error"] + [
        f"{e}\t{30 * math.exp(-.1 * e) + 2:.3f}\t{30 * math.exp(-.08 * e) + 5:.3f}" for e in range(40)]
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "training.out").write_text("\n".join(rows) + "\n")
    lines = [f"epoch {k}, minibatch 83/83, validation error {8 + 30 * math.exp(-0.2 * k):.6f} %" for k in range(1, 25)]
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "logreg.out").write_text("\n".join(lines) + "\n")
    for name in ("a", "b"):
        run = scan(tmp_path / name).runs[0]
        assert run.analysis.label != "unknown", (name, run.analysis.summary)


# ---------------------------------------------------------------- 6. Theano twice an epoch, Flower's numpy-2 metrics

def test_theano_validated_twice_an_epoch_is_one_run_on_minibatches(tmp_path):
    """brk57 W1 theano_twice: ``epoch 1, minibatch 50/100, ..`` then ``epoch 1, minibatch 100/100, ..``: every line on
    (epoch - 1) x 100 + minibatch, one run of 20 points (was steps 50, 0, 150, 1, .. and a spurious second run)."""
    lines = ["... training the model"]
    for i, (ep, mb) in enumerate(((ep, mb) for ep in range(1, 11) for mb in (50, 100)), 1):
        lines.append(f"epoch {ep}, minibatch {mb}/100, validation error {10 + 80 * math.exp(-0.3 * i):.6f} %")
    (tmp_path / "mlp.out").write_text("\n".join(lines) + "\n")
    t = loganalyzer.read_scalars(tmp_path / "mlp.out")
    assert sorted(t.step) == list(range(50, 1001, 50)), sorted(t.step)
    assert len(scan(tmp_path).runs) == 1


def test_flower_numpy2_metrics_are_read(tmp_path):
    """brk57 W4 flower_np2: numpy >= 2 reprs the metrics dict's scalars ``{'accuracy': np.float64(0.6)}``."""
    lines = ["INFO :      initial parameters (loss, other metrics): 2.3041, {'accuracy': np.float64(0.0981)}"]
    for r in range(1, 16):
        loss = 2.3 * math.exp(-0.15 * r) + 0.4
        lines += [f"INFO :      [ROUND {r}]",
                  f"INFO :      fit progress: ({r}, {loss}, {{'accuracy': np.float64({0.5 + 0.02 * r:.4f})}}, {12.3 * r:.2f})"]
    (tmp_path / "server.log").write_text("\n".join(lines) + "\n")
    t = loganalyzer.read_scalars(tmp_path / "server.log")
    acc = t[t.tag == "accuracy"].sort_values("step")
    assert len(acc) == 16 and abs(acc.value.iloc[-1] - 0.8) < 1e-9, sorted(set(t.tag))
