"""A different training appended after another, told from a resume (used by ``readers/joblog.py``).

``joblog._segments`` starts a new run where the training step goes back to, or below, the first step of the current
one; a step going back less far is a resume (a later session of the same run, whose points replace the earlier
session's from there on). A second, different training whose first printed step lies above the first training's
(``if step % 10 == 0`` printing step 0, then a script printing ``(step + 1) % 10``; an MLE stage then an RL stage
printing from its own epoch 1 above an MLE log starting at epoch 0) was spliced into the first as a resume, and the
resolved view dropped the first training's later points. kh-kim/simple-nmt's ``train.py`` runs its MRT stage after
the MLE epochs in one process, printing other series (``Epoch 1 - |param|=.. BLEU=..`` after ``Epoch 30 - ..
loss=.. ppl=..``); two ``python train.py`` calls with other arguments print another ``Namespace(...)`` between.

``new_training(data, hits, start, i)`` says whether the train line ``hits[i]`` (its step back, above the run's
first) opens a new training rather than resuming the run begun at ``hits[start]``:
- its series (the names of the next ``LOOK`` training lines) share none with the run's training lines; or
- a loss restarts at its starting level: the run's loss had fallen ``DROP`` x or more by that step, and the new
  line's value is nearer (in log scale) the run's first value than the value it had there; or
- a loss (the median of those lines) lies ``FAR`` x or more away from the run's first value, its value at that step
  and its last value: public lohjine/autovc ``trainlog.txt`` appends short runs of another set-up (``Iteration
  [100001/..] G/loss_id: 0.0188`` and ``Iter [1001/..] G/loss_id: 0.0222`` after a main run at 2-4 up to step
  668,000); read as resumes, the resolved view replaced the main run from step 1,001 on with a 14-line restart;
- the last argument dump (``Namespace(...)``, ``args: {...}``) printed between the two lines (the launch that
  printed the new line; launches that printed no step may come between) differs from every dump printed before the
  run's first line, and nothing between (the dump included) says the job resumed, loaded a checkpoint or starts at
  an epoch (``_RESUMED``; not ``pretrained_model=``, ``gradient_checkpointing`` or ``loading training dataset``:
  ``_NOT_RESUMED``); or
- a terminal session pasted into the file (``user@host:dir$ python train_classifier.py``) runs ANOTHER script between
  the two lines than the last one run before the run's first line (``_SCRIPT``: a shell prompt's ``$``/``#``/``>``
  then ``python[3] [flags] <name>.py``): a second program's training, whatever it restores (public bambrozio/
  tensorflow-svhn ``NOTES.md``, tfsvhn163: ``$ python train_classifier.py`` steps 0..32900, then ``$ python
  train_regressor.py`` printing ``Model restored.`` and steps 100..120200: read as a resume, the regressor's points
  replaced the classifier's from step 100 on). The same script run again is left to the rules above.

``Restarts(data, hits).new_training(start, i)`` answers the same for the calls ``joblog._segments`` makes (runs in
file order, ``i`` growing within a run): it keeps what it read of the run and reads each line once, so a log resumed
N times costs N short looks, not N re-reads of the run so far (``new_training`` builds one for a single question).
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right

LOOK = 8  # training lines read of the new session
DROP = 2.0  # how far the run's loss must have fallen for a restart at its first level to tell
FAR = 10.0  # a loss this many times off the run's first, last and same-step values starts another training
REGION = 1 << 16  # bytes looked at before the run's first line and between the two sessions
_DUMP = re.compile(rb"(?m)^[^\n]{0,80}?(?:\bNamespace\(|\b(?:args|arguments|hparams|hyperparameters|config)\s*[:=]\s*"
                   rb"[{(\[])[^\n]*$", re.IGNORECASE)
# a resume said between the two sessions, in words or in the arguments (MXNet's ``model_load_epoch=3``, a
# ``--resume``/``--init_epoch``/``--ckpt`` flag): conservative, any such word keeps the resume
_RESUMED = re.compile(rb"(?i)resum|restor|load|checkpoint|ckpt|retrain|continu|(?:init|start|begin)_?epoch|warm_?start")
# words holding one of those that say nothing of a resume, printed by every launch of a fresh training: HF's model
# config ``"gradient_checkpointing": false``, ``pretrained_model='model/zuowen_epoch40'`` (fine-tuning a pretrained
# model), ``loading training dataset`` (public bruceZhang995/gpt2-chinese ``train.log``: four fresh trainings, each
# launch printing these, were read as resumes of one run and 98% of their points dropped as abandoned sessions)
_NOT_RESUMED = re.compile(rb"(?i)\w*_checkpointing\b|\bpre-?train\w*|"
                          rb"\bload(?:ing|ed)?[ \t]+(?:the[ \t]+)?(?:\w+[ \t]+)?(?:data(?:set)?s?|corpus|tokeni[sz]er|vocab\w*)\b")


def resumed_between(data, lo: int, hi: int) -> bool:
    """Whether ``data[lo:hi]`` (its last ``REGION`` bytes) says a session resumed (``_RESUMED``: "Resuming from
    ckpt.pt", "loaded checkpoint", "start_epoch"; not the words of ``_NOT_RESUMED``)."""
    text = _NOT_RESUMED.sub(b" ", bytes(data[max(lo, hi - REGION):hi]))
    return _RESUMED.search(text) is not None


_SCRIPT = re.compile(rb"(?m)^[^\n]{0,160}?[$#>][ \t]*(?:python[\d.]*|ipython)[ \t]+(?:-\S+[ \t]+)*([\w./-]+\.py)\b")


def _script(data, lo: int, hi: int) -> tuple[bytes, int] | None:
    """(the file name, the offset) of the last ``$ python <name>.py`` shell command in ``data[lo:hi]`` (its last
    ``REGION`` bytes), or None."""
    lo = max(lo, hi - REGION)
    found = list(_SCRIPT.finditer(bytes(data[lo:hi])))
    return (found[-1].group(1).rsplit(b"/", 1)[-1], lo + found[-1].start()) if found else None


def _dumps(data, lo: int, hi: int, last: bool = False) -> set:
    """The argument dumps printed in ``data[lo:hi]`` (its last ``REGION`` bytes); with ``last`` only the last one."""
    lo = max(lo, hi - REGION)
    found = [m.group(0).strip() for m in _DUMP.finditer(bytes(data[lo:hi]))]
    return set(found[-1:] if last else found)


class Restarts:
    """``new_training`` over one parse's ``hits`` (module docstring): what the run begun at ``start`` printed so far
    -- its first and last training lines, its series' names, per series its first value and the points that can
    still be the last one at or below a step (steps rising, a later point at or below an earlier one's step replaces
    it: the answer to "the last value printed at or below step s" is then found by bisection) -- kept between calls
    and extended by the lines since the last one. Another ``start``, or an ``i`` before the lines read, starts over."""

    def __init__(self, data, hits: list):
        self.data, self.hits, self.start, self.upto = data, hits, None, 0
        self.launched: int | None = None  # where the last ``new_training`` saw another script launched, if it did

    def _reset(self, start: int) -> None:
        self.start, self.upto, self.first, self.last, self.opened = start, start, None, None, None
        self.series: dict = {}  # tag -> [first value, steps (rising), values]

    def _read(self, i: int) -> None:
        hits, series = self.hits, self.series
        for j in range(self.upto, i):
            h = hits[j]
            if h.record.kind != "train" or h.step is None:
                continue
            if self.first is None:
                self.first = h
            self.last, step = h, h.step
            for tag, value in h.record.values:
                kept = series.get(tag)
                if kept is None:
                    series[tag] = [value, [step], [value]]
                    continue
                steps, values = kept[1], kept[2]
                while steps and steps[-1] >= step:
                    steps.pop()
                    values.pop()
                steps.append(step)
                values.append(value)
        self.upto = max(self.upto, i)

    def _after(self, i: int) -> list:
        """The next ``LOOK`` training lines from ``hits[i]`` while their step does not go back."""
        after, hits = [], self.hits
        for j in range(i, len(hits)):
            h = hits[j]
            if h.record.kind != "train" or h.step is None:
                continue
            if after and h.step < after[-1].step:
                break
            after.append(h)
            if len(after) == LOOK:
                break
        return after

    def _restarted_loss(self, after: list) -> bool:
        """Whether a loss of ``after`` starts again at the run's first level (module docstring)."""
        step = after[0].step
        for tag, value in after[0].record.values:
            if "loss" not in tag.lower() or not (value > 0 and math.isfinite(value)):
                continue
            kept = self.series.get(tag)
            if kept is None:
                continue
            k = bisect_right(kept[1], step)
            if not k:
                continue
            first, there = kept[0], kept[2][k - 1]
            if first > 0 and there > 0 and first / there >= DROP and \
                    abs(math.log(value / first)) < abs(math.log(value / there)):
                return True
            now = sorted(v for h in after for t, v in h.record.values if t == tag)[len(after) // 2:][:1] or [value]
            if now[0] > 0 and all(x > 0 and abs(math.log(now[0] / x)) >= math.log(FAR) for x in (first, there, kept[2][-1])):
                return True  # a loss FAR x off every level the run had: another training's (module docstring)
        return False

    def new_training(self, start: int, i: int) -> bool:
        """Whether ``hits[i]`` opens another training than the run from ``hits[start]`` (module docstring)."""
        if start != self.start or i < self.upto:
            self._reset(start)
        self.launched = None
        self._read(i)
        if self.first is None:
            return False
        after = self._after(i)
        if not after:
            return False
        if self.series.keys().isdisjoint({t for h in after for t, _ in h.record.values}) or \
                self._restarted_loss(after):
            return True
        data = self.data
        if data is None:
            return False
        between = (self.last.offset, after[0].offset)
        if (ran := _script(data, *between)) is not None:  # a pasted terminal session's next command
            before = _script(data, 0 if start == 0 else self.hits[start - 1].offset, self.first.offset)
            if before is not None and before[0] != ran[0]:
                self.launched = ran[1]  # (its evaluation lines before its first training line are its own)
                return True
        now = _dumps(data, *between, last=True)  # the launch that printed the new session's lines
        if not now or resumed_between(data, *between):
            return False
        if self.opened is None:
            self.opened = _dumps(data, 0 if start == 0 else self.hits[start - 1].offset, self.first.offset)
        return bool(self.opened) and not now & self.opened


def new_training(data, hits: list, start: int, i: int) -> bool:
    """Whether ``hits[i]`` opens another training than the run from ``hits[start]`` (module docstring)."""
    return Restarts(data, hits).new_training(start, i)
