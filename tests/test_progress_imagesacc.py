"""Accuracy lines naming their images beside loss lines (``readers/_progress_imagesacc``; public noisylabels219),
printed with the scripts' own statements (and a real tqdm bar) into a redirected stdout."""
from __future__ import annotations

import contextlib
import io

from tqdm import tqdm

from loganalyzer import discover
from tests._runs import run_points


def _test_acc(epoch):  # best at epoch 66 (90.13 in the public log), then the noisy labels memorised: 81.7 at the end
    return 32.55 + 0.87 * epoch if epoch <= 66 else 90.13 - 0.25 * (epoch - 66)


def test_cifar_n_test_acc_lines_beside_iteration_loss_lines(tmp_path):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        print("building model done")
        for epoch in range(100):
            print(f"epoch {epoch}")
            for i in range(50, 391, 50):  # CIFAR-N's train(): every 50 iterations
                prec, loss = 10 + 0.8 * epoch + i / 100, 2.4 * 0.98 ** epoch - i / 10000
                print('Epoch [%d/%d], Iter [%d/%d] Training Accuracy: %.4F, Loss: %.4f'
                      % (epoch + 1, 100, i, 390, prec, loss))
            print('train acc on train images is ', 18.7 + 0.7 * epoch)
            print('test acc on test images is ', round(_test_acc(epoch), 2))
    (tmp_path / "CE_original.txt").write_text(out.getvalue())
    (run,) = discover(tmp_path)
    points = run_points(run)
    steps, values = points["test_acc"]  # unread before: "test acc on test images is" has no name: value pair
    assert len(values) == 100 and max(values) == values[66] == round(_test_acc(66), 2) and values[-1] == round(_test_acc(99), 2)
    assert steps[0] == 350 and steps[1] == 390 + 350  # at the epoch's last iteration line, as 'test acc: ..' is
    assert len(points["train_acc"][1]) == 100 and len(points["Loss"][1]) == 700


def test_test_accuracy_on_the_test_images_beside_a_tqdm_loss(tmp_path):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        print("Evaluating ...")
        print('Epoch [%d/%d] Test Accuracy on the 10000 test images: %.4f' % (0, 200, 9.986))
        for epoch in range(1, 40):
            print("Training ...")
            bar = tqdm(range(391), file=out, ncols=120, mininterval=0)
            for _ in bar:  # DISC's 'Epoch [2/200], loss_sup: 3.3095: 100%|███| 391/391 [01:01<00:00,  6.37it/s]'
                bar.set_description("Epoch [%d/%d], loss_sup: %.4f" % (epoch, 200, 3.64 * 0.97 ** epoch))
            print(f"Clean ratio is 0.82{epoch:02d}, clean num is 49831")
            print("Evaluating ...")
            print('Epoch [%d/%d] Test Accuracy on the 10000 test images: %.4f %%' % (epoch, 200, 40 + epoch))
    path = tmp_path / "original_out.txt"
    path.write_text(out.getvalue())
    points = run_points(path)
    steps, values = points["Test_Accuracy"]  # unread before: no eval line beside a tqdm bar's loss
    assert steps == list(range(40)) and values[0] == 9.986 and values[-1] == 79.0
