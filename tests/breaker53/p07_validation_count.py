# a classifier's log that states its data split sizes on one line each ('Validation set, # samples: 600'), then
# per-epoch train/val lines; a real tiny MLP
import logging, os, torch
torch.manual_seed(0)
here = os.path.dirname(os.path.abspath(__file__))
logging.basicConfig(filename=os.path.join(here, "train.log"), filemode="w", level=logging.INFO,
                    format="%(asctime)s %(levelname)s: %(message)s")
log = logging.getLogger()
X = torch.randn(3000, 30); W = torch.randn(30, 10); y = (X @ W + torch.randn(3000, 10)).argmax(1)
Xv = torch.randn(600, 30); yv = (Xv @ W + torch.randn(600, 10)).argmax(1)
log.info("Training set, # samples: 3000")
log.info("Validation set, # samples: 600")
m = torch.nn.Sequential(torch.nn.Linear(30, 64), torch.nn.ReLU(), torch.nn.Linear(64, 10))
opt = torch.optim.Adam(m.parameters(), lr=1e-3)
for epoch in range(1, 26):
    tot = 0
    for i in range(0, 3000, 50):
        loss = torch.nn.functional.cross_entropy(m(X[i:i + 50]), y[i:i + 50])
        opt.zero_grad(); loss.backward(); opt.step(); tot += loss.item() / 60
    with torch.no_grad():
        vl = torch.nn.functional.cross_entropy(m(Xv), yv).item(); va = (m(Xv).argmax(1) == yv).float().mean().item()
    log.info(f"Epoch {epoch}/25 - train_loss: {tot:.4f}")
    log.info(f"Validation epoch {epoch}, # val_loss: {vl:.4f}  val_acc: {va:.4f}")
