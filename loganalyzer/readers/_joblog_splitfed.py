"""SplitFed's printed log (chandra2thapa/SplitFed-When-Federated-Learning-Meets-Split-Learning and its forks; used
by ``readers/_joblog_whole.py``), read whole.

Each client's local epochs and its test are printed in colour (``prRed`` / ``prGreen``), then the server averages
them over the round::

    \\x1b[91m Client0 Train => Local Epoch: 4 / 5 \\tAcc: 38.200 \\tLoss: 1.8555\\x1b[00m
    \\x1b[92m  Client0 Test => \\tAcc: 12.335 \\tLoss: 2.9662\\x1b[00m
    ------ FedServer: Federation process at Client-Side -------
    -----------------------------------------------------------
    \\x1b[92m  Client0 Test => \\tAcc: 12.949 \\tLoss: 2.6407\\x1b[00m     (a fork: the federated model, tested)
     Train: Round   0, Avg Accuracy 52.050 | Avg Loss 1.495
     Test: Round   0, Avg Accuracy 12.950 | Avg Loss 2.641             (the original's server-side average)

(``' Train: Round {:3d}, Avg Accuracy {:.3f} | Avg Loss {:.3f}'``; the same repository's plain-FL baseline
``FL_ResNet_HAM10000.py`` prints ``'Test:  Round {:3d}, ..'``, two spaces, and no client-side banner: any spaces
between the words). Line by line, every client's ``Local Epoch`` counter going back to 0 started a new run
(public splitfed177: 95 and 110 runs of five points). Read here: the
``Train: Round`` averages as ``acc`` / ``loss`` at the round (the step, from 0), the ``Test: Round`` averages as
``test_acc`` / ``test_loss``; without them, the client tests printed after the ``FedServer: Federation process``
banner and before the round line (the federated model's) averaged as ``test_acc`` / ``test_loss``. The clients'
local epochs and their own tests are no series (each client's model, not the run's). Needs two round lines; None
for any other log.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record

_N = NUMBER.encode()
# any spaces between the words: the repository's plain-FL baseline prints 'Test:  Round {:3d}, ..' (two spaces)
_ROUND = re.compile(rb"(?m)^[ \t]*(Train|Test):[ \t]+Round[ \t]+(\d+)[ \t]*,[ \t]*Avg Accuracy[ \t]+(" + _N
                    + rb")[ \t]*\|[ \t]*Avg Loss[ \t]+(" + _N + rb"|nan|inf)\b")
_BANNER = b"FedServer: Federation process at Client-Side"
_CLIENT_TEST = re.compile(rb"Client\d+ Test => \s*Acc: (" + _N + rb")\s+Loss: (" + _N + rb"|nan|inf)\b")


def splitfed_hits(data, size: int) -> list[tuple[int, Record]] | None:
    """(offset, record) of every SplitFed round average (module docstring), or None."""
    if data.find(b"Round") < 0 or data.find(b"Avg Accuracy") < 0:
        return None
    rounds = list(_ROUND.finditer(data))
    if sum(m.group(1) == b"Train" for m in rounds) < 2:
        return None
    server_tests = any(m.group(1) == b"Test" for m in rounds)
    out: list[tuple[int, Record]] = []
    for m in rounds:
        step = int(m.group(2))
        acc, loss = float(m.group(3)), float(m.group(4))
        if m.group(1) == b"Test":
            out.append((m.start(), Record("splitfed", (("test_acc", acc), ("test_loss", loss)), step=step,
                                          epoch=float(step), kind="eval", own_step=True)))
            continue
        out.append((m.start(), Record("splitfed", (("acc", acc), ("loss", loss)), step=step, epoch=float(step),
                                      own_step=True)))
        banner = data.rfind(_BANNER, out[-2][0] if len(out) > 1 else 0, m.start())
        if server_tests or banner < 0:
            continue
        tests = [(float(a), float(b)) for a, b in _CLIENT_TEST.findall(data, banner, m.start())]
        if tests:
            out.append((banner, Record("splitfed", (("test_acc", sum(a for a, _ in tests) / len(tests)),
                                                    ("test_loss", sum(b for _, b in tests) / len(tests))),
                                       step=step, epoch=float(step), kind="eval", own_step=True)))
    return sorted(out, key=lambda hit: hit[0])
