"""readers34b: reader faults found by blind labellers on sets 50-53, each log written or printed by a real tiny torch
training in the shape of the public file named in its test.

- ``train_log.txt`` + ``validation_log.txt`` of bare ``epoch loss acc`` rows: nothing was read (biopep52).
- ``mae pretrain ep N/25 loss=..`` read with a series ``pretrain_ep``; the fine-tuning's ``ft ep N/50 train=..
  val_r=..`` lines lost (nwbvmri52).
- an epoch written twice in a CSV log (a job resumed at its last epoch): both rows kept at one step (vanilladec53).
- Ultralytics' zero placeholders of a ``val=False`` training read as measured zeros (yolodrone53).
More in test_readers34b_more.py.
"""
from __future__ import annotations

import copy
import csv
import io

import pytest

from loganalyzer.discover import discover

torch = pytest.importorskip("torch")
F = torch.nn.functional

from test_readers20a import _read, _series  # noqa: E402  (the resolved view and warnings; a tag's points)


class Net:
    """A tiny MLP classifier kept across ``fit`` calls (so a second call trains the same model on): per epoch
    ``(loss, acc, val_loss, val_acc)``, loss and acc the means over the epoch's mini-batches (as Keras prints)."""

    def __init__(self, seed: int = 0, n: int = 1024, nval: int = 2000):
        g = torch.Generator().manual_seed(seed)
        x = torch.randn(n + nval, 8, generator=g)
        y = ((x[:, 0] * x[:, 1] + x[:, 2]) > 0).long()
        self.x, self.y, self.xv, self.yv = x[:n], y[:n], x[n:], y[n:]
        torch.manual_seed(seed)
        self.model = torch.nn.Sequential(torch.nn.Linear(8, 32), torch.nn.ReLU(), torch.nn.Linear(32, 2))

    def fit(self, epochs: int, lr: float, batch: int = 32):
        opt = torch.optim.Adam(self.model.parameters(), lr=lr)
        for _ in range(epochs):
            losses, hits = [], 0
            for i in range(0, len(self.x), batch):
                out = self.model(self.x[i:i + batch])
                loss = F.cross_entropy(out, self.y[i:i + batch])
                opt.zero_grad()
                loss.backward()
                opt.step()
                losses.append(loss.item())
                hits += (out.argmax(1) == self.y[i:i + batch]).sum().item()
            with torch.no_grad():
                v = self.model(self.xv)
                row = (sum(losses) / len(losses), hits / len(self.x), F.cross_entropy(v, self.yv).item(),
                       (v.argmax(1) == self.yv).float().mean().item())
            yield row  # outside no_grad: a generator suspended inside it would turn grad off for its caller


def _r(values, digits: int = 4) -> list[float]:
    return [round(v, digits) for v in values]


# ------------------------------------------------------------------ bare 'epoch loss acc' rows in split-named files

# public David-Dingle/UniDL4BioPep_ASL_PyTorch (be012301df5f65b4cc7ee15ace7e5630e5eefd8a) train_log.txt, 500 lines:
#   0 0.20271688839420676 0.8717783505154639          (validation_log.txt the same shape: print(epoch, loss, acc))

def _print_rows(path, rows) -> None:
    with open(path, "w") as f:
        for row in rows:
            print(*row, file=f)


def test_headerless_train_and_validation_logs_are_one_named_run(tmp_path):
    epochs = list(Net().fit(15, 0.05))
    _print_rows(tmp_path / "train_log.txt", [(e, loss, acc) for e, (loss, acc, _, _) in enumerate(epochs)])
    _print_rows(tmp_path / "validation_log.txt", [(e, vl, va) for e, (_, _, vl, va) in enumerate(epochs)])
    runs = discover(str(tmp_path))
    assert len(runs) == 1 and runs[0].format == "split_csv" and len(runs[0].files) == 2
    df, warned = _read(tmp_path)
    assert set(df.tag) == {"train_loss", "train_accuracy", "val_loss", "val_accuracy"}
    for tag, j in (("train_loss", 0), ("train_accuracy", 1), ("val_loss", 2), ("val_accuracy", 3)):
        assert _series(df, tag) == (list(range(15)), _r(e[j] for e in epochs))
    assert any("names read from the values" in w and "validation_log.txt" in w for w in warned)


def test_headerless_rows_whose_columns_cannot_be_told_apart_stay_unread(tmp_path):
    epochs = list(Net().fit(8, 0.05))  # two losses, no accuracy: which is which is unknowable
    _print_rows(tmp_path / "train_log.txt", [(e, loss, vl) for e, (loss, _, vl, _) in enumerate(epochs)])
    df, warned = _read(tmp_path / "train_log.txt")
    assert df.empty
    assert any("cannot be known" in w and "nothing is read" in w for w in warned)


# ------------------------------------------------------------------ a pre-training, then a fine-tuning naming no loss

# public Gokul-2004/ULF-MRI-nWBV-Regression (e389ba67c2ea954ba372cd1298f2ba357e2d8bc6) experiments/ssl_mae_run.log:
#   '  mae pretrain ep  1/25  loss=0.03816' x25, a banner, then '  ft ep  1/50  train=0.12532  val_r=-0.112' x48

def test_a_fine_tuning_after_a_pretraining_is_read_and_its_epoch_no_series(tmp_path):
    torch.manual_seed(0)
    x = torch.randn(256, 8)
    target = x[:, :3].sum(1, keepdim=True)
    enc, dec = torch.nn.Linear(8, 4), torch.nn.Linear(4, 8)
    opt = torch.optim.Adam([*enc.parameters(), *dec.parameters()], lr=0.01)
    out, pre, ft = io.StringIO(), [], []
    print("=" * 62 + "\nMAE PRETRAIN on physics-sim IXI\n" + "=" * 62, file=out)
    for ep in range(1, 9):
        masked = x * (torch.rand_like(x) > 0.5)
        loss = F.mse_loss(dec(enc(masked)), x)
        opt.zero_grad()
        loss.backward()
        opt.step()
        print(f"  mae pretrain ep {ep:2d}/8  loss={loss.item():.5f}", file=out)
        pre.append(round(float(f"{loss.item():.5f}"), 4))
    print("Saved mae-pretrained encoder -> ckpt.pt\n" + "=" * 62 + "\nOASIS FINE-TUNE from mae encoder\n" + "=" * 62,
          file=out)
    head = torch.nn.Linear(4, 1)
    opt = torch.optim.Adam([*enc.parameters(), *head.parameters()], lr=0.02)
    for ep in range(1, 11):
        loss = F.mse_loss(head(enc(x[:192])), target[:192])
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            pred = head(enc(x[192:])).squeeze(1)
            r = torch.corrcoef(torch.stack([pred, target[192:, 0]]))[0, 1].item()
        print(f"  ft ep {ep:2d}/10  train={loss.item():.5f}  val_r={r:.3f}", file=out)
        ft.append((round(float(f"{loss.item():.5f}"), 4), round(float(f"{r:.3f}"), 4)))
    (tmp_path / "ssl_mae_run.log").write_text(out.getvalue())
    runs = discover(str(tmp_path))
    assert [r.id for r in runs] == ["ssl_mae_run.log#1", "ssl_mae_run.log#2"]
    df, _ = _read(tmp_path)
    assert set(df[df.dir == "ssl_mae_run.log#1"].tag) == {"loss"}  # no 'pretrain_ep'
    assert _series(df, "loss", "ssl_mae_run.log#1") == (list(range(1, 9)), pre)
    assert _series(df, "train_loss", "ssl_mae_run.log#2") == (list(range(1, 11)), [a for a, _ in ft])
    assert _series(df, "val_r", "ssl_mae_run.log#2") == (list(range(1, 11)), [b for _, b in ft])


# ------------------------------------------------------------------ an epoch written again by a resumed job

# public Momna-Waheed/VanillaDecoder (939a8a1e73bfbd21ae2e7b974620d67d65b0da8a) loss_log.csv:
#   epoch,train_loss,val_loss ... 10,1.0897,1.0087 / 11,1.0778,0.9760 / 11,1.0772,0.9818 / 12,1.0642,0.9751

def test_a_resumed_job_writing_its_last_epoch_again_replaces_it(tmp_path):
    net = Net()
    rows, kept = [], {}
    fit = net.fit(5, 0.02)
    for epoch in range(1, 5):
        loss, _, vl, _ = next(fit)
        rows.append((epoch, loss, vl))
        kept[epoch] = (loss, vl)
        if epoch == 3:
            saved = copy.deepcopy(net.model.state_dict())  # the checkpoint of epoch 3
    net.model.load_state_dict(saved)  # the job died after epoch 4; resumed from epoch 3's checkpoint, it redoes 4
    for epoch, (loss, _, vl, _) in enumerate(net.fit(3, 0.01, batch=64), 4):
        rows.append((epoch, loss, vl))
        kept[epoch] = (loss, vl)
    with open(tmp_path / "loss_log.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "train_loss", "val_loss"])
        w.writerows([(e, f"{a:.4f}", f"{b:.4f}") for e, a, b in rows])
    assert [r[0] for r in rows] == [1, 2, 3, 4, 4, 5, 6]
    df, warned = _read(tmp_path)
    assert _series(df, "train_loss") == ([1, 2, 3, 4, 5, 6], [round(kept[e][0], 4) for e in range(1, 7)])
    assert _series(df, "val_loss") == ([1, 2, 3, 4, 5, 6], [round(kept[e][1], 4) for e in range(1, 7)])
    assert any("resumed at step 4" in w for w in warned)


# ------------------------------------------------------------------ Ultralytics' zeros of a training with val=False

# public 1katana/yolo_drone (e27228f6de8ad609549e149851f18829c5c2be2b) results.csv: epochs 1-19 write 0 in every
# metrics/ and val/ column (BaseTrainer._setup_train: self.metrics = dict(zip(metric_keys, [0] * len(metric_keys))),
# validate() only on the final epoch when args.val is False), epoch 20 the real validation.

_KEYS = ["train/box_loss", "train/cls_loss", "train/dfl_loss", "metrics/precision(B)", "metrics/recall(B)",
         "metrics/mAP50(B)", "metrics/mAP50-95(B)", "val/box_loss", "val/cls_loss", "val/dfl_loss", "lr/pg0"]


def _results_csv(path, epochs, validate) -> list:
    """``BaseTrainer.save_metrics``'s rows (Ultralytics 8.1+: ``'%.6g,' * n`` after ``epoch,time``) of a torch
    training whose losses stand in for the three loss terms; validation when ``validate(epoch)``, else zeros."""
    out = []
    for epoch, (loss, acc, vl, va) in enumerate(epochs, 1):
        metrics = [acc, va, va * 0.9, va * 0.6, vl, vl / 2, vl / 3] if validate(epoch) else [0] * 7
        vals = [loss, loss / 2, loss / 3, *metrics, 1e-3]
        n = len(vals) + 2
        s = "" if path.exists() else (("%s," * n % tuple(["epoch", "time"] + _KEYS)).rstrip(",") + "\n")
        with open(path, "a") as f:
            f.write(s + ("%.6g," * n % tuple([epoch, 10.0 * epoch] + vals)).rstrip(",") + "\n")
        out.append(vals)
    return out


def test_ultralytics_zero_placeholders_of_val_false_are_no_points(tmp_path):
    rows = _results_csv(tmp_path / "results.csv", list(Net().fit(6, 0.05)), lambda e: e == 6)
    df, warned = _read(tmp_path)
    for j, tag in enumerate(_KEYS):
        steps, values = _series(df, tag)
        if tag.startswith(("metrics/", "val/")):
            assert (steps, values) == ([6], [round(float(f"{rows[5][j]:.6g}"), 4)])
        else:
            assert steps == [1, 2, 3, 4, 5, 6]
    assert any("5 epoch(s) (1-5) write 0 for every validation" in w for w in warned)


def test_ultralytics_a_real_validation_measuring_zero_map_keeps_it(tmp_path):
    path = tmp_path / "results.csv"
    with open(path, "w") as f:  # nothing detected yet: precision, recall, mAP 0, but the losses were measured
        f.write("epoch,time," + ",".join(_KEYS) + "\n")
        for epoch, (loss, _, vl, _) in enumerate(Net().fit(3, 0.05), 1):
            f.write(("%.6g," * 13 % (epoch, epoch, loss, loss, loss, 0, 0, 0, 0, vl, vl, vl, 1e-3)).rstrip(",") + "\n")
    df, warned = _read(tmp_path)
    assert _series(df, "metrics/mAP50(B)") == ([1, 2, 3], [0.0, 0.0, 0.0])
    assert not any("placeholders" in w for w in warned)
