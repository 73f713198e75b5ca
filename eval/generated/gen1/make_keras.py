"""Keras 3 (torch backend) runs: CSVLogger callback (the TensorBoard callback needs tensorflow, not installed).
Usage: KERAS_BACKEND=torch PYTHONPATH=/work/gen1/pylib python make_keras.py [name...]"""
import os, sys, time
os.environ.setdefault("KERAS_BACKEND", "torch")
from common import *
import keras
from keras import layers, regularizers

RUNS_ = {}
def run(name):
    def deco(f):
        RUNS_[name] = f; return f
    return deco


def cb(name, d):
    if name.endswith("_csv"):
        return keras.callbacks.CSVLogger(os.path.join(d, "training.log"))
    return keras.callbacks.TensorBoard(log_dir=os.path.join(d, "logs"))


def np_(data):
    return [t.numpy() for t in data]


@run("krs_digits_csv")
def _(name, d):
    keras.utils.set_random_seed(50)
    Xtr, ytr, Xva, yva = np_(digits(50))
    m = keras.Sequential([keras.Input((64,)), layers.Dense(64, activation="relu"), layers.Dense(10, activation="softmax")])
    m.compile(keras.optimizers.Adam(1e-3), "sparse_categorical_crossentropy", metrics=["accuracy"])
    m.fit(Xtr, ytr, validation_data=(Xva, yva), epochs=30, batch_size=32, verbose=0, callbacks=[cb(name, d)])


@run("krs_digits_subset_csv")
def _(name, d):
    keras.utils.set_random_seed(51)
    Xtr, ytr, Xva, yva = np_(digits(51, n_train=150, label_noise=0.1))
    m = keras.Sequential([keras.Input((64,)), layers.Dense(512, activation="relu"), layers.Dense(512, activation="relu"),
                          layers.Dense(10, activation="softmax")])
    m.compile(keras.optimizers.Adam(1e-3), "sparse_categorical_crossentropy", metrics=["accuracy"])
    m.fit(Xtr, ytr, validation_data=(Xva, yva), epochs=120, batch_size=16, verbose=0, callbacks=[cb(name, d)])


@run("krs_digits_l2_csv")
def _(name, d):
    keras.utils.set_random_seed(52)
    Xtr, ytr, Xva, yva = np_(digits(52))
    r = regularizers.L2(0.3)
    m = keras.Sequential([keras.Input((64,)), layers.Dense(128, activation="relu", kernel_regularizer=r),
                          layers.Dense(10, activation="softmax", kernel_regularizer=r)])
    m.compile(keras.optimizers.Adam(1e-3), "sparse_categorical_crossentropy", metrics=["accuracy"])
    m.fit(Xtr, ytr, validation_data=(Xva, yva), epochs=30, batch_size=32, verbose=0, callbacks=[cb(name, d)])


@run("krs_regression_raw_target_csv")
def _(name, d):
    keras.utils.set_random_seed(53)
    X, y = make_regression(2000, 12, n_informative=8, noise=10.0, random_state=53)   # target NOT standardised (std~150)
    X = StandardScaler().fit_transform(X).astype("float32"); y = y.astype("float32")
    m = keras.Sequential([keras.Input((12,)), layers.Dense(64, activation="relu"), layers.Dense(1)])
    m.compile(keras.optimizers.SGD(0.01, momentum=0.9), "mse", metrics=["mae"])
    m.fit(X[:1500], y[:1500], validation_data=(X[1500:], y[1500:]), epochs=25, batch_size=32, verbose=0,
          callbacks=[cb(name, d)])


if __name__ == "__main__":
    for n in sys.argv[1:] or list(RUNS_):
        t = time.time(); d = run_dir(n); RUNS_[n](n, d); print(n, f"{time.time() - t:.1f}s", flush=True)
