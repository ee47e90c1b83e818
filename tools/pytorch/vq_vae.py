"""PyTorch twin of `autoencoders vq-vae` (and the VQ-VAE half of `autoencoders pixelcnn`).

The model is VQVAE of shared/bench/torch_bench.py, copied verbatim below (keras-io vq_vae shape:
28x28 -> 7x7x16, K = 128 codes, beta = 0.25, codebook init U(-1/K, 1/K)); training as the issue:
plain codebook, Adam 1e-3, batch 64, 10 epochs, mnist-10k in [0, 1].

    /usr/bin/python3 tools/pytorch/vq_vae.py [--seeds 2] [--first-seed 0] [--epochs 10] [--codebook plain|ema] [--restart N]
        [--save-codes DIR] [--save-replay DIR]

Prints per seed: test reconstruction MSE, code perplexity and codes used on the test set. With --save-codes,
writes the train and test code maps of seed 0 (int64 .pt files) for tools/pytorch/pixelcnn.py.
With --save-replay, writes for every seed DIR/replay_seed<N>.safetensors: the initial weights (init.*) and the
batch order (perms: one permutation of the training set per epoch, as F64) for models-vq's TwinReplay, which trains
ours from the same start in the same order.
--codebook ema / --restart N: the EMA codebook (decay 0.99, Laplace eps 1e-5) and dead-code restart as in
models-vq (statistics start as one assignment per code at its initial vector), for comparison only.
"""
import argparse, math, os, sys, torch, torch.nn as nn, torch.nn.functional as F
from mnist_data import load
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
from safetensors_torch_check import save as save_safetensors


class VQVAE(nn.Module):  # keras-io vq_vae shape: 28x28 -> 7x7x16, K=128 codes, beta=0.25  (torch_bench.py)
    def __init__(s, K=128, D=16, beta=0.25):
        super().__init__()
        s.enc = nn.Sequential(nn.Conv2d(1, 32, 3, 2, 1), nn.ReLU(), nn.Conv2d(32, 64, 3, 2, 1), nn.ReLU(), nn.Conv2d(64, D, 1))
        s.dec = nn.Sequential(nn.ConvTranspose2d(D, 64, 3, 2, 1, output_padding=1), nn.ReLU(),
                              nn.ConvTranspose2d(64, 32, 3, 2, 1, output_padding=1), nn.ReLU(), nn.Conv2d(32, 1, 3, 1, 1))
        s.codebook = nn.Embedding(K, D); s.codebook.weight.data.uniform_(-1 / K, 1 / K); s.beta = beta

    def codes(s, x):
        ze = s.enc(x); B, D, H, W = ze.shape
        flat = ze.permute(0, 2, 3, 1).reshape(-1, D)
        d = (flat ** 2).sum(1, keepdim=True) - 2 * flat @ s.codebook.weight.t() + (s.codebook.weight ** 2).sum(1)
        return ze, flat, d.argmin(1)

    def loss(s, x, ema=None):
        ze, flat, idx = s.codes(x); B, D, H, W = ze.shape
        zq = s.codebook(idx).view(B, H, W, D).permute(0, 3, 1, 2)  # the codes before this step's EMA update, as ours and Sonnet
        if ema is not None: ema.update(flat.detach(), idx)
        vq = s.beta * F.mse_loss(ze, zq.detach())
        if ema is None: vq = vq + F.mse_loss(zq, ze.detach())
        zst = ze + (zq - ze).detach()
        return F.mse_loss(s.dec(zst), x) + vq

    def reconstruct(s, x):
        ze, flat, idx = s.codes(x); B, D, H, W = ze.shape
        return s.dec(s.codebook(idx).view(B, H, W, D).permute(0, 3, 1, 2)), idx.view(B, H, W)


class Ema:
    """EMA codebook with Laplace smoothing and optional dead-code restart, as models-vq's VectorQuantizer."""
    def __init__(s, w, decay=0.99, eps=1e-5, restart=0):
        s.w, s.decay, s.eps, s.restart = w, decay, eps, restart
        s.N = torch.ones(w.shape[0], dtype=w.dtype); s.m = w.data.clone(); s.unused = torch.zeros(w.shape[0], dtype=torch.long)

    @torch.no_grad()
    def update(s, z, idx):
        K = s.w.shape[0]
        onehot = F.one_hot(idx, K).to(z.dtype)
        n = onehot.sum(0)
        s.N.mul_(s.decay).add_(n, alpha=1 - s.decay)
        s.m.mul_(s.decay).add_(onehot.t() @ z, alpha=1 - s.decay)
        tot = s.N.sum()
        Ns = (s.N + s.eps) / (tot + K * s.eps) * tot
        s.w.data.copy_(s.m / Ns.unsqueeze(1))
        if s.restart > 0:
            s.unused = torch.where(n > 0, torch.zeros_like(s.unused), s.unused + 1)
            dead = (s.unused >= s.restart).nonzero().flatten()
            for k in dead.tolist():
                j = torch.randint(0, z.shape[0], (1,)).item()
                s.w.data[k] = z[j]; s.m[k] = z[j]; s.N[k] = 1; s.unused[k] = 0


def perplexity(idx, K):
    p = torch.bincount(idx.flatten(), minlength=K).double() / idx.numel()
    nz = p[p > 0]
    return math.exp(-(nz * nz.log()).sum().item()), int((p > 0).sum())


def run(seed, epochs, codebook, restart, save=None, dtype=torch.float32, replay=None):
    torch.manual_seed(seed)
    xtr, _, xte, _ = load('mnist-10k', dtype)
    model = VQVAE().to(dtype)
    ema = Ema(model.codebook.weight, restart=restart) if codebook == 'ema' else None
    params = [p for n, p in model.named_parameters() if ema is None or not n.startswith('codebook')]
    opt = torch.optim.Adam(params, lr=1e-3)
    init = {'init.' + k: v.detach().double().clone() for k, v in model.state_dict().items()} if replay else None
    perms = []
    for e in range(epochs):
        perm = torch.randperm(len(xtr))
        perms.append(perm)
        for i in range(0, len(xtr), 64):
            x = xtr[perm[i:i + 64]]
            loss = model.loss(x, ema)
            opt.zero_grad(); loss.backward(); opt.step()
    if replay:
        os.makedirs(replay, exist_ok=True)
        init['perms'] = torch.stack(perms).double()
        save_safetensors(init, os.path.join(replay, f'replay_seed{seed}.safetensors'))
    with torch.no_grad():
        recon, idx = model.reconstruct(xte)
        mse = F.mse_loss(recon, xte).item()
        ppl, used = perplexity(idx, 128)
        if save:
            os.makedirs(save, exist_ok=True)
            torch.save(model.reconstruct(xtr)[1], os.path.join(save, 'train_codes.pt'))
            torch.save(idx, os.path.join(save, 'test_codes.pt'))
            torch.save(model.state_dict(), os.path.join(save, 'vqvae.pt'))
    return mse, ppl, used


if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--seeds', type=int, default=2); ap.add_argument('--first-seed', type=int, default=0); ap.add_argument('--epochs', type=int, default=10)
    ap.add_argument('--codebook', choices=['plain', 'ema'], default='plain'); ap.add_argument('--restart', type=int, default=0)
    ap.add_argument('--save-codes'); ap.add_argument('--save-replay'); ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--float64', action='store_true', help='train in float64, as ours does by default (float32 otherwise)')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    rs = []
    for s in range(a.first_seed, a.first_seed + a.seeds):
        r = run(s, a.epochs, a.codebook, a.restart, a.save_codes if s == a.first_seed else None,
                torch.float64 if a.float64 else torch.float32, a.save_replay)
        rs.append(r)
        print(f'seed {s}: test_recon_mse {r[0]:.5f}  codebook_perplexity {r[1]:.2f}  codes_used {r[2]}', flush=True)
    print(f'mean test_recon_mse {sum(r[0] for r in rs) / len(rs):.5f}  mean perplexity {sum(r[1] for r in rs) / len(rs):.2f}')
