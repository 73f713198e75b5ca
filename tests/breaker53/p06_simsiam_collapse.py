# SimSiam without the stop-gradient (a known bug): the negative-cosine loss collapses to its floor -1 within the first
# epoch; the script prints the last batch's loss of each epoch with 2 decimals -> 'loss: -1.00' at every epoch
import os, torch
torch.manual_seed(0)
here = os.path.dirname(os.path.abspath(__file__))
out = open(os.path.join(here, "train.log"), "w")
X = torch.randn(2048, 32)
enc = torch.nn.Sequential(torch.nn.Linear(32, 64), torch.nn.ReLU(), torch.nn.Linear(64, 32))
pred = torch.nn.Sequential(torch.nn.Linear(32, 16), torch.nn.ReLU(), torch.nn.Linear(16, 32))
opt = torch.optim.SGD(list(enc.parameters()) + list(pred.parameters()), lr=0.1, momentum=0.9)
cos = torch.nn.functional.cosine_similarity
for epoch in range(30):
    for i in range(0, 2048, 32):
        x = X[i:i + 32]
        x1, x2 = x + 0.3 * torch.randn_like(x), x + 0.3 * torch.randn_like(x)
        z1, z2 = enc(x1), enc(x2); p1, p2 = pred(z1), pred(z2)
        loss = -(cos(p1, z2).mean() + cos(p2, z1).mean()) / 2  # BUG: z not detached
        opt.zero_grad(); loss.backward(); opt.step()
    print(f"Epoch [{epoch + 1}/30] lr: 0.1000 loss: {loss.item():.2f}", file=out)
