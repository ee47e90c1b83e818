"""Writes the PyTorch-made test fixtures of models-ae (float64): for each model a safetensors file with its
state dict, a fixed input batch, PyTorch's output, loss and the loss's gradient for every parameter
("grad.<name>"). The Java tests load the weights by name, run the same batch and compare.

  /usr/bin/python3 tools/pytorch/model_fixtures.py   (writes models-ae/src/test/resources/fixtures/)
"""
import os, sys
import torch, torch.nn.functional as F
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
from safetensors_torch_check import save
from conv_ae import ConvAE, Unpool, UnpoolConvAE
from sparse_ae import SparseAE

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'models-ae', 'src', 'test', 'resources', 'fixtures')

def with_grads(model, x, out, loss):
    model.zero_grad(); loss.backward()
    t = {k: v.detach().clone() for k, v in model.state_dict().items()}
    t.update({'grad.' + k: p.grad.detach().clone() for k, p in model.named_parameters()})
    t.update({'x': x, 'out': out.detach().clone(), 'loss': loss.detach().reshape(1).clone()})
    return t

def check_unpool(x):
    """Unpool has nn.MaxUnpool2d's forward on the overlapping (k 2, stride 1) pooling of the encoder."""
    z, idx = F.max_pool2d(torch.relu(x), 2, 1, return_indices=True)
    assert torch.equal(Unpool()(z, idx, tuple(x.shape[2:])), F.max_unpool2d(z, idx, 2, 1, output_size=x.shape[2:]))

def conv(cls, name):
    torch.manual_seed(3)
    model = cls().double()
    x = torch.rand(2, 1, 28, 28, dtype=torch.float64) * 2 - 1
    check_unpool(torch.randn(4, 8, 3, 3, dtype=torch.float64))
    y = model(x)
    save(with_grads(model, x, y, F.mse_loss(y, x)), os.path.join(OUT, name + '.safetensors'))

def sparse():
    torch.manual_seed(4)
    model = SparseAE(rho=0.01, beta=5.0, hidden=20).double()
    x = torch.rand(6, 100, dtype=torch.float64)
    h, r = model(x)
    t = with_grads(model, x, r, model.loss(x))
    t['hidden'] = h.detach().clone()
    save(t, os.path.join(OUT, 'sparse_ae.safetensors'))

if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    conv(ConvAE, 'conv_ae_convtranspose')
    conv(UnpoolConvAE, 'conv_ae_unpool')
    sparse()
    print('wrote', sorted(os.listdir(OUT)))
