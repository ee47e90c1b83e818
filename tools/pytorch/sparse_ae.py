"""PyTorch twin of `autoencoders sparse-ae`: post 003's sparse autoencoder on 10x10 crops of mnist-10k.

100 -> 100 sigmoid -> 100 sigmoid, pixels in [0, 1]; loss = MSE (mean over all entries) + beta * sum_j KL(rho || rho_hat_j) / 100
(post 003's code divides the KL sum by the number of hidden units), rho = 0.01, beta = 5; 50,000 random crops drawn once
from the training images (image uniform with replacement, then a uniform crop position), 5 epochs over them, batch 32,
Adam 1e-3; tested on 5,000 crops of the test images. Prints test MSE and the mean hidden activation per seed, and means.

  /usr/bin/python3 tools/pytorch/sparse_ae.py [seeds=5] [--beta 5] [--rho 0.01] [--epochs 5] [--salt NU]

With --salt NU (the post's noisy-input experiment, notebook SparseDenoisingNotebookTest): each training input gets
salt noise (a pixel set to 1 with probability NU), the target stays the clean crop; the test crops are salted once,
and the MSE is also reported on the digit pixels (clean crop > 0) and on the background.
"""
import argparse, torch, torch.nn as nn, torch.nn.functional as F
from mnist_data import load

class SparseAE(nn.Module):  # as SparseAE in /work/shared/bench/torch_bench.py
    def __init__(s, rho=0.01, beta=5.0, hidden=100):
        super().__init__(); s.e = nn.Linear(100, hidden); s.d = nn.Linear(hidden, 100); s.rho, s.beta = rho, beta
    def forward(s, x):
        h = torch.sigmoid(s.e(x)); return h, torch.sigmoid(s.d(h))
    def loss(s, x):
        h, r = s(x)
        rh = h.mean(0); p = s.rho
        kl = (p * torch.log(p / rh) + (1 - p) * torch.log((1 - p) / (1 - rh))).sum()
        return F.mse_loss(r, x) + s.beta * kl / h.shape[1]

def crops(images, n, size=10):
    """n crops: image index uniform over the images, top and left uniform; (n, size*size)."""
    idx = torch.randint(0, images.shape[0], (n,))
    top = torch.randint(0, images.shape[2] - size + 1, (n,))
    left = torch.randint(0, images.shape[3] - size + 1, (n,))
    out = torch.empty(n, size * size)
    for k in range(n):
        out[k] = images[idx[k], 0, top[k]:top[k] + size, left[k]:left[k] + size].reshape(-1)
    return out

def salted(x, nu):
    return torch.where(torch.rand(x.shape) < nu, torch.ones_like(x), x)

def run(seed, epochs, beta, rho, salt=0.0):
    torch.manual_seed(seed)
    xtr, _, xte, _ = load('mnist-10k')
    train, test = crops(xtr, 50000), crops(xte, 5000)
    model = SparseAE(rho, beta)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for e in range(epochs):
        perm = torch.randperm(len(train))
        for i in range(0, len(train), 32):
            x = train[perm[i:i + 32]]
            if salt > 0:
                h, r = model(salted(x, salt))
                rh = h.mean(0); p = model.rho
                kl = (p * torch.log(p / rh) + (1 - p) * torch.log((1 - p) / (1 - rh))).sum()
                loss = F.mse_loss(r, x) + model.beta * kl / h.shape[1]
            else:
                loss = model.loss(x)
            opt.zero_grad(); loss.backward(); opt.step()
    with torch.no_grad():
        if salt > 0:
            h, r = model(salted(test, salt)); digit = test > 0
            print(f'  seed {seed} beta {beta}: digit-pixel MSE {F.mse_loss(r[digit], test[digit]).item():.4f}, '
                  f'background MSE {F.mse_loss(r[~digit], test[~digit]).item():.4f}', flush=True)
        else:
            f = model.e.weight / model.e.weight.norm(dim=1, keepdim=True)  # the filters W_i / ||W_i||
            top = (f ** 2).sort(dim=1, descending=True).values[:, :f.shape[1] // 10].sum(1).mean().item()
            print(f'  seed {seed} beta {beta}: filters\' energy share in their top 10% of pixels {top:.3f}', flush=True)
        h, r = model(salted(test, salt) if salt > 0 else test)
        return F.mse_loss(r, test).item(), h.mean().item()

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('seeds', type=int, nargs='?', default=5)
    ap.add_argument('--epochs', type=int, default=5)
    ap.add_argument('--beta', type=float, default=5.0)
    ap.add_argument('--rho', type=float, default=0.01)
    ap.add_argument('--salt', type=float, default=0.0)
    ap.add_argument('--threads', type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    r = [run(s, a.epochs, a.beta, a.rho, a.salt) for s in range(a.seeds)]
    print(f'sparse-ae beta={a.beta} rho={a.rho}: test_mse per seed', ['%.4f' % m for m, _ in r],
          'mean %.4f' % (sum(m for m, _ in r) / len(r)),
          '| mean_hidden_activation per seed', ['%.4f' % h for _, h in r], 'mean %.4f' % (sum(h for _, h in r) / len(r)))
