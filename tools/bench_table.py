"""Reads result lines of tools/bench.sh ('ours' or 'torch', a tab, then a line of `autoencoders bench` or of
torch_bench.py) from standard input and prints the Markdown table of docs/performance.md: per workload and
precision, the fastest samples/s of each side over thread counts and rounds, and the ratio ours / PyTorch.
Other lines are ignored."""
import sys

ORDER = ['deep-ae', 'vae', 'sparse-ae', 'conv-ae', 'vq-vae', 'pixelcnn-prior']
best = {}  # (side, workload, precision) -> samples/s
for line in sys.stdin:
    f = line.rstrip('\n').split('\t')
    if len(f) != 8 or f[0] not in ('ours', 'torch') or not f[6].startswith('samples_per_s='):
        continue
    key = (f[0], f[1], f[2])
    best[key] = max(best.get(key, 0.0), float(f[6].split('=')[1]))
print('| workload | ours f64 | PyTorch f64 | ratio | ours `float32-matmul` | PyTorch f32 | ratio |')
print('|---|---|---|---|---|---|---|')
for w in ORDER + sorted({k[1] for k in best} - set(ORDER)):
    if not any(k[1] == w for k in best):
        continue
    row = [w]
    for ours, theirs in (('float64', 'float64'), ('float32-matmul', 'float32')):
        a, b = best.get(('ours', w, ours)), best.get(('torch', w, theirs))
        row += [f'{a:,.0f}' if a else '-', f'{b:,.0f}' if b else '-', f'{a / b:.2f}' if a and b else '-']
    print('| ' + ' | '.join(row) + ' |')
