"""PyTorch twin of `autoencoders deep-ae` (Hinton & Salakhutdinov 2006, 784-1000-500-250-30, linear code).

--pretrain none: the DeepAE of shared/bench/torch_bench.py (Linear+ReLU ..., linear code, mirror decoder with a
  sigmoid output), PyTorch's default init, MSE, Adam 1e-3, batch 128, 10 epochs on the embedded mnist-10k.
--pretrain rbm: greedy CD-1 pretraining transcribed from Hinton's rbm.m / rbmhidlinear.m (W ~ 0.1 randn, biases 0,
  lr 0.1 (0.001 for the linear code layer), momentum 0.5 for 5 epochs then 0.9, weight cost 2e-4 on W, batch 100,
  10 epochs per RBM), unrolled (decoder = W^T, untied) with logistic hidden units (--activation sigmoid) and
  fine-tuned as above.
Also prints PCA-30 fitted on the training set (eigh of the covariance, float64).

usage: python3 deep_ae.py [--pretrain none|rbm] [--activation relu|sigmoid] [--seeds 3] [--epochs 10]
"""
import argparse, time, torch, torch.nn as nn, torch.nn.functional as F
from mnist_data import load

DIMS = [784, 1000, 500, 250, 30]


def net(act):
    enc, dec = [], []
    for a, b in zip(DIMS, DIMS[1:]):
        enc += [nn.Linear(a, b), act()]
    r = DIMS[::-1]
    for a, b in zip(r, r[1:]):
        dec += [nn.Linear(a, b), act()]
    return nn.Sequential(*enc[:-1]), nn.Sequential(*dec[:-1], nn.Sigmoid())


def train_rbm(data, nhid, linear, epochs, batch=100):
    """Hinton's rbm.m (binary hidden) or rbmhidlinear.m (linear hidden + N(0,1) noise), CD-1."""
    n, nvis = data.shape
    W = 0.1 * torch.randn(nvis, nhid)
    hb, vb = torch.zeros(nhid), torch.zeros(nvis)
    Winc, hbinc, vbinc = torch.zeros_like(W), torch.zeros_like(hb), torch.zeros_like(vb)
    eps = 0.001 if linear else 0.1
    for epoch in range(1, epochs + 1):
        mom = 0.9 if epoch > 5 else 0.5
        perm = torch.randperm(n)
        err = 0.0
        for i in range(0, n, batch):
            v0 = data[perm[i:i + batch]]
            m = v0.shape[0]
            ph = v0 @ W + hb if linear else torch.sigmoid(v0 @ W + hb)
            hs = ph + torch.randn_like(ph) if linear else (ph > torch.rand_like(ph)).float()
            v1 = torch.sigmoid(hs @ W.T + vb)
            nh = v1 @ W + hb if linear else torch.sigmoid(v1 @ W + hb)
            err += ((v0 - v1) ** 2).sum().item()
            Winc = mom * Winc + eps * ((v0.T @ ph - v1.T @ nh) / m - 2e-4 * W)
            vbinc = mom * vbinc + eps * (v0.sum(0) - v1.sum(0)) / m
            hbinc = mom * hbinc + eps * (ph.sum(0) - nh.sum(0)) / m
            W += Winc; vb += vbinc; hb += hbinc
        print(f'  rbm {nvis}-{nhid} epoch {epoch} recon error per pixel {err / (n * nvis):.5f}', flush=True)
    return W, hb, vb


def run(seed, pretrain, activation, epochs, rbm_epochs):
    torch.manual_seed(seed)
    xtr, _, xte, _ = load('mnist-10k')
    xtr, xte = xtr.flatten(1), xte.flatten(1)
    enc, dec = net(nn.ReLU if activation == 'relu' else nn.Sigmoid)
    if pretrain == 'rbm':
        x = xtr
        layers = []
        for i, (a, b) in enumerate(zip(DIMS, DIMS[1:])):
            linear = i == len(DIMS) - 2
            W, hb, vb = train_rbm(x, b, linear, rbm_epochs)
            layers.append((W, hb, vb))
            x = x @ W + hb if linear else torch.sigmoid(x @ W + hb)
        with torch.no_grad():
            encl = [m for m in enc if isinstance(m, nn.Linear)]
            decl = [m for m in dec if isinstance(m, nn.Linear)][::-1]
            for (W, hb, vb), e, d in zip(layers, encl, decl):
                e.weight.copy_(W.T); e.bias.copy_(hb); d.weight.copy_(W); d.bias.copy_(vb)
    params = list(enc.parameters()) + list(dec.parameters())
    opt = torch.optim.Adam(params, lr=1e-3)
    for e in range(epochs):
        perm = torch.randperm(len(xtr))
        for i in range(0, len(xtr), 128):
            x = xtr[perm[i:i + 128]]
            loss = F.mse_loss(dec(enc(x)), x)
            opt.zero_grad(); loss.backward(); opt.step()
    with torch.no_grad():
        return F.mse_loss(dec(enc(xte)), xte).item()


def pca_mse(k=30):
    xtr, _, xte, _ = load('mnist-10k', dtype=torch.float64)
    xtr, xte = xtr.flatten(1), xte.flatten(1)
    mu = xtr.mean(0)
    c = (xtr - mu).T @ (xtr - mu) / len(xtr)
    vals, vecs = torch.linalg.eigh(c)
    u = vecs[:, -k:]
    rec = (xte - mu) @ u @ u.T + mu
    return F.mse_loss(rec, xte).item()


if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--pretrain', choices=['none', 'rbm'], default='none')
    ap.add_argument('--activation', choices=['relu', 'sigmoid'], default=None)
    ap.add_argument('--seeds', type=int, default=3)
    ap.add_argument('--epochs', type=int, default=10)
    ap.add_argument('--rbm-epochs', type=int, default=10)
    a = ap.parse_args()
    act = a.activation or ('sigmoid' if a.pretrain == 'rbm' else 'relu')
    torch.set_num_threads(1)
    print(f'pca30_test_mse {pca_mse():.5f}', flush=True)
    r = []
    for s in range(a.seeds):
        t = time.time()
        r.append(run(s, a.pretrain, act, a.epochs, a.rbm_epochs))
        print(f'seed {s}: test_mse {r[-1]:.5f} ({time.time() - t:.0f} s)', flush=True)
    print(f'pretrain {a.pretrain} activation {act}: test_mse mean {sum(r) / len(r):.5f} over {len(r)} seeds,'
          f' min {min(r):.5f} max {max(r):.5f}')
