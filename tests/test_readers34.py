"""readers34: reader faults of stop 33's leftovers and fresh public logs, each printed or written by a real tiny torch
training in the shape of the public file named beside its test.

- pytorch_GAN_zoo's progressive GAN prints ``[scale : iter] loss G : .. loss D : ..`` with ``iter`` starting again
  at every scale: read as 7 runs with the line ordinals for steps (pganpd48). A user wants the one training, each
  scale going on after the last, so the resolution growth is one curve (the loss jumps where a scale starts, as the
  trainer's own ``losses.pkl`` profile shows it), and a relaunch resuming a scale mid-way is a resumed session.
"""
from __future__ import annotations

import io

import pytest

from loganalyzer.discover import discover

torch = pytest.importorskip("torch")

from test_readers20a import _read, _series  # noqa: E402  (the resolved view and warnings; a tag's points)
from test_readers31 import _batches  # noqa: E402  (a real tiny torch classifier trained by mini-batches)
from _runs import tiny_epochs  # noqa: E402  (a real tiny classifier's (loss, acc, val_loss, val_acc) per epoch)


# ------------------------------------------------------------------ a progressive GAN's scales

# public facebookresearch/pytorch_GAN_zoo (d8d61028e7bc809b6f4241048549fd91076bf78a) models/trainer/gan_trainer.py:
#   print('[%d : %6d] loss G : %.3f loss D : %.3f' % (scale, i, self.lossProfile[-1]["lossG"][-1], ...))
# and its Paddle port's log (eval/public/pganpd48, AIforMS/PGAN-Paddle 098d54781f38e1c07a8937db7d97d7d974eaf584
# models/trainer/gan_trainer.py prints the same): 'Running PGAN' / 'Model found at path .._s0_i16000.pdparams,
# pursuing the training' / 'size (4, 4)' / '[0 :  16100] loss G : 904.903 loss D : 1026678.154' ... 'Changing alpha
# to 0.993' ... '[1 :    100] loss G : -122.556 loss D : 2474.362'.

def _pgan_log(scales: list[int], every: int, crash_at: int, resume_from: int) -> tuple[str, list, list]:
    """A real tiny WGAN (2-d points) trained scale by scale, printed as pytorch_GAN_zoo prints it; the first launch
    stops at ``crash_at`` of scale 0 and a relaunch resumes from its checkpoint at ``resume_from``. Returns the log,
    the expected (global step, loss G) and (global step, loss D) of the last session to print each step."""
    torch.manual_seed(0)
    real = torch.randn(512, 2) * 0.5 + 2.0
    gen, disc = torch.nn.Linear(2, 2), torch.nn.Linear(2, 1)
    og, od = (torch.optim.Adam(m.parameters(), lr=1e-2) for m in (gen, disc))
    out = io.StringIO()
    want: dict[int, tuple[float, float]] = {}

    def train(scale: int, start: int, stop: int, offset: int) -> None:
        run_g = run_d = 0.0
        for i in range(start + 1, stop + 1):
            x = real[torch.randint(0, 512, (16,))]
            fake = gen(torch.randn(16, 2))
            loss_d = disc(fake.detach()).mean() - disc(x).mean()
            od.zero_grad()
            loss_d.backward()
            od.step()
            loss_g = -disc(gen(torch.randn(16, 2))).mean()
            og.zero_grad()
            loss_g.backward()
            og.step()
            run_g, run_d = run_g + loss_g.item(), run_d + loss_d.item()
            if i % 3 == 0 and scale:
                print(f"Changing alpha to {max(0.0, 1 - i / stop):.3f}", file=out)
            if i % every == 0:
                g, d = run_g / every, run_d / every
                print("[%d : %6d] loss G : %.3f loss D : %.3f" % (scale, i, g, d), file=out)
                want[offset + i] = (round(float(f"{g:.3f}"), 4), round(float(f"{d:.3f}"), 4))
                run_g = run_d = 0.0
            if i == resume_from and start == 0 and scale == 0:
                saved.update(g=gen.state_dict(), d=disc.state_dict())

    saved: dict = {}
    print("Running PGAN\nsize 10\n512 images found\nsize (4, 4)", file=out)
    train(0, 0, crash_at, 0)
    gen.load_state_dict(saved["g"])
    disc.load_state_dict(saved["d"])
    print(f"\nRunning PGAN\nsize 10\nModel found at path out/pts_s0_i{resume_from}.pt, pursuing the training\n"
          "Average network found !\nsize (4, 4)\n512 images found", file=out)
    train(0, resume_from, scales[0], 0)
    offset = 0
    for scale in range(1, len(scales)):
        offset += scales[scale - 1]
        print(f"size ({4 << scale}, {4 << scale})\n512 images found", file=out)
        train(scale, 0, scales[scale], offset)
    steps = sorted(want)
    return out.getvalue(), [(s, want[s][0]) for s in steps], [(s, want[s][1]) for s in steps]


def test_a_progressive_gans_scales_are_one_training(tmp_path):
    text, want_g, want_d = _pgan_log([60, 120, 120, 120], every=10, crash_at=50, resume_from=30)
    assert "[1 :     10] loss G" in text and "[0 :     50]" in text and "[0 :     40]" in text
    (tmp_path / "train_log.txt").write_text(text)
    df, warned = _read(tmp_path)
    assert df.dir.nunique() == 1  # not a run per scale (nor per launch)
    assert list(zip(*_series(df, "loss_G"))) == want_g  # scale 1 goes on after scale 0's 60 iterations
    assert list(zip(*_series(df, "loss_D"))) == want_d
    assert want_g[-1][0] == 420
    assert any("resumed at step 40" in w for w in warned)  # the relaunch's 40, 50 replace the first launch's


# ------------------------------------------------------------------ STTN / FuseFormer's bar descriptions

# public researchmm/STTN (b6b2aadd69093293531e1532c87d2c4d25c4329d) core/trainer.py, its one bar over the training:
#   pbar = tqdm(pbar, initial=self.iteration, dynamic_ncols=True, smoothing=0.01)
#   pbar.update(1)
#   pbar.set_description((f"d: {dis_loss.item():.3f}; g: {gan_loss.item():.3f};"
#                         f"hole: {hole_loss.item():.3f}; valid: {valid_loss.item():.3f}"))
# (ruiliu-ai/FuseFormer's core/trainer.py prints the same; a fork's no_dis branch prints 'hole: ..; valid: ..' only)

def _sttn_log(iterations: int, initial: int, with_dis: bool) -> tuple[str, dict]:
    """A real tiny masked-inpainting GAN trained from ``initial`` to ``iterations`` under STTN's bar (a resumed
    training's bar starts at its checkpoint's iteration); the printed terms by step."""
    tqdm = pytest.importorskip("tqdm")
    torch.manual_seed(1)
    x = torch.randn(256, 6) + 1.0
    gen, disc = torch.nn.Linear(6, 6), torch.nn.Linear(6, 1)
    og, od = (torch.optim.Adam(m.parameters(), lr=1e-2) for m in (gen, disc))
    fh = io.StringIO()
    pbar = tqdm.tqdm(range(iterations), initial=initial, dynamic_ncols=True, smoothing=0.01, file=fh)
    want: dict[str, list] = {"loss_D": [], "loss_G_adv": [], "loss_G_hole": [], "loss_G_unmasked": []}
    for it in range(initial + 1, iterations + 1):
        xb, masks = x[(it % 32) * 8:(it % 32 + 1) * 8], (torch.rand(8, 6) > 0.6).float()
        pred = gen(xb * (1 - masks))
        comp = xb * (1 - masks) + masks * pred
        dis = (torch.relu(1 - disc(xb)).mean() + torch.relu(1 + disc(comp.detach())).mean()) / 2
        od.zero_grad()
        dis.backward()
        od.step()
        gan = -disc(comp).mean() * 0.01
        hole = torch.abs(pred * masks - xb * masks).mean() / masks.mean()
        valid = torch.abs(pred * (1 - masks) - xb * (1 - masks)).mean() / (1 - masks).mean()
        og.zero_grad()
        (gan + hole + valid if with_dis else hole + valid).backward()
        og.step()
        pbar.update(1)
        terms = {"loss_D": dis, "loss_G_adv": gan, "loss_G_hole": hole, "loss_G_unmasked": valid}
        if with_dis:
            pbar.set_description(f"d: {dis.item():.3f}; g: {gan.item():.3f};hole: {hole.item():.3f}; "
                                 f"valid: {valid.item():.3f}")
        else:
            pbar.set_description(f"hole: {hole.item():.3f}; valid: {valid.item():.3f}")
            terms = {k: v for k, v in terms.items() if k in ("loss_G_hole", "loss_G_unmasked")}
        for k, v in terms.items():
            want[k].append((it, round(float(f"{v.item():.3f}"), 4)))
    pbar.close()
    print("\nEnd training....", file=fh)
    return fh.getvalue(), {k: v for k, v in want.items() if v}


@pytest.mark.parametrize("with_dis", [True, False])
def test_sttn_bars_are_the_generators_and_discriminators_terms(tmp_path, with_dis):
    text, want = _sttn_log(100, initial=20, with_dis=with_dis)  # resumed at iteration 20: the bar counts on from it
    assert text.count("\r") > 80 and "loss" not in text and "| 100/100 [" in text
    (tmp_path / "train.log").write_text(text)
    df, _ = _read(tmp_path)
    assert sorted(df.tag.unique()) == sorted(want)  # 'valid' is no validation loss, nor 'hole' a metric
    for tag, points in want.items():
        assert list(zip(*_series(df, tag))) == points  # each iteration's own values (a bar's last redraw at n)


# ------------------------------------------------------------------ Torch7 optim.Logger files

# public eladhoffer/optim (6e196ba013848f3c5467ee08eb40b6e8d103d197) Logger.lua, the writer (torch/optim's):
#   header: self.file:write(k .. '\t') for each symbol, then '\n';
#   a row:  self.file:write(string.format('%11.4e',val) .. '\t') for each, then '\n'
# soumith/imagenet-multiGPU.torch's train.lua / test.lua (the shape copied by many forks):
#   trainLogger:add{['% top1 accuracy (train set)'] = top1_epoch, ['avg loss (train set)'] = loss_epoch}
#   testLogger:add{['% top1 accuracy (test set)'] = top1}
# (Lua's string.format is C's printf, as Python's % is.)

def _logger_add(fh, names: list[str], values: list[float], first: bool) -> None:
    if first:
        fh.write("".join(f"{k}\t" for k in names) + "\n")
    fh.write("".join("%11.4e" % v + "\t" for v in values) + "\n")


def test_torch7_logger_files_are_one_run(tmp_path):
    torch.manual_seed(2)
    x = torch.randn(96, 5)
    y = (x[:, 0] > 0).long()
    train, test = io.StringIO(), io.StringIO()
    want_loss, want_top1, want_test = [], [], []
    for epoch, (loss, acc, _, val_acc) in enumerate(tiny_epochs(x, y, 12, 0.5)):  # a real tiny classifier
        top1, top1_test = acc * 100, val_acc * 100
        _logger_add(train, ["% top1 accuracy (train set)", "avg loss (train set)"], [top1, loss], epoch == 0)
        _logger_add(test, ["% top1 accuracy (test set)"], [top1_test], epoch == 0)
        for got, v in ((want_top1, top1), (want_loss, loss), (want_test, top1_test)):
            got.append(round(float("%11.4e" % v), 4))
    assert train.getvalue().startswith("% top1 accuracy (train set)\tavg loss (train set)\t\n ")
    (tmp_path / "train.log").write_text(train.getvalue())
    (tmp_path / "test.log").write_text(test.getvalue())  # was not read: no loss, no step column
    assert [r.id for r in discover(tmp_path)] == ["train.log"]  # one run, not two (nor the test file dropped)
    df, _ = _read(tmp_path)
    assert _series(df, "avg loss (train set)") == (list(range(12)), want_loss)
    assert _series(df, "% top1 accuracy (train set)")[1] == want_top1
    assert _series(df, "% top1 accuracy (test set)") == (list(range(12)), want_test)


def test_a_torch7_logger_file_of_errors_is_read(tmp_path):
    # logger:setNames{'training error', 'test error'} then logger:add{train_error, test_error} (Logger.lua's setNames)
    fh = io.StringIO()
    for epoch, (losses, vacc) in enumerate(_batches(8, 6)):
        _logger_add(fh, ["training error", "test error"], [losses[-1][1], 1 - vacc], epoch == 0)
    (tmp_path / "error.log").write_text(fh.getvalue())
    df, _ = _read(tmp_path)
    assert sorted(df.tag.unique()) == ["test error", "training error"]
    assert _series(df, "test error")[0] == list(range(8))
    (tmp_path / "error.log").write_text(fh.getvalue().replace("\t\n", "\n"))  # no closing TABs: not the logger's
    assert discover(tmp_path) == []


# ------------------------------------------------------------------ pjreddie/darknet's training lines

# public pjreddie/darknet (d9cc4e4e9b5fa4de2dc3d877fdf5e8f2387f4c4c) examples/detector.c, train_detector:
#   printf("%ld: %f, %f avg, %f rate, %lf seconds, %d images\n", get_current_batch(net), loss, avg_loss,
#          get_current_rate(net), what_time_is_it_now()-time, i*imgs);
# examples/classifier.c (cdc0dda79d6bbc6aab6cf85a9368a5e0d21915c1), train_classifier:
#   printf("%ld, %.3f: %f, %f avg, %f rate, %lf seconds, %ld images\n", get_current_batch(net),
#          (float)(*net->seen)/N, loss, avg_loss, get_current_rate(net), what_time_is_it_now()-time, *net->seen);
# each after 'Loaded: %lf seconds' and, for YOLO's region layers, 'Region 82 Avg IOU: ..' lines (no loss word)

@pytest.mark.parametrize("classifier", [False, True])
def test_darknet_lines_without_a_loss_word_are_read(tmp_path, classifier):
    lines = ["Learning Rate: 0.1, Momentum: 0.9, Decay: 0.0005", "Resizing", "416"]
    want_loss, want_avg, avg_loss, batch, seen = [], [], -1.0, 0, 0
    for epoch, (losses, _) in enumerate(_batches(6, 8)):
        for _, loss in losses:
            batch, seen = batch + 1, seen + 8
            avg_loss = loss if avg_loss < 0 else avg_loss * .9 + loss * .1
            lines.append("Loaded: %f seconds" % 0.000041)
            if not classifier:
                lines.append("Region 82 Avg IOU: 0.%06d, Class: 0.52, Obj: 0.43, No Obj: 0.004, .5R: 0.5, .75R: 0.1,"
                             "  count: 3" % (batch * 997 % 10 ** 6))
                lines.append("%d: %f, %f avg, %f rate, %f seconds, %d images" % (batch, loss, avg_loss, 0.1, 0.2,
                                                                                 seen))
            else:
                lines.append("%d, %.3f: %f, %f avg, %f rate, %f seconds, %d images" % (batch, seen / 64, loss,
                                                                                       avg_loss, 0.1, 0.2, seen))
            want_loss.append(float("%f" % loss))
            want_avg.append(float("%f" % avg_loss))
    assert "loss" not in "\n".join(lines).lower()
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    df, _ = _read(tmp_path)
    steps, values = _series(df, "loss")
    assert steps == list(range(1, 49)) and values == pytest.approx(want_loss, abs=1e-4)  # at the batch, no ordinal
    assert _series(df, "avg_loss")[1] == pytest.approx(want_avg, abs=1e-4)


# ------------------------------------------------------------------ a 'count' restarting under epoch headers

# public YanjieZe/image-caption-generator (4307960ef5bc910b4d1c8b92918fb861a83540f6) log/train5.log (logging.info to
# a file, the root logger's default format):
#   INFO:root:train epoch: 0
#   INFO:root:count: 0, loss:187.667145:
#   INFO:root:count: 50, loss:228.901291:
#   ... 'count: 7700', then 'INFO:root:train epoch: 1', 'count: 0' ...; after epoch 2 a second training's
#   'INFO:root:train epoch: 0' (13 runs, one per epoch, with a series 'count'; now 2)
# public Miao-er/gcn_graph_classification (4a93c65ae1fdeaa9d0604767b6d7b7d5622ad964) log/train_dgcnn.log: three
# launches of 'Epoch: 0001' / 'iter:0020 loss_train: ..' in one file (33 runs; now 3)

def test_a_count_restarting_under_epoch_headers_and_two_trainings(tmp_path):
    import logging

    path = tmp_path / "train5.log"
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter(logging.BASIC_FORMAT))  # 'INFO:root:..' as logging.basicConfig writes it
    log = logging.getLogger("readers34.count")
    log.handlers, log.propagate, log.level = [handler], False, logging.INFO
    want = []
    for training, (epochs, per_epoch) in enumerate(((3, 6), (4, 9))):
        steps = []
        for epoch, (losses, _) in enumerate(_batches(epochs, per_epoch, seed=training)):
            log.info("train epoch: %d", epoch)
            for i, loss in losses:
                log.info("count: %d, loss:%f: ", i * 50, loss)
                steps.append(((epoch * per_epoch) + i) * 50)
        want.append(steps)
    handler.close()
    assert path.read_text().startswith("INFO:readers34.count:train epoch: 0\nINFO:readers34.count:count: 0, loss:")
    df, _ = _read(tmp_path)
    assert sorted(df.dir.unique()) == ["train5.log#1", "train5.log#2"]  # a run per training, not per epoch
    assert "count" not in set(df.tag)  # the counter is the step, no series
    for run, steps in zip(("train5.log#1", "train5.log#2"), want):
        assert df[(df.dir == run) & (df.tag == "loss")].step.tolist() == steps  # each epoch after the last


# ------------------------------------------------------------------ RL episode lines without a loss

# public LeeChangmin0310/RARE-3D (589578554c832c6afdd8ebccf9727b2d73f1f939) logs/train_ppo_seed0.log, line 41 (a
# print after the tqdm bar's redraw on its line; 'loss=' only on the episodes that ended an update):
#   \rppo train:   1%|▏         | 28/2000 [00:48<44:06,  1.34s/it][step=29] episode=29.0000 return=211.0981
#   length=380.0000 global_step=1123.0000 loss=838.2339 policy_loss=-0.0686 value_loss=1676.6440
# the other lines: '[step=5] episode=5.0000 return=-85.5548 length=20.0000 global_step=137.0000' (11 of 2,000 read)

def test_rl_episode_lines_without_a_loss_are_read(tmp_path):
    tqdm = pytest.importorskip("tqdm")
    torch.manual_seed(3)
    logits = torch.zeros(4, requires_grad=True)  # a real policy over a 4-armed bandit, trained by REINFORCE
    opt = torch.optim.Adam([logits], lr=0.1)
    payout = torch.tensor([0.1, 0.2, 0.8, 0.3])
    fh = io.StringIO()
    global_step, batch, want = 0, [], []
    for ep in tqdm.tqdm(range(40), desc="ppo train", file=fh, mininterval=0):
        dist = torch.distributions.Categorical(logits=logits)
        arms = dist.sample((10,))
        ret = float(torch.bernoulli(payout[arms]).sum())
        global_step += 10
        batch.append((dist.log_prob(arms).sum(), ret))
        line = (f"[step={ep + 1}] episode={ep + 1:.4f} return={ret:.4f} length={10:.4f} "
                f"global_step={global_step:.4f}")
        if (ep + 1) % 8 == 0:  # an update every 8 episodes
            base = sum(r for _, r in batch) / len(batch)
            loss = -sum(lp * (r - base) for lp, r in batch) / len(batch)
            opt.zero_grad()
            loss.backward()
            opt.step()
            batch = []
            line += f" loss={loss.item():.4f} policy_loss={loss.item():.4f}"
        print(line, file=fh)
        want.append((global_step, ret))
    text = fh.getvalue()
    assert text.count(" loss=") == 5 and "%|" in text.split("\n")[3]  # glued after the bar's redraws
    (tmp_path / "train_ppo_seed0.log").write_text(text)
    df, _ = _read(tmp_path)
    assert list(zip(*_series(df, "return"))) == want  # every episode's return, not the 5 updates'
    assert _series(df, "loss")[0] == [s for s, _ in want][7::8]


# ------------------------------------------------------------------ an event file's step restarting every epoch

# public YanjieZe/image-caption-generator (4307960ef5bc910b4d1c8b92918fb861a83540f6)
# tensorboard_result/events.out.tfevents.1615950551.ubun: 'Train_Loss' at steps 0, 50 ... 15,400 ten times over (the
# script's 'count' within the epoch passed as global_step), one file of ten epochs

@pytest.mark.parametrize("epochs", [5, 2])
def test_an_event_files_step_restarting_every_epoch(tmp_path, epochs):
    tb = pytest.importorskip("torch.utils.tensorboard")
    writer = tb.SummaryWriter(str(tmp_path))
    want = []
    for epoch, (losses, _) in enumerate(_batches(epochs, 7)):
        for i, loss in losses:
            writer.add_scalar("Train_Loss", loss, i * 50)  # the batch index of the epoch, as the script passes it
            want.append((epoch * 350 + i * 50, round(float(torch.tensor(loss, dtype=torch.float32)), 4)))
    writer.close()
    df, warned = _read(tmp_path)
    steps, values = _series(df, "Train_Loss")
    if epochs == 2:  # one step back: a resumed or repeated session, combine's to tell (as before)
        assert not any("epochs one after another" in w for w in warned)
        return
    assert list(zip(steps, values)) == want  # each epoch after the last, in written order, one value a step
    assert any("read as 5 epochs one after another, 350 steps each" in w for w in warned)


# a public fork of STTN's core/trainer.py (the code index's file 4304179052; the index names no repository, so the
# format strings below are all that is taken from it) also logs every log_freq:
#   logging.info('[Iter {}] d: {:.4f}; g: {:.4f}; hole: {:.4f}; valid: {:.4f}'.format(self.iteration, ...))
#   logging.info('[Iter {}] hole: {:.4f}; valid: {:.4f}'.format(...))   (no discriminator)

@pytest.mark.parametrize("with_dis", [True, False])
def test_an_sttn_forks_logged_iterations_are_read(tmp_path, with_dis):
    import logging

    _, want = _sttn_log(60, initial=0, with_dis=with_dis)  # the real training's terms by iteration
    path = tmp_path / "train.log"
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log = logging.getLogger(f"readers34.sttn.{with_dis}")
    log.handlers, log.propagate, log.level = [handler], False, logging.INFO
    names = ("loss_D", "loss_G_adv", "loss_G_hole", "loss_G_unmasked") if with_dis else ("loss_G_hole",
                                                                                        "loss_G_unmasked")
    words = ("d", "g", "hole", "valid") if with_dis else ("hole", "valid")
    by_step = {k: dict(v) for k, v in want.items()}
    for it in range(10, 61, 10):
        log.info(f"[Iter {it}] " + "; ".join(f"{w}: {by_step[n][it]:.4f}" for w, n in zip(words, names)))
    handler.close()
    df, _ = _read(tmp_path)
    assert sorted(df.tag.unique()) == sorted(names)
    for name in names:
        assert _series(df, name) == (list(range(10, 61, 10)), [round(by_step[name][s], 4) for s in range(10, 61, 10)])


def test_a_bar_description_of_loss_pairs_alone_is_read(tmp_path):
    """``bar.set_description(f"loss: {loss:.4f}")`` over a bar per epoch (the generic side of ``bare_pairs``): the
    bar's count is the step, each epoch going on after the last (one run); the values are the printed ones (it was
    claimed by the bar and read as nothing)."""
    tqdm = pytest.importorskip("tqdm")
    fh, printed = io.StringIO(), set()
    for losses, _ in _batches(4, 10):
        bar = tqdm.tqdm(losses, file=fh, mininterval=0)
        for _, loss in bar:
            bar.set_description(f"loss: {loss:.4f}")
            printed.add(round(float(f"{loss:.4f}"), 4))
    (tmp_path / "train.log").write_text(fh.getvalue())
    df, _ = _read(tmp_path)
    steps, values = _series(df, "loss")
    assert df.dir.nunique() == 1 and steps == list(range(1, 41))
    assert set(values) <= printed and len(set(values)) >= 36  # the last redraw at each count: that batch's loss
