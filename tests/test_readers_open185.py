"""Stop 64: reader faults named by the blind labellers of sets 185 (speech recognition / keyword spotting) and 189
(audio / music classification), opened at this stop. Each kind is tested on a file its real writer (or the writer's
documented shape) wrote here and, where the checkout has it, on the public run that showed it."""
from __future__ import annotations

import base64
import json
import math
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import public_run as _public  # noqa: E402

import loganalyzer  # noqa: E402


def _read(path) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return loganalyzer.read_scalars(str(path), resolve=True)


def _series(df: pd.DataFrame, tag: str) -> pd.DataFrame:
    return df[df.tag == tag].sort_values("step")


def _runs(folder) -> list:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return loganalyzer.discover(str(folder))


def test_a_results_json_with_a_confusion_matrix_before_its_history_is_found(tmp_path):
    """``json.dump(recap, f, indent=4)`` of a Keras project's results (public hdakws185 results_recap.json): final
    scores, a 37x37 confusion matrix ``cm`` one number a line (~10 KB past the sniffed head), then
    ``history_train``/``history_val`` dicts of per-epoch lists. The file was no run while a sibling with a smaller
    matrix was read; now its history lists are read under their dict's name."""
    rng = np.random.default_rng(0)
    recap = {"model_name": "VAN_opa1", "results_recap_version": "001", "loss": 0.17, "categorical_accuracy": 0.95,
             "cm": rng.integers(0, 400, size=(37, 37)).tolist(), "fscore": 0.94,
             "history_train": {"loss": [1.0 / (e + 1) for e in range(15)],
                               "categorical_accuracy": [0.5 + e / 40 for e in range(15)]},
             "history_val": {"val_loss": [1.1 / (e + 1) for e in range(15)]}}
    path = tmp_path / "run" / "results_recap.json"
    path.parent.mkdir()
    path.write_text(json.dumps(recap, indent=4))
    assert path.read_text().index('"history_train"') > 8192  # past the sniffed head
    assert [r.format for r in _runs(path.parent)] == ["json_history"]
    df = _read(path)
    loss = _series(df, "history_train/loss")
    assert loss.step.tolist() == list(range(15)) and np.allclose(loss.value, [1.0 / (e + 1) for e in range(15)])
    assert len(_series(df, "history_val/val_loss")) == 15

    # a JSON dict of final numbers and a matrix alone is still no run
    path.write_text(json.dumps({k: recap[k] for k in ("model_name", "loss", "cm")}, indent=4))
    assert _runs(path.parent) == []

    public = _public("hdakws185__VAN_opa1_lr03_bs32_en15_dsmel04L_wLTBallLS")
    assert len(_runs(public)) == 1
    assert len(_series(_read(public / "results_recap.json"), "history_val/val_loss")) == 15


def _plotly_figure(traces: list[dict]) -> str:
    """A figure's JSON by plotly itself when installed (``plotly.io.to_json``), else its documented shape."""
    try:
        import plotly.graph_objects as go
    except ModuleNotFoundError:
        return json.dumps({"data": [dict(t, type="scatter") for t in traces], "layout": {"title": {"text": "h"}}})
    return go.Figure([go.Scatter(**t) for t in traces]).to_json()


def test_a_plotly_figure_or_trace_list_is_a_history(tmp_path):
    """A history saved as plotly traces (public arabcmd185 history.json ``[{"x": [0..74], "y": [..], "type":
    "scatter", "name": "train_loss"}, ..]``) was read as rows of dicts: 0 points, `unknown`. Each trace is now a
    series named by its ``name``, at its whole-number ``x``; the figure JSON (``{"data": [..], "layout": ..}``) too."""
    epochs = list(range(20))
    traces = [{"x": epochs, "y": [2.0 / (e + 1) for e in epochs], "name": "train_loss"},
              {"x": epochs, "y": [2.2 / (e + 1) + 0.05 for e in epochs], "name": "validate_loss"},
              {"x": epochs, "y": [40.0 + 2 * e for e in epochs], "name": "train_acc"}]
    listed = tmp_path / "a" / "history.json"
    listed.parent.mkdir()
    listed.write_text(json.dumps([dict(t, type="scatter") for t in traces]))
    figure = tmp_path / "b" / "history.json"
    figure.parent.mkdir()
    figure.write_text(_plotly_figure(traces))
    for path in (listed, figure):
        assert [r.format for r in _runs(path.parent)] == ["json_history"]
        df = _read(path)
        assert sorted(df.tag.unique()) == ["train_acc", "train_loss", "validate_loss"]
        loss = _series(df, "validate_loss")
        assert loss.step.tolist() == epochs and math.isclose(loss.value.iloc[-1], 2.2 / 20 + 0.05)

    public = _public("arabcmd185__history")
    assert len(_series(_read(public / "history.json"), "validate_loss")) == 75


def test_a_header_with_a_doubled_tab_has_no_empty_name(tmp_path):
    """``f.write("epoch\\tloss\\t\\tval_loss\\n")`` over rows of three cells (public kwsctc185 hist.txt): a series
    named '' held the validation losses and ``val_loss`` none. The empty name is the header's padding: dropped,
    said; a header whose rows do fill its empty name is left alone."""
    path = tmp_path / "hist.txt"
    with open(path, "w") as f:
        f.write("epoch\tloss\t\tval_loss\n")
        for e in range(12):
            f.write(f"{e}\t{10.0 / (e + 1):.4e}\t{11.0 / (e + 1):.4e}\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = loganalyzer.read_scalars(str(path), resolve=True)
    assert sorted(df.tag.unique()) == ["loss", "val_loss"]
    assert np.allclose(_series(df, "val_loss").value, [11.0 / (e + 1) for e in range(12)], rtol=1e-4)
    assert any("empty name" in str(w.message) and "hist.txt" in str(w.message) for w in caught)

    filled = tmp_path / "filled.txt"  # four cells a row: the unnamed column is a column
    filled.write_text("epoch\tloss\t\tval_loss\n" + "".join(f"{e}\t{1.0 / (e + 1)}\t7\t{1.1 / (e + 1)}\n"
                                                           for e in range(12)))
    assert "val_loss" in set(_read(filled).tag) and np.allclose(_series(_read(filled), "val_loss").value,
                                                                [1.1 / (e + 1) for e in range(12)])


_KERAS3_BAR = ("\x1b[1m53/53\x1b[0m \x1b[32m━━━━━━━━━━━━━━━━━━━━\x1b[0m\x1b[37m\x1b[0m \x1b[1m37s\x1b[0m 648ms/step"
               " - accuracy: {acc:.4f} - loss: {loss:.4f} - val_accuracy: {vacc:.4f} - val_loss: {vloss:.4f}\n")


def _notebook(cells: list[dict]) -> str:
    """An nbformat-4 notebook's JSON, by nbformat when installed, else by its documented v4 schema."""
    try:
        import nbformat
        from nbformat.v4 import new_code_cell, new_notebook, new_output
    except ModuleNotFoundError:
        return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
            {"cell_type": "code", "execution_count": i + 1, "id": f"c{i}", "metadata": {}, "source": c["source"],
             "outputs": [dict(o) for o in c["outputs"]]} for i, c in enumerate(cells)]})
    nb = new_notebook(cells=[new_code_cell(c["source"], outputs=[new_output(**o) for o in c["outputs"]])
                             for c in cells])
    return nbformat.writes(nb)


def test_a_keras3_notebook_whose_plots_come_first_is_found(tmp_path):
    """A Keras 3 notebook (public sccnn185): spectrogram plots (base64 PNGs, ~550 KB) before the ``model.fit`` cell
    whose bars carry colour escapes. Discovery looked at the first 256 KiB only: no run. Now a head with no
    progress is looked at again further; the bars are read."""
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + np.random.default_rng(1).bytes(140_000)).decode()
    plots = [{"output_type": "display_data", "data": {"image/png": png, "text/plain": "<Figure size 640x480>"},
              "metadata": {}} for _ in range(3)]
    bars = "".join(f"Epoch {e + 1}/10\n" + _KERAS3_BAR.format(acc=0.6 + e / 30, loss=0.9 / (e + 1),
                                                               vacc=0.8 + e / 100, vloss=0.5 - e / 50)
                   for e in range(10))
    path = tmp_path / "kws" / "Speech_Commands.ipynb"
    path.parent.mkdir()
    path.write_text(_notebook([
        {"source": "plot_waveforms()", "outputs": plots},
        {"source": "history = model.fit(train_ds, validation_data=val_ds, epochs=10)",
         "outputs": [{"output_type": "stream", "name": "stdout", "text": bars}]}]))
    assert path.read_bytes().index(b"Epoch 1/10") > 1 << 18
    assert [r.format for r in _runs(path.parent)] == ["notebook"]
    df = _read(path)
    assert _series(df, "val_loss").step.tolist() == list(range(1, 11))
    assert np.allclose(_series(df, "loss").value, [round(0.9 / (e + 1), 4) for e in range(10)])

    public = _public("sccnn185__Speech_Commands_Classification")
    assert len(_runs(public)) == 1


def test_a_capitalised_loss_name_is_read(tmp_path):
    """``print(f"Epoch {epoch}, TLOSS {loss:.6f}, LR {lr:.6f} ")`` (public speechenh189 exp1 scores.txt): "no line
    names a loss", no run. A loss name in capitals (``TLOSS``, ``VAL_LOSS``) is a loss name."""
    path = tmp_path / "exp1" / "scores.txt"
    path.parent.mkdir()
    with open(path, "w") as f:
        for epoch in range(1, 31):
            print(f"Epoch {epoch}, TLOSS {0.5 / epoch:.6f}, LR {0.001 * 0.9 ** (epoch // 5):.6f} ", file=f)
    assert len(_runs(path.parent)) == 1
    df = _read(path)
    assert _series(df, "TLOSS").step.tolist() == list(range(1, 31))
    assert np.allclose(_series(df, "TLOSS").value, [round(0.5 / e, 6) for e in range(1, 31)])

    assert len(_runs(_public("speechenh189__exp1"))) == 1


def test_a_duration_after_in_is_no_series(tmp_path):
    """``print(f"Epoch: {e}, Train Loss: {l:.2f}, .. Validation WER: {w:.2f} in {t:.2f} secs")`` (public nepasr185):
    the epoch's time was a series ``in``. A number a preposition leads and a time unit follows is a duration."""
    path = tmp_path / "output.txt"
    with open(path, "w") as f:
        for e in range(1, 13):
            print(f"Epoch: {e}, Train Loss: {80 / e:.2f}, Validation Loss: {40 / e:.2f}, Validation CER: "
                  f"{5 / e:.2f}, Validation WER: {8 / e:.2f} in {850 + e:.2f} secs", file=f)
    df = _read(path)
    assert sorted(df.tag.unique()) == ["Train_Loss", "Validation_CER", "Validation_Loss", "Validation_WER"]
    assert _series(df, "Validation_Loss").step.tolist() == list(range(1, 13))
