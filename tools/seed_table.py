"""The seed comparison of tools/vq_seeds.sh.

    seed_table.py --metrics SEED < metrics.json     prints one line 'ours, seed, mse, perplexity, codes used' (tabs)
    seed_table.py < seeds.tsv                       prints the Markdown table of docs/vq-vae.md from such lines
                                                    ('ours' or 'twin' first)

Welch's t = (mean_ours - mean_twin) / sqrt(s_ours^2 / n_ours + s_twin^2 / n_twin); |t| below 2 means the two
means are not told apart by these seeds. Standard library only."""
import json, math, statistics, sys

if len(sys.argv) == 3 and sys.argv[1] == '--metrics':
    m = json.load(sys.stdin)
    print(f"ours\t{sys.argv[2]}\t{m['test_recon_mse']:.5f}\t{m['codebook_perplexity']:.2f}\t{m['codes_used']}")
    sys.exit()

runs = {'ours': [], 'twin': []}
for line in sys.stdin:
    f = line.rstrip('\n').split('\t')
    if len(f) == 5 and f[0] in runs:
        runs[f[0]].append((int(f[1]), float(f[2]), float(f[3]), int(f[4])))
print('| side | seeds | MSE mean | MSE s.d. | MSE s.e. | perplexity mean | codes used mean |')
print('|---|---|---|---|---|---|---|')
stats = {}
for side, rs in runs.items():
    if len(rs) < 2:
        continue
    mse = [r[1] for r in rs]
    stats[side] = {what: (statistics.mean(v), statistics.variance(v), len(v))
                   for what, v in (('MSE', mse), ('perplexity', [r[2] for r in rs]))}
    print(f'| {side} | {len(rs)} | {statistics.mean(mse):.5f} | {statistics.stdev(mse):.5f} | '
          f'{statistics.stdev(mse) / math.sqrt(len(mse)):.5f} | {statistics.mean(r[2] for r in rs):.2f} | '
          f'{statistics.mean(r[3] for r in rs):.1f} |')
if len(stats) == 2:
    print()
    for what in ('MSE', 'perplexity'):
        (m1, v1, n1), (m2, v2, n2) = stats['ours'][what], stats['twin'][what]
        print(f'{what}: ours / twin = {m1 / m2:.4f} (means), Welch t = {(m1 - m2) / math.sqrt(v1 / n1 + v2 / n2):.2f}')
