"""PyTorch twin of `autoencoders pixelcnn`: the PixelCNN prior over a VQ-VAE's 7x7 code maps.

The model is PixelCNNPrior of shared/bench/torch_bench.py, copied verbatim below (975,872 parameters; K = 128,
128 filters, a 7x7 mask-A convolution, 2 residual blocks with a 3x3 mask-B convolution, 2 1x1 mask-B layers).
Training as the issue: Adam 1e-3, batch 128, 10 epochs on the train codes written by
`vq_vae.py --save-codes DIR`.

    /usr/bin/python3 tools/pytorch/pixelcnn.py DIR [--epochs 10]

Prints the test NLL per code in nats, and for reference the unigram (code frequencies of the train codes,
add-one smoothed) and the uniform (log K) NLL.
"""
import argparse, math, os, torch, torch.nn as nn, torch.nn.functional as F


class MaskedConv2d(nn.Conv2d):
    def __init__(s, mask_type, *a, **k):
        super().__init__(*a, **k)
        _, _, h, w = s.weight.shape
        m = torch.ones_like(s.weight); m[:, :, h // 2, w // 2 + (mask_type == 'B'):] = 0; m[:, :, h // 2 + 1:] = 0
        s.register_buffer('mask', m)
    def forward(s, x):
        return F.conv2d(x, s.weight * s.mask, s.bias, s.stride, s.padding)


class PixelCNNPrior(nn.Module):  # keras-io vq_vae prior shape: 7x7 grid of K=128 codes
    def __init__(s, K=128, F_=128):
        super().__init__(); s.K = K
        s.emb = nn.Embedding(K, F_)
        s.a = MaskedConv2d('A', F_, F_, 7, padding=3)
        s.res = nn.ModuleList([nn.Sequential(nn.ReLU(), nn.Conv2d(F_, F_ // 2, 1), nn.ReLU(), MaskedConv2d('B', F_ // 2, F_ // 2, 3, padding=1), nn.ReLU(), nn.Conv2d(F_ // 2, F_, 1)) for _ in range(2)])
        s.b = nn.ModuleList([MaskedConv2d('B', F_, F_, 1) for _ in range(2)])
        s.out = nn.Conv2d(F_, K, 1)
    def logits(s, codes):
        h = s.a(s.emb(codes).permute(0, 3, 1, 2))
        for r in s.res: h = h + r(h)
        for b in s.b: h = F.relu(b(h))
        return s.out(h)
    def loss(s, codes):
        return F.cross_entropy(s.logits(codes), codes)


if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('dir'); ap.add_argument('--epochs', type=int, default=10)
    ap.add_argument('--seed', type=int, default=0); ap.add_argument('--threads', type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads); torch.manual_seed(a.seed)
    tr = torch.load(os.path.join(a.dir, 'train_codes.pt')); te = torch.load(os.path.join(a.dir, 'test_codes.pt'))
    K = 128
    prior = PixelCNNPrior(K)
    print('parameters', sum(p.numel() for p in prior.parameters()))
    opt = torch.optim.Adam(prior.parameters(), lr=1e-3)
    for e in range(a.epochs):
        perm = torch.randperm(len(tr)); tot = 0; nb = 0
        for i in range(0, len(tr), 128):
            loss = prior.loss(tr[perm[i:i + 128]])
            opt.zero_grad(); loss.backward(); opt.step(); tot += loss.item(); nb += 1
        print(f'epoch {e + 1}: train nll {tot / nb:.4f}', flush=True)
    with torch.no_grad():
        nll = prior.loss(te).item()
    counts = torch.bincount(tr.flatten(), minlength=K).double() + 1
    logp = (counts / counts.sum()).log()
    unigram = -logp[te.flatten()].mean().item()
    print(f'test_nll_nats_per_code {nll:.4f}  unigram_nll_nats_per_code {unigram:.4f}  uniform_nll_nats_per_code {math.log(K):.4f}')
