"""printed40a: printed logs whose trainings were split or joined wrong (audit40p, unseen public logs).

- DBNet's config, pretty-printed over many lines at every launch (``'loss': {'alpha': 1, 'beta': 10, ...}``), read
  as a training point at step 0: every later ``global_step: 1`` looked like a resume, fresh trainings were one run
  (public JessicaAuditore/DBNet ``output/train.log``);
- fresh launches of a GPT-2 fine-tune (``pretrained_model=..``, HF config's ``"gradient_checkpointing": false``,
  ``loading training dataset``) read as resumes of one run (public bruceZhang995/gpt2-chinese ``train.log``);
- a PaddleClas job resumed twice from the same checkpoint (``Finish load checkpoints from .../epoch_3``, then
  ``[Train][Epoch 4/8][Iter: 0/10]``): the second resume restarted at step 0 as a new run (public robinbg/PaddleClas);
- one fine-tune printing, per epoch, a tqdm bar, sklearn's classification report, a metrics line and a
  ``min_loss:.., val_loss:..`` line: one run per epoch (public tianti1/ECGMind ``finetune.log``);
- federated learning ``Round [r/R]`` / ``Client c/C`` headers over step-less ``loss = ..`` lines: one run per
  client block (public 11snigdha11/gafseg_classification ``run.log``).
"""
from __future__ import annotations

import random
from pprint import pformat

from test_readers20a import _ids, _read, _series, _write  # noqa: E402



# ------------------------------------------------------------------ DBNet: pretty-printed config at each launch

_DBNET_CONFIG = {
    "arch": {"backbone": {"in_channels": 3, "pretrained": True, "type": "resnet18"},
             "head": {"k": 50, "out_channels": 2, "type": "DBHead"}, "neck": {"inner_channels": 256, "type": "FPN"},
             "type": "Model"},
    "dataset": {"train": {"loader": {"batch_size": 10, "collate_fn": "", "num_workers": 8, "shuffle": True}}},
    "loss": {"alpha": 1, "beta": 10, "ohem_ratio": 3, "type": "DBLoss"},
    "lr_scheduler": {"args": {"warmup_epoch": 3}, "type": "WarmupPolyLR"},
    "name": "DBNet",
    "optimizer": {"args": {"amsgrad": True, "lr": 0.001, "weight_decay": 0}, "type": "Adam"},
}


def _dbnet_log(launches: list[tuple[int, int, int]]) -> tuple[str, list]:
    """Each launch (first global step, steps, batches per epoch) after the config dump DBNet logs
    (``logger.info(pformat(config))``)."""
    rnd = random.Random(3)
    lines, runs = [], []
    for first, n, per in launches:
        lines.append("2021-01-31 17:41:20,101 DBNet INFO: " + pformat(_DBNET_CONFIG))
        lines.append(f"2021-01-31 17:41:21,101 DBNet INFO: train dataset has {per * 10} samples, {per} in dataloader")
        losses = []
        for step in range(first, first + n):
            epoch, it = (step - 1) // per + 1, (step - 1) % per + 1
            loss = round(12.0 / (1 + 0.1 * step) + rnd.random() * 0.1, 4)
            losses.append(loss)
            lines.append(f"2021-01-31 17:41:33,637 DBNet INFO: [{epoch}/200], [{it}/{per}], global_step: {step}, "
                         f"speed: 0.5 samples/sec, acc: 0.4811, iou_shrink_map: 0.2126, loss: {loss}, "
                         f"loss_shrink_maps: 6.0134, loss_threshold_maps: 0.3204, loss_binary_maps: 0.9389, , "
                         f"lr:0.000333333, time:14.67")
        runs.append(losses)
    return "\n".join(lines) + "\n", runs


def test_dbnet_config_dump_no_points_and_fresh_launches_are_runs(tmp_path):
    text, runs = _dbnet_log([(1, 30, 40), (1, 12, 755), (1, 20, 302)])
    path = _write(tmp_path, "train.log", text)
    assert _ids(path) == ["train.log#1", "train.log#2", "train.log#3"]
    df, _ = _read(path)
    assert not {"alpha", "beta", "ohem_ratio"} & set(df.tag.unique())
    for k, losses in enumerate(runs, start=1):
        steps, values = _series(df, "loss", f"train.log#{k}")
        assert steps == list(range(1, len(losses) + 1)) and values == losses


def test_multiline_metrics_dict_still_read(tmp_path):
    # a metrics dict printed over several lines holds numbers, not a config's strings: still read
    lines = []
    for step in range(1, 6):
        lines.append(f"step {step}: {{'loss': {2.0 / step:.4f},\n 'accuracy': {0.5 + step / 20:.4f},\n"
                     f" 'lr': 0.001}}")
    path = _write(tmp_path, "log.txt", "\n".join(lines) + "\n")
    df, _ = _read(path)
    assert _series(df, "loss")[1] == [round(2.0 / s, 4) for s in range(1, 6)]


# ------------------------------------------------------------------ gpt2-chinese: fresh launches, no resumes

_HF_CONFIG = """{
  "_name_or_path": "model/zuowen_epoch40",
  "activation_function": "gelu_new",
  "gradient_checkpointing": false,
  "n_layer": 12,
  "vocab_size": 30000
}
"""


def _gpt2_launch(batch_size: int, log_step: int, batches: int, seed: int) -> tuple[str, list]:
    rnd = random.Random(seed)
    out = ["2022-05-08 18:17:42,722 - INFO - using device:cuda:0",
           "2022-05-08 18:17:45,049 - INFO - model config:\n" + _HF_CONFIG,
           "2022-05-08 18:17:45,050 - INFO - number of model parameters: 108882432",
           f"2022-05-08 18:17:45,051 - INFO - args:Namespace(batch_size={batch_size}, cuda=True, device='cuda:0', "
           f"epochs=5, log_step={log_step}, lr=2.6e-05, pretrained_model='model/zuowen_epoch40', seed=1234)",
           "2022-05-08 18:17:45,051 - INFO - loading training dataset",
           "2022-05-08 18:17:45,420 - INFO - total_steps:47435",
           "2022-05-08 18:17:45,427 - INFO - start training"]
    losses = []
    for batch in range(log_step, batches + 1, log_step):
        loss = round(4.9 - batch * 0.001 + rnd.random() * 0.2, 6)
        losses.append((batch, loss))
        out.append(f"2022-05-08 18:17:45,880 - INFO - batch {batch} of epoch 1, loss {loss}, "
                   f"batch_acc 0.3302063789868668, lr [{batch * 3.75e-09}]")
    return "\n".join(out) + "\n", losses


def test_gpt2_fresh_launches_are_separate_runs(tmp_path):
    a, la = _gpt2_launch(8, 1, 60, 1)
    b, lb = _gpt2_launch(16, 10, 300, 2)
    idle, _ = _gpt2_launch(8, 10, 0, 3)  # a launch that died before its first batch
    c, lc = _gpt2_launch(4, 10, 80, 4)
    path = _write(tmp_path, "train.log", a + b + idle + c)
    assert _ids(path) == ["train.log#1", "train.log#2", "train.log#3"]
    df, _ = _read(path)
    for k, losses in enumerate((la, lb, lc), start=1):
        steps, values = _series(df, "loss", f"train.log#{k}")
        assert steps == [s for s, _ in losses] and values == [round(v, 4) for _, v in losses]


def test_gpt2_resumed_launch_stays_one_run(tmp_path):
    # the same launches saying they resumed from a checkpoint: still one run, a later session
    a, _ = _gpt2_launch(8, 10, 300, 1)
    b, lb = _gpt2_launch(8, 10, 200, 2)
    b = b.replace("loading training dataset", "loading checkpoint model/epoch1 to resume")
    path = _write(tmp_path, "train.log", a + b.replace("batch 10 of", "batch 110 of"))
    assert _ids(path) == ["train.log"]


# ------------------------------------------------------------------ PaddleClas: resumed twice from one checkpoint


def _paddle_session(first: int, last: int, iters: int, shift: float) -> tuple[list, list]:
    lines, points = [], []
    for epoch in range(first, last + 1):
        for it in range(0, iters, 5):
            loss = round(6.9 - 0.2 * epoch - 0.01 * it + shift, 5)
            points.append(((epoch - 1) * iters + it, loss))
            lines.append(f"[2022/10/08 02:54:56] ppcls INFO: [Train][Epoch {epoch}/8][Iter: {it}/{iters}]"
                         f"lr(LinearWarmup): 0.00036448, CELoss: {loss:.5f}, loss: {loss:.5f}, batch_cost: 0.51407s, "
                         f"reader_cost: 0.02860, ips: 248.99343 samples/s, eta: 2:16:51")
        lines.append(f"[2022/10/08 04:08:05] ppcls INFO: [Train][Epoch {epoch}/8][Avg]CELoss: {loss:.5f}, "
                     f"loss: {loss:.5f}")
        lines.append(f"[2022/10/08 04:08:28] ppcls INFO: [Eval][Epoch {epoch}][Avg]CELoss: 3.34371, loss: 3.34371, "
                     f"top1: 0.33644, top5: 0.57426")
        lines.append(f"[2022/10/08 04:08:28] ppcls INFO: Already save model in ./output_/cait/epoch_{epoch}")
    return lines, points


def test_paddleclas_second_resume_from_one_checkpoint_is_a_session(tmp_path):
    head = ["[2022/10/08 04:31:53] ppcls INFO: train with paddle 2.3.2 and device Place(gpu:0)"]
    load = ["[2022/10/08 04:32:01] ppcls INFO: Finish load checkpoints from output_/cait/epoch_3"]
    s1, p1 = _paddle_session(1, 4, 10, 0.0)
    s2, _ = _paddle_session(4, 5, 10, 0.3)  # resumed at epoch 4, stopped in epoch 5
    s3, p3 = _paddle_session(4, 8, 10, 0.1)  # resumed at epoch 4 again, ran to the end
    path = _write(tmp_path, "train.log", "\n".join(head + s1 + head + load + s2 + head + load + s3) + "\n")
    assert _ids(path) == ["train.log"]
    df, _ = _read(path)
    steps, values = _series(df, "loss")
    want = [p for p in p1 if p[0] < 30] + p3  # the last session replaces the earlier ones from epoch 4 on
    assert steps == [s for s, _ in want] and values == [v for _, v in want]


# ------------------------------------------------------------------ ECGMind: per-epoch report under a bar


_REPORT = """              precision    recall  f1-score   support

           0       0.80      0.92      0.85        76
           1       0.69      0.88      0.78        51

    accuracy                           0.63       512
   macro avg       0.55      0.55      0.53       512
weighted avg       0.60      0.63      0.59       512
"""


def test_ecgmind_epoch_reports_are_one_run(tmp_path):
    lines = ["Namespace(batch_size=512, class_n=9, lr=0.001)"]
    vals = []
    best = None
    for epoch in range(12):
        bar = "\r".join(f"training:  {k * 10}%|{'█' * k}{' ' * (10 - k)}| {k}/10 [00:0{k}<00:00,  2.19it/s]"
                        for k in range(11))
        lines.append(bar)
        lines.append("validating: 100%|██████████| 1/1 [00:01<00:00,  1.23s/it]")
        lines.append(_REPORT)
        acc, vloss = 0.6 + epoch * 0.01, round(1.1 - epoch * 0.02, 4)
        lines.append(f"accuracy = {acc}, macro_p = 0.549, macro_r = 0.55, macro_f1 = 0.526, AUROC = 0.894")
        lines.append(f"min_loss:{best}, max_f1:None, val_loss:{vloss}, val_f1:0.894")
        best = vloss
        vals.append(vloss)
    path = _write(tmp_path, "finetune.log", "\n".join(lines) + "\n")
    assert _ids(path) == ["finetune.log"]
    df, _ = _read(path)
    assert _series(df, "val_loss")[1] == vals


# ------------------------------------------------------------------ federated rounds of clients


def _fed_log(experiments: int, rounds: int, clients: int, local: int) -> tuple[str, list]:
    rnd = random.Random(5)
    lines, runs = [f"Total Experiments = {experiments}"], []
    for e in range(experiments):
        lines += ["=" * 38, "Attack      : min_max", f"Seed        : {e}", "=" * 38,
                  f"Hyperparameter settingNamespace(model_name='GAFSEG', CommunicationEpoch={rounds}, seed={e})",
                  "", " Starting FedAvg Training with 10 clients", ""]
        losses = []
        for r in range(1, rounds + 1):
            lines.append(f"========== Round [{r}/{rounds}] ==========")
            for c in range(1, clients + 1):
                lines += ["", f" Client {c}/{clients}", "logits shape: torch.Size([64, 100])", "label range: 0 95"]
                for _ in range(local):
                    loss = round(4.7 - 0.05 * r + rnd.random() * 0.3, 6)
                    losses.append(loss)
                    lines.append(f"loss = {loss}")
            lines.append(f"Round {r} Test Accuracy={0.01 * r:.4f}")
        runs.append(losses)
    return "\n".join(lines) + "\n", runs


def test_federated_experiments_are_runs_not_client_blocks(tmp_path):
    text, runs = _fed_log(3, 4, 3, 5)
    path = _write(tmp_path, "run.log", text)
    assert _ids(path) == ["run.log#1", "run.log#2", "run.log#3"]
    df, _ = _read(path)
    for k, losses in enumerate(runs, start=1):
        assert _series(df, "loss", f"run.log#{k}")[1] == [round(v, 4) for v in losses]


def test_counting_banner_that_never_goes_back_still_opens_runs(tmp_path):
    # 'Run 2/3' counting up: a sweep's trainings, each still a run
    lines = []
    for run in range(1, 4):
        lines.append(f"===== Run {run}/3 =====")
        lines += [f"\nTest set: Average loss: {3.0 / (run + k):.4f}, Accuracy: {5 + k}/40 ({50 + k}%)\n"
                  for k in range(4)]
    path = _write(tmp_path, "sweep.log", "\n".join(lines) + "\n")
    assert _ids(path) == ["sweep.log#1", "sweep.log#2", "sweep.log#3"]
