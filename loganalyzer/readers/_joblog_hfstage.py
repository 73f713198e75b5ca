"""An HF ``trainer.train()`` that printed only evaluations and its closing summary, ahead of another training's
records: a separate stage (a sanity gate, a warm-up), not points of the training that follows (``joblog.parse``).

With ``logging_steps`` above a short training's steps the Trainer prints no training dict, only each epoch's
evaluation dict and the closing ``{'train_runtime': ..., 'train_loss': ...}`` (the stage's mean loss). A script that
runs such a stage before its main training leaves those lines in the same stdout, and the main training's bar total
placed them on its own axis. Dev paligemmaiam207 ``train.log``: ``[SP-1] sanity gate: overfitting 2 samples``, a
3-step Trainer printing ``{'eval_loss': 0.795, ..., 'epoch': 1.0}`` .. ``0.611`` at epoch 3.0 and its summary
``'train_loss': 0.178``; then the main run (2,430 steps, ``{'loss': 1.5061, ..., 'epoch': 0.03}`` every 25 steps,
eval_loss 0.753 / 0.746 / 0.755, summary ``'train_loss': 0.643``). The sanity evaluations sat at steps 810/1,620/
2,430 beside the main ones, and the two summaries made a two-point ``train_loss_mean`` (0.178 then 0.643, both at
step 2,430) that was judged in place of the per-step ``loss`` ("went from 0.1783 to 0.6427 ... underfit").

``eval_only_stages``: every run of HF evaluation dicts closed by an HF summary, with no HF training dict since the
file's start or the previous summary, and an HF training dict after it, is left out (its evaluations and its summary),
and one note line says how many. ``_progress_dicts.lone_summaries`` does the same for a stage that printed only its
summary. A file whose trainings all print only evaluations and summaries (a k-fold loop) has no training dict after
them: ``_joblog_summaries.split_summaries`` makes each its own run, as before.

``summaries_beside_records``: the same fault from the other side -- one run of a printed log that holds HF training
dicts with a loss and two or more closing summaries (two trainings the reader did not split: a summary's mean is
no point of the per-step curve, and two of them make a ``train_loss_mean`` series that can be judged in place of
``loss``). Such a run's summaries are left out of its curves, without a line (as ``load_summary`` does for
trainer_state.json and event files: every HF run has one). One summary beside the records stays (one point, never
chosen over a series); a run of summaries only keeps them (its means are all it has).
"""
from __future__ import annotations


def _kind(h) -> str | None:
    return h.record.kind if h.record.shape == "hf" else None


def eval_only_stages(hits: list, notes: list[str]) -> list:
    """``hits`` less the evaluation dicts and summary of each eval-only HF stage before a later training's training
    dicts (module docstring); a note names how many stages and evaluations were left out."""
    trains = [i for i, h in enumerate(hits) if _kind(h) == "train"]
    if not trains or not any(_kind(h) == "summary" for h in hits[:trains[-1]]):
        return hits
    gone: set[int] = set()
    stage: list[int] = []  # the HF evaluation dicts since the file's start or the last summary
    trained = False
    stages = evals = 0
    for i, h in enumerate(hits):
        kind = _kind(h)
        if kind == "train":
            trained = True
        elif kind == "eval":
            stage.append(i)
        elif kind == "summary":
            if stage and not trained and i < trains[-1]:
                gone.update(stage)
                gone.add(i)
                stages += 1
                evals += len(stage)
            stage, trained = [], False
    if not gone:
        return hits
    notes.append(f"{stages} HF training(s) printed only evaluations ({evals}) and their closing summary before "
                 "another training's records (a sanity check or warm-up stage run by its own Trainer, logging off): "
                 "a separate stage, not read into the curves of the training that follows")
    return [h for i, h in enumerate(hits) if i not in gone]


def summaries_beside_records(hits: list) -> list:
    """The hits of one run less its HF summaries where it holds HF training dicts with a loss and two or more
    summaries (module docstring); ``hits`` itself otherwise."""
    summaries = sum(_kind(h) == "summary" for h in hits)
    if summaries < 2 or not any(_kind(h) == "train" and any("loss" in t for t, _ in h.record.values) for h in hits):
        return hits
    return [h for h in hits if _kind(h) != "summary"]
