"""Runs trained with Keras 3 (torch backend) and written by the CSVLogger callback or Keras's own verbose=2 stdout.
(The Keras 3 TensorBoard callback needs TensorFlow, which is not installed here.)"""
import contextlib
import os

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras
import numpy as np
import torch

from common import classification, digits, moons, seed_all

torch.set_num_threads(1)
L = keras.layers


def np_data(data):
    return (data["Xtr"].numpy(), data["ytr"].numpy(), data["Xva"].numpy(), data["yva"].numpy())


def model(d_in, d_out, hidden, act="relu", **kw):
    layers = [keras.Input((d_in,))] + [L.Dense(h, activation=act, **kw) for h in hidden] + [L.Dense(d_out)]
    return keras.Sequential(layers)


def compile_fit(m, data, d, opt, epochs, bs=64, callbacks=(), csv=True, verbose=0, log_name="training.log"):
    Xtr, ytr, Xva, yva = np_data(data)
    m.compile(optimizer=opt, loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
    cbs = list(callbacks)
    if csv:
        cbs.append(keras.callbacks.CSVLogger(os.path.join(d, log_name)))
    m.fit(Xtr, ytr, validation_data=(Xva, yva), epochs=epochs, batch_size=bs, callbacks=cbs, verbose=verbose)


def h_moons(d):
    seed_all(41)
    keras.utils.set_random_seed(41)
    data = moons(n=2000, noise=0.25, seed=41)
    compile_fit(model(2, 2, (32, 32)), data, d, keras.optimizers.Adam(5e-3), epochs=60, bs=32)


def h_keras_digits(d):
    seed_all(42)
    keras.utils.set_random_seed(42)
    data = digits(seed=42)
    m = model(64, 10, (128,), kernel_regularizer=keras.regularizers.L2(1e-4))
    cb = [keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=3, verbose=1),
          keras.callbacks.EarlyStopping(monitor="val_loss", patience=6, restore_best_weights=True, verbose=1)]
    with open(os.path.join(d, "train.log"), "w") as f, contextlib.redirect_stdout(f):
        print("Keras", keras.__version__, "backend", keras.backend.backend())
        compile_fit(m, data, d, keras.optimizers.Adam(1e-3), epochs=40, bs=32, callbacks=cb, csv=False, verbose=2)


def u_lowlr(d):
    seed_all(43)
    keras.utils.set_random_seed(43)
    data = classification(n=3000, k=6, seed=43, sep=1.5)
    compile_fit(model(20, 6, (64, 64)), data, d, keras.optimizers.SGD(2e-3), epochs=40, bs=64)


def o_keras_small(d):
    seed_all(44)
    keras.utils.set_random_seed(44)
    data = classification(n=1500, k=3, seed=44, n_train=120, sep=0.9)
    compile_fit(model(20, 3, (512, 512)), data, d, keras.optimizers.Adam(1e-3), epochs=150, bs=32)


def d_collapse(d):
    seed_all(45)
    keras.utils.set_random_seed(45)
    data = digits(seed=45)
    sched = keras.callbacks.LearningRateScheduler(lambda e, lr: 1e-3 if e < 15 else 0.5)  # 'fine-tune' stage typo
    compile_fit(model(64, 10, (128, 128)), data, d, keras.optimizers.Adam(1e-3), epochs=35, bs=32,
                callbacks=[sched])


def s_deadrelu(d):
    seed_all(46)
    keras.utils.set_random_seed(46)
    data = digits(seed=46)
    kw = dict(kernel_initializer=keras.initializers.RandomNormal(stddev=0.01),
              bias_initializer=keras.initializers.Constant(-3.0))
    compile_fit(model(64, 10, (128, 128), **kw), data, d, keras.optimizers.Adam(1e-3), epochs=30, bs=32)


RUNS = {
    "h_moons": (h_moons, "Keras CSVLogger"),
    "h_keras_digits": (h_keras_digits, "Keras verbose=2 stdout"),
    "u_lowlr": (u_lowlr, "Keras CSVLogger"),
    "o_keras_small": (o_keras_small, "Keras CSVLogger"),
    "d_collapse": (d_collapse, "Keras CSVLogger"),
    "s_deadrelu": (s_deadrelu, "Keras CSVLogger"),
}
