"""An accuracy at 0 at every log, confirmed by a second measure (loganalyzer/verdict_zeroacc.py; issue 9, kind 5).

Public dev runs behind it: nlpact179 example-ner (flair NER: DEV_ACCURACY and DEV_F1 0.0 at all 11 evaluations
while the loss fell 2.605 -> 0.392) and paddlevn176 rec_ppocr_v3 #2 (PaddleOCR: acc and val_acc 0.0 at every log
while the loss fell 138.8 -> 16.4), both labelled `underfit` and called `healthy` at 0.89-0.91. Here a tiny torch
sequence tagger really trained on a noisy copy task: its per-token loss falls ~30% while its exact-match accuracy
(every token of a 24-token sequence right) stays 0, written with torch's SummaryWriter.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch.utils.tensorboard import SummaryWriter

from _runs import public_run, verdict

V, L = 6, 24  # vocabulary, sequence length: 40% noisy labels cap token accuracy near 0.67, so 0.67**24 ~ 6e-5


def _tagger_run(logdir, *, train_acc: bool = True) -> tuple[list[float], list[float]]:
    """Train a per-token linear tagger for 25 epochs; log train/val loss and exact-match accuracies per epoch.
    Returns the training losses and the validation exact-match accuracies."""
    g = torch.Generator().manual_seed(3)

    def data(n):
        x = torch.randint(0, V, (n, L), generator=g)
        noise = torch.rand(n, L, generator=g) < 0.4
        y = torch.where(noise, torch.randint(0, V, (n, L), generator=g), x)
        return x, y

    (xt, yt), (xv, yv) = data(512), data(256)
    torch.manual_seed(0)
    emb = torch.nn.Embedding(V, V)
    opt = torch.optim.SGD(emb.parameters(), lr=0.05)
    losses, accs = [], []
    writer = SummaryWriter(str(logdir))
    for epoch in range(25):
        for i in range(0, 512, 64):
            loss = F.cross_entropy(emb(xt[i:i + 64]).reshape(-1, V), yt[i:i + 64].reshape(-1))
            opt.zero_grad()
            loss.backward()
            opt.step()
        with torch.no_grad():
            lt = F.cross_entropy(emb(xt).reshape(-1, V), yt.reshape(-1)).item()
            lv = F.cross_entropy(emb(xv).reshape(-1, V), yv.reshape(-1)).item()
            at = (emb(xt).argmax(-1) == yt).all(-1).float().mean().item()
            av = (emb(xv).argmax(-1) == yv).all(-1).float().mean().item()
        losses.append(lt)
        accs.append(av)
        writer.add_scalar("train/loss", lt, epoch)
        writer.add_scalar("val/loss", lv, epoch)
        writer.add_scalar("val/acc", av, epoch)
        if train_acc:
            writer.add_scalar("train/acc", at, epoch)
    writer.close()
    return losses, accs


def test_zero_exact_match_on_both_splits_is_underfit(tmp_path):
    """Both accuracies 0 at every epoch while the token loss fell: the model never got one sequence right (was
    `healthy`: the zeros were set aside as a placeholder)."""
    losses, accs = _tagger_run(tmp_path)
    assert max(accs) == 0.0 and losses[-1] < 0.8 * losses[0]
    run = verdict(tmp_path)
    assert run.verdict in ("underfit", "stalled"), run.summary
    assert run.verdict == "underfit" and run.confidence <= 0.6, run.summary
    kinds = {f.kind for f in run.analysis.findings}
    assert "broken_metric" not in kinds


def test_a_lone_zero_accuracy_stays_a_placeholder(tmp_path):
    """One zero series and nothing to confirm it: still read as a placeholder (``broken_metric``), as before."""
    _tagger_run(tmp_path, train_acc=False)
    run = verdict(tmp_path)
    assert "broken_metric" in {f.kind for f in run.analysis.findings}, run.summary
    assert "never rose" not in run.summary


def test_public_ner_whose_accuracy_and_f1_stayed_zero_is_underfit():
    run = verdict(public_run("nlpact179__example-ner"))
    assert run.verdict == "underfit" and run.confidence <= 0.6, run.summary


def test_zero_accuracies_beside_an_auc_near_one_stay_a_placeholder():
    """cchids208 (clear `healthy`): Keras acc/val_acc <= 0.002 at every epoch beside val_auc 0.997 -> 0.999."""
    run = verdict(public_run("cchids208__Best-20200925-164215-SGD"))
    assert run.verdict == "healthy" and "never rose" not in run.summary, run.summary
