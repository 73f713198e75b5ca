"""CycleGAN / pix2pix training lines (``joblog``): junyanz/pytorch-CycleGAN-and-pix2pix and its many forks.

``util/visualizer.py`` ``Visualizer.print_current_losses`` prints, and appends to ``checkpoints/<name>/loss_log.txt``
(under a ``================ Training Loss (<date>) ================`` line), every ``--print_freq`` images,
``(epoch: 1, iters: 100, time: 0.412, data: 0.003) D_A: 0.268 G_A: 0.317 cycle_A: 1.542 idt_A: 0.731 D_B: 0.261
G_B: 0.349 cycle_B: 1.396 idt_B: 0.717`` (pix2pix: ``G_GAN: .. G_L1: .. D_real: .. D_fake: ..``). No loss word is
printed, and ``train.py``'s stdout opens with a ~60-line options dump, so the file was "not read".

NVIDIA/pix2pixHD (``util/visualizer.py`` ``print_current_errors``, 04270df) and the code bases built on it print the
same line without ``, data: ..``: ``(epoch: 1, iters: 100, time: 0.412) G_GAN: .. G_GAN_Feat: .. G_VGG: .. D_real: ..
D_fake: ..``, ``train.py`` printing ``#training images = N`` first.

Read here: every ``name: value`` after the parenthesis is a series named ``loss_<name>``, the attribute the value was
read from (junyanz ``BaseModel.get_current_losses``: ``float(getattr(self, 'loss_' + name))`` for each of
``loss_names``; pix2pixHD zips ``model.loss_names`` with the losses): the printed names hold no loss word, so the
curves could give them no role ("no series named like a loss"), while ``loss_D_A``/``loss_G_A`` are the
discriminator's and the generator's (``curves_gan``). A name that is a metric's (``psnr``, ``ssim``, ``fid``, an
accuracy: forks print those in the same shape) keeps its printed name. ``time``/``data`` are seconds per image: no
series. ``iters`` counts the images seen in the epoch (``epoch_iter += batch_size``, back to 0 each epoch), so the
step is ``(epoch - first epoch) x L + iters`` with L the epoch's length: ``The number of training images = N``
(``#training images = N``, pix2pixHD) when the file prints it -- rounded up to whole batches when the options table
prints ``batch_size: B`` (the last, short batch adds B too: N = 4441, B = 70 is L = 4480, as the log's own
``saving the latest model (epoch 4, total_iters 14000)`` counts; public HC-Feynman/10708-proj ``log.out`` drifted
0.9% from it) -- else the largest ``iters`` of an epoch that another followed.

Old versions of the code (2017: ``total_steps += opt.batchSize; epoch_iter = total_steps - dataset_size * (epoch -
1)``, with a ``dataset_size`` that need not be the epoch's image count) print an ``iters`` that keeps growing over the
epochs (public p2pbig147: epoch 1 ends at 400, epoch 100 at 20200, epoch 200 at 40200); read as counting within the
epoch, its steps were 200x too large (the length taken as the largest ``iters``, 40200). Which it is comes from the
numbers (``_carried``): when the last ``iters`` of consecutive epochs grows at nearly every epoch, by a median ``g``
of at least a quarter of an epoch's own span ``S`` (its last minus its first ``iters``, plus the print interval), the
counter carries over; the step is then ``iters + (S - g) x (epoch - first epoch)`` (``iters`` itself for a counter
that counts every image, ``g = S``). A counter back near 0 every epoch grows by ~0 and is read as before. A log
printing one line an epoch (``--print_freq`` at least the epoch's length) has no span to measure: there a counter
that grows at nearly every next printed epoch is the count itself (public petct225 ``loss_log.txt``, set 225: ``(epoch: 1,
iters: 417, ..)`` .. ``(epoch: 100, iters: 41700, ..)``, one pix2pix line an epoch, was read at ``(epoch - 1) x
41700 + iters``, steps ~100x too large; a print interval longer than the epoch,
``(epoch: 2, iters: 30)``, ``(epoch: 3, iters: 60)``, ``(epoch: 5, iters: 20)`` -- public xmhehua225 -- goes back
where an epoch is skipped and is read as counting within the epoch).

Forks change the printing a little (public jayzhan211/CycleGAN-pytorch ``loss_log.txt``, set 225): ``data:0.081``
with no space inside the parenthesis, and either ``, D_A: 0.234, G_A: 0.256, ..`` after it or every pair glued to
the one before with no separator at all, ``)D_A: 0.27436336874961853G_A: 0.36043038964271545cycle_A: 2.62..``
(``'%s: %s' % (k, v)`` of the full-precision float): both were "read as nothing" (971 lines, no series) and are read
alike, a name starting with the first letter after a number.

AAnoosheh/ComboGAN (one generator and discriminator per domain) prints the same parenthesis, then each loss as a list
of one value per domain, ``D: 0.111, 0.105, 0.111, 0.130 | G: .. | Cyc: .. |`` (``', '.join`` of ``'%.3f'``, `` | ``
after each): read as ``loss_D_0`` .. ``loss_D_3`` (``_domain_values``); the line was "read as nothing" before.
"""
from __future__ import annotations

from ._lazy import lazy_re
from ._joblog_lossbanners import banner_kinds, evaluation_points
from ._needle import needle_lines
from ._progress import Record

NEEDLE = b"(epoch: "
# forks add their own timings inside the parenthesis (public invgan136 loss_log.txt: ', dataset: 3297449849.897'), print
# a rank first under DDP ('[Rank 0] (epoch: 1, ..) , D_A: 3.346, G_A: 4.885', commas between the pairs), and name a
# summed term with a '+' (DeblurGAN's 'D_real+fake: -18.297', KupynOrest/DeblurGAN models/conditional_gan_model.py)
_HEAD = (r"^(?:\[Rank (?P<rank>\d+)\] *)?\(epoch: (\d+), iters: (\d+), time: [-+\d.eE]+"
         r"(?:, \w+: ?[-+\d.eE]+)*\)")  # pix2pixHD: no data; a fork's 'data:0.108' (no space)
_LINE = lazy_re(_HEAD + r"(?P<rest>(?:[ ,]+[\w+.-]+: [^ ,]+)+)[ ,]*$")
# a fork printing each pair with '%s: %s' and no separator (public jayzhan211/CycleGAN-pytorch loss_log.txt:
# '(epoch: 1, iters: 100, time: 0.271, data:0.081)D_A: 0.27436336874961853G_A: 0.36043038964271545cycle_A: ..'): a
# name starts with a letter where the full-precision number before it ends
_NUM = r"[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|nan|inf)"
_GLUED = lazy_re(_HEAD + r"(?P<rest>(?:[A-Za-z][\w+.-]*: ?" + _NUM + r")+)[ ,]*$")
_GLUED_PAIR = lazy_re(r"([A-Za-z][\w+.-]*): ?(" + _NUM + ")")
# ComboGAN (AAnoosheh/ComboGAN util/visualizer.py print_current_errors): a list per loss, a value per domain,
# '(epoch: 1, iters: 100, time: 0.291) D: 0.111, 0.105, 0.111, 0.130 | G: 0.146, .. | Cyc: 0.092, .. | '
# ('%.3f' % nan prints 'nan': a diverged run's lines, brk59 W2, were passed over and it read healthy)
_V = r"(?:[-+]?(?:nan|inf)|[-+\d.eE]+)"
_LISTS = lazy_re(r"^(?:\[Rank (?P<rank>\d+)\] *)?\(epoch: (\d+), iters: (\d+), time: [-+\d.eE]+"
                 r"(?:, \w+: [-+\d.eE]+)*\)(?P<rest>(?: *[\w+.-]+: " + _V + "(?:, " + _V + r")+ \|)+)$")
_PAIR = lazy_re(r"([\w+.-]+): ([-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|nan|inf))(?=[ ,]|$)")
_IMAGES = lazy_re(rb"(?:The number of training images|#training images) = (\d+)")
# the options table train.py prints first ('               batch_size: 70     \t[default: 32]')
_BATCH = lazy_re(rb"(?m)^[ \t]*batch_size: (\d+)\b")
# names printed in this shape that are a metric, not a loss attribute: kept as printed
_METRICS = frozenset({"psnr", "ssim", "fid", "lpips", "kid", "acc", "accuracy", "iou", "miou", "dice", "mae", "rmse"})
_MAX = 1_000_000


def cyclegan_hits(data, size: int) -> list[tuple[int, Record]]:
    """(offset, record) of every ``(epoch: E, iters: I, time: .., data: ..) name: value ...`` line of ``data``,
    its step counted over epochs (module docstring); [] when there is none."""
    found: list = []
    for start, text, rank, stamp in needle_lines(data, NEEDLE):  # a cut last line gives no point
        if len(found) >= _MAX:
            break
        m = _LINE().match(text.strip())
        if m is not None:
            values = tuple((_tag(key), float(raw)) for key, raw in _PAIR().findall(m.group("rest")))
        elif (m := _LISTS().match(text.strip())) is not None:
            values = _domain_values(m.group("rest"))
        elif (m := _GLUED().match(text.strip())) is not None:
            values = tuple((_tag(key), float(raw)) for key, raw in _GLUED_PAIR().findall(m.group("rest")))
        else:
            continue
        if values:
            if m.group("rank") is not None:
                rank = int(m.group("rank"))
            found.append((start, int(m.group(2)), int(m.group(3)), values, rank, stamp))
    if not found:
        return []
    under_eval = banner_kinds(data, [f[0] for f in found])  # a fork's 'Validation Loss (..)' sections
    passes = [f for f, e in zip(found, under_eval) if e]
    found = [f for f, e in zip(found, under_eval) if not e] or found
    images = _IMAGES().search(bytes(data[:found[0][0]]))
    length = int(images.group(1)) if images is not None else 0
    batch = _BATCH().search(bytes(data[:found[0][0]])) if length else None
    if batch is not None and int(batch.group(1)) > 0:  # 'epoch_iter += batch_size' on the last, short batch too
        length = -(-length // int(batch.group(1))) * int(batch.group(1))
    if not length:
        epochs = [e for _, e, *_ in found]
        ended = [i for _, e, i, *_ in found if e < epochs[-1]]  # epochs that another followed
        length = max(ended or [i for _, _, i, *_ in found])
    if not images and (carried := _carried(found)) is not None:
        length = carried
    first = found[0][1]
    out = [(start, Record("cyclegan", values, step=(epoch - first) * length + iters, epoch=float(epoch),
                          rank=rank, time=stamp, own_step=True))
           for start, epoch, iters, values, rank, stamp in found]
    return evaluation_points(out, passes) if passes and len(passes) < len(under_eval) else out


def _median(values: list[int]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def _carried(found: list) -> int | None:
    """``S - g``, the step an epoch adds beyond the ``iters`` it carries over, when ``iters`` grows over the epochs
    (module docstring); None when it starts again each epoch (or too few whole epochs follow one another)."""
    blocks: list[list] = []  # [epoch, first iters, last iters, gaps between prints]
    for _, epoch, iters, *_ in found:
        if blocks and blocks[-1][0] == epoch:
            blocks[-1][3].append(iters - blocks[-1][2])
            blocks[-1][2] = iters
        else:
            blocks.append([epoch, iters, iters, []])
    if len(blocks) >= 3 and all(not b[3] for b in blocks):  # one line an epoch: cumulative when it grows
        steps = [(b[0], b[1]) for b in blocks]
        grows = [b[1] > a[1] for a, b in zip(steps, steps[1:]) if b[0] > a[0]]  # (epochs skipped too: a count
        return 0 if len(grows) >= 2 and sum(grows) >= 0.9 * len(grows) else None  # within the epoch goes back)
    whole = [b for b in blocks[1:-1] if b[3]]  # epochs another preceded and followed
    pairs = [(a, b) for a, b in zip(whole, whole[1:]) if b[0] == a[0] + 1]
    if len(pairs) < 3:
        return None
    growths = [b[2] - a[2] for a, b in pairs]
    span = _median([b[2] - b[1] for b in whole]) + _median([g for b in whole for g in b[3]])
    growth = _median(growths)
    if span <= 0 or growth < span / 4 or sum(g > 0 for g in growths) < 0.9 * len(growths):
        return None
    return max(0, int(span - growth))


def _domain_values(rest: str) -> tuple:
    """ComboGAN's ``D: 0.111, 0.105, 0.111, 0.130 | G: .. |``: a loss per domain, each list's k-th value the k-th
    domain's (its ``loss_D``/``loss_G``/``loss_cycle`` are lists of ``n_domains``), ``loss_<name>_<k>``."""
    values = []
    for part in rest.split("|"):
        key, _, numbers = part.partition(":")
        if key.strip():
            values += [(_tag(f"{key.strip()}_{k}"), float(raw)) for k, raw in enumerate(numbers.split(","))]
    return tuple(values)


def _tag(name: str) -> str:
    """``loss_<name>``, the model's attribute a printed loss was read from (module docstring); a metric's name as
    printed."""
    return name if name.lower() in _METRICS or name.lower().startswith("loss") else "loss_" + name
