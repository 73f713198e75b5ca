# Keras fit(verbose=1) bars (final redraw) with ModelCheckpoint/EarlyStopping messages and a custom callback
# printing 'val acc: .., best val acc: ..' and at the end 'Test accuracy: ..'
import os, math
d = os.path.dirname(os.path.abspath(__file__)); f = open(os.path.join(d, "train_log.txt"), "w")
best = 0
for e in range(1, 13):
    l = 1.0*math.exp(-e/4)+0.25; vl = 0.9*math.exp(-e/4)+0.33+0.04*max(0, e-8)
    a = 1-l/1.5; va = 1-vl/1.5
    print(f"Epoch {e}/12", file=f)
    print(f"1563/1563 [==============================] - 12s 8ms/step - loss: {l:.4f} - accuracy: {a:.4f} - val_loss: {vl:.4f} - val_accuracy: {va:.4f}", file=f)
    if va > best:
        print(f"\nEpoch {e:05d}: val_accuracy improved from {best:.5f} to {va:.5f}, saving model to best.h5", file=f); best = va
    else:
        print(f"\nEpoch {e:05d}: val_accuracy did not improve from {best:.5f}", file=f)
    print(f"val acc: {va:.4f}, best val acc: {best:.4f}", file=f)
print("Restoring model weights from the end of the best epoch: 8.", file=f)
print(f"313/313 [==============================] - 1s 3ms/step - loss: 0.4012 - accuracy: 0.7321", file=f)
print(f"Test accuracy: 0.7321", file=f)
