#!/usr/bin/python3
"""Expected values for the PSF tests, from the shared oracle (scipy.optimize.leastsq, astropy.modeling).

Run from the worktree root (writes src/test/resources/expected/psf/):

    /usr/bin/python3 src/test/oracle/psf_expected.py [--shared ../shared]

It runs ../shared/oracle/psf.py on ../shared/data/eso085-030-two-epochs/aligned_eso085-030-004.fit
into a temporary directory and keeps small extracts:

* strip_eso004.csv     the seed's 1-D recipe (psf.py strip): for three bright stars, row (--x) and column
                       (--y) of img[row, col-10:col+10] (0-based FITS array), the leastsq amplitude,
                       mean, sigma from (2000, 10, 3), and the 20 strip values
* fit_eso004_gaussian.csv, fit_eso004_moffat.csv
                       psf.py fit --box 15 (astropy Gaussian2D/Moffat2D + Const2D, LevMarLSQFitter) at
                       eight unsaturated, isolated stars (start positions from sep.extract, 0-based
                       x = column, y = row): x0, y0 (start), and the fitted columns of the oracle
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'resources', 'expected', 'psf')
IMAGE = 'eso085-030-two-epochs/aligned_eso085-030-004.fit'
# (row, column) of the strips: the star at column 715.1, row 256.3 and two others
STRIPS = [(256, 715), (186, 376), (207, 787)]
# sep.extract centres (0-based x = column, y = row) of unsaturated, isolated stars, peaks 6000-26000 ADU
STARS = [(554.76, 56.93), (376.22, 186.13), (787.01, 206.82), (715.08, 256.25), (106.03, 320.77),
         (694.79, 336.35), (600.26, 356.66), (899.81, 206.40)]


def read(path):
    with open(path, newline='') as f:
        return list(csv.DictReader(f))


def write(name, header, rows):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        w.writerows(rows)
    print('wrote', name, len(rows), 'rows')


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--shared', default=os.path.join(HERE, '..', '..', '..', '..', 'shared'))
    a = p.parse_args()
    oracle = os.path.join(a.shared, 'oracle', 'psf.py')
    image = os.path.join(a.shared, 'data', IMAGE)
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for r, c in STRIPS:
            subprocess.run([sys.executable, oracle, 'strip', image, '-o', tmp, '--x', str(r), '--y', str(c)], check=True)
            s = read(os.path.join(tmp, 'aligned_eso085-030-004_strip_fit.csv'))[0]
            rows.append([r, c, s['amplitude'], s['mean'], s['sigma'], s['values']])
        write('strip_eso004.csv', ['row', 'col', 'amplitude', 'mean', 'sigma', 'values'], rows)
        for model in ('gaussian', 'moffat'):
            xy = [f'{x},{y}' for x, y in STARS]
            subprocess.run([sys.executable, oracle, 'fit', image, '-o', tmp, '--model', model, '--box', '15', '--xy', *xy],
                           check=True)
            fits = read(os.path.join(tmp, f'aligned_eso085-030-004_{model}_fit.csv'))
            cols = list(fits[0].keys())
            write(f'fit_eso004_{model}.csv', ['x0', 'y0'] + cols,
                  [[x, y] + [f[c] for c in cols] for (x, y), f in zip(STARS, fits)])


if __name__ == '__main__':
    main()
