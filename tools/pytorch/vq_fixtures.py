"""Writes the PyTorch-computed test fixtures of models-vq (a second oracle for the Java forward and backward).

    /usr/bin/python3 tools/pytorch/vq_fixtures.py models-vq/src/test/resources/vq [vqvae|steps|pixelcnn ...]

vqvae_twin.safetensors:    the twin VQVAE (K = 128, D = 16) with seeded random weights (model.*), two MNIST-sized
                           inputs x, and what PyTorch computes in float64: codes, recon, the loss and its
                           gradient for every parameter (grad.*).
vqvae_steps.safetensors:   a short training run of the twin in float64: its default initial weights (init.*, the
                           codebook U(-1/K, 1/K)), the first 16 training images of mnist-10k (x), the batch of each of 24 Adam steps
                           (lr 1e-3, batch 8, a new permutation every 2 steps), the loss of every step and the
                           weights after the last (final.*).
pixelcnn_small.safetensors: the twin PixelCNNPrior with K = 16 codes and 16 filters (same layers, fewer channels),
                           two 7x7 code maps, the logits, the loss and every gradient.
Written with the pure-Python writer of tools/safetensors_torch_check.py (F64; integer data stored as F64).
"""
import os, sys
import torch
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
from safetensors_torch_check import save
from vq_vae import VQVAE
from pixelcnn import PixelCNNPrior
from mnist_data import load

torch.set_default_dtype(torch.float64)


def vqvae(out):
    torch.manual_seed(7)
    m = VQVAE()
    x = torch.rand(2, 1, 28, 28)
    # spread the codebook over the encoder outputs so that many codes are chosen (the U(-1/K, 1/K) init puts every
    # z_e nearest the same code): 64 of the 98 vectors plus noise, and 64 random vectors of their scale
    with torch.no_grad():
        flat = m.codes(x)[1]
        pick = flat[torch.randperm(flat.shape[0])[:64]] + 0.05 * flat.std() * torch.randn(64, 16)
        m.codebook.weight.data.copy_(torch.cat([pick, flat.std() * torch.randn(64, 16) + flat.mean(0)]))
    ze, flat, idx = m.codes(x)
    loss = m.loss(x)
    loss.backward()
    recon, _ = m.reconstruct(x)
    t = {'model.' + k: v.detach().clone() for k, v in m.state_dict().items()}
    t.update({'grad.' + k: p.grad.detach().clone() for k, p in m.named_parameters()})
    t['x'] = x; t['codes'] = idx.double(); t['recon'] = recon.detach(); t['loss'] = loss.detach().reshape(1)
    save(t, os.path.join(out, 'vqvae_twin.safetensors'))
    print('vqvae: loss', loss.item(), 'distinct codes', idx.unique().numel())


def steps(out, n_steps=24, n=16, batch=8):
    torch.manual_seed(13)
    m = VQVAE()
    x = load('mnist-10k', torch.float64)[0][:n]
    t = {'init.' + k: v.detach().clone() for k, v in m.state_dict().items()}
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    batches, losses = [], []
    while len(batches) < n_steps:
        perm = torch.randperm(n)
        for i in range(0, n, batch):
            b = perm[i:i + batch]
            loss = m.loss(x[b])
            opt.zero_grad(); loss.backward(); opt.step()
            batches.append(b); losses.append(loss.item())
    t.update({'final.' + k: v.detach().clone() for k, v in m.state_dict().items()})
    t['x'] = x; t['batches'] = torch.stack(batches).double(); t['losses'] = torch.tensor(losses)
    save(t, os.path.join(out, 'vqvae_steps.safetensors'))
    print('steps: losses', losses[0], '...', losses[-1], 'distinct codes at the end', m.codes(x)[2].unique().numel())


def pixelcnn(out):
    torch.manual_seed(11)
    p = PixelCNNPrior(K=16, F_=16)
    codes = torch.randint(0, 16, (2, 7, 7))
    logits = p.logits(codes)
    loss = p.loss(codes)
    loss.backward()
    t = {'model.' + k: v.detach().clone() for k, v in p.state_dict().items()}
    t.update({'grad.' + k: q.grad.detach().clone() for k, q in p.named_parameters()})
    t['codes'] = codes.double(); t['logits'] = logits.detach(); t['loss'] = loss.detach().reshape(1)
    save(t, os.path.join(out, 'pixelcnn_small.safetensors'))
    print('pixelcnn: loss', loss.item())


if __name__ == '__main__':
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    which = sys.argv[2:] or ['vqvae', 'steps', 'pixelcnn']
    for name in which:
        globals()[name](out)
