"""Column names of a metrics CSV written in another language than English: the commonest words for step, epoch,
loss, accuracy, learning rate and the splits in Chinese (simplified and traditional), Japanese, Korean, Spanish,
Portuguese, Catalan, French, Italian, German, Russian, Turkish, Indonesian and Vietnamese, accented and in ASCII,
read as the English names the readers and ``curves_names`` understand (``步骤,损失,准确率`` -> ``step,loss,accuracy``;
``pérdida de validación`` -> ``val_loss``; public tfgaudio ``training_log_ESC50.csv``: ``Epoca,Perdua,Accuracy,Items``,
Catalan, -> ``epoch,loss,Accuracy,Items``). A name with no such word is left as it is; no English ML word is here.

The split word goes first (``val_loss``) whatever the language's order; function words (``de``, ``der``, ...) are
dropped. Ambiguous words (Spanish/French ``precisión``/``précision``, which name precision as often as accuracy)
are read as accuracy only where nothing beside them names recall, F1 or another accuracy (``context_accuracy``).
"""
from __future__ import annotations

import functools
import re

# Words (lower case) -> the English word. CJK words are found inside a name (no spaces there); the others whole.
_CJK = {
    # step / iteration
    "步骤": "step", "步驟": "step", "步数": "step", "步數": "step", "迭代次数": "iteration", "迭代": "iteration",
    "ステップ": "step", "イテレーション": "iteration", "反復": "iteration", "스텝": "step", "단계": "step",
    "반복": "iteration",
    # epoch
    "轮次": "epoch", "輪次": "epoch", "训练轮数": "epoch", "轮数": "epoch", "輪數": "epoch", "周期": "epoch",
    "週期": "epoch", "エポック": "epoch", "에폭": "epoch", "에포크": "epoch",
    # loss
    "损失值": "loss", "損失值": "loss", "损失": "loss", "損失": "loss", "ロス": "loss", "손실": "loss",
    # accuracy
    "准确率": "accuracy", "準確率": "accuracy", "准确度": "accuracy", "準確度": "accuracy", "正确率": "accuracy",
    "正確率": "accuracy", "精度": "accuracy", "正解率": "accuracy", "정확도": "accuracy",
    # learning rate
    "学习率": "lr", "學習率": "lr", "学習率": "lr", "학습률": "lr",
    # splits
    "训练": "train", "訓練": "train", "学習": "train", "훈련": "train", "학습": "train", "验证": "val",
    "驗證": "val", "検証": "val", "검증": "val", "测试": "test", "測試": "test", "テスト": "test", "테스트": "test",
}
_WORDS = {
    # German compounds of a split and its measure, one word (``Trainingsverlust``, ``Validierungsgenauigkeit``: a
    # newcomer breaker's German Keras-style print, no key known, nothing read)
    "trainingsverlust": "train loss", "trainverlust": "train loss", "validierungsverlust": "val loss",
    "validationsverlust": "val loss", "testverlust": "test loss", "trainingsgenauigkeit": "train accuracy",
    "validierungsgenauigkeit": "val accuracy", "validationsgenauigkeit": "val accuracy",
    "testgenauigkeit": "test accuracy",
    # step / iteration
    "paso": "step", "pasos": "step", "passo": "step", "passos": "step", "étape": "step", "etape": "step",
    "schritt": "step", "шаг": "step", "adım": "step", "adim": "step", "bước": "step", "iteración": "iteration",
    "iteracion": "iteration", "iteração": "iteration", "iteracao": "iteration", "itération": "iteration",
    "итерация": "iteration", "iterasyon": "iteration", "iteració": "iteration", "iteracio": "iteration",
    "iterazione": "iteration", "iterasi": "iteration", "langkah": "step", "lernschritt": "step",
    # Polish (public lightgcn107 training_logs.txt: ``Epoka 0 | Krok 100/356 | ..``, ``[Epoka 0] Średni loss: 0.69``)
    "krok": "step", "kroki": "step", "iteracja": "iteration", "średni": "mean", "sredni": "mean", "średnia": "mean",
    "srednia": "mean",
    # epoch
    "época": "epoch", "epoca": "epoch", "épocas": "epoch", "époque": "epoch", "epoque": "epoch", "epoche": "epoch",
    "эпоха": "epoch", "эпохи": "epoch", "epok": "epoch", "epocas": "epoch", "època": "epoch", "èpoques": "epoch",
    "epoques": "epoch", "époques": "epoch", "epochen": "epoch", "epoka": "epoch",
    # loss
    "pérdida": "loss", "perdida": "loss", "perda": "loss", "perte": "loss", "verlust": "loss", "потеря": "loss",
    "потери": "loss", "лосс": "loss", "kayıp": "loss", "kayip": "loss", "pérdidas": "loss", "perdidas": "loss",
    "perdas": "loss", "pèrdua": "loss", "perdua": "loss", "pèrdues": "loss", "perdues": "loss", "pertes": "loss",
    "perdita": "loss", "perdite": "loss", "verluste": "loss", "kerugian": "loss",
    # accuracy
    "exactitud": "accuracy", "acurácia": "accuracy", "acuracia": "accuracy", "exactitude": "accuracy",
    "genauigkeit": "accuracy", "точность": "accuracy", "doğruluk": "accuracy", "dogruluk": "accuracy",
    "exatidão": "accuracy", "exatidao": "accuracy", "accuratezza": "accuracy", "akurasi": "accuracy",
    "treffsicherheit": "accuracy", "dokładność": "accuracy", "dokladnosc": "accuracy",
    # splits
    "entrenamiento": "train", "treino": "train", "treinamento": "train", "entraînement": "train",
    "entrainement": "train", "обучение": "train", "обучения": "train", "тренировка": "train", "eğitim": "train",
    "egitim": "train", "validación": "val", "validacion": "val", "validação": "val", "validacao": "val",
    "validierung": "val", "валидация": "val", "валидации": "val", "doğrulama": "val", "dogrulama": "val",
    "entreno": "train", "entrenament": "train", "addestramento": "train", "allenamento": "train",
    "apprentissage": "train", "pelatihan": "train", "validació": "val", "validacio": "val", "validazione": "val",
    "convalida": "val", "validasi": "val", "evaluación": "val", "evaluacion": "val", "avaliação": "val",
    "avaliacao": "val", "valutazione": "val", "évaluation": "val",
    "prueba": "test", "pruebas": "test", "тест": "test", "teste": "test", "prova": "test", "pengujian": "test",
    "uji": "test", "trening": "train", "treningu": "train", "treningowa": "train", "walidacja": "val",
    "walidacji": "val", "walidacyjna": "val", "testowa": "test",
}
# Words that name accuracy in a student's log as often as precision (Spanish ``precisión`` is what Keras's
# ``accuracy`` is called in Spanish courses; sklearn's Spanish docs call precision so too): read as accuracy only
# when nothing beside them names precision's companions (recall, F1) or another accuracy (``_context_accuracy``).
# The English/ASCII spelling ``precision`` is never here: it stays the precision metric.
_PRECISION = frozenset({"precisión", "précision", "precisão", "precisió", "precisione", "presisi"})
_COMPANIONS = re.compile(r"recall|rappel|exhaustividad|sensibilidad|sensibilidade|revoca|richiamo|sensitivity|"
                         r"f1|f_score|fscore|f-score|f_measure|accuracy|exactitud|acur[aá]cia|accuratezza|genauigkeit|"
                         r"akurasi|exactitude", re.IGNORECASE)
# several words: Vietnamese, rates (matched on the name's words joined by one space)
_PHRASES = {
    "mất mát": "loss", "độ chính xác": "accuracy", "huấn luyện": "train", "kiểm định": "val", "xác thực": "val",
    "kiểm tra": "test", "tasa de aprendizaje": "lr", "taxa de aprendizado": "lr", "taux d'apprentissage": "lr",
    "скорость обучения": "lr", "öğrenme oranı": "lr", "tasso di apprendimento": "lr", "taxa d'aprenentatge": "lr",
    "taxa de aprendizagem": "lr", "laju pembelajaran": "lr", "lernrate": "lr",
}
_DROP = frozenset({"de", "do", "da", "del", "la", "le", "el", "der", "des", "die", "d", "of", "en", "em", "на", "di", "della", "dello",
                   "dels", "von"})
_SPLITS = ("train", "val", "test")
_CJK_ORDER = sorted(_CJK, key=len, reverse=True)
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


@functools.lru_cache(maxsize=4096)  # a tree's files repeat a few headers: each name worked out once
def english(name: str, precision_is_accuracy: bool = False) -> str | None:
    """The English name of a column named in another language (words joined by ``_``, the split first); None when
    the name holds none of the known words. ``precision_is_accuracy``: ``precisión`` & co. (``_PRECISION``) name the
    accuracy here (``_context_accuracy``)."""
    text = name.strip().lower()
    found = False
    for phrase, word in _PHRASES.items():
        if phrase in text:
            text, found = text.replace(phrase, f" {word} "), True
    for term in _CJK_ORDER:
        if term in text:
            text, found = text.replace(term, f" {_CJK[term]} "), True
    words = []
    for token in _TOKEN.findall(text):
        if token in _WORDS:
            token, found = _WORDS[token], True
        elif precision_is_accuracy and token in _PRECISION:
            token, found = "accuracy", True
        if token not in _DROP:
            words.extend(token.split())  # (a compound's two words: 'val loss')
    if not found or not words:
        return None
    splits = [w for w in words if w in _SPLITS]
    rest = [w for w in words if w not in _SPLITS]
    return "_".join(splits[:1] + rest) if rest else "_".join(splits)


def context_accuracy(names) -> bool:
    """Whether ``precisión``/``précision``/``precisão``/``precisió``/``precisione`` among ``names`` (a header's columns,
    a printed line's keys) name the accuracy: one of them is there and nothing names recall, F1 or another accuracy
    (``epoca,pérdida,precisión,val_pérdida,val_precisión``: a Spanish course's Keras history; beside ``recall`` it is
    the precision metric and stays as it is)."""
    lowered = [str(n).lower() for n in names]
    if not any(t in _PRECISION for n in lowered for t in _TOKEN.findall(n)):
        return False
    return not any(_COMPANIONS.search(n) for n in lowered)


# counter names long enough that one slip of the keyboard names nothing else (public s3fdrepvgg122 train_loss.csv
# ``eporch,iteration,loss_val,...``: the epoch column unseen, its restarting ``iteration`` made 90 runs of one)
_COUNTERS = ("epoch", "iteration")


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` is ``b`` with one letter added, dropped, changed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1])
    return a[i + 1:] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1:]


def misspelt_counter(name: str) -> str | None:
    """The counter (``epoch``, ``iteration``) a whole column name misspells by one letter (``eporch``, ``epcoh``,
    ``iteraton``); None for any other name, the counter itself and its plural."""
    text = name.strip().lower()
    if len(text) < 5 or not text.isalpha():
        return None
    return next((c for c in _COUNTERS if text != c + "s" and _one_edit(text, c)), None)


def translate(columns: list[str]) -> tuple[list[str], dict[str, str]]:
    """(the columns with foreign names made English, a misspelt counter named right (``misspelt_counter``),
    {original: English} of those changed). A translation that would repeat a name already in the header is not
    made."""
    out, changed = list(columns), {}
    accuracy = context_accuracy(columns)
    for i, c in enumerate(columns):
        new = (english(c, accuracy) or misspelt_counter(c)) if c else None
        if new and new != c and new not in out:
            out[i], changed[c] = new, new
    return out, changed


def translate_keys(obj):
    """(``obj`` with the keys of a dict of lists, or of each row of a list of dicts, made English as ``translate``
    makes a header's: ``{"perdita": [..], "accuratezza": [..]}`` -> ``{"loss": [..], "accuracy": [..]}``, {original:
    English} of those changed); ``obj`` itself, {} when no key is foreign (a JSON history's keys: ``json_history``)."""
    if isinstance(obj, dict) and obj and all(isinstance(v, list) for v in obj.values()):
        new, changed = translate(list(obj))
        return (dict(zip(new, obj.values())), changed) if changed else (obj, {})
    if isinstance(obj, list) and obj and all(isinstance(r, dict) for r in obj):
        keys = list(dict.fromkeys(k for r in obj for k in r))
        new, changed = translate(keys)
        if not changed:
            return obj, {}
        return [{changed.get(k, k): v for k, v in r.items()} for r in obj], changed
    return obj, {}


def keys_in_english(obj, path: str, problems: list):
    """``translate_keys``' ``obj``, a problem line naming the keys changed added to ``problems``."""
    obj, changed = translate_keys(obj)
    if changed:
        from ..runs import Problem

        problems.append(Problem(path, "keys not in English read as " + ", ".join(f"{a!r} -> {b!r}"
                                                                               for a, b in changed.items())))
    return obj


_KNOWN_ASCII = frozenset(w for w in _WORDS if w.isascii())


def in_english(name: str) -> str:
    """A series name with each word of another language known here put in English where it stands (separators and
    the other words kept): ``loss validación`` -> ``loss_val_``, ``loss_entrenamiento`` -> ``loss_train``. For the
    role words of ``curves_names`` (a printed Spanish log's ``loss validación`` was a component of the training loss,
    not the validation split). A name with no such word comes back unchanged."""
    if name.isascii() and not any(t.lower() in _KNOWN_ASCII for t in _TOKEN.findall(name)):
        return name
    text = name
    if any(phrase in name.lower() for phrase in _PHRASES):
        text = name.lower()
        for phrase, word in _PHRASES.items():
            text = text.replace(phrase, f"_{word}_")
    for term in _CJK_ORDER:
        if term in text:
            text = text.replace(term, f"_{_CJK[term]}_")
    return _TOKEN.sub(lambda m: _WORDS.get(m.group(0).lower(), m.group(0)), text)


# Error measures spelled out, as Keras names a metric given by its function (``metrics=['mean_squared_error']`` logs
# ``mean_squared_error`` / ``val_mean_squared_error``) and hand-written headers do (public neuralnetqt108
# ``epoch_log.csv``: ``Percent Good,Mean Squared Error,``): the abbreviations the readers and ``curves_names`` know.
# Longest first (``root mean squared error`` is rmse, not root + mse).
_SPELLED = ((("root", "mean", "squared", "error"), "rmse"), (("root", "mean", "square", "error"), "rmse"),
            (("mean", "squared", "error"), "mse"), (("mean", "square", "error"), "mse"),
            (("mean", "absolute", "error"), "mae"))


def abbreviated(words: list[str]) -> list[str]:
    """``words`` (lower case, in order) with each spelled-out error measure (``_SPELLED``) made its abbreviation:
    [val, mean, squared, error] -> [val, mse]; the list itself when none is there."""
    if "error" not in words:
        return words
    out, i = [], 0
    while i < len(words):
        for phrase, short in _SPELLED:
            if tuple(words[i:i + len(phrase)]) == phrase:
                out.append(short)
                i += len(phrase)
                break
        else:
            out.append(words[i])
            i += 1
    return out


_LONE_L = re.compile(r"(?<![A-Za-z0-9])L(?![A-Za-z0-9])")
# COCO's area buckets: ``AP (L)``, ``AR (M)`` (mmpose / xtcocotools' stats names), ``AP_L`` -- the L of "large", not a
# loss (public open liwei169 / roger169 RTMPose runs: ``val/coco/AP (L)`` had been taken as the validation loss, the
# runs `overfit` 0.97 as it "never improved on its first evaluation" 0.016 while it rose to 0.737)
_AREA_BEFORE = re.compile(r"(?i)(?<![A-Za-z])m?A[PR]\d*[\s_(\-]*$")


def lone_l(name: str) -> str:
    """``name`` with each capital L standing alone made ``loss`` (paper notation), but a COCO area bucket's."""
    return _LONE_L.sub(lambda m: m.group(0) if _AREA_BEFORE.search(name, 0, m.start()) else "loss", name)
