"""readers33 (second part): reader faults found on fresh public logs, each printed or written by a real tiny torch
training in the shape of the public file named in its test.

- a long CSV table naming each row's event file (``filename,tag,step,value``): its tags spliced into one series.
- data-loading times (``data: 4.45``), ``Total time``, token counts read as series.
- ``[1] 1160 ..`` epoch prefixes taken for process ranks (all but epoch 0 dropped) and tqdm's ``s/it`` redraw taken
  for a banner line (a run per validation).
- launches stopped after their first line merged into one run (points at step 0 repeated).
"""
from __future__ import annotations

import io

import pytest

from loganalyzer.discover import discover

torch = pytest.importorskip("torch")
tqdm = pytest.importorskip("tqdm")

from test_readers20a import _read, _series  # noqa: E402  (the resolved view and warnings; a tag's points)
from test_readers31 import _batches  # noqa: E402  (a real tiny torch classifier trained by mini-batches)
from test_readers33 import _logger  # noqa: E402  (a logging.Logger writing to a stream in a given format)


# ------------------------------------------------------------------ a long table with the event file's name

# public EonSJeon/ECE6255_VALLEX (10eeeed9a0b60c84b32d25b10d47dac4ca5f16e1) loss_history.csv:
#   filename,tag,step,value
#   ./tensorboard/events.out.tfevents.1745944791.145ce17825db.2897.0,train/current_loss,100,2.6683661937713623

@pytest.mark.parametrize("source", ["filename", "file_name"])
def test_a_long_table_naming_its_event_file_is_read_by_tag(tmp_path, source):
    tbparse = pytest.importorskip("tbparse")
    from torch.utils.tensorboard import SummaryWriter

    writer = SummaryWriter(str(tmp_path / "tensorboard"))
    want = {"train/current_loss": [], "train/tot_loss": []}
    for epoch, (losses, _) in enumerate(_batches(6, 4)):
        step = (epoch + 1) * 100
        writer.add_scalar("train/current_loss", losses[-1][1], step)
        writer.add_scalar("train/tot_loss", sum(v for _, v in losses) / 4, step)
        want["train/current_loss"].append(step)
        want["train/tot_loss"].append(step)
    writer.close()
    frame = tbparse.SummaryReader(str(tmp_path / "tensorboard"), extra_columns={"dir_name", "file_name"}).scalars
    frame = frame.rename(columns={"file_name": source})[[source, "tag", "step", "value"]]
    out = tmp_path / "out"
    out.mkdir()
    frame.to_csv(out / "loss_history.csv", index=False)
    assert len(discover(out)) == 1  # it was two runs (the step went back where the second tag's rows begin)
    df, _ = _read(out)
    assert set(df.tag) == set(want)  # it was one series 'value', the two tags spliced
    for tag, steps in want.items():
        assert _series(df, tag)[0] == steps


# ------------------------------------------------------------------ timings and token counts are no series

# public SongxiYoung/dino-main (8befeebfaf3c4d35a4dbdfa38d9182b1b8c6e3bb) train.out (DINO's MetricLogger):
#   Epoch: [0/100]  [   0/1562]  eta: 3:32:02  loss: 10.776567 (10.776567)  lr: 0.000000 (0.000000)  wd: 0.040000
#   (0.040000)  time: 8.145073  data: 4.452552  max mem: 11163
# public Silmue/IMON (64ca1532adc429930ef0868f820077d774b78557) train.out:
#   *Dec01-2035*  2019-12-01 12:59:29 Steps 10, Total time 5.99, data 0.01%. Loss 1.945e+02 lr 1.000e-04
# public Barber0/LLM-pretrain (04a92e1189c2a59f74691992fe72be503e7a9e94) train.log:
#   ep: 0, batch: 20, time: 9.17, ntokens: 485.20/513, loss: 10.984375

def test_data_loading_times_and_token_counts_are_no_series(tmp_path):
    import time
    lines = {"metric.out": [], "steps.out": [], "tokens.log": []}
    for epoch, (losses, _) in enumerate(_batches(3, 6)):
        for i, loss in losses[::2]:
            t0 = time.perf_counter()
            data = time.perf_counter() - t0
            lines["metric.out"].append(f"Epoch: [{epoch}/3]  [{i:>4d}/6]  eta: 0:00:02  loss: {loss:.6f} ({loss:.6f})  "
                                       f"lr: 0.300000 (0.300000)  time: {data + 0.1:.6f}  data: {data:.6f}  max mem: 11")
            step = epoch * 6 + i
            lines["steps.out"].append(f"*Dec01-2035*  2019-12-01 12:59:29 Steps {step}, Total time {data + 5:.2f}, "
                                      f"data {100 * data:.2f}%. Loss {loss:.3e} lr 3.000e-01")
            lines["tokens.log"].append(f"ep: {epoch}, batch: {i}, time: {data + 9:.2f}, ntokens: 485.20/513, "
                                       f"loss: {loss:.6f}")
    for name, text in lines.items():
        folder = tmp_path / name.split(".")[0]
        folder.mkdir()
        (folder / name).write_text("\n".join(text) + "\n")
        df, _ = _read(folder)
        tags = {t.lower() for t in df.tag.unique()}
        assert "loss" in tags and not tags & {"data", "total_time", "ntokens", "time"}, (name, tags)


# ------------------------------------------------------------------ '[epoch] step ..' lines under a tqdm bar

# public Bargain18/AISL-UBEV (7a3ebf107e21e58ecbbb3837fbc935e1ac70e17b) train.out (tqdm's bar on the same stream):
#   [0] 50 20.386635805691135 0.33523058891296387
#   [0] 50 IOU:  [0.3086612366639899, 0.32634035002855594]
#   Validation mIOU: [0.28632338378181343, 0.14035225081708233]
#   Validation loss: 5.871632844477035
#   [1] 1160 4.672300297479234 0.23527240753173828

def test_epoch_prefixes_are_no_ranks_and_bar_redraws_no_banners(tmp_path):
    import time
    fh = io.StringIO()
    per_epoch, epochs, ious = 8, 3, 0
    for epoch, (losses, vacc) in enumerate(_batches(epochs, per_epoch)):
        bar = tqdm.tqdm(total=per_epoch, file=fh, mininterval=0, miniters=1)
        for i, loss in losses:
            if i == 0:
                time.sleep(1.05)  # the first batch is slow (workers starting): tqdm prints 's/it', later 'it/s'
            bar.update(1)
            step = epoch * per_epoch + i
            fh.write(f"[{epoch}] {step} {loss} 0.2\n")
            if i % 2 == 1:
                fh.write(f"[{epoch}] {step} IOU:  [{1 - loss / 2}, {1 - loss / 3}]\n")
                ious += 1
        bar.close()
        fh.write(f"Validation mIOU: [{vacc}, {vacc / 2}]\nValidation loss: {1 - vacc}\n")
    (tmp_path / "train.out").write_text(fh.getvalue())
    assert len(discover(tmp_path)) == 1  # it was a run per validation (the 's/it' redraw taken for a banner)
    df, _ = _read(tmp_path)
    assert len(_series(df, "IOU")[0]) == ious  # it was epoch 0's only: '[1]', '[2]' read as other ranks' lines
    assert len(_series(df, "Validation_loss")[0]) == epochs


# ------------------------------------------------------------------ launches stopped after their first line

# public Becai/Cumulative-Feature-Fusion (83295473cb84cfc73cdd899f963092b31a335812) train.log, launches at 22:09,
# 22:10, 22:12 stopped after one line each, the 22:16 one going on:
#   2024-03-11 22:09:08,383 -                train: [    INFO] - Scheduled epochs: 300
#   2024-03-11 22:09:28,037 -                train: [    INFO] - Train: 0 [   0/390 (  0%)]  Loss: 8.965 (8.97)  ...
#   2024-03-11 22:10:18,471 -                train: [    INFO] - Training with a single process on 1 GPUs.

def test_launches_stopped_after_their_first_line_are_runs_of_their_own(tmp_path):
    fh = io.StringIO()
    log = _logger(fh, "%(asctime)s - %(name)20s: [%(levelname)8s] - %(message)s")
    for launch, epochs in enumerate((1, 1, 1, 3)):
        log.info("Training with a single process on 1 GPUs.")
        log.info("Scheduled epochs: 300")
        for epoch, (losses, _) in enumerate(_batches(epochs, 6)):  # the same seed: the same first loss each launch
            for i, loss in losses:
                if i % 3 == 0:
                    log.info(f"Train: {epoch} [{i:>4d}/6 ({100 * i / 5:>3.0f}%)]  Loss: {loss:#.4g} ({loss:#.3g})  "
                             f"LR: 3.000e-01")
                if launch < 3:  # stopped (Ctrl-C) after its first line
                    break
            if launch < 3:
                break
    (tmp_path / "train.log").write_text(fh.getvalue())
    runs = discover(tmp_path)
    assert len(runs) == 4  # the three stopped launches and the last were one run, four points at step 0
    df, _ = _read(tmp_path)
    steps = [_series(df, "Loss", run=d)[0] for d in sorted(df.dir.unique(), key=lambda d: int(d.split("#")[1]))]
    assert steps[:3] == [[0], [0], [0]] and steps[3] == [0, 3, 6, 9, 12, 15]
