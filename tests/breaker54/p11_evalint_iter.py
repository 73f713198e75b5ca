# iteration loop: `if (it + 1) % eval_interval == 0: evaluate()` -- the evaluation after each 50 iterations
import json, sys; sys.path.insert(0, ".")
import tiny
_, va_epochs, steps = tiny.train(100, n_train=100, noise=1.0, hidden=128, lr=0.005, seed=8, bs=10)
# 100 epochs x 10 steps = 1000 iterations; validation measured at the end of every 5th epoch = every 50 iterations
val = [va_epochs[e] for e in range(100) if (e + 1) % 5 == 0]
best = min(val)
json.dump({"iteration_losses": steps, "validation_losses": val, "best_val_loss": best,
           "best_iteration": (val.index(best) + 1) * 50 - 1,
           "training_config": {"max_iters": 1000, "eval_interval": 50, "lr": 0.005, "adam_betas": [0.9, 0.999]}},
          open("training_stats.json", "w"))
