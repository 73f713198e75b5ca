"""Reader faults named by the labellers of sets 223-225 (opened at stop 70), each failing on the stop's start code.
JSON is written by ``json.dump`` the way the public scripts wrote it, printed logs with the scripts' own format
strings."""
from __future__ import annotations

import json
import math

from _runs import read_resolved, series_by_step, verdict


# ------------------------------------------------- '{"Train Loss": [{"1": v}, ..]}': per-epoch one-key dicts


def _fmnist_history(path, epochs: int = 15):
    """gmuraleekrishna/fashion-mnist-pytorch: ``history[name].append({epoch: value})`` per epoch, ``json.dump``-ed
    (the int epoch becomes a string key)."""
    history = {"Train Accuracy": [], "Train Loss": [], "Val Accuracy": [], "Val Loss": []}
    for epoch in range(1, epochs + 1):
        history["Train Accuracy"].append({epoch: 80 + 11 * (1 - math.exp(-epoch / 4))})
        history["Train Loss"].append({epoch: 0.24 + 0.3 * math.exp(-epoch / 4)})
        history["Val Accuracy"].append({epoch: 85 + 6 * (1 - math.exp(-epoch / 4))})
        history["Val Loss"].append({epoch: 0.008 + 0.005 * math.exp(-epoch / 4)})
    with open(path, "w") as f:
        json.dump(history, f)
    return history


def test_one_key_epoch_dicts_are_one_series_per_name(tmp_path):
    """Read as per-epoch records, every epoch was its own one-point series (``Train Loss/1`` .. ``/15``) and the run
    'no usable loss'; now one series per name, an epoch a point, and a loss verdict."""
    history = _fmnist_history(tmp_path / "basic_cnn.json")
    df, _ = read_resolved(tmp_path)
    tags = set(df.tag.astype(str))
    assert not any("/" in t for t in tags)
    steps, values = series_by_step(df, "Train Loss")
    assert len(steps) == 15 and steps == sorted(steps)
    assert values == [next(iter(d.values())) for d in history["Train Loss"]]
    v = verdict(tmp_path)
    assert v.roles.get("train_loss") == "Train Loss" and v.roles.get("val_loss") == "Val Loss"
    assert v.verdict != "unknown"


def test_dicts_of_several_keys_stay_records(tmp_path):
    """``"val_metrics": [{"accuracy": .., "f1": ..}, ..]`` is still read as records (``val_accuracy``)."""
    (tmp_path / "history.json").write_text(json.dumps({
        "loss": [1.0, 0.8, 0.6, 0.5],
        "val_metrics": [{"accuracy": 0.5 + i / 10, "f1": 0.4 + i / 10} for i in range(4)]}))
    df, _ = read_resolved(tmp_path)
    tags = set(df.tag.astype(str))
    assert "val_accuracy" in tags and "val_f1" in tags


# ------------------------------------------------- CycleGAN loss_log.txt: 'data:0.08)' and glued 'name: value' pairs


def _glued_loss_log(path, epochs: int = 3, per_epoch: int = 5, glued: bool = True):
    """jayzhan211/CycleGAN-pytorch's ``print_current_losses``: ``'(epoch: %d, iters: %d, time: %s, data:%s)'`` then
    ``'%s: %s' % (k, v)`` per loss, glued (or ``', %s: %s'``, the file's later launch), appended to loss_log.txt."""
    import time

    with open(path, "a") as log:
        log.write("================ Training Loss (%s) ================\n" % time.strftime("%c"))
        for epoch in range(1, epochs + 1):
            for i in range(1, per_epoch + 1):
                t = (epoch - 1) * per_epoch + i
                losses = {"D_A": 0.25 - 0.001 * t, "G_A": 0.4 + 0.002 * t, "cycle_A": 2.6 * math.exp(-t / 10),
                          "idt_A": 1.06 * math.exp(-t / 10), "D_B": 0.26, "G_B": 0.34, "cycle_B": 2.2 * math.exp(-t / 9),
                          "idt_B": 1.05 * math.exp(-t / 9)}
                message = "(epoch: %d, iters: %d, time: %s, data:%s)" % (epoch, i * 100, 0.27120542526245117,
                                                                          0.0013718605041503906)
                for k, v in losses.items():
                    message += ("%s: %s" if glued else ", %s: %s") % (k, v)
                log.write("%s\n" % message)


def test_glued_cyclegan_pairs_are_read(tmp_path):
    """971 such lines were 'read as nothing' (no series); now each name is ``loss_<name>``, a point a line."""
    _glued_loss_log(tmp_path / "loss_log.txt")
    df, _ = read_resolved(tmp_path)
    tags = set(df.tag.astype(str))
    assert {"loss_D_A", "loss_G_A", "loss_cycle_A", "loss_idt_B"} <= tags
    steps, values = series_by_step(df, "loss_cycle_A")
    assert len(steps) == 15 and len(set(steps)) == 15
    assert abs(values[0] - 2.6 * math.exp(-1 / 10)) < 1e-9


def test_comma_pairs_after_a_data_field_with_no_space_are_read(tmp_path):
    """``(epoch: 1, iters: 100, time: 0.273, data:0.108), D_A: 0.234, ..``: the ``data:`` with no space failed the
    line (0 rows)."""
    _glued_loss_log(tmp_path / "loss_log.txt", glued=False)
    df, _ = read_resolved(tmp_path)
    steps, values = series_by_step(df, "loss_cycle_B")
    assert len(steps) == 15
    assert abs(values[-1] - 2.2 * math.exp(-15 / 9)) < 1e-9


# ------------------------------------------------- SEGAN: '(Iter 50) Batch 50/6250 (Epoch 1) d_real:0.1243, ..'


def _segan_log(path, iters: int = 40, per_epoch: int = 10, every: int = 50):
    """santi-pdp/segan_pytorch ``SEGAN.train``'s print, stdout saved to ``loss.txt`` (BaiYuhaoSpiceeYJ/SEGAN_denoise)."""
    with open(path, "w") as f:
        for n in range(1, iters + 1):
            it = n * every
            epoch, bidx = (n - 1) // per_epoch + 1, ((n - 1) % per_epoch + 1) * every
            log = "(Iter {}) Batch {}/{} (Epoch {}) d_real:{:.4f}, d_fake:{:.4f}, ".format(
                it, bidx, per_epoch * every, epoch, 0.12 * math.exp(-n / 8), 0.17 * math.exp(-n / 8))
            log += "g_adv:{:.4f}, g_l1:{:.4f} l1_w: {:.2f}, btime: {:.4f} s, mbtime: {:.4f} s".format(
                0.9 + 0.01 * (n % 3), 3.3 * math.exp(-n / 15) + 0.5, 100.0, 0.9493, 0.9427)
            print(log, file=f)


def test_segan_lines_are_found_and_read(tmp_path):
    """``loss.txt`` was not found at all (and ``log_loss.txt`` read as no series); now the file is a run, ``Iter``
    its step, the four terms series, the L1 weight and the batch times none."""
    _segan_log(tmp_path / "loss.txt")
    df, _ = read_resolved(tmp_path)
    tags = set(df.tag.astype(str))
    assert tags == {"d_real_loss", "d_fake_loss", "g_adv_loss", "g_l1_loss"}
    steps, values = series_by_step(df, "g_l1_loss")
    assert steps == [50 * n for n in range(1, 41)]
    assert values[0] == round(3.3 * math.exp(-1 / 15) + 0.5, 4)
    assert verdict(tmp_path).verdict != "unknown"


# ------------------------------------------------- '  eval 20: train 2.8996 | val 3.0236 | 4.3621 bpc'


def _tinyshrek_log(path, iters: int = 440, best: int = 280):
    """arsallls/tiny-shrek's prints (stdout saved as ``logs/scratch.log``): an iteration line every 50 and an
    evaluation every 20 iterations, the validation's bits per character after it."""
    with open(path, "w") as f:
        print("NVIDIA L4 | bf16\nscratch: train 105,154 | val 16,282 tokens\nparams: 14.20M", file=f)
        for it in range(iters + 1):
            if it % 50 == 0:
                print(f"iter {it:6d} | loss {4.6 * math.exp(-it / 150) + 0.7:.4f} | lr {6e-4:.2e} | {it // 10}s", file=f)
            if it and it % 20 == 0:
                tr = 2.9 * math.exp(-it / 200) + 0.6
                va = 1.55 + 1.5 * math.exp(-it / 60) + (0.002 * (it - best) if it > best else 0.0)
                print(f"  eval {it}: train {tr:.4f} | val {va:.4f} | {va / math.log(2):.4f} bpc", file=f)
                print("  saved /content/drive/MyDrive/tiny-shrek-ablation/scratch.pt", file=f)


def test_eval_counter_sharing_the_first_split_field_is_read(tmp_path):
    """The evaluation lines were unread (only the per-iteration ``loss``): now ``train_loss``/``val_loss`` at the
    iteration each evaluation ran, the bpc field no series."""
    _tinyshrek_log(tmp_path / "scratch.log")
    df, _ = read_resolved(tmp_path)
    steps, values = series_by_step(df, "val_loss")
    assert steps == list(range(20, 441, 20))
    assert not any("bpc" in t for t in set(df.tag.astype(str)))
    assert verdict(tmp_path).roles.get("val_loss") == "val_loss"


# ------------------------------------------------- '  100: \tG_loss: ..': an iteration counter read as a rank


def _cyclegan_vc_log(path, launches=(7, 4, 60)):
    """kkulesz/Voice_conversion_with_CycleGAN-VC2's ``log_file.txt``: a ``NEXT RUN`` banner per launch, then the
    iteration right-aligned before a colon and the losses tab-separated, every 100 iterations."""
    with open(path, "w") as f:
        for n in launches:
            f.write("\n\n---------\nNEXT RUN\n---------\n")
            for k in range(n):
                g = 27.0 * math.exp(-k / 20) + 5
                f.write("{:5d}: \tG_loss: {:.4f}\tD_loss: {:.4f}\tCycle_loss: {:.4f}\tIdentity_loss:{:.4f}\t"
                        "A2B_loss: {:.4f}\tB2A_loss: {:.4f}\td_A_loss: {:.4f}\td_B_loss: {:.4f}\n".format(
                            100 * k, g, 0.5 * math.exp(-k / 5), g / 1.5, g / 3, 0.3 + 0.6 * (1 - math.exp(-k / 3)),
                            0.3, 0.25, 0.25))


def test_growing_bare_labels_are_the_step_not_ranks(tmp_path):
    """Each ``N:`` was a 'rank' and rank 0's lines were kept: 3 points, one a launch. Now every line is a point at
    its iteration, the last launch's 60 lines at 0..5900."""
    _cyclegan_vc_log(tmp_path / "log_file.txt")
    df, _ = read_resolved(tmp_path)
    steps, values = series_by_step(df, "G_loss")
    assert steps[-1] == 5900 and len(steps) >= 60
    assert values[-1] == round(27.0 * math.exp(-59 / 20) + 5, 4)


def test_one_launch_of_growing_labels_is_read_at_its_steps(tmp_path):
    """A file of one launch (``2021.11.11``) was read at its record numbers 1..N; now at the printed iterations."""
    _cyclegan_vc_log(tmp_path / "log_file.txt", launches=(30,))
    df, _ = read_resolved(tmp_path)
    assert series_by_step(df, "G_loss")[0] == [100 * k for k in range(30)]


def test_srun_labels_of_interleaved_ranks_stay_ranks(tmp_path):
    """``srun --label`` lines of 12 tasks interleaved: still ranks, rank 0's lines read."""
    with open(tmp_path / "slurm-1.out", "w") as f:
        for step in range(1, 21):
            for rank in (0, 5, 2, 11, 1, 7, 3, 10, 4, 9, 6, 8):
                f.write(f"{rank}: step {step * 10} loss: {2.0 / step + rank * 0.001:.4f}\n")
    df, _ = read_resolved(tmp_path)
    steps, values = series_by_step(df, "loss")
    assert steps == [10 * s for s in range(1, 21)]
    assert values[0] == 2.0


# ------------------------------------------------- minimind: 'Epoch:[1/1](270/39695), loss: 6.8434, ..'


def _minimind_log(path, epochs: int = 2, iters: int = 400, every: int = 10, old: bool = False):
    """jingyaogong/minimind ``trainer/train_pretrain.py``'s ``Logger`` line (``old``: the 2024 format,
    ``'Epoch:[{}/{}]({}/{}) loss:{:.3f} lr:{:.12f} epoch_Time:{}min:'``), stdout saved as pretrain.log."""
    with open(path, "w") as f:
        print("Model Params: 30.03M\nTrainable Params: 30.025M", file=f)
        for epoch in range(epochs):
            for step in range(every, iters + 1, every):
                t = epoch * iters + step
                loss, lr = 2 + 6.5 * math.exp(-t / 150), 5e-4 * (0.1 + 0.9 * (1 - t / (epochs * iters)))
                if old:
                    print("Epoch:[{}/{}]({}/{}) loss:{:.3f} lr:{:.12f} epoch_Time:{}min:".format(
                        epoch + 1, epochs, step, iters, loss, lr, 95.0), file=f)
                else:
                    print("Epoch:[{}/{}]({}/{}), loss: {:.4f}, logits_loss: {:.4f}, aux_loss: {:.4f}, lr: {:.8f}, "
                          "epoch_time: {:.1f}min".format(epoch + 1, epochs, step, iters, loss, loss, 0.0, lr, 95.0),
                          file=f)


def test_minimind_lines_are_placed_within_the_epoch(tmp_path):
    """Every line was at the epoch's step (3,970 lines averaged into one point); now a point a line."""
    for old in (False, True):
        folder = tmp_path / ("old" if old else "new")
        folder.mkdir()
        _minimind_log(folder / "pretrain.log", old=old)
        df, _ = read_resolved(folder)
        steps, values = series_by_step(df, "loss")
        assert len(steps) == 80 and len(set(steps)) == 80
        assert steps[1] - steps[0] == 10 and steps[40] - steps[39] == 10
        assert values[-1] < values[0]


# ------------------------------------------------- TinyLlama: '.. remaining time: 19.17 hours.  or 0.80 days.'


def test_remaining_days_after_or_is_no_series(tmp_path):
    """jzhang38/TinyLlama ``pretrain/tinyllama.py``'s ``fabric.print`` per micro-batch: the days left were a series
    ``or`` beside the loss."""
    max_iters, micro = 400, 4
    with open(tmp_path / "pretrain.txt", "w") as f:
        for it in range(1, max_iters + 1):
            step, loss, dt = it // micro, 10.6 * math.exp(-it / 300) + 2, 0.196
            left = dt * (max_iters - it) / 3600
            print(f"iter {it} step {step}: loss {loss:.4f}, iter time: {dt * 1000:.2f}ms"
                  f"{' (optimizer.step)' if it % micro == 0 else ''} remaining time: {left:.2f} hours. "
                  f" or {left / 24:.2f} days. ", file=f)
    df, _ = read_resolved(tmp_path)
    tags = set(df.tag.astype(str))
    assert "loss" in tags and "or" not in tags


def test_one_pix2pix_line_an_epoch_with_a_growing_counter_is_at_that_count(tmp_path):
    """petct225: ``(epoch: 1, iters: 417, ..)`` .. ``(epoch: 100, iters: 41700, ..)``, one line an epoch (the old
    ``total_steps``-based ``epoch_iter``): the steps were ``(epoch - 1) x 41700 + iters``; now the count."""
    import time

    with open(tmp_path / "loss_log.txt", "w") as log:
        log.write("================ Training Loss (%s) ================\n" % time.strftime("%c"))
        for epoch in range(1, 31):
            losses = {"G_GAN": 0.78 + 0.01 * epoch, "G_L1": 86.0 - epoch, "D_real": 2.4 / epoch, "D_fake": 1.2 / epoch}
            message = "(epoch: %d, iters: %d, time: %.3f, data: %.3f) " % (epoch, 417 * epoch, 0.437, 0.026)
            for k, v in losses.items():
                message += "%s: %.3f " % (k, v)
            log.write("%s\n" % message)
    df, _ = read_resolved(tmp_path)
    assert series_by_step(df, "loss_G_L1")[0] == [417 * e for e in range(1, 31)]


def test_a_glued_iteration_after_the_epoch_is_the_batch_counter(tmp_path):
    """wadigan225's ``print(f"epoch {e} iteration{i}, G Loss: {g}, D Loss: {d}")``: three lines an epoch were
    averaged at the epoch's step; now a point a line."""
    with open(tmp_path / "losses.txt", "w") as f:
        for e in range(20):
            for i in (100, 200, 300):
                print(f"epoch {e} iteration{i}, G Loss: {0.72 + 0.001 * ((e * 3 + i) % 7)}, "
                      f"D Loss: {1.39 - 0.0001 * e}", file=f)
    df, _ = read_resolved(tmp_path)
    steps, _ = series_by_step(df, "G_Loss")
    assert len(steps) == 60 and len(set(steps)) == 60
    assert "iteration100" not in "".join(set(df.tag.astype(str)))


def test_srun_labels_of_ranks_in_order_stay_ranks(tmp_path):
    """``srun --label`` lines of 24 tasks each step in rank order (0, 1, .., 23, 0, 1, ..): growing labels, but each
    repeated every step: ranks, rank 0's lines read."""
    with open(tmp_path / "slurm-2.out", "w") as f:
        for step in range(1, 11):
            for rank in range(24):
                f.write(f"{rank}: step {step * 10} loss: {2.0 / step + rank * 0.001:.4f}\n")
    df, _ = read_resolved(tmp_path)
    steps, values = series_by_step(df, "loss")
    assert steps == [10 * s for s in range(1, 11)]
    assert values[1] == 1.0


def test_a_print_interval_longer_than_the_epoch_still_counts_within_it(tmp_path):
    """xmhehua225: 70 images an epoch, a line every 100: ``(epoch: 2, iters: 30)``, ``(epoch: 3, iters: 60)``,
    ``(epoch: 5, iters: 20)``: the count within the epoch (steps growing by 100 a line), not a cumulative one."""
    import time

    with open(tmp_path / "loss_log.txt", "w") as log:
        log.write("================ Training Loss (%s) ================\n" % time.strftime("%c"))
        for total in range(100, 3100, 100):
            epoch, iters = total // 70 + 1, total % 70
            if iters == 0:
                continue
            message = "(epoch: %d, iters: %d, time: %.3f, data: %.3f) " % (epoch, iters, 1.8, 0.002)
            for k, v in {"D_A": 0.2, "G_A": 0.3, "Cyc_A": 3.0 - total / 2000, "idt_A": 1.4 - total / 5000}.items():
                message += "%s: %.3f " % (k, v)
            log.write("%s\n" % message)
    df, _ = read_resolved(tmp_path)
    steps, _ = series_by_step(df, "loss_Cyc_A")
    assert all(b > a for a, b in zip(steps, steps[1:]))  # (read as a count, 30, 60, 20, ..: back and forth)
    assert 1500 < max(steps) < 3200
