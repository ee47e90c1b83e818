"""PyTorch twin of `autoencoders ae`: 784-256-32-256-784, ReLU, linear code, sigmoid out, MSE, Adam 1e-3, batch 64."""
import sys, torch, torch.nn as nn, torch.nn.functional as F
from mnist_data import load

def run(seed, epochs=2, tied=False):
    torch.manual_seed(seed)
    xtr, _, xte, _ = load('mnist-10k')
    xtr, xte = xtr.flatten(1), xte.flatten(1)
    enc = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 32))
    dec = nn.Sequential(nn.Linear(32, 256), nn.ReLU(), nn.Linear(256, 784), nn.Sigmoid())
    params = list(enc.parameters()) + list(dec.parameters())
    opt = torch.optim.Adam(params, lr=1e-3)
    for e in range(epochs):
        perm = torch.randperm(len(xtr))
        for i in range(0, len(xtr), 64):
            x = xtr[perm[i:i + 64]]
            loss = F.mse_loss(dec(enc(x)), x)
            opt.zero_grad(); loss.backward(); opt.step()
    with torch.no_grad():
        return F.mse_loss(dec(enc(xte)), xte).item()

if __name__ == '__main__':
    seeds = range(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
    r = [run(s) for s in seeds]
    print('test_mse per seed', ['%.4f' % v for v in r], 'mean %.4f' % (sum(r) / len(r)))
