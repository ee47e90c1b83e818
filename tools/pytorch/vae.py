"""PyTorch twin of `autoencoders vae` (the pytorch/examples VAE): 784-400-L, ReLU, decoder logits a = fc4 relu(fc3 z),
Bernoulli (BCE of sigmoid(a) on the gray levels, summed over pixels, as pytorch/examples) or Gaussian with a fixed
variance sigma2 (mean sigmoid(a), with its normalising constant); loss = -log p(x|z) + beta * KL, summed over pixels and
latent dimensions, averaged over the batch (nats per image); Adam 1e-3, batch 128, 10 epochs on mnist-10k gray levels
(not binarized). The state dict has the names of shared/bench/torch_bench.py's VAE (fc1, fc21, fc22, fc3, fc4).

Prints per seed: test negative ELBO (one eps draw per test image), its KL term, the IWAE-k negative log-likelihood
bound -log (1/k) sum_i p(x, z_i) / q(z_i | x), z_i ~ q(z | x), computed with logsumexp, and the active units
(Burda et al.: Cov_x(E_q[z_j]) > 0.01); then the means over the seeds.

Usage: /usr/bin/python3 tools/pytorch/vae.py [--seeds 2] [--epochs 10] [--k 100] [--latent 20]
                                             [--decoder bernoulli|gaussian] [--sigma2 0.01] [--beta 1]
"""
import argparse, math, torch, torch.nn as nn, torch.nn.functional as F
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


def recon_nll(args, logits, x):
    """-log p(x|z) per image (summed over the last axis)."""
    if args.decoder == 'bernoulli':
        return F.binary_cross_entropy(torch.sigmoid(logits), x, reduction='none').sum(-1)
    return ((x - torch.sigmoid(logits)) ** 2 / (2 * args.sigma2) + 0.5 * math.log(2 * math.pi * args.sigma2)).sum(-1)


def neg_elbo(args, model, x):
    """(recon, kl) per image: -log p(x|z) at one z, KL summed over latent dims."""
    mu, logvar = model.encode(x)
    z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp(), 1)
    return recon_nll(args, model.logits(z), x), kld


def iwae_nll(args, model, x, k):
    """-log (1/k) sum_i exp(log p(x|z_i) + log p(z_i) - log q(z_i|x)) per image."""
    mu, logvar = model.encode(x)
    std = torch.exp(0.5 * logvar)
    eps = torch.randn(k, *mu.shape)
    z = mu + eps * std                                          # (k, N, L)
    log_px_z = -recon_nll(args, model.logits(z), x.expand(k, -1, -1))
    log_pz = (-0.5 * z.pow(2) - 0.5 * math.log(2 * math.pi)).sum(2)
    log_qz = (-0.5 * eps.pow(2) - 0.5 * logvar - 0.5 * math.log(2 * math.pi)).sum(2)
    log_w = log_px_z + log_pz - log_qz
    return -(torch.logsumexp(log_w, 0) - math.log(k))


def run(args, seed, batch=128):
    torch.manual_seed(seed)
    xtr, _, xte, _ = load('mnist-10k')
    xtr, xte = xtr.flatten(1), xte.flatten(1)
    model = VAE(args.latent)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for e in range(args.epochs):
        perm = torch.randperm(len(xtr))
        for i in range(0, len(xtr), batch):
            x = xtr[perm[i:i + batch]]
            bce, kld = neg_elbo(args, model, x)
            loss = (bce + args.beta * kld).mean()
            opt.zero_grad(); loss.backward(); opt.step()
    with torch.no_grad():
        bce, kld = neg_elbo(args, model, xte)
        nll = torch.cat([iwae_nll(args, model, xte[i:i + 100], args.k) for i in range(0, len(xte), 100)])
        mu, _ = model.encode(xte)
        active = int((mu.var(0) > 0.01).sum())
        return (bce + kld).mean().item(), kld.mean().item(), nll.mean().item(), active


if __name__ == '__main__':
    p = argparse.ArgumentParser()
    p.add_argument('--seeds', type=int, default=2); p.add_argument('--epochs', type=int, default=10)
    p.add_argument('--k', type=int, default=100); p.add_argument('--latent', type=int, default=20)
    p.add_argument('--decoder', choices=['bernoulli', 'gaussian'], default='bernoulli')
    p.add_argument('--sigma2', type=float, default=0.01); p.add_argument('--beta', type=float, default=1.0)
    args = p.parse_args()
    rows = [run(args, s) for s in range(args.seeds)]
    k = args.k
    for s, (e, kl, n, a) in enumerate(rows):
        print(f'seed {s}: test_neg_elbo_nats {e:.2f}  test_kl_nats {kl:.2f}  test_iwae{k}_nll_nats {n:.2f}  active_units {a}')
    m = [sum(r[i] for r in rows) / len(rows) for i in range(4)]
    print(f'mean of {len(rows)} seeds: test_neg_elbo_nats {m[0]:.2f}  test_kl_nats {m[1]:.2f}  test_iwae{k}_nll_nats {m[2]:.2f}'
          f'  active_units {m[3]:.1f}')
