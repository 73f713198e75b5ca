"""Reader faults named by the labellers of blind sets 74/75 (opened at stop 40): each test writes a small log of the
named line shape and asserts the values and steps read."""
from __future__ import annotations

import io
import warnings

from loganalyzer import read_scalars
from loganalyzer.discover import discover


def _read(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_scalars(str(path), resolve=True)


def _series(df, tag, run=None):
    s = df[df.tag == tag] if run is None else df[(df.tag == tag) & (df.dir == run)]
    s = s.sort_values("step", kind="stable")
    return s.step.tolist(), s.value.round(4).tolist()


# ------------------------------------------------------------------ 1. a beta-VAE's 'Epoch 01/20 | beta=.. |' lines


def _beta_vae_log(epochs: int) -> tuple[str, list, list]:
    buf = io.StringIO()
    totals, tests = [], []
    for e in range(1, epochs + 1):
        beta = min(1.0, 0.2 * e)
        recon, kl = 290.0 / e ** 0.5, 80.0 / e ** 0.5 + 20
        total, test = recon + beta * kl, 190.0 / e ** 0.4
        print(f"Epoch {e:02d}/{epochs} | beta={beta:.2f} | train_total={total:6.2f} recon={recon:6.2f} kl={kl:5.2f} "
              f"| test_recon={test:6.2f} | ", file=buf)
        totals.append(round(float(f"{total:.2f}"), 4))
        tests.append(round(float(f"{test:.2f}"), 4))
    return buf.getvalue(), totals, tests


def test_beta_vae_epoch_lines_of_pairs(tmp_path):
    """Before: the file was listed but read as nothing ('looks like progress under other names')."""
    text, totals, tests = _beta_vae_log(20)
    f = tmp_path / "VAE-0.log"
    f.write_text(text)
    assert [r.format for r in discover(str(f))] == ["joblog"]
    df = _read(f)
    assert _series(df, "train_total") == (list(range(1, 21)), totals)
    assert _series(df, "test_recon") == (list(range(1, 21)), tests)
    assert set(df.tag) == {"beta", "train_total", "recon", "kl", "test_recon"}


def test_pairs_beside_a_word_part_stay_unread(tmp_path):
    """A part that is no run of name=value pairs ('| done |') keeps such lines unread, as before."""
    f = tmp_path / "log.txt"
    f.write_text("".join(f"Epoch {e:02d}/5 | recon={9 - e}.0 kl=1.0 | done |\n" for e in range(1, 6)))
    assert len(_read(f)) == 0


# ------------------------------------------------------------------ 2. an OT-GAN's 'epoch N | D^2=.. | FID=..' lines


def _otgan_log(epochs: int, resume_at: int | None = None) -> tuple[str, list, list]:
    buf = io.StringIO()
    print("=" * 80 + "\n" + " " * 33 + "Configuration\n" + "=" * 80, file=buf)
    print("                loss: energy_distance\n" + "=" * 80, file=buf)
    dists, fids = [], []
    for e in range(epochs):
        if e == resume_at:
            print(f"Resumed from ckpt/ot_gan.pt at epoch {e}\n" + "=" * 80, file=buf)
        d, cross = 0.06 / (e + 1) ** 2, 1.15 / (e + 1)
        line = f"epoch {e:3d} | D^2={d:+.4f} | cross={cross:.4f} rr={cross / 4:.4f} ff={cross / 4:.4f} | 1628.6s"
        if e % 2 == 1:
            fid = 280.0 / e
            line += f" | FID={fid:.2f} KIDx1e3={fid * 1.3:.2f} IS=1.99"
            fids.append(round(float(f"{fid:.2f}"), 4))
        print(line, file=buf)
        dists.append(round(float(f"{d:.4f}"), 4))
    return buf.getvalue(), dists, fids


def test_squared_distance_epoch_lines(tmp_path):
    """Before: found but read as nothing ('no line names a loss'); now D^2 is the loss, FID kept at its epochs."""
    text, dists, fids = _otgan_log(8, resume_at=7)
    f = tmp_path / "run_energy8.log"
    f.write_text(text)
    assert len(discover(str(f))) == 1
    df = _read(f)
    assert _series(df, "loss") == (list(range(8)), dists)
    assert _series(df, "FID") == ([1, 3, 5, 7], fids)
    assert set(df.tag) == {"loss", "cross", "rr", "ff", "FID", "KIDx1e3", "IS"}


def test_squared_distance_not_led_by_an_epoch_stays_unread(tmp_path):
    """A 'D^2=' on lines not led by an epoch counter, or an 'R^2=' score (a regression's) on epoch lines, is no
    objective: nothing read."""
    f = tmp_path / "log.txt"
    f.write_text("".join(f"fold {k} | D^2=0.{50 + k} | cross=1.{k}\n" for k in range(5)))
    assert len(_read(f)) == 0
    f.write_text("".join(f"epoch {k} | R^2=0.{50 + k} | cross=1.{k}\n" for k in range(5)))
    assert len(_read(f)) == 0


# ------------------------------------------------------------------ 3. a fixed-width table under split groups

_GROUP_LINE = ("                           |------------ VALID -------------|----------- TRAIN -------------|"
               "------Accuracy------|------------|")
_NAMES_LINE = ("lr       iter     epoch    | loss   top-1  top-2            | loss   top-1  top-2           |"
               "    Current Best    | time       |")


def _split_table_log(epochs: int) -> tuple[str, list, list, list]:
    buf = io.StringIO()
    print("-" * 47 + " [START 2024-11-23 23:18:55] " + "-" * 51 + "\n\n** start training here! **", file=buf)
    print(_GROUP_LINE + "\n" + _NAMES_LINE + "\n" + "-" * 127, file=buf)
    vloss, tloss, vtop = [], [], []
    best = 0.0
    for e in range(epochs):
        v, t, a = 0.38 - 0.004 * e, 0.80 / (1 + e) ** 0.5, 85.0 + 0.2 * e
        best = max(best, a)
        print(f"{1e-4:.4f}  {e:4.1f}   {e:4.1f}        | {v:.3f}  {a:.3f}  98.566          | {t:.3f}  76.460  "
              f"90.826         |         {best:.5f}         |  0 hr {6 * e + 6:02d} min", file=buf)
        vloss.append(round(float(f"{v:.3f}"), 4))
        tloss.append(round(float(f"{t:.3f}"), 4))
        vtop.append(round(float(f"{a:.3f}"), 4))
    return buf.getvalue(), vloss, tloss, vtop


def test_fixed_width_table_under_split_groups(tmp_path):
    """Before: 'no line holds a loss', nothing read; now each row at its epoch, groups under their split."""
    text, vloss, tloss, vtop = _split_table_log(12)
    f = tmp_path / "log_train.txt"
    f.write_text(text)
    assert len(discover(str(f))) == 1
    df = _read(f)
    assert _series(df, "val_loss") == (list(range(12)), vloss)
    assert _series(df, "train_loss") == (list(range(12)), tloss)
    assert _series(df, "val_top1") == (list(range(12)), vtop)
    assert set(df.tag) == {"lr", "val_loss", "val_top1", "val_top2", "train_loss", "train_top1", "train_top2"}


def test_table_under_groups_naming_no_split_stays_unread(tmp_path):
    """Groups that name no split ('| MODEL A | MODEL B |') are no such table: nothing read from it."""
    text, *_ = _split_table_log(5)
    f = tmp_path / "log_train.txt"
    f.write_text(text.replace("- VALID -", "- ALPHA -").replace("- TRAIN -", "- BRAVO -"))
    assert len(_read(f)) == 0


# ------------------------------------------------------------------ 4./5. a reid log: numbers first, epochs from 1


def _reid_log(epochs: int, batches: int, numbers: int, every: int = 10) -> tuple[str, list, list]:
    """AlignedReID's train log: the args, one bare integer per line (the data set's ids, ~numbers lines), then
    ``Epoch: [e+1][i+1/N]`` ProgressMeter lines (value, then running average)."""
    buf = io.StringIO()
    print("==========\nArgs:Namespace(root='data', dataset='market1501', max_epoch=300)\n==========", file=buf)
    print("Currently using GPU 0\nInitializing dataset market1501", file=buf)
    for k in range(numbers):
        print((k * 7919) % 1500, file=buf)
    print("=> Market1501 loaded\n==> Start training", file=buf)
    steps, losses = [], []
    for e in range(1, epochs + 1):
        for i in range(every, batches + 1, every):
            loss = 9.0 / (1 + 0.1 * ((e - 1) * batches + i))
            print(f"Epoch: [{e}][{i}/{batches}]\tBatch_Time 0.123 (0.627)\tData 0.029 (0.128)\tLoss {loss:.4f} "
                  f"({loss + 0.1:.4f})\t", file=buf)
            steps.append((e - 1) * batches + i)
            losses.append(round(float(f"{loss:.4f}"), 4))
    return buf.getvalue(), steps, losses


def test_log_given_by_path_with_numbers_first(tmp_path):
    """Before: a log_train.txt whose first 8 KB are bare integers was read when its folder was given, and was 'not
    read' when the file itself was; now both find it."""
    text, _, _ = _reid_log(3, 40, 36000)
    f = tmp_path / "log_train.txt"
    f.write_text(text)
    assert len(text.encode()) > 2 * 65536  # past the deeper sniff too
    assert [r.format for r in discover(str(f))] == ["joblog"]
    assert [r.format for r in discover(str(tmp_path))] == ["joblog"]
    assert len(_read(f)) > 0


def test_meter_epochs_counted_from_one(tmp_path):
    """Before: 'Epoch: [1][2/404]' was at step 406 (an epoch late); now epoch 1 is the steps 1..N."""
    text, steps, losses = _reid_log(3, 40, 0, every=2)
    f = tmp_path / "log_train.txt"
    f.write_text(text)
    df = _read(f)
    assert _series(df, "Loss") == (steps, losses)
    assert steps[0] == 2 and steps[-1] == 120
    assert set(df.tag) == {"Loss"}  # 'Batch_Time' is a clock, no series


def test_meter_epochs_counted_from_zero_stay(tmp_path):
    """pytorch/examples' ImageNet meter counts epochs from 0: 'Epoch: [0][10/40]' stays at step 10."""
    text, steps, losses = _reid_log(3, 40, 0, every=2)
    text = "".join(line.replace(f"Epoch: [{e}]", f"Epoch: [{e - 1}]") if line.startswith("Epoch: [") else line
                   for line in text.splitlines(True) for e in [int(line[8:line.find("]")]) if line.startswith(
                       "Epoch: [") else 0])
    f = tmp_path / "log_train.txt"
    f.write_text(text)
    assert _series(_read(f), "Loss") == (steps, losses)


# ------------------------------------------------------------------ 6. PaddleGAN: unit-led keys, an abandoned launch

_PPGAN_CONFIG = ("{} ppgan INFO: Configs: {{'total_iters': 1000000, 'output_dir': 'output_dir/rcan_x4_div2k-2021-11-23-"
                 "{}', 'min_max': (0.0, 255.0), 'model': {{'name': 'BaseSRModel'}}}}")


def _ppgan_line(it: int, loss: str, lr: float = 1e-4) -> str:
    return (f"[11/23 19:48:09] ppgan.engine.trainer INFO: Iter: {it}/1000000 lr: {lr:.3e} loss_pixel: {loss} "
            f"batch_cost: 0.81953 sec reader_cost: 0.04610 sec ips: 19.52329 images/s eta: 9 days, 11:37:32")


def _ppgan_log(iters: int, abandoned: bool) -> tuple[str, list, list]:
    lines = ["", ""]
    if abandoned:
        lines += [_PPGAN_CONFIG.format("[11/23 19:27:00]", "19-27"), _ppgan_line(10, "220126996736552716516.000", 2e-4),
                  _ppgan_line(20, "366857108828268651556.000", 2e-4), "", "=" * 30 + " restarted " + "=" * 30, ""]
    lines.append(_PPGAN_CONFIG.format("11/23 19:46:58]", "19-46"))  # (sic: the file lost this line's '[')
    steps, losses = [], []
    for k in range(1, iters + 1):
        loss = 6.4 - 1.5 * k / iters
        lines.append(_ppgan_line(100 * k, f"{loss:.3f}"))
        steps.append(100 * k)
        losses.append(round(float(f"{loss:.3f}"), 4))
    return "\n".join(lines) + "\n", steps, losses


def test_unit_led_keys_are_no_series(tmp_path):
    """Before: 'sec ips' and 'images/s eta' (the days left) were series; now only the loss and the lr."""
    text, steps, losses = _ppgan_log(30, abandoned=False)
    f = tmp_path / "log.txt"
    f.write_text(text)
    df = _read(f)
    assert set(df.tag) == {"loss_pixel", "lr"}
    assert _series(df, "loss_pixel") == (steps, losses)


def test_abandoned_first_launch_left_out(tmp_path):
    """Before: two lines of a stopped launch (2e20) then the relaunch were one series from 2e20; now the relaunch's."""
    text, steps, losses = _ppgan_log(30, abandoned=True)
    f = tmp_path / "log.txt"
    f.write_text(text)
    assert len(discover(str(f))) == 1
    assert _series(_read(f), "loss_pixel") == (steps, losses)


def test_first_lines_without_a_relaunch_kept(tmp_path):
    """The same first two lines with no config printed again stay the run's first points."""
    text, steps, losses = _ppgan_log(30, abandoned=True)
    text = text.replace("11/23 19:46:58] ppgan INFO: Configs:", "11/23 19:46:58] ppgan INFO: Resuming:")
    f = tmp_path / "log.txt"
    f.write_text(text)
    assert _series(_read(f), "loss_pixel")[0] == [10, 20] + steps


# ------------------------------------------------------------------ 7. a resumed CSV log: later rows replace


def _resumed_csv(resumes: dict) -> tuple[str, dict]:
    """``step,epoch,loss,...,val_loss`` rows every 25 steps, a validation row every 300; at each step in
    ``resumes`` the job is resumed from the checkpoint at ``resumes[step]``: the steps after it are logged again."""
    rows = ["step,epoch,loss,loss_wave,lr,sdr_mean,val_loss"]
    final: dict = {}
    step, session = 25, 0
    while step <= 1200:
        loss = round(0.18 - step / 20000 + session * 0.01, 4)
        rows.append(f"{step},{step // 300},{loss},{loss / 3:.4f},1e-4,,")
        final[step] = loss
        if step % 300 == 0:
            rows.append(f"{step},{step // 300},,,,-8.5,0.14")
        if step in resumes:
            step, session = resumes.pop(step), session + 1
        step += 25
    return "\n".join(rows) + "\n", final


def test_resumed_csv_keeps_the_later_session(tmp_path):
    """Before: both sessions' points were kept at the re-logged steps (61 points, a curve zig-zagging back); now
    each step once, the later session's value."""
    text, final = _resumed_csv({775: 600, 1025: 900})
    f = tmp_path / "training_log.csv"
    f.write_text(text)
    assert len(discover(str(f))) == 1
    steps, values = _series(_read(f), "loss")
    assert steps == sorted(final)
    assert values == [final[s] for s in sorted(final)]
    assert _series(_read(f), "val_loss")[0] == [300, 600, 900, 1200]


# ------------------------------------------------------------------ 8. evaluation-only launches between a resume


def _kan_csv(iters: int, evals: int, restart: bool = False) -> tuple[str, list]:
    rows = ["timestamp,epoch,iteration,train_loss,val_loss,checkpoint"]
    steps = []
    for k in range(iters):
        it = 1 + 1000 * k
        rows.append(f"2025-05-06 00:{k % 60:02d}:02,1,{it},{40 / (k + 1) - 3:.4f},{30 / (k + 1) - 2:.4f},")
        steps.append(it)
    last = steps[-1]
    for e in range(evals):
        rows.append(f"2025-05-06 06:27:{40 + e},{5 + e},1,-13.7716,-1.95{e},")
    more = range(iters) if restart else range(1, 8)
    for k in more:
        it = 1 + 1000 * k if restart else last + 1000 * (k - 1)
        train = 40 / (k + 1) - 3 if restart else -0.05 * k  # started over: from the first level again
        rows.append(f"2025-05-06 08:{k % 60:02d}:00,{1 if restart else 8},{it},{train:.4f},-1.94,")
        steps.append(it)
    return "\n".join(rows) + "\n", steps


def test_evaluation_launches_between_a_training_and_its_resume(tmp_path):
    """Before: two runs, the second opening with the evaluation rows at iteration 1; now one run, those rows left
    out."""
    text, steps = _kan_csv(30, 3)
    f = tmp_path / "training_log.csv"
    f.write_text(text)
    runs = discover(str(f))
    assert [r.id for r in runs] == ["training_log.csv"]
    got, _ = _series(_read(f), "val_loss")
    assert got == sorted(steps) and 1 in got and got.count(1) == 1


def test_training_started_over_stays_a_new_run(tmp_path):
    """A training appended from its start (many rows from iteration 1) still starts a run."""
    text, _ = _kan_csv(30, 0, restart=True)
    f = tmp_path / "training_log.csv"
    f.write_text(text)
    assert len(discover(str(f))) == 2


def test_config_printed_before_every_epoch_is_no_abandoned_launch(tmp_path):
    """A config line printed before every logged line (each a launch of its own) leaves every line in."""
    text, steps, losses = _ppgan_log(30, abandoned=True)
    lines = text.splitlines()
    out = []
    for line in lines:
        if "Iter: " in line and "Iter: 10/" not in line:
            out.append(_PPGAN_CONFIG.format("[11/23 19:46:58]", "19-46"))
        out.append(line)
    f = tmp_path / "log.txt"
    f.write_text("\n".join(out) + "\n")
    assert _series(_read(f), "loss_pixel")[0][:2] == [10, 20]


def test_short_launch_then_training_from_its_start_stays_two_runs(tmp_path):
    """Keras CSVLogger(append=True): epochs 0 1, then 0 1 2 ... 19 of a second fit: two runs (the counter counts on
    from its start by its stride, no jump back to where the first was)."""
    rows = ["epoch,accuracy,loss,val_accuracy,val_loss"]
    rows += [f"{e},0.{80 + e},{7.2 - 0.6 * e:.3f},0.77,{8.0 - 0.9 * e:.3f}" for e in range(2)]
    rows += [f"{e},0.{80 + e},{5.9 - 0.25 * e:.3f},0.8{e % 10},{6.3 - 0.25 * e:.3f}" for e in range(20)]
    f = tmp_path / "training.log"
    f.write_text("\n".join(rows) + "\n")
    assert len(discover(str(tmp_path))) == 2
