"""readers33: reader faults found on fresh public logs, each printed or written by a real tiny torch training in the
shape of the public file named in its test.

- A ``logging`` record printed right after a tqdm bar's redraw on the bar's line (tqdm and logging on one stream):
  the bar claimed the line (1,000 of 1,019 points lost) or lent it its ``Validation`` role (training ``loss`` read
  as ``Validation_loss``).
- fairseq's json records placed at their epoch (a restart rule then dropped 70 of 71 training points); hydra's
  config dict read as series.
- ``[E2] step 0 ..`` (the epoch only in a tag): one training split in three runs.
- ``LSTM_e1 Epoch 1: Loss = ..`` then ``Transformer_L2_e1 Epoch 1: ..``: 13 trainings spliced into one curve.
- a ProgressMeter's ``Test: [0/2]  ADE .. (..)`` and `` * ADE .. FDE ..`` lost (no Acc@ meter).
- timm's ``Loss_gt``/``Loss_kd`` terms beside ``Loss`` dropped.
More in test_readers33c.py.
"""
from __future__ import annotations

import io
import logging

import pytest

from loganalyzer.discover import discover

torch = pytest.importorskip("torch")
tqdm = pytest.importorskip("tqdm")

from test_readers20a import _read, _series  # noqa: E402  (the resolved view and warnings; a tag's points)
from test_readers31 import _batches  # noqa: E402  (a real tiny torch classifier trained by mini-batches)


def _logger(stream, fmt: str) -> logging.Logger:
    log = logging.getLogger(f"readers33.{id(stream)}")
    log.handlers = [logging.StreamHandler(stream)]
    log.handlers[0].setFormatter(logging.Formatter(fmt))
    log.setLevel(logging.INFO)
    log.propagate = False
    return log


# ------------------------------------------------------------------ a log record glued after a tqdm bar

# public Azhuan-zhou/final_project (9bf14983b73bfa847898b6dd8eb910b3811c0918) train.log, line 18 (\r before 'Epoch'):
#   Epoch 1/1000::   0%|          | 0/41 [00:00<?, ?batch/s]2025-04-28 14:01:00,573|    INFO| Train: STEP 0 -
#   EPOCH 0/1000 | 3D loss: 2.511E-01 | reco loss: 5.847E-03 | rgb loss: 6.857E-02 | nrm loss: 1.241E-01 | lr: ..

def test_a_record_logged_after_a_bar_on_its_line_is_read(tmp_path):
    epochs, per_epoch = 6, 5
    fh = io.StringIO()
    log = _logger(fh, "%(asctime)s|%(levelname)8s| %(message)s")
    want = []
    for epoch, (losses, _) in enumerate(_batches(epochs, per_epoch)):
        bar = tqdm.tqdm(losses, desc=f"Epoch {epoch + 1}/{epochs}:", file=fh, unit="batch", mininterval=0)
        for i, loss in bar:
            if i == 0:  # logged once an epoch, while the bar stands at 0/5
                step = epoch * per_epoch
                log.info(f"Train: STEP {step} - EPOCH {epoch}/{epochs} | 3D loss: {loss:.3E} | "
                         f"reco loss: {loss / 40:.3E} | lr: 1.000E-04")
                want.append((step, round(float(f"{loss:.3E}"), 4)))
    text = fh.getvalue()
    assert text.count("batch/s]20") == epochs  # every record glued after the bar's first redraw
    (tmp_path / "train.log").write_text(text)
    df, _ = _read(tmp_path)
    steps, values = _series(df, "loss")
    assert list(zip(steps, values)) == want
    assert _series(df, "reco_loss")[0] == [s for s, _ in want]


# public MukundShankar-dev/TMR (50cb91917a438649daf9e12f917e907580d18f0e) train.out, line 28 (rich's colours left out):
#   Validation: |          | 0/? [00:00<?, ?it/s]<ESC>[A[12/09/24 14:03:31] INFO   Epoch 0: v_recons 4.545e-01
#   recons 4.626e-01  v_loss 4.591e+00  loss 5.362e+00  v_latent 1.066e+00  latent 1.139e+00 ...

_LIGHTNING_BAR = "{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}, {rate_noinv_fmt}{postfix}]"  # its format


def test_a_record_after_a_validation_bar_keeps_its_own_roles(tmp_path):
    fh = io.StringIO()
    want_train, want_val = [], []
    for epoch, (losses, vacc) in enumerate(_batches(5, 4)):
        bar = tqdm.tqdm(desc="Validation", file=fh, mininterval=0, bar_format=_LIGHTNING_BAR)  # no total: '0/?'
        fh.write("\x1b[A")  # the cursor back up to the training bar (Lightning's nested bars)
        loss, vloss = losses[-1][1], 1.0 - vacc
        fh.write(f"[12/09/24 14:03:31] INFO   Epoch {epoch}: v_loss {vloss:.3e}  loss {loss:.3e}\n")
        bar.close()
        want_train.append(round(float(f"{loss:.3e}"), 4))
        want_val.append(round(float(f"{vloss:.3e}"), 4))
    (tmp_path / "train.out").write_text(fh.getvalue())
    df, _ = _read(tmp_path)
    assert not [t for t in df.tag.unique() if t.startswith("Validation")]
    assert _series(df, "loss") == ([0, 1, 2, 3, 4], want_train)
    assert _series(df, "v_loss") == ([0, 1, 2, 3, 4], want_val)


# ------------------------------------------------------------------ fairseq's json-format log (hydra)

# public Fsoft-AIC/RoPADet (aefa1d415709c8a9a2b269bb7e2d854b7313a708) train.out:
#   [2022-06-06 09:17:56,160][fairseq_cli.train][INFO] - {'_name': None, 'common': {'_name': None, 'no_progress_bar':
#   False, 'log_interval': 200, ...}, 'optimization': {...}, ...}
#   [2022-06-06 09:18:44,886][train_inner][INFO] - {"epoch": 1, "update": 0.252, "loss": "0.264", "ce_loss": "0.507",
#   ..., "wps": "218.2", "ups": "6.83", "wpb": "32", "bsz": "32", "num_updates": "200", "lr": "1.099e-06", ...}
#   [2022-06-06 09:20:28,960][valid][INFO] - {"epoch": 1, "valid_loss": "0.267", ..., "valid_wps": "636.6",
#   "valid_wpb": "31.4", "valid_bsz": "31.4", "valid_num_updates": "794"}
#   [2022-06-06 09:20:30,995][train][INFO] - {"epoch": 1, "train_loss": "0.263", ..., "train_num_updates": "794"}

def test_fairseq_json_records_sit_at_their_num_updates_and_its_config_is_no_series(tmp_path):
    import json
    fh = io.StringIO()
    fmt = "[%(asctime)s][%(name)s][%(levelname)s] - %(message)s"
    log = _logger(fh, fmt)
    log.info(str({"_name": None, "common": {"_name": None, "log_interval": 2, "seed": 1},
                  "optimization": {"max_epoch": 4, "lr": [0.3], "clip_norm": 0.0}, "dataset": {"batch_size": 8}}))
    per_epoch, updates, want_inner, want_valid = 5, 0, [], []
    for epoch, (losses, vacc) in enumerate(_batches(4, per_epoch), start=1):
        for i, loss in losses:
            updates += 1
            if updates % 2 == 0:  # log_interval 2
                log.info(json.dumps({"epoch": epoch, "update": round(updates / per_epoch, 3), "loss": f"{loss:.3f}",
                                     "wps": "218.2", "ups": "6.83", "wpb": "32", "bsz": "8",
                                     "num_updates": str(updates), "lr": "0.3"}))
                want_inner.append((updates, round(float(f"{loss:.3f}"), 4)))
        vloss = round(1.0 - vacc, 3)
        log.info(json.dumps({"epoch": epoch, "valid_loss": str(vloss), "valid_wps": "636.6", "valid_bsz": "31.4",
                             "valid_num_updates": str(updates)}))
        log.info(json.dumps({"epoch": epoch, "train_loss": f"{losses[-1][1]:.3f}", "train_wall": "113",
                             "train_num_updates": str(updates)}))
        want_valid.append((updates, vloss))
    (tmp_path / "train.out").write_text(fh.getvalue())
    df, _ = _read(tmp_path)
    assert list(zip(*_series(df, "loss"))) == want_inner  # none dropped as an 'abandoned session'
    assert list(zip(*_series(df, "valid_loss"))) == want_valid
    assert _series(df, "train_loss")[0] == [5, 10, 15, 20]
    assert not {"seed", "log_interval", "max_epoch", "batch_size", "clip_norm", "valid_num_updates", "valid_wps",
                "train_wall", "train_num_updates"} & set(df.tag)


# ------------------------------------------------------------------ an epoch tag before a step counting from 0 again

# public 2025DL-TEAM3/skeleton_hw (a93a8e19882f57994b8b82240b1baddec87a2207) train_log.txt:
#   [E1] step 14990 loss 0.3311
#   Epoch 1 avg-loss 1.0192
#   [E2] step 0 loss 0.4875

def _noisy_batches(epochs: int, per_epoch: int, seed: int = 0) -> list[list[tuple[int, float]]]:
    """A real tiny torch MLP trained on batches of 4 at a high learning rate (per-batch losses as noisy as an LLM
    fine-tune's): per epoch, [(batch index, loss)]."""
    torch.manual_seed(seed)
    x = torch.randn(per_epoch * 4, 4)
    y = x[:, :3].argmax(1)
    model = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3))
    opt = torch.optim.SGD(model.parameters(), lr=1.0)
    out = []
    for _ in range(epochs):
        order, losses = torch.randperm(len(x)), []
        for i in range(per_epoch):
            idx = order[i * 4:(i + 1) * 4]
            loss = torch.nn.functional.cross_entropy(model(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append((i, loss.item()))
        out.append(losses)
    return out


def test_an_epoch_tag_before_a_restarting_step_is_one_training(tmp_path):
    lines, want = [], []
    for epoch, losses in enumerate(_noisy_batches(5, 40), start=1):
        for i, loss in losses[::2]:
            lines.append(f"[E{epoch}] step {i} loss {loss:.4f}")
            want.append(round(float(f"{loss:.4f}"), 4))
        lines.append(f"Epoch {epoch} avg-loss {sum(v for _, v in losses) / len(losses):.4f}")
    (tmp_path / "train_log.txt").write_text("Starting training...\n" + "\n".join(lines) + "\nTraining completed!\n")
    assert len(discover(tmp_path)) == 1  # it was three runs: epochs 1+2, 3+4 (continued), 5
    df, _ = _read(tmp_path)
    steps, values = _series(df, "loss")
    assert values == want and steps == sorted(steps) and len(set(steps)) == len(steps)
    assert steps[20] > steps[19] + 1  # epoch 2's step 0 after epoch 1's last step (the counter starts over)
    assert len(_series(df, "avg-loss")[0]) == 5


# ------------------------------------------------------------------ trainings told apart by their name

# public HLSvois/DLNLP_2025 (47efdd3f80ba551f23b0de57c2c9468072e14ca1) train_log.txt (generated text between):
#   LSTM_e1 Epoch 1: Loss = 4.1839
#   Transformer_L2_e1 Epoch 1: Loss = 3.6678
#   ...
#   LSTM_e2 Epoch 1: Loss = 4.1703
#   LSTM_e2 Epoch 2: Loss = 3.7730
#   Transformer_L2_e2 Epoch 1: Loss = 3.6670

def test_trainings_named_before_their_epoch_are_runs_of_their_own(tmp_path):
    lines, want = [], []
    for epochs in (1, 3):
        for k, name in enumerate(("LSTM", "Transformer_L2")):
            run = [round(float(f"{v:.4f}"), 4) for (losses, _) in _batches(epochs, 6, seed=k + epochs)
                   for v in [losses[-1][1]]]
            for epoch, loss in enumerate(run, start=1):
                lines.append(f"{name}_e{epochs} Epoch {epoch}: Loss = {loss:.4f}")
                lines.append(f"Saved checkpoint to checkpoints/{name}_e{epochs}_epoch{epoch}.pt")
            want.append(run)
    (tmp_path / "train_log.txt").write_text("\n".join(lines) + "\n")
    runs = discover(tmp_path)
    assert len(runs) == 4  # it was one run, the four trainings' losses one curve beside 'LSTM_e1_Epoch' series
    df, _ = _read(tmp_path)
    assert not [t for t in df.tag.unique() if t.endswith("_Epoch")]
    got = [_series(df, "Loss", run=d)[1] for d in sorted(df.dir.unique(), key=lambda d: int(d.split("#")[1]))]
    assert got == want


# ------------------------------------------------------------------ a ProgressMeter's validation with other meters

# public CHENGY12/CausalHTP (aab115946c370357e151421059c7e29ce0cbe909) train.log:
#   2021-07-29 15:08:04,894:INFO: Epoch: [250][40/44]	Loss 0.446404 (0.435297)
#   2021-07-29 15:08:05,326:INFO: Test: [0/2]	ADE 1.207295 (1.207295)	FDE 2.211979 (2.211979)
#   2021-07-29 15:08:05,432:INFO:  * ADE  1.207 FDE  2.238

def test_a_progress_meters_validation_without_accuracy_is_read(tmp_path):
    fh = io.StringIO()
    log = _logger(fh, "%(asctime)s:%(levelname)s: %(message)s")
    torch.manual_seed(0)
    x, xv = torch.randn(160, 4), torch.randn(40, 4)
    w = torch.tensor([[1.0, -2.0], [0.5, 0.0], [0.0, 1.5], [2.0, 1.0]])
    y, yv = x @ w, xv @ w
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    want_ade, want_fde = [], []
    for epoch in range(4):
        total = 0.0
        for i in range(8):
            loss = torch.nn.functional.mse_loss(model(x[i * 20:(i + 1) * 20]), y[i * 20:(i + 1) * 20])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item()
            if i % 4 == 0:
                log.info(f"Epoch: [{epoch}][{i}/8]\tLoss {loss.item():.6f} ({total / (i + 1):.6f})")
        with torch.no_grad():
            err = (model(xv) - yv).norm(dim=1)
            ade, fde = err.mean().item(), err.max().item()
        log.info(f"Test: [0/1]\tADE {ade:.6f} ({ade:.6f})\tFDE {fde:.6f} ({fde:.6f})")
        log.info(f" * ADE  {ade:.3f} FDE  {fde:.3f}")
        want_ade.append(round(ade, 3))
        want_fde.append(round(fde, 3))
    (tmp_path / "train.log").write_text(fh.getvalue())
    df, _ = _read(tmp_path)
    assert _series(df, "val_ADE")[1] == want_ade  # the summary's values, once an evaluation
    assert _series(df, "val_FDE")[1] == want_fde
    assert len(_series(df, "Loss")[0]) == 8
    assert _series(df, "val_ADE")[0] == sorted(_series(df, "val_ADE")[0])


# ------------------------------------------------------------------ timm's train line with a distillation's terms

# public Becai/Cumulative-Feature-Fusion (83295473cb84cfc73cdd899f963092b31a335812) train.log:
#   2024-03-06 19:58:04,887 -                train: [    INFO] - Train: 1 [ 200/390 ( 51%)]  Loss: 9.637 (10.6)
#   Loss_gt: 4.658 (4.89)  Loss_kd: 1.161 (1.31)  Loss_ofa: 3.818 (4.37) LR: 1.673e-02

def test_timms_train_line_keeps_every_loss_term(tmp_path):
    torch.manual_seed(0)
    x = torch.randn(96, 4)
    y = x[:, :3].argmax(1)
    teacher = torch.nn.Linear(4, 3)
    with torch.no_grad():
        teacher.weight.copy_(torch.eye(3, 4) * 3)
    student = torch.nn.Linear(4, 3)
    opt = torch.optim.SGD(student.parameters(), lr=0.2)
    fh = io.StringIO()
    log = _logger(fh, "%(asctime)s - %(name)20s: [%(levelname)8s] - %(message)s")
    want = []
    for epoch in range(3):
        for i in range(6):
            xb, yb = x[i * 16:(i + 1) * 16], y[i * 16:(i + 1) * 16]
            out = student(xb)
            gt = torch.nn.functional.cross_entropy(out, yb)
            kd = torch.nn.functional.kl_div(out.log_softmax(1), teacher(xb).softmax(1), reduction="batchmean")
            loss = gt + kd
            opt.zero_grad()
            loss.backward()
            opt.step()
            if i % 2 == 0:
                log.info(f"Train: {epoch} [{i:>4d}/6 ({100 * i / 5:>3.0f}%)]  Loss: {loss.item():#.4g} "
                         f"({loss.item():#.3g})  Loss_gt: {gt.item():#.4g} ({gt.item():#.3g})  Loss_kd: "
                         f"{kd.item():#.4g} ({kd.item():#.3g}) LR: 2.000e-01")
                want.append(round(float(f"{kd.item():#.4g}"), 4))
    (tmp_path / "train.log").write_text(fh.getvalue())
    df, _ = _read(tmp_path)
    assert _series(df, "Loss_kd")[1] == want  # it was dropped: only 'Loss' and 'LR'
    assert len(_series(df, "Loss_gt")[0]) == len(_series(df, "Loss")[0]) == 9
