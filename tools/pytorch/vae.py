"""PyTorch twin of `autoencoders vae` (the pytorch/examples VAE): 784-400-20, ReLU, Bernoulli decoder (sigmoid),
loss = BCE summed over pixels + KL summed over latent dimensions, averaged over the batch (nats per image),
Adam 1e-3, batch 128, 10 epochs on mnist-10k gray levels (not binarized).

Prints per seed: test negative ELBO (one eps draw per test image), its KL term, and the IWAE-k negative log-likelihood
bound -log (1/k) sum_i p(x, z_i) / q(z_i | x), z_i ~ q(z | x), computed with logsumexp (k = 100 by default).

Usage: /usr/bin/python3 tools/pytorch/vae.py [seeds=2] [epochs=10] [k=100]
"""
import math, sys, torch, torch.nn as nn, torch.nn.functional as F
from mnist_data import load


class VAE(nn.Module):  # the twin in shared/bench/torch_bench.py, same state_dict names
    def __init__(s, latent=20):
        super().__init__()
        s.fc1 = nn.Linear(784, 400); s.fc21 = nn.Linear(400, latent); s.fc22 = nn.Linear(400, latent)
        s.fc3 = nn.Linear(latent, 400); s.fc4 = nn.Linear(400, 784)

    def encode(s, x):
        h = F.relu(s.fc1(x))
        return s.fc21(h), s.fc22(h)

    def logits(s, z):
        return s.fc4(F.relu(s.fc3(z)))


def neg_elbo(model, x):
    """(recon, kl) per image: BCE summed over pixels, KL summed over latent dims."""
    mu, logvar = model.encode(x)
    z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
    r = torch.sigmoid(model.logits(z))
    bce = F.binary_cross_entropy(r, x, reduction='none').sum(1)
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp(), 1)
    return bce, kld


def iwae_nll(model, x, k):
    """-log (1/k) sum_i exp(log p(x|z_i) + log p(z_i) - log q(z_i|x)) per image."""
    mu, logvar = model.encode(x)
    std = torch.exp(0.5 * logvar)
    eps = torch.randn(k, *mu.shape)
    z = mu + eps * std                                          # (k, N, L)
    logits = model.logits(z)
    log_px_z = -F.binary_cross_entropy_with_logits(logits, x.expand(k, -1, -1), reduction='none').sum(2)
    log_pz = (-0.5 * z.pow(2) - 0.5 * math.log(2 * math.pi)).sum(2)
    log_qz = (-0.5 * eps.pow(2) - 0.5 * logvar - 0.5 * math.log(2 * math.pi)).sum(2)
    log_w = log_px_z + log_pz - log_qz
    return -(torch.logsumexp(log_w, 0) - math.log(k))


def run(seed, epochs=10, k=100, batch=128):
    torch.manual_seed(seed)
    xtr, _, xte, _ = load('mnist-10k')
    xtr, xte = xtr.flatten(1), xte.flatten(1)
    model = VAE()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for e in range(epochs):
        perm = torch.randperm(len(xtr))
        for i in range(0, len(xtr), batch):
            x = xtr[perm[i:i + batch]]
            bce, kld = neg_elbo(model, x)
            loss = (bce + kld).mean()
            opt.zero_grad(); loss.backward(); opt.step()
    with torch.no_grad():
        bce, kld = neg_elbo(model, xte)
        nll = torch.cat([iwae_nll(model, xte[i:i + 100], k) for i in range(0, len(xte), 100)])
        return (bce + kld).mean().item(), kld.mean().item(), nll.mean().item()


if __name__ == '__main__':
    seeds = range(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    k = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    rows = [run(s, epochs, k) for s in seeds]
    for s, (e, kl, n) in zip(seeds, rows):
        print(f'seed {s}: test_neg_elbo_nats {e:.2f}  test_kl_nats {kl:.2f}  test_iwae{k}_nll_nats {n:.2f}')
    m = [sum(r[i] for r in rows) / len(rows) for i in range(3)]
    print(f'mean of {len(rows)} seeds: test_neg_elbo_nats {m[0]:.2f}  test_kl_nats {m[1]:.2f}  test_iwae{k}_nll_nats {m[2]:.2f}')
