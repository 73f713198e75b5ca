"""Stop 68 reader kinds from the opened dev sets 213/214: pickled lists of history dicts, a JSON loss file whose split
lists sit beside a perplexity, two bare JSON lists back to back, and ``t_loss_<tag>.npy`` + ``v_loss_<tag>.npy``."""
from __future__ import annotations

import json
import pickle

import numpy as np

from _runs import linear_regression as _train, read_values as _read
from loganalyzer.discover import discover


def test_pickled_one_dict_list(tmp_path):
    """fakereview213 history.pkl: ``pickle.dump([history.history], f)`` -- read as 0 rows before."""
    train, val = _train()
    with open(tmp_path / "history.pkl", "wb") as f:
        pickle.dump([{"val_loss": [np.float64(v) for v in val], "loss": train, "lr": [1.0] * len(train)}], f)
    series, _ = _read(tmp_path / "history.pkl")
    assert np.allclose(series["loss"], train) and np.allclose(series["val_loss"], val)


def test_pickled_per_epoch_dicts_and_resumed_fits(tmp_path):
    """spamham213 training_history.pkl: 40 dicts of one-item lists, one appended per one-epoch ``fit()``; and two
    whole ``history.history`` dicts of a resumed training, joined in order."""
    train, val = _train(10)
    with open(tmp_path / "training_history.pkl", "wb") as f:
        pickle.dump([{"loss": [t], "val_loss": [v]} for t, v in zip(train, val)], f)
    series, _ = _read(tmp_path / "training_history.pkl")
    assert np.allclose(series["loss"], train) and np.allclose(series["val_loss"], val)
    with open(tmp_path / "hist.pkl", "wb") as f:
        pickle.dump([{"loss": train[:4], "val_loss": val[:4]}, {"loss": train[4:], "val_loss": val[4:]}], f)
    series, _ = _read(tmp_path / "hist.pkl")
    assert np.allclose(series["loss"], train)


def test_pickled_list_of_foreign_dicts_says_why(tmp_path):
    """A list of dicts holding no numbers (a vocabulary, configs) is still one clear line, no run."""
    with open(tmp_path / "history.pkl", "wb") as f:
        pickle.dump([{"name": "a"}, {"name": "b"}], f)
    series, said = _read(tmp_path / "history.pkl")
    assert not series and any("history.pkl" in m and "not read" in m for m in said)


def test_json_split_lists_beside_perplexity(tmp_path):
    """mtvsbase214 relative_loss.json: ``{"train": [..], "val": [..], "val_ppl": [..], "epoch_time": [..]}``."""
    train, val = _train()
    (tmp_path / "relative_loss.json").write_text(json.dumps(
        {"train": train, "val": val, "val_ppl": [float(np.exp(v)) for v in val], "epoch_time": [170.0] * len(val)},
        indent=2))
    assert [r.id for r in discover(str(tmp_path))] == ["relative_loss.json"]
    series, said = _read(tmp_path / "relative_loss.json")
    assert np.allclose(series["train_loss"], train) and np.allclose(series["val_loss"], val)
    assert any("'val' -> 'val_loss'" in m for m in said)


def test_two_json_lists_back_to_back(tmp_path):
    """masmusic214 training_data50.json: ``json.dump(train_losses, f); json.dump(val_losses, f)`` -- not found
    before (its run was missing)."""
    train, val = _train(20)
    with open(tmp_path / "training_data50.json", "w") as f:
        json.dump(train, f)
        json.dump(val, f)
    assert [r.id for r in discover(str(tmp_path))] == ["training_data50.json"]
    series, said = _read(tmp_path / "training_data50.json")
    assert np.allclose(series["train_loss"], train) and np.allclose(series["val_loss"], val)
    assert any("back to back" in m and "guessed" in m for m in said)


def test_two_json_lists_not_losses_say_why(tmp_path):
    """A loss list then a rising accuracy list, or three lists: one line, nothing read."""
    train, _ = _train(20)
    with open(tmp_path / "training_data.json", "w") as f:
        json.dump(train, f)
        json.dump([0.1 + 0.04 * i for i in range(20)], f)
    series, said = _read(tmp_path / "training_data.json")
    assert not series and any("training_data.json" in m and "nothing is read" in m for m in said)


def test_letter_split_npy_files_one_run(tmp_path):
    """musictf6248-214 baselineTF_300epoch/: ``np.save(f"t_loss_{tag}.npy", ..)`` + ``v_loss_{tag}.npy`` were two
    runs, the validation judged alone."""
    train, val = _train(15)
    np.save(tmp_path / "t_loss_baselineTF_300epoch.npy", np.array(train))
    np.save(tmp_path / "v_loss_baselineTF_300epoch.npy", np.array(val))
    runs = discover(str(tmp_path))
    assert [r.id for r in runs] == ["t_loss_baselineTF_300epoch.npy"]
    assert len(runs[0].files) == 2
    # a 'v' that is not before the metric word (a version) keeps two trainings apart
    other = tmp_path / "o"
    other.mkdir()
    np.save(other / "loss_v.npy", np.array(train))
    np.save(other / "loss_t.npy", np.array(val))
    assert len(discover(str(other))) == 2


def test_tag_prefixed_tables_log(tmp_path):
    """aewavenet214 vq/vq.log: ``M\\tStep\\tLoss..`` every 10 steps and ``S\\trec\\tl2..`` every step, the names
    only in two header lines -- "no line holds a loss" before."""
    train, _ = _train(40)
    lines = ["Starting training...", "M\tStep\tLoss\tAvProbTrg", "S\trec\tl2\tcom\tpeak_unq"]
    for step, loss in enumerate(train):
        lines.append(f"S\t{loss * 0.8:.3f}\t{loss * 0.1:.3f}\t{loss * 0.1:.3f}\ttensor([ 5,  8], device='cuda:0')")
        if step % 10 == 0:
            lines.append(f"M\t{step}\t{loss:.5f}\t0.00395")
    (tmp_path / "vq.log").write_text("\n".join(lines) + "\n")
    series, said = _read(tmp_path / "vq.log")
    assert np.allclose(series["Loss"], [round(train[s], 5) for s in range(0, 40, 10)], atol=1e-5)
    assert len(series["rec"]) == 40 and np.isclose(series["rec"][-1], round(train[-1] * 0.8, 3))
    assert any("tagged 'M', 'S'" in m for m in said)
    # a tab table that names no loss is no such log
    (tmp_path / "other.log").write_text("A\tx\ty\n" + "".join(f"A\t{i}\t{i * 2}\n" for i in range(5)))
    from loganalyzer.readers._joblog_tagtables import tagged_hits

    assert tagged_hits((tmp_path / "other.log").read_bytes(), 0, []) is None
