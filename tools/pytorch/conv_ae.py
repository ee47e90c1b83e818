"""PyTorch twin of `autoencoders conv-ae`: post 003's ConvAutoEncoder on fashion-mnist-10k scaled to [-1, 1],
MSE, Adam lr 3e-3 with L2 weight decay 1e-5, batch 32, 10 epochs; prints the test MSE per seed and the mean.

  /usr/bin/python3 tools/pytorch/conv_ae.py [seeds=5] [--decoder convtranspose|unpool] [--epochs 10]

The unpool variant mirrors the encoder: where the encoder max-pooled, the decoder max-unpools by the pooling
indices; where the encoder convolved, the decoder applies a transposed convolution (the last one with a 7x7
kernel at stride 3, wider than its stride, so that it fills the zeros the unpooling leaves; see UnpoolDecoder.java).
State-dict names match the Java model (enc.0.weight, ..., dec.1.weight, dec.4.weight).

The second pooling (k 2, stride 1) has overlapping windows, so several code entries can carry the same index.
nn.MaxUnpool2d's forward keeps one of them (on the CPU the last), but its backward gives the gradient to all of
them, which is not the derivative of the forward. `Unpool` below has the same forward and the true derivative
(only the entry that lands receives the gradient), as the Java Pooling.maxUnpool2d.
"""
import argparse, torch, torch.nn as nn, torch.nn.functional as F
from mnist_data import load

class ConvAE(nn.Module):  # as ConvAE in /work/shared/bench/torch_bench.py
    def __init__(s):
        super().__init__()
        s.enc = nn.Sequential(nn.Conv2d(1, 16, 3, stride=3, padding=1), nn.ReLU(True), nn.MaxPool2d(2, stride=2),
                              nn.Conv2d(16, 8, 3, stride=2, padding=1), nn.ReLU(True), nn.MaxPool2d(2, stride=1))
        s.dec = nn.Sequential(nn.ConvTranspose2d(8, 16, 3, stride=2), nn.ReLU(True),
                              nn.ConvTranspose2d(16, 8, 5, stride=3, padding=1), nn.ReLU(True),
                              nn.ConvTranspose2d(8, 1, 2, stride=2, padding=1), nn.Tanh())
    def forward(s, x):
        return s.dec(s.enc(x))

class Unpool(nn.Module):
    """Max-unpooling whose backward is the derivative of its forward: of entries with the same index in a plane
    only the last (the one nn.MaxUnpool2d's CPU forward keeps) carries its value and receives the gradient."""
    def forward(s, z, idx, size):
        n, c = z.shape[:2]
        i, v = idx.reshape(n, c, -1), z.reshape(n, c, -1)
        same = i.unsqueeze(-1) == i.unsqueeze(-2)                      # (n, c, L, L): entries j, j' share an index
        later = torch.ones(i.shape[-1], i.shape[-1], dtype=torch.bool).triu(1)
        keep = ~(same & later).any(-1)                                  # no later entry with the same index
        out = v.new_zeros(n, c, size[0] * size[1]).scatter_add(2, i, v * keep)
        return out.reshape(n, c, *size)

class UnpoolConvAE(nn.Module):
    def __init__(s):
        super().__init__()
        s.enc = nn.Sequential(nn.Conv2d(1, 16, 3, stride=3, padding=1), nn.ReLU(), nn.MaxPool2d(2, stride=2, return_indices=True),
                              nn.Conv2d(16, 8, 3, stride=2, padding=1), nn.ReLU(), nn.MaxPool2d(2, stride=1, return_indices=True))
        s.dec = nn.ModuleList([Unpool(), nn.ConvTranspose2d(8, 16, 3, stride=2, padding=1), nn.ReLU(),
                               Unpool(), nn.ConvTranspose2d(16, 1, 7, stride=3, padding=3), nn.Tanh()])
    def forward(s, x):
        e = s.enc
        h, i1 = e[2](e[1](e[0](x)))          # (N, 16, 10, 10) -> (N, 16, 5, 5)
        z, i2 = e[5](e[4](e[3](h)))          # (N, 8, 3, 3) -> (N, 8, 2, 2)
        d = s.dec
        h = d[0](z, i2, (3, 3))              # (N, 8, 3, 3)
        h = d[2](d[1](h))                    # (N, 16, 5, 5)
        h = d[3](h, i1, (10, 10))
        return d[5](d[4](h))                 # (N, 1, 28, 28)

def run(seed, epochs, decoder):
    torch.manual_seed(seed)
    xtr, _, xte, _ = load('fashion-mnist-10k')
    xtr, xte = xtr * 2 - 1, xte * 2 - 1
    model = ConvAE() if decoder == 'convtranspose' else UnpoolConvAE()
    opt = torch.optim.Adam(model.parameters(), lr=3e-3, weight_decay=1e-5)
    for e in range(epochs):
        perm = torch.randperm(len(xtr))
        for i in range(0, len(xtr), 32):
            x = xtr[perm[i:i + 32]]
            loss = F.mse_loss(model(x), x)
            opt.zero_grad(); loss.backward(); opt.step()
    with torch.no_grad():
        return F.mse_loss(model(xte), xte).item(), sum(p.numel() for p in model.parameters())

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('seeds', type=int, nargs='?', default=5)
    ap.add_argument('--decoder', choices=['convtranspose', 'unpool'], default='convtranspose')
    ap.add_argument('--epochs', type=int, default=10)
    ap.add_argument('--threads', type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    r = [run(s, a.epochs, a.decoder) for s in range(a.seeds)]
    mses = [m for m, _ in r]
    print(f'conv-ae --decoder {a.decoder}: {r[0][1]} parameters, test_mse per seed',
          ['%.4f' % v for v in mses], 'mean %.4f' % (sum(mses) / len(mses)))
