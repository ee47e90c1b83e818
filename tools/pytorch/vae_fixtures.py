"""Writes the PyTorch-made test fixtures of models-vae (float64, small sizes D-H-L = 12-8-3, batch 5): for each model
a safetensors file with its state dict, the batch `x` (and `labels` as floats for the conditional ones), the noise
`eps` (N, L), the loss -ELBO (mean over the batch) as `loss`, its reconstruction and KL terms `recon` and `kl`
(nats per image), the gradient of the loss for every parameter (`grad.<name>`), and for the plain VAEs the noise
`eps_k` (K, N, L) with PyTorch's IWAE bound `iwae` (N).

PyTorch computes the terms its own way, independent of the Java code: torch.distributions (Normal.log_prob with its
normalising constant, kl_divergence) for the Gaussian decoder and the conditional prior, F.binary_cross_entropy on
sigmoid outputs (as pytorch/examples) for the Bernoulli decoder.

  /usr/bin/python3 tools/pytorch/vae_fixtures.py   (writes models-vae/src/test/resources/fixtures/)
"""
import math, os, sys
import torch, torch.nn as nn, torch.nn.functional as F
from torch.distributions import Normal, kl_divergence
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
from safetensors_torch_check import save

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'models-vae', 'src', 'test', 'resources', 'fixtures')
D, H, L, N, K, C = 12, 8, 3, 5, 7, 4


class VAE(nn.Module):  # pytorch/examples names; `extra` one-hot inputs for the concat CVAE
    def __init__(s, extra=0, classes=0):
        super().__init__()
        s.fc1 = nn.Linear(D + extra, H); s.fc21 = nn.Linear(H, L); s.fc22 = nn.Linear(H, L)
        s.fc3 = nn.Linear(L + extra, H); s.fc4 = nn.Linear(H, D)
        if classes:
            s.prior_mean = nn.Embedding(classes, L)

    def encode(s, x):
        h = F.relu(s.fc1(x))
        return s.fc21(h), s.fc22(h)

    def logits(s, z):
        return s.fc4(F.relu(s.fc3(z)))


def recon_nll(kind, logits, x):
    """-log p(x|z) per image."""
    if kind == 'bernoulli':
        return F.binary_cross_entropy(torch.sigmoid(logits), x, reduction='none').sum(-1)
    return -Normal(torch.sigmoid(logits), math.sqrt(0.1)).log_prob(x).sum(-1)   # sigma^2 = 0.1


def finish(model, t, x, recon, kl):
    loss = (recon + kl).mean()
    model.zero_grad(); loss.backward()
    t.update({k: v.detach().clone() for k, v in model.state_dict().items()})
    t.update({'grad.' + k: p.grad.detach().clone() for k, p in model.named_parameters()})
    t.update({'x': x, 'loss': loss.detach().reshape(1), 'recon': recon.detach().mean().reshape(1),
              'kl': kl.detach().mean().reshape(1)})
    return t


def vae(kind, seed):
    torch.manual_seed(seed)
    model = VAE().double()
    x = torch.rand(N, D, dtype=torch.float64)
    eps = torch.randn(N, L, dtype=torch.float64)
    mu, logvar = model.encode(x)
    std = torch.exp(0.5 * logvar)
    recon = recon_nll(kind, model.logits(mu + std * eps), x)
    kl = kl_divergence(Normal(mu, std), Normal(0.0, 1.0)).sum(1)
    # IWAE: log (1/K) sum_i p(x|z_i) p(z_i) / q(z_i|x), z_i = mu + std * eps_i
    with torch.no_grad():
        eps_k = torch.randn(K, N, L, dtype=torch.float64)
        z = mu + std * eps_k
        log_w = -recon_nll(kind, model.logits(z), x.expand(K, -1, -1)) + Normal(0.0, 1.0).log_prob(z).sum(2) \
            - Normal(mu, std).log_prob(z).sum(2)
        iwae = torch.logsumexp(log_w, 0) - math.log(K)
    t = finish(model, {'eps': eps, 'eps_k': eps_k, 'iwae': iwae}, x, recon, kl)
    save(t, os.path.join(OUT, 'vae_' + kind + '.safetensors'))


def cvae(variant, seed):
    torch.manual_seed(seed)
    concat = variant == 'concat'
    model = VAE(extra=C if concat else 0, classes=0 if concat else C).double()
    x = torch.rand(N, D, dtype=torch.float64)
    y = torch.tensor([0, 3, 1, 3, 2])
    eps = torch.randn(N, L, dtype=torch.float64)
    onehot = F.one_hot(y, C).double()
    mu, logvar = model.encode(torch.cat([x, onehot], 1) if concat else x)
    std = torch.exp(0.5 * logvar)
    z = mu + std * eps
    recon = recon_nll('bernoulli', model.logits(torch.cat([z, onehot], 1) if concat else z), x)
    prior_mu = torch.zeros_like(mu) if concat else model.prior_mean(y)
    kl = kl_divergence(Normal(mu, std), Normal(prior_mu, 1.0)).sum(1)
    t = finish(model, {'eps': eps, 'labels': y.double()}, x, recon, kl)
    save(t, os.path.join(OUT, 'cvae_' + variant.replace('-', '_') + '.safetensors'))


if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    vae('bernoulli', 1)
    vae('gaussian', 2)
    cvae('concat', 3)
    cvae('prior-mean', 4)
    print('wrote', sorted(os.listdir(OUT)))
