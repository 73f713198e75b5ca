"""Stop 67, vd67a: token-level losses judged as classifiers' (opened set 206, machine translation with Joey NMT).

1. Joey NMT's ``validations.txt`` (``TrainManager._add_report``: ``Steps: N\\tloss: ..\\tppl: ..\\tLR: ..\\t*``) is
   the VALIDATION report: read as a training log, its loss was the run's training loss and eight healthy course
   runs (``joyoemmt3-206``, ``xuyuanmt4-206``, ...) were `underfit` 0.55 "its first logged loss 4.036 is ln 57".
   Beside Joey's ``train.log`` it is one run with it (``discover_joeypair``).
2. A loss logged beside its perplexity (ppl = exp(loss)) is a token-level cross-entropy whose chance is ln V, not the
   ln k its first log happens to match (``curves_tokenloss``): the presumed-floor underfit rule and the "cut short,
   accuracy still low" rule do not apply (``peypodmt3-206``: Joey NMT cut at step 500, token accuracy 0.09).

Every log here is written by a tiny model really trained with torch, printing the frameworks' own line formats.
"""
from __future__ import annotations

import logging
import math

import pytest

torch = pytest.importorskip("torch")
torch.set_num_threads(1)  # tiny models: threads only contend on a shared machine

from loganalyzer.scan import scan  # noqa: E402

_FMT = "%(asctime)s - %(levelname)s - %(name)s - %(message)s"  # joeynmt.helpers.make_logger's format


def _joey_train(model_dir, steps: int = 400, log_every: int = 10, valid_every: int = 40, write_log: bool = True):
    """A tiny GRU encoder-decoder really trained to reverse token sequences, logging as Joey NMT 2.x does:
    ``train.log`` (the ``joeynmt.training`` / ``joeynmt.prediction`` loggers) and ``validations.txt``."""
    torch.manual_seed(0)
    vocab, length, hidden = 40, 6, 32
    emb = torch.nn.Embedding(vocab, hidden)
    enc = torch.nn.GRU(hidden, hidden, batch_first=True)
    dec = torch.nn.GRU(hidden, hidden, batch_first=True)
    out = torch.nn.Linear(hidden, vocab)
    params = [p for m in (emb, enc, dec, out) for p in m.parameters()]
    opt = torch.optim.Adam(params, lr=3e-3)
    lr = opt.param_groups[0]["lr"]

    def batch(n, gen):
        src = torch.randint(3, vocab, (n, length), generator=gen)
        return src, src.flip(1)

    def forward(src, trg):
        _, h = enc(emb(src))
        bos = torch.full((src.shape[0], 1), 1, dtype=torch.long)
        y, _ = dec(emb(torch.cat([bos, trg[:, :-1]], 1)), h)
        logits = out(y)
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, vocab), trg.reshape(-1))
        acc = (logits.argmax(-1) == trg).float().mean()
        return loss, acc

    handler = None
    train_log = logging.getLogger("joeynmt.training")
    pred_log = logging.getLogger("joeynmt.prediction")
    if write_log:
        handler = logging.FileHandler(model_dir / "train.log")
        handler.setFormatter(logging.Formatter(_FMT))
        for lg in (train_log, pred_log):
            lg.setLevel(logging.INFO)
            lg.addHandler(handler)
            lg.propagate = False
    gen, vgen = torch.Generator().manual_seed(1), torch.Generator().manual_seed(2)
    valid = batch(256, vgen)
    best = math.inf
    try:
        for step in range(1, steps + 1):
            src, trg = batch(64, gen)
            loss, acc = forward(src, trg)
            opt.zero_grad()
            loss.backward()
            opt.step()
            if step % log_every == 0:
                train_log.info("Epoch %3d, Step: %8d, Batch Loss: %12.6f, Batch Acc: %.6f, Tokens per Sec: %8.0f, "
                               "Lr: %.6f", 1 + step // 300, step, loss.item(), acc.item(), 12357, lr)
            if step % valid_every == 0:
                with torch.no_grad():
                    vloss, vacc = forward(*valid)
                v, ppl = vloss.item(), math.exp(vloss.item())
                pred_log.info("Evaluation result (greedy) loss: %6.2f, ppl: %8.2f, acc: %6.2f, generation: "
                              "%.4f[sec], evaluation: %.4f[sec]", v, ppl, vacc.item(), 1.2, 0.0)
                new_best = v < best
                best = min(best, v)
                with open(model_dir / "validations.txt", "a") as f:  # TrainManager._add_report (2.x)
                    f.write(f"Steps: {step}\tloss: {v:.5f}\tacc: {vacc.item():.5f}\tppl: {ppl:.5f}\t"
                            f"LR: {lr:.8f}\t{'*' if new_best else ''}\n")
    finally:
        if handler is not None:
            for lg in (train_log, pred_log):
                lg.removeHandler(handler)
            handler.close()


def test_joey_validation_report_alone_is_the_validation(tmp_path):
    d = tmp_path / "deen_transformer"
    d.mkdir()
    _joey_train(d, write_log=False)
    (run,) = scan(str(d)).runs
    roles = dict(run.roles)
    assert roles.get("val_loss") == "val_loss" and "train_loss" not in roles  # was train_loss: 'loss'
    assert roles.get("val_metric") == "val_ppl" and roles.get("lr") == "LR"
    assert run.verdict != "underfit"
    assert any("Joey NMT's validation report" in w for w in run.warnings)


def test_joey_report_with_spaces_for_tabs_is_read_the_same(tmp_path):
    d = tmp_path / "postnorm"
    d.mkdir()
    _joey_train(d, write_log=False)
    p = d / "validations.txt"
    lines = p.read_text().splitlines()
    p.write_text("\n".join(lines[:4] + [x.replace("\t", " ") for x in lines[4:]]) + "\n")  # public zonamt3-206
    (run,) = scan(str(d)).runs
    assert dict(run.roles).get("val_loss") == "val_loss" and "train_loss" not in dict(run.roles)


def test_joey_train_log_and_validation_report_are_one_run(tmp_path):
    d = tmp_path / "model_pre"
    d.mkdir()
    _joey_train(d)
    runs = scan(str(d)).runs
    assert len(runs) == 1  # was two: train.log and validations.txt (judged as a training)
    roles = dict(runs[0].roles)
    assert roles["train_loss"] == "Batch_Loss"
    assert roles["val_loss"] in ("val_loss", "Evaluation_loss")
    assert any("validations.txt beside train.log" in w for w in runs[0].warnings)


def test_a_printed_steps_line_without_the_best_mark_stays_a_training(tmp_path):
    """The rule needs Joey's shape with a best mark on some line: a training script printing 'Steps: N loss: ..
    LR: ..' with no '*' keeps its loss as the training loss."""
    d = tmp_path / "other"
    d.mkdir()
    (d / "log.txt").write_text("".join(f"Steps: {s}\tloss: {3.0 / (1 + s / 100):.5f}\tLR: 0.00100000\n"
                                       for s in range(100, 2100, 100)))
    (run,) = scan(str(d)).runs
    assert dict(run.roles).get("train_loss") == "loss"


# ---------------------------------------------------------------- 2. a loss beside its perplexity


def _bigram_lm(path, with_ppl: bool, steps: int = 1000, every: int = 10):
    """A bigram language model really trained (Adam, full batch) on the next-token distribution of a Markov chain
    (200 tokens, each followed by one of 14 others: its text's entropy is ln 14 = 2.64 nats), its loss printed every
    ``every`` steps, with its perplexity when ``with_ppl`` (``step 10 | loss 3.8110 | ppl 45.21``). Its first log, 10
    steps in, reads 3.81 = ln 45; it levels off at the entropy, 69% of that."""
    torch.manual_seed(0)
    vocab, succ = 200, 14
    g = torch.Generator().manual_seed(3)
    table = torch.stack([torch.randperm(vocab, generator=g)[:succ] for _ in range(vocab)])
    target = torch.zeros(vocab, vocab).scatter_add_(1, table, torch.ones(vocab, succ)) / succ
    model = torch.nn.Embedding(vocab, vocab)  # a bigram LM: the logits of the next token given this one
    torch.nn.init.zeros_(model.weight)  # uniform logits: ln 200 before the first step
    opt = torch.optim.Adam(model.parameters(), lr=0.1)
    x = torch.arange(vocab)
    lines = []
    for step in range(1, steps + 1):
        loss = torch.nn.functional.cross_entropy(model(x), target)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % every == 0:
            v = loss.item()
            lines.append(f"step {step} | loss {v:.4f}" + (f" | ppl {math.exp(v):.2f}" if with_ppl else "") + "\n")
    path.write_text("".join(lines))
    return [float(x.split("loss ")[1].split()[0]) for x in lines]


def _floor(d):
    from loganalyzer import read_scalars
    from loganalyzer.curves import find_curves
    from loganalyzer.features import run_features
    from loganalyzer.verdict_floor import presumed_floor

    curves = find_curves(read_scalars(str(d)))
    return curves, presumed_floor(run_features(curves), curves)


def test_lm_loss_beside_its_perplexity_is_no_presumed_classifier(tmp_path):
    d = tmp_path / "lm"
    d.mkdir()
    losses = _bigram_lm(d / "train.log", with_ppl=True)
    assert 10 < round(math.exp(losses[0])) <= 400  # its first log reads some ln k
    curves, floor = _floor(d)
    assert curves.token_ppl is not None and curves.token_ppl.endswith("ppl")
    assert floor is None  # was k = 45: "its first logged loss 3.811 is ln 45, guessing among 45 classes"
    (run,) = scan(str(d)).runs
    assert "guessing among" not in run.summary


def test_the_same_loss_without_a_perplexity_keeps_the_presumed_floor(tmp_path):
    """Without the perplexity nothing says the loss is a token-level one: the presumed floor stands (the rule that
    catches classifiers from scratch that plateau high is untouched)."""
    d = tmp_path / "clf"
    d.mkdir()
    _bigram_lm(d / "train.log", with_ppl=False)
    curves, floor = _floor(d)
    assert curves.token_ppl is None and floor is not None and floor.k == 45


def test_joey_run_cut_at_its_first_validation_is_no_classifier_cut_short(tmp_path):
    """Opened 206's peypodmt3-206: Joey NMT died at step 500 (its first checkpoint), 5 training logs and one
    evaluation whose ppl is exp(loss); its token accuracy (0.09) is no classifier's "still low": `underfit` 0.45
    "cut short" before, now the short run's healthy (thin evidence)."""
    d = tmp_path / "deen"
    d.mkdir()
    _joey_train(d, steps=50, log_every=10, valid_every=50)
    (d / "validations.txt").unlink()  # stderr kept as 'err' holds train.log's lines only
    (d / "train.log").rename(d / "err")
    (run,) = scan(str(d)).runs
    assert dict(run.roles)["train_loss"] == "Batch_Loss"
    assert run.verdict == "healthy" and run.confidence <= 0.45, run.summary


def test_perplexity_of_needs_ppl_to_be_exp_of_the_loss():
    import numpy as np

    from loganalyzer.curves_tokenloss import _matches

    s = np.arange(5)
    loss = np.array([4.05, 3.5, 3.0, 2.6, 2.4])
    assert _matches(s, np.round(np.exp(loss), 2), s, loss)
    assert _matches(s, np.exp2(loss), s, loss)  # fairseq's base-2 ppl
    assert not _matches(s, np.exp(loss) * 1.2, s, loss)
    assert not _matches(s + 10, np.exp(loss), s, loss)  # no shared step
