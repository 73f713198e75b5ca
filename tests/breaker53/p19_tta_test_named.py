# test-time adaptation (Tent-like entropy minimisation) over three corruptions, the model reset for each: per-batch
# 'step i | test_loss: .. | test_acc: ..' lines where test_loss is the objective being minimised on the test stream
import os, torch
here = os.path.dirname(os.path.abspath(__file__))
out = open(os.path.join(here, "tta.log"), "w")
torch.manual_seed(0)
X = torch.randn(4000, 20); W = torch.randn(20, 5); y = (X @ W).argmax(1)
base = torch.nn.Sequential(torch.nn.Linear(20, 64), torch.nn.BatchNorm1d(64), torch.nn.ReLU(), torch.nn.Linear(64, 5))
o = torch.optim.Adam(base.parameters(), lr=3e-3)
for _ in range(300):
    idx = torch.randint(0, 4000, (128,)); l = torch.nn.functional.cross_entropy(base(X[idx]), y[idx]); o.zero_grad(); l.backward(); o.step()
state = {k: v.clone() for k, v in base.state_dict().items()}
for corr, (shift, scale) in (("gaussian_noise", (0.0, 2.0)), ("brightness", (1.5, 1.0)), ("contrast", (0.0, 0.4))):
    base.load_state_dict(state); base.train()
    params = [p for n, p in base.named_parameters() if n.startswith("1.")]
    opt = torch.optim.SGD(params, lr=0.01)
    print(f"== adapting on {corr} (severity 5)", file=out)
    for step in range(60):
        idx = torch.randint(0, 4000, (64,))
        xb = X[idx] * scale + shift + (0.5 * torch.randn(64, 20) if corr == "gaussian_noise" else 0)
        logits = base(xb); p = logits.softmax(1)
        ent = -(p * p.log()).sum(1).mean()
        opt.zero_grad(); ent.backward(); opt.step()
        print(f"step {step} | test_loss: {ent.item():.4f} | test_acc: {(logits.argmax(1) == y[idx]).float().mean():.4f}", file=out)
