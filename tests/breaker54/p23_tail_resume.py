# a job restarted after a crash (epoch counter from 1 again, same checkpoint dir). After each session the script
# evaluates the last model and then the best checkpoint ('best.pt'), both printed 'Test Acc: x'. The best checkpoint
# of session 2 is still the one saved in session 1 (session 2 never beat it): the same value, legitimately
import os, math
d = os.path.dirname(os.path.abspath(__file__)); f = open(os.path.join(d, "train.log"), "w")
for s, (last, best) in ((1, (0.9012, 0.9140)), (2, (0.9088, 0.9140))):
    print(f"Starting session {s}", file=f)
    for e in range(1, 11):
        print(f"Epoch {e}/10 train_loss: {0.9*math.exp(-e/3)+0.2+0.02*s:.4f} val_loss: {0.8*math.exp(-e/3)+0.3:.4f}", file=f)
    print(f"Test Acc: {last:.4f}", file=f)
    print(f"Test Acc: {best:.4f}", file=f)
