"""Stop 39, helper i18n39: logs written in the user's own language, a Keras history dumped as a Python repr, and a
CSV named like a training history with no column this tool can judge.

1. Column names / keys in Catalan, Italian, Portuguese, Spanish, German... (public tfgaudio ``training_log_ESC50.csv``:
   ``Epoca,Perdua,Accuracy,Items`` was `unknown` "no usable loss"); printed ``Época 3/10 - pérdida: 0.52`` lines and
   JSON histories with such keys too. ``precisión`` is the accuracy only where nothing names recall/F1/accuracy.
2. ``json.dump(str(history.history), f)``: one JSON string holding a Python dict repr (public agrohealth
   ``training_history.json``) was not discovered.
3. ``training_history.csv`` of numbers under ``clip,bias,...,total,...`` (public clipdebias): no run, one warning;
   now a run whose line says why nothing was judged.
"""
from __future__ import annotations

import json
import warnings

import pytest

import loganalyzer
from loganalyzer.readers import _latin_keys, _names_i18n


def _read(path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = loganalyzer.read_scalars(str(path), resolve=True)
    return frame, [str(w.message) for w in caught]


def _series(frame):
    return {tag: (list(g["step"]), [round(v, 4) for v in g["value"]]) for tag, g in frame.groupby("tag")}


def _scan(path):
    from loganalyzer.scan import scan

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return scan(str(path))


# --- 1. names in other languages ---------------------------------------------------------------------------------

ESC50 = """Epoca,Perdua,Accuracy,Items
1,3.703474941253662,0.075,1600
2,3.2328372955322267,0.144375,1600
3,2.8692295074462892,0.25,1600
4,2.562807331085205,0.304375,1600
5,2.3130,0.36375,1600
6,2.0941,0.42,1600
"""


def test_catalan_header_reads_epoch_and_loss(tmp_path):
    f = tmp_path / "training_log_ESC50.csv"
    f.write_text(ESC50)
    frame, notes = _read(f)
    series = _series(frame)
    assert series["loss"][0] == [1, 2, 3, 4, 5, 6]
    assert series["loss"][1][:2] == [3.7035, 3.2328]
    assert series["Accuracy"][1][0] == 0.075
    assert any("'Perdua' -> 'loss'" in n for n in notes)


@pytest.mark.parametrize("name, english", [
    ("pèrdua", "loss"), ("perdua", "loss"), ("perdita", "loss"), ("Pérdidas", "loss"), ("Verlust", "loss"),
    ("kerugian", "loss"), ("època", "epoch"), ("Epoca", "epoch"), ("Epochen", "epoch"), ("accuratezza", "accuracy"),
    ("acurácia", "accuracy"), ("akurasi", "accuracy"), ("perdita_validazione", "val_loss"),
    ("Pérdida de validación", "val_loss"), ("perte d'apprentissage", "train_loss"), ("validació pèrdua", "val_loss"),
    ("perda de treino", "train_loss"), ("taxa de aprendizagem", "lr"), ("Lernrate", "lr"),
])
def test_words_of_other_languages(name, english):
    assert _names_i18n.english(name) == english


@pytest.mark.parametrize("name", ["precision", "val_precision", "loss", "epoch", "Items", "pass", "total"])
def test_english_names_untouched(name):
    assert _names_i18n.english(name) is None


def test_precision_words_are_accuracy_only_alone():
    cols, changed = _names_i18n.translate(["época", "pérdida", "precisión", "val_pérdida", "val_precisión"])
    assert cols == ["epoch", "loss", "accuracy", "val_loss", "val_accuracy"]
    cols, _ = _names_i18n.translate(["época", "pérdida", "precisión", "recall", "f1"])
    assert cols[2] == "precisión"  # beside recall/F1 it is the precision metric
    cols, _ = _names_i18n.translate(["epoch", "loss", "accuracy", "précision"])
    assert cols[3] == "précision"  # an accuracy is there already
    assert _names_i18n.translate(["epoch", "loss", "precision"])[0][2] == "precision"  # English stays English


SPANISH_PRINTED = "".join(
    f"Época {e}/6 - pérdida: {2.0 / e:.4f} - precisión: {0.1 * e:.4f} - val_pérdida: {2.2 / e + 0.1:.4f} - "
    f"val_precisión: {0.09 * e:.4f}\n" for e in range(1, 7))


def test_printed_spanish_keras_like_lines(tmp_path):
    (tmp_path / "train.log").write_text(SPANISH_PRINTED, encoding="utf-8")
    frame, notes = _read(tmp_path)
    series = _series(frame)
    assert set(series) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert series["loss"] == ([1, 2, 3, 4, 5, 6], [2.0, 1.0, 0.6667, 0.5, 0.4, 0.3333])
    assert series["val_loss"][1][0] == 2.3
    assert series["accuracy"][1][-1] == 0.6
    assert any("not in English" in n for n in notes)


def test_printed_same_bytes_and_english_unchanged():
    data = SPANISH_PRINTED.encode("utf-8")
    out = _latin_keys.in_english(data)
    assert len(out) == len(data)  # padded: offsets unchanged
    assert out.decode().splitlines()[0].split() == ["Epoch", "1/6", "-", "loss:", "2.0000", "-", "accuracy:",
                                                    "0.1000", "-", "val_loss:", "2.3000", "-", "val_accuracy:",
                                                    "0.0900"]
    english = b"Epoch 1/6 - loss: 2.0 - precision: 0.3 - recall: 0.2\n" * 3
    assert _latin_keys.in_english(english) is english


def test_printed_catalan_key_value_and_precision_beside_recall(tmp_path):
    ca = tmp_path / "ca"
    ca.mkdir()
    (ca / "train.log").write_text("".join(
        f"Epoca [{e}/6] perdua={2.0 / e:.3f} exactitud={0.1 * e:.2f} perdua_validacio={2.2 / e + 0.1:.3f}\n"
        for e in range(1, 7)))
    assert loganalyzer.discover(str(ca))[0].format == "joblog"  # a printed log, not a space-separated CSV
    series = _series(_read(ca)[0])
    assert series["loss"][0] == [1, 2, 3, 4, 5, 6] and series["val_loss"][1][0] == 2.3
    assert series["accuracy"][1][-1] == 0.6
    es = tmp_path / "es"
    es.mkdir()
    (es / "train.log").write_text("".join(
        f"Época {e}/6 - pérdida: {2.0 / e:.4f} - precisión: 0.5 - recall: 0.4\n" for e in range(1, 7)))
    series = _series(_read(es)[0])
    assert "precisión" in series and "accuracy" not in series and "loss" in series


def test_json_history_in_italian(tmp_path):
    n = 8
    (tmp_path / "history.json").write_text(json.dumps({
        "perdita": [2 / (i + 1) for i in range(n)], "accuratezza": [0.1 * i for i in range(n)],
        "perdita_validazione": [2.2 / (i + 1) + 0.1 for i in range(n)]}))
    runs = loganalyzer.discover(str(tmp_path))
    assert len(runs) == 1 and runs[0].format == "json_history"  # not three "models"
    frame, notes = _read(tmp_path)
    assert set(_series(frame)) == {"loss", "accuracy", "val_loss"}
    assert any("'perdita' -> 'loss'" in n for n in notes)


# --- 2. a Keras history dumped as a Python dict repr --------------------------------------------------------------

HISTORY = {"loss": [1.2415851354599, 0.5107359290122986, 0.3838251531124115, 0.32558438181877136],
           "accuracy": [0.646083414554596, 0.8235284686088562, 0.8581554889678955, 0.8753374814987183],
           "val_loss": [0.6186950206756592, 0.4394691288471222, 0.36237379908561707, 0.3369351923465729]}


def test_json_string_of_a_dict_repr(tmp_path):
    f = tmp_path / "training_history.json"
    with open(f, "w") as out:
        json.dump(str(HISTORY), out)  # what the public script does
    assert f.read_text().startswith("\"{'loss': [1.2415851354599,")
    runs = loganalyzer.discover(str(tmp_path))
    assert [r.format for r in runs] == ["json_history"]
    frame, notes = _read(f)
    series = _series(frame)
    assert series["loss"] == ([0, 1, 2, 3], [1.2416, 0.5107, 0.3838, 0.3256])
    assert series["val_loss"][1][-1] == 0.3369
    assert any("Python dict's repr" in n and "json.dump(str(history.history), f)" in n for n in notes)


def test_bare_repr_with_nan_and_numpy_scalars(tmp_path):
    f = tmp_path / "history.json"
    f.write_text("{'loss': [1.0, 0.5, nan, 0.3], 'val_loss': [np.float64(1.1), np.float64(0.7), np.float64(0.6), "
                 "np.float64(inf)]}")
    frame, notes = _read(f)
    series = _series(frame)
    assert series["loss"][0] == [0, 1, 2, 3]
    assert str(series["loss"][1][2]) == "nan" and series["val_loss"][1][3] == float("inf")
    assert any("written bare" in n for n in notes)


def test_repr_of_calls_is_never_evaluated(tmp_path):
    f = tmp_path / "history.json"
    json.dump("{'loss': [__import__('os').getpid()]}", open(f, "w"))
    frame, _ = _read(f)
    assert frame.empty


# --- 3. a training history CSV with nothing to judge ----------------------------------------------------------------

CLIP = """clip,bias,consistency,pca,total,avg_bias,top1,top5,score
4.148090664730516,3.881003514178765e-05,7.692515272558559e-09,0.042173241135166135,4.152319635069648,0.029086749402007887,0.8440992095938948,0.9738348323793949,8.41190534653694
4.14809003264405,4.028492558750999e-05,5.034619509922058e-08,0.041547366569555086,4.152256845041763,0.029220383454646382,0.8440992095938948,0.9738348323793949,8.411771712484303
4.148088688074156,3.7563780350928725e-05,4.0639354393318245e-08,0.04163520926133145,4.1522634930388875,0.029196866947625372,0.8440992095938948,0.9738348323793949,8.411795228991323
"""


def test_history_csv_without_names_is_a_run_saying_why(tmp_path):
    (tmp_path / "training_history.csv").write_text(CLIP)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "metrics.csv").write_text("epoch,loss\n" + "".join(f"{i},{1 / (i + 1)}\n" for i in range(8)))
    runs = loganalyzer.discover(str(tmp_path))
    assert sorted(r.format for r in runs) == ["keras_csv", "unread"]
    result = _scan(tmp_path)
    row = next(r for r in result.runs if r.path.endswith("training_history.csv"))
    assert row.verdict == "unknown"
    text = row.analysis.summary
    assert "named like a training history" in text and "clip, bias" in text and "none is named like a step" in text


def test_other_csv_names_keep_their_warning(tmp_path):
    (tmp_path / "results_table.csv").write_text(CLIP)  # not named like a history: no run made
    assert loganalyzer.discover(str(tmp_path)) == []


# --- a rescan with the store (seen while checking the above: not a language fault) ---------------------------------

TORCHBOX = "".join(
    f"-----Epoch {e} / 3 \n Training loss: {0.7 / e} - Other training metrics: {{'accuracy_score': {0.5 + e / 20}, "
    f"'f1_score': {0.4 + e / 20}}} \n Validation loss : {0.68 / e + 0.1} - Other validation metrics:"
    f"{{'accuracy_score': {0.5 + e / 25}, 'f1_score': {0.45 + e / 25}}}\n" for e in range(1, 4))


def test_txt_log_known_by_its_head_survives_a_rescan(tmp_path):
    """public torchbox ``trial_1_20200616-0047.txt`` (no log name: a job log by its first bytes, ``progress_txt``):
    the second scan with the store answered the sniff from its cache, gave the job-log check no head, and lost it."""
    run_dir = tmp_path / "logs"
    run_dir.mkdir()
    (run_dir / "trial_1_20200616-0047.txt").write_text(TORCHBOX)
    from loganalyzer.scan import scan

    store = f"sqlite:///{tmp_path / 'store.sqlite'}"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        first = scan(str(run_dir), store=store)
        second = scan(str(run_dir), store=store)
    assert [r.format for r in first.runs] == ["joblog"]
    assert [r.format for r in second.runs] == ["joblog"]
