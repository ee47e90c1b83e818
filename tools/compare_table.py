"""Reads the log of tools/compare.sh (a side's label, a tab, then a result line of `autoencoders bench`, of
djl-bench or of torch_bench.py) from standard input and prints the two ratio tables of docs/performance.md: on this
machine's instruction set and held to AVX2. Per workload and precision, each side's fastest samples/s over rounds and
thread counts; PyTorch is the better of libtorch 2.7.1 at its best MKL setting and Debian's 1.13; the ratio is ours /
that PyTorch, ours in float32-matmul for the float32 columns; the last column has the ratio of each round alone (a
configuration's k-th line in the log is from round k). Other lines are ignored."""
import sys

ORDER = ['deep-ae', 'vae', 'sparse-ae', 'conv-ae', 'vq-vae', 'pixelcnn-prior']
best = {}  # (side, workload, dtype) -> samples/s
by_round = {}  # (side, workload, dtype, round) -> samples/s; a configuration's k-th line is from round k
seen = {}
for line in sys.stdin:
    f = line.rstrip('\n').split('\t')
    if len(f) < 8 or not f[6].startswith('samples_per_s='):
        continue
    dtype = {'float32-matmul': 'float32'}.get(f[2], f[2])
    key = (f[0], f[1], dtype)
    x = float(f[6].split('=')[1])
    best[key] = max(best.get(key, 0.0), x)
    config = key + (f[3],)
    seen[config] = seen.get(config, 0) + 1
    rk = key + (seen[config],)
    by_round[rk] = max(by_round.get(rk, 0.0), x)
rounds = max(seen.values(), default=0)

TABLES = [
    ('this machine (AVX-512)', 'ours', ['libtorch', 'libtorch-mkl-avx2', 'libtorch-mkl-avx512'], 'debian'),
    ('held to AVX2', 'ours-avx2', ['libtorch-avx2'], 'debian-avx2'),
]


def fmt(x):
    return f'{x:,.0f}' if x else '-'


for title, ours, libtorch, debian in TABLES:
    print(f'\n{title}\n')
    print('| workload | ours f64 | PyTorch f64 (libtorch 2.7.1 / Debian 1.13) | ratio | ours f32 | PyTorch f32 (libtorch / Debian) | ratio | ratios by round (f64; f32) |')
    print('|---|---|---|---|---|---|---|---|')
    for w in ORDER:
        if not any(k[1] == w for k in best):
            continue
        row = [w]
        for dtype in ('float64', 'float32'):
            a = best.get((ours, w, dtype))
            lt = max([best.get((s, w, dtype), 0.0) for s in libtorch])
            db = best.get((debian, w, dtype), 0.0)
            them = max(lt, db)
            row += [fmt(a), f'{fmt(them)} ({fmt(lt)} / {fmt(db)})', f'{a / them:.2f}' if a and them else '-']
        per = []
        for dtype in ('float64', 'float32'):
            rs = []
            for r in range(1, rounds + 1):
                a = by_round.get((ours, w, dtype, r))
                them = max([by_round.get((s, w, dtype, r), 0.0) for s in libtorch + [debian]])
                rs.append(f'{a / them:.2f}' if a and them else '-')
            per.append(', '.join(rs))
        row.append('; '.join(per))
        print('| ' + ' | '.join(row) + ' |')
