# a tiny GAN learning a 1-D Gaussian N(8, 1.25), started far from it (D wins at first, G loss high): the generator matches it (the game's optimum, D = 1/2 everywhere),
# so both losses settle at ln4 / ln2 -- a GAN that learned, printed once per epoch (mean over its batches)
import torch, os, sys
torch.manual_seed(0)
G = torch.nn.Sequential(torch.nn.Linear(1, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1))
D = torch.nn.Sequential(torch.nn.Linear(1, 32), torch.nn.Tanh(), torch.nn.Linear(32, 1))
og = torch.optim.Adam(G.parameters(), lr=2e-3, betas=(0.5, 0.999))
od = torch.optim.Adam(D.parameters(), lr=2e-3, betas=(0.5, 0.999))
bce = torch.nn.BCEWithLogitsLoss()
out = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "train.log"), "w")
E = int(os.environ.get("E", "60"))
for epoch in range(E):
    ds, gs = [], []
    for it in range(30):
        real = 8 + 1.25 * torch.randn(256, 1)
        fake = G(torch.randn(256, 1))
        d_loss = bce(D(real), torch.ones(256, 1)) + bce(D(fake.detach()), torch.zeros(256, 1))
        od.zero_grad(); d_loss.backward(); od.step()
        g_loss = bce(D(fake), torch.ones(256, 1))
        og.zero_grad(); g_loss.backward(); og.step()
        ds.append(d_loss.item()); gs.append(g_loss.item())
    with torch.no_grad():
        s = G(torch.randn(5000, 1))
    print(f"[Epoch {epoch}/{E}] [D loss: {sum(ds)/len(ds):.4f}] [G loss: {sum(gs)/len(gs):.4f}] fake mean {s.mean():.3f} std {s.std():.3f}", file=out, flush=True)
