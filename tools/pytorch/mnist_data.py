"""Loads the embedded IDX data sets (core/src/main/resources/datasets) as torch tensors in [0, 1]."""
import gzip, os, struct
import numpy as np
import torch

ROOT = os.path.join(os.path.dirname(__file__), '..', '..', 'core', 'src', 'main', 'resources', 'datasets')

def _read(path):
    with gzip.open(path, 'rb') as f:
        data = f.read()
    magic, = struct.unpack('>I', data[:4])
    ndim = magic & 0xff
    dims = struct.unpack('>' + 'I' * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)

def load(name='mnist-10k', dtype=torch.float32):
    d = os.path.join(ROOT, name)
    xtr = torch.tensor(_read(os.path.join(d, 'train-images-idx3-ubyte.gz')).copy(), dtype=dtype) / 255
    ytr = torch.tensor(_read(os.path.join(d, 'train-labels-idx1-ubyte.gz')).copy(), dtype=torch.long)
    xte = torch.tensor(_read(os.path.join(d, 't10k-images-idx3-ubyte.gz')).copy(), dtype=dtype) / 255
    yte = torch.tensor(_read(os.path.join(d, 't10k-labels-idx1-ubyte.gz')).copy(), dtype=torch.long)
    return xtr.unsqueeze(1), ytr, xte.unsqueeze(1), yte
