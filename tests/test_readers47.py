"""Reader faults named by the labellers of sets 96-99 (opened at stop 47); each test fails on the stop's start code.

- a PTB word-LM loop printing only perplexities (``epoch: 0\\ttrain ppl: ..\\tval ppl: ..``) was no run at all;
- the PyTorch MNIST/VAE example's last, partial batch (``[600/1000 (100%)]`` after ``[896/1000 (94%)]``) and its
  ``====> Epoch: 1 Average loss:`` summary made the step go back every epoch: the log was split into resumed sessions;
  ``Saving model with avg loss ..`` was a series;
- a federated-learning CSV keyed by ``Round`` was "no step, epoch or loss column";
- a loss log's ``Ra_train,Ra_val`` columns were "no usable loss";
- ``current loss is: 4.5 , acc is: 0.06`` made series ``loss_is``, ``acc_is``.
"""
from __future__ import annotations

import csv
import io
import math
import warnings

import torch
import torch.nn.functional as F

from loganalyzer import read_scalars
from loganalyzer.discover import discover

from _runs import markov_corpus, verdict
from test_readers32 import _logger  # a real logging logger writing into a file


def _read(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_scalars(str(path), resolve=True)


def _series(df, tag):
    s = df[df.tag == tag].sort_values("step", kind="stable")
    return s.step.tolist(), s.value.tolist()


def _tiny_lm(epochs: int, lr: float, seed: int = 0) -> list[tuple[float, float]]:
    """(train ppl, val ppl) per epoch of a tiny bigram LM trained for real on a synthetic corpus."""
    vocab = 50
    data = markov_corpus(vocab, 6000, 3, seed)
    train, val = data[:5000], data[5000:]
    model = torch.nn.Sequential(torch.nn.Embedding(vocab, 32), torch.nn.Linear(32, vocab))
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    out = []
    for _ in range(epochs):
        losses = []
        for i in range(0, len(train) - 65, 64):
            loss = F.cross_entropy(model(train[i:i + 64]), train[i + 1:i + 65])
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
        with torch.no_grad():
            v = F.cross_entropy(model(val[:-1]), val[1:]).item()
        out.append((math.exp(sum(losses) / len(losses)), math.exp(v)))
    return out


def test_perplexity_only_epoch_lines_are_a_run(tmp_path):
    """Before: 'not read: ... its first bytes hold no training progress' (public ptblm98, three runs)."""
    rows = _tiny_lm(8, lr=2.0)
    best = float("inf")
    lines = []
    for e, (tr, va) in enumerate(rows):
        best = min(best, va)
        lines.append(f"epoch: {e}\ttrain ppl: {tr}\tval ppl: {va}\tbest val: {best}\ttime (s) spent in epoch: "
                     f"{1.5 + 0.01 * e}\n")
    f = tmp_path / "log.txt"
    f.write_text("".join(lines))
    assert [r.format for r in discover(str(f))] == ["joblog"]
    df = _read(f)
    assert _series(df, "train_ppl") == (list(range(8)), [tr for tr, _ in rows])
    assert _series(df, "val_ppl") == (list(range(8)), [va for _, va in rows])
    run = verdict(f)
    assert run.roles["train_loss"] == "train_ppl", run.roles
    assert run.verdict == "healthy", run.summary


def test_tab_separated_parts_of_another_shape_stay_unread(tmp_path):
    """A line with a perplexity and a part that is no name: value pair is still no such line."""
    f = tmp_path / "log.txt"
    f.write_text("".join(f"epoch: {e}\ttrain ppl: {100 - e}\tsaved to ./ckpt/{e}.pt\n" for e in range(5)))
    assert len(_read(f)) == 0


def _mnist_example_log(n: int, batch: int, epochs: int) -> tuple[str, int]:
    """A tiny VAE-example loop trained for real with a DataLoader whose last batch is partial, printing the
    example's own lines (pytorch/examples vae/main.py: ``batch_idx * len(data)``); returns (text, lines an epoch)."""
    torch.manual_seed(0)
    x = torch.rand(n, 20)
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x), batch_size=batch)
    model = torch.nn.Sequential(torch.nn.Linear(20, 8), torch.nn.ReLU(), torch.nn.Linear(8, 20), torch.nn.Sigmoid())
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    buf = io.StringIO()
    for epoch in range(1, epochs + 1):
        total = 0.0
        for batch_idx, (data,) in enumerate(loader):
            loss = F.binary_cross_entropy(model(data), data, reduction="sum")
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item()
            print("Train Epoch: {} [{}/{} ({:.0f}%)]\tLoss: {:.6f}".format(
                epoch, batch_idx * len(data), len(loader.dataset), 100. * batch_idx / len(loader),
                loss.item() / len(data)), file=buf)
        print("====> Epoch: {} Average loss: {:.4f}".format(epoch, total / len(loader.dataset)), file=buf)
        with torch.no_grad():
            val = F.binary_cross_entropy(model(x[:100]), x[:100], reduction="sum").item() / 100
        print("====> Average Validation loss: {:.4f}".format(val), file=buf)
        print(f"Saving model with avg loss {val}", file=buf)
    return buf.getvalue(), len(loader)


def test_partial_last_batch_and_epoch_summaries_stay_one_session(tmp_path):
    """Before: the count going back on each epoch's last line split the log (public svhnvae98: 3 runs)."""
    text, per_epoch = _mnist_example_log(1000, 64, 4)
    assert "[600/1000 (94%)]" in text  # the partial batch: 15 x 40 after 14 x 64 = 896
    f = tmp_path / "training_console_output.txt"
    f.write_text(text)
    assert len(discover(str(f))) == 1
    df = _read(f)
    steps, _ = _series(df, "loss")
    assert len(steps) == 4 * per_epoch and steps == sorted(set(steps))
    assert len(_series(df, "Average_loss")[0]) == 4
    assert len(_series(df, "Validation_loss")[0]) == 4
    assert not any("avg_loss" in t for t in set(df.tag))


def test_federated_rounds_are_the_step(tmp_path):
    """Before: 'its header names no step, epoch or loss column' (public fedcnn99 metrics_log.csv, fedcl97)."""
    torch.manual_seed(0)
    x = torch.randn(400, 5)
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).long()
    shards = [(x[:200], y[:200]), (x[200:], y[200:])]
    server = torch.nn.Linear(5, 2)
    f = tmp_path / "metrics_log.csv"
    with open(f, "w", newline="") as out:
        w = csv.writer(out)
        w.writerow(["Round", "Client", "Accuracy", "Loss", "Round_Avg_Acc", "Round_Avg_Loss"])
        for rnd in range(1, 11):
            states, rows = [], []
            for c, (xs, ys) in enumerate(shards, 1):
                local = torch.nn.Linear(5, 2)
                local.load_state_dict(server.state_dict())
                opt = torch.optim.SGD(local.parameters(), lr=0.1)
                loss = F.cross_entropy(local(xs), ys)
                opt.zero_grad()
                loss.backward()
                opt.step()
                with torch.no_grad():
                    out_ = local(xs)
                    rows.append((f"Client_{c}", (out_.argmax(1) == ys).float().mean().item(),
                                 F.cross_entropy(out_, ys).item()))
                states.append(local.state_dict())
            server.load_state_dict({k: (states[0][k] + states[1][k]) / 2 for k in states[0]})
            acc = sum(r[1] for r in rows) / 2
            avg = sum(r[2] for r in rows) / 2
            for client, a, l in rows:
                w.writerow([rnd, client, a, l, acc, avg])
    df = _read(f)
    steps, values = _series(df, "Round_Avg_Loss")
    assert sorted(set(steps)) == list(range(1, 11))
    assert values[0] > values[-1]


def test_quantity_per_split_columns_of_a_loss_log(tmp_path):
    """Before: 'no usable loss: no series named like a loss; tags: FFT_train, FFT_val, Ra_train, Ra_val'."""
    torch.manual_seed(0)
    x = torch.randn(300, 4)
    y = torch.stack([x @ torch.randn(4), x @ torch.randn(4)], 1) + 0.1 * torch.randn(300, 2)
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    f = tmp_path / "training_loss.csv"
    with open(f, "w", newline="") as out:
        w = csv.writer(out)
        w.writerow(["epoch", "Ra_train", "Ra_val", "FFT_train", "FFT_val"])
        for epoch in range(1, 41):
            loss = F.mse_loss(model(x[:240]), y[:240], reduction="none").mean(0)
            opt.zero_grad()
            loss.sum().backward()
            opt.step()
            with torch.no_grad():
                val = F.mse_loss(model(x[240:]), y[240:], reduction="none").mean(0)
            w.writerow([epoch, loss[0].item(), val[0].item(), loss[1].item(), val[1].item()])
    df = _read(f)
    assert {"train_ra_loss", "val_ra_loss", "train_fft_loss", "val_fft_loss"} <= set(df.tag)
    run = verdict(f)
    assert run.verdict != "unknown", run.summary


def test_accuracy_named_columns_per_split_stay_metrics(tmp_path):
    """``acc_train``/``acc_val`` in a loss log are accuracies, never losses."""
    f = tmp_path / "losses.csv"
    f.write_text("epoch,loss_train,loss_val,acc_train,acc_val\n"
                 + "".join(f"{e},{1 / e},{1.1 / e},{1 - 0.5 / e},{1 - 0.6 / e}\n" for e in range(1, 9)))
    tags = set(_read(f).tag)
    assert {"acc_train", "acc_val"} <= tags and not any("acc" in t and t.endswith("_loss") for t in tags)


def test_copula_keys_name_the_quantity(tmp_path):
    """'current loss is: 4.5 , acc is: 0.06 , iter= 3' (a TF1 script's print, public tfcnn96): loss and acc."""
    torch.manual_seed(0)
    model = torch.nn.Linear(8, 4)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    x = torch.randn(64, 8)
    y = torch.randint(0, 4, (64,))
    lines = []
    for it in range(30):
        out = model(x)
        loss = F.cross_entropy(out, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        lines.append(f"current loss is: {loss.item()} , acc is: {(out.argmax(1) == y).float().mean().item()} , "
                     f"iter= {it}\n")
    f = tmp_path / "nohup.out"
    f.write_text("".join(lines))
    tags = set(_read(f).tag)
    assert {"loss", "acc"} <= tags and not any(t.endswith("_is") for t in tags), tags


def test_a_last_record_missing_only_its_checksum_says_so(tmp_path):
    """An event file whose writer stopped between a record's data and its 4-byte checksum (public colorize96: an
    image record of 541,583 bytes, all there) said "header says 541583 bytes, 541583 present", which reads as no
    fault; the scalars before it are all read."""
    from torch.utils.tensorboard import SummaryWriter

    writer = SummaryWriter(str(tmp_path))
    for step in range(20):
        writer.add_scalar("train/loss", 1.0 / (step + 1), step)
    writer.add_image("sample", torch.rand(3, 64, 64), 20)
    writer.close()
    (f,) = tmp_path.glob("events.out.tfevents.*")
    f.write_bytes(f.read_bytes()[:-4])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(str(tmp_path), resolve=True)
    assert _series(df, "train/loss")[0] == list(range(20))
    said = " ".join(str(w.message) for w in caught)
    assert "all present, but 0 of the 4 checksum bytes" in said, said


def test_a_counter_after_a_verb_is_the_step(tmp_path):
    """'Saved Epoch 3/40 | Discriminator Loss: .. | Generator Loss: ..' (public mcdcgan96): epoch 3, no series
    'Saved_Epoch'."""
    lines = [f"[2023-11-27 21:26:52] {'Saved ' if e % 3 == 0 else ''}Epoch {e}/40 | Discriminator Loss: "
             f"{0.5 / (e + 1):.6f} | Generator Loss: {3 + 0.1 * e:.6f}\n" for e in range(40)]
    f = tmp_path / "output.log"
    f.write_text("".join(lines))
    df = _read(f)
    assert set(df.tag) == {"Discriminator_Loss", "Generator_Loss"}
    assert _series(df, "Generator_Loss")[0] == list(range(40))


def test_step_less_lines_under_an_epoch_header_beside_epoch_results(tmp_path):
    """'Epoch 2/20' / 'Train Loss: ..' / 'Validation Loss: ..' / 'Epoch 2 Results: Train Loss = ..' (Python logging,
    public ciallo96): the step-less lines were at the epoch before, each step's Train_Loss the mean of two epochs."""
    torch.manual_seed(0)
    x = torch.randn(300, 6)
    y = (x[:, 0] > 0).long()
    model = torch.nn.Sequential(torch.nn.Linear(6, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    f = tmp_path / "GraphConv.log"
    logger, handler = _logger(f, "%(asctime)s - %(message)s", "ciallo-test")
    train_losses = []
    for epoch in range(1, 21):
        logger.info(f"Epoch {epoch}/20")
        loss = F.cross_entropy(model(x[:240]), y[:240])
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            val = F.cross_entropy(model(x[240:]), y[240:]).item()
        train_losses.append(round(loss.item(), 4))
        logger.info(f"Train Loss: {loss.item():.4f}, Accuracy: 0.5, Time: 1.00s")
        logger.info(f"Validation Loss: {val:.4f}, Accuracy: 0.5")
        logger.info(f"Epoch {epoch} Results: Train Loss = {loss.item():.4f}, Val Loss = {val:.4f}")
    handler.close()
    df = _read(f)
    steps, values = _series(df, "Train_Loss")
    assert steps == list(range(1, 21))
    assert [round(v, 4) for v in values] == train_losses


def test_zero_based_mnist_epochs_and_a_start_testing_block(tmp_path):
    """An FCN script printing the MNIST example's lines from 'Train Epoch: 0' and, after each epoch, 'Start testing'
    with indented scores (public fcnvoc96): steps began at -1464 and the scores were dropped."""
    torch.manual_seed(0)
    x = torch.randn(200, 10)
    y = (x[:, 0] > 0).long()
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=40)
    model = torch.nn.Linear(10, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    buf = io.StringIO()
    accs = []
    for epoch in range(5):
        for batch_idx, (data, target) in enumerate(loader):
            loss = F.cross_entropy(model(data), target)
            opt.zero_grad()
            loss.backward()
            opt.step()
            if batch_idx % 2 == 0:
                print("Train Epoch: {} [{}/{} ({:.0f}%)]\tLoss: {:.6f}".format(
                    epoch, batch_idx * len(data), len(loader.dataset), 100. * batch_idx / len(loader), loss.item()),
                    file=buf)
        with torch.no_grad():
            acc = (model(x).argmax(1) == y).float().mean().item() * 100
        accs.append(acc)
        print("Start testing", file=buf)
        print(f"    Accuracy: {acc}", file=buf)
        print(f"    Mean IU: {acc / 2}", file=buf)
    f = tmp_path / "50e0001lr.txt"
    f.write_text(buf.getvalue())
    df = _read(f)
    steps, _ = _series(df, "loss")
    assert steps[0] == 0 and steps == sorted(set(steps))
    test_steps, values = _series(df, "test_Accuracy")
    assert values == accs and len(test_steps) == 5 and test_steps[0] > 0
    assert len(_series(df, "test_Mean_IU")[0]) == 5


def test_a_task_heads_name_keeps_its_pairs_apart(tmp_path):
    """'Epoch 1/30  train_loss=.. val_loss=..' then '  event: val_loss=.. macro_f1=..' and '  changeflag:
    val_loss=.. f1=..' through Python logging (public eventcap96): the three val_loss of an epoch were averaged."""
    torch.manual_seed(0)
    x = torch.randn(300, 6)
    ya, yb = (x[:, 0] > 0).long(), (x[:, 1] > 0.5).long()
    trunk = torch.nn.Linear(6, 16)
    heads = torch.nn.ModuleDict({"event": torch.nn.Linear(16, 2), "changeflag": torch.nn.Linear(16, 2)})
    opt = torch.optim.Adam([*trunk.parameters(), *heads.parameters()], lr=0.01)
    f = tmp_path / "train.txt"
    logger, handler = _logger(f, "%(asctime)s [%(levelname)s] %(message)s", "eventcap-test")
    expected = {"event": [], "changeflag": []}
    for epoch in range(1, 11):
        h = torch.relu(trunk(x[:240]))
        loss = F.cross_entropy(heads["event"](h), ya[:240]) + F.cross_entropy(heads["changeflag"](h), yb[:240])
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            hv = torch.relu(trunk(x[240:]))
            va = F.cross_entropy(heads["event"](hv), ya[240:]).item()
            vb = F.cross_entropy(heads["changeflag"](hv), yb[240:]).item()
        expected["event"].append(round(va, 4))
        expected["changeflag"].append(round(vb, 4))
        logger.info(f"Epoch {epoch}/10  train_loss={loss.item():.4f}  val_loss={(va + vb) / 2:.4f}  time=1.0s")
        logger.info(f"  event: val_loss={va:.4f}  macro_f1=0.5")
        logger.info(f"  changeflag: val_loss={vb:.4f}  f1=0.5")
    handler.close()
    df = _read(f)
    for head in ("event", "changeflag"):
        steps, values = _series(df, f"{head}/val_loss")
        assert steps == list(range(1, 11)) and [round(v, 4) for v in values] == expected[head]
    assert len(_series(df, "val_loss")[0]) == 10


def test_a_column_empty_in_every_row_is_said(tmp_path):
    """'step,velocity_loss,stress_loss' with the stress term never logged (public meshdeform97): dropped in silence."""
    f = tmp_path / "train_log.csv"
    with open(f, "w", newline="") as out:
        w = csv.writer(out)
        w.writerow(["step", "velocity_loss", "stress_loss"])
        for step in range(10, 60):
            w.writerow([step, 8.0 / (step - 9), ""])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(str(f), resolve=True)
    assert set(df.tag) == {"velocity_loss"}
    assert any("'stress_loss' is empty in every row" in str(w.message) for w in caught), [str(w.message) for w in caught]


def test_an_epochs_values_printed_twice_first_without_its_step(tmp_path):
    """'Epoch finished | loss_D: .. | loss_G: ..' then 'Epoch [1/50] | loss_D: .. | loss_G: ..' with the same values
    (public lanagan96, a DCGAN): the first copy took the epoch before's step: 51 points, each step two epochs."""
    torch.manual_seed(0)
    real = torch.randn(256, 2) + 2
    g, d = torch.nn.Linear(2, 2), torch.nn.Linear(2, 1)
    og, od = torch.optim.Adam(g.parameters(), lr=1e-2), torch.optim.Adam(d.parameters(), lr=1e-2)
    bce = torch.nn.BCEWithLogitsLoss()
    lines, expected = [], []
    for epoch in range(1, 21):
        fake = g(torch.randn(256, 2))
        loss_d = bce(d(real), torch.ones(256, 1)) + bce(d(fake.detach()), torch.zeros(256, 1))
        od.zero_grad()
        loss_d.backward()
        od.step()
        loss_g = bce(d(fake), torch.ones(256, 1))
        og.zero_grad()
        loss_g.backward()
        og.step()
        expected.append(round(loss_g.item(), 4))
        text = f"| loss_D: {loss_d.item():.4f} | loss_G: {loss_g.item():.4f}"
        lines += [f"Epoch finished {text}\n", f"Epoch [{epoch}/20] {text}\n"]
    f = tmp_path / "dcgan.out"
    f.write_text("".join(lines))
    steps, values = _series(_read(f), "loss_G")
    assert steps == list(range(1, 21)) and [round(v, 4) for v in values] == expected


def test_dataset_sizes_are_no_series(tmp_path):
    """'Training Samples: 4237, Validation Samples: 529' before the epochs (public ciallo96) was a series val_Samples."""
    f = tmp_path / "train.log"
    f.write_text("Training Samples: 4237, Validation Samples: 529, Test Samples: 531\n"
                 + "".join(f"Epoch {e} loss: {1 / e:.4f}\n" for e in range(1, 8)))
    assert set(_read(f).tag) == {"loss"}


# ---------------------------------------------------------------- a breaker's cases against this stop's rules


def test_a_counter_with_its_number_opening_the_line_is_no_head_name(tmp_path):
    """'epoch1: train_loss=..', 'E001: ..', 'iter500: loss=..' name the counter, not a task head."""
    for head in ("epoch{e}", "E{e:03d}", "Epoch_{e}"):
        f = tmp_path / f"{head[:2]}.log"
        f.write_text("".join(f"{head.format(e=e)}: train_loss={1 / e:.4f} val_loss={1.2 / e:.4f}\n"
                             for e in range(1, 11)))
        df = _read(f)
        assert not any("/" in t for t in set(df.tag)), (head, set(df.tag))
        assert len(_series(df, "train_loss")[0]) == 10


def test_a_rounds_count_per_episode_is_no_step(tmp_path):
    """'episode,rounds,reward,loss' (rounds played in each episode): the episode is the step, one run."""
    f = tmp_path / "game_log.csv"
    with open(f, "w", newline="") as out:
        w = csv.writer(out)
        w.writerow(["episode", "rounds", "reward", "loss"])
        for e in range(60):
            w.writerow([e, 3 + (e * 7) % 10, e * 0.1, 1.0 / (e + 1)])
    assert len(discover(str(f))) == 1
    assert _series(_read(f), "loss")[0] == list(range(60))


def test_score_columns_per_split_are_no_losses(tmp_path):
    """'epoch,mrr_train,mrr_val,hits10_train,hits10_val' in loss_log.csv: scores, never renamed into losses."""
    f = tmp_path / "loss_log.csv"
    f.write_text("epoch,mrr_train,mrr_val,hits10_train,hits10_val,f1macro_train,f1macro_val\n"
                 + "".join(f"{e},{0.1 * e},{0.09 * e},{0.08 * e},{0.07 * e},{0.05 * e},{0.04 * e}\n" for e in range(1, 9)))
    assert not any(t.endswith("_loss") for t in set(_read(f).tag))


def test_a_save_line_with_a_value_of_its_own_is_read(tmp_path):
    """'Saved checkpoint to ckpt/model_3.pt | val_loss: 0.53' after the epoch's training lines: the epoch's only
    validation loss, read (only a save echoing the line before it is left out)."""
    lines = []
    for e in range(1, 16):
        for b in range(0, 100, 25):
            lines.append(f"[{e}/15][{b}/100] loss: {1 / (e + b / 100):.4f}\n")
        lines.append(f"Saved checkpoint to ckpt/model_{e}.pt | val_loss: {0.5 + abs(e - 7) * 0.03:.4f}\n")
    f = tmp_path / "train.log"
    f.write_text("".join(lines))
    assert len(_series(_read(f), "val_loss")[0]) == 15


def test_term_named_epoch_lines_after_a_loggers_time_and_level(tmp_path):
    """'23:37:06 | INFO     | Epoch 001/120  tr_ssl=0.3058  tr_recon=0.2682  va_full=0.1354  (62s)' (public dmrs88,
    loguru): the time/level prefix and the closing duration kept every line unread."""
    lines = [f"23:{36 + e // 60:02d}:{e % 60:02d} | INFO     | Epoch {e:03d}/20  tr_ssl={0.3 / e:.4f}  "
             f"tr_recon={0.27 / e:.4f}  va_full={0.13 / e:.4f}  ({30 + e}s)\n" for e in range(1, 21)]
    f = tmp_path / "training_log.txt"
    f.write_text("".join(lines))
    df = _read(f)
    assert _series(df, "tr_recon")[0] == list(range(1, 21))
    assert {"tr_ssl", "tr_recon", "va_full"} <= set(df.tag)


def test_a_validation_bars_progress_is_no_metric(tmp_path):
    """YOLOv5's validation bar 'Class Images Labels P R mAP@.5 mAP@.5:.95: 100%|███| 60/60' (public insect94):
    its 100% was a series 'mAP@.5:.95'; the epoch's results line after it stays read."""
    lines = ["     Epoch   gpu_mem       box       obj       cls    labels  img_size\n"]
    for e in range(5):
        lines.append(f"       {e}/4        0G   {0.06 - e * 0.005:.5f}   0.02423   0.09789        54       640: "
                     "100%|\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588| 401/401 [1:13:28<00:00, 10.99s/it]\n")
        lines.append("               Class     Images     Labels          P          R     mAP@.5 mAP@.5:.95: "
                     "100%|\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588| 60/60 [06:55<00:00,  6.92s/it]\n")
        lines.append(f"                 all       3796       4416      0.006      0.793     {0.0166 + e / 100:.4f}"
                     f"    0.00834\n")
    f = tmp_path / "training_output.txt"
    f.write_text("".join(lines))
    tags = set(_read(f).tag)
    assert "mAP@.5:.95" not in tags and "train/box_loss" in tags, tags


def test_small_validation_losses_on_save_lines_are_no_echoes(tmp_path):
    """'Saved checkpoint .. | val_loss: 0.000468' after 'train_loss: 0.000412': an absolute tolerance had taken it
    for an echo of the line before, and dropped the epoch's only validation loss (a second breaker)."""
    lines = []
    for e in range(1, 31):
        lines.append(f"epoch {e} train_loss: {0.0005 / e:.6f}\n")
        lines.append(f"Saved checkpoint to ckpt/{e}.pt | val_loss: {0.0005 / e + 0.00003:.6f}\n")
    f = tmp_path / "train.log"
    f.write_text("".join(lines))
    assert len(_series(_read(f), "val_loss")[0]) == 30


def test_a_loggers_name_however_it_is_printed_is_no_head(tmp_path):
    """'INFO     trainer: epoch=1 loss=..' (a padded level) and 'trainer: epoch=1 loss=..' (no level, on every
    line): the logger's name, not a task head -- `loss`, not `trainer/loss`."""
    for i, fmt in enumerate(("%(levelname)-8s %(name)s: %(message)s", "%(name)s: %(message)s")):
        f = tmp_path / f"log{i}.txt"
        logger, handler = _logger(f, fmt, f"trainer{i}")
        logger.name = "trainer"
        for e in range(1, 11):
            logger.info(f"epoch={e} loss={1 / e:.4f} val_loss={1.1 / e:.4f}")
        handler.close()
        assert {"loss", "val_loss"} <= set(_read(f).tag), (fmt, set(_read(f).tag))
