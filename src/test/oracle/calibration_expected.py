#!/usr/bin/python3
"""Expected values of the calibration acceptance tests, from the shared ccdproc oracle.

Runs ../shared/oracle/ccd_calib.py (ccdproc 2.4 + numpy) on
  * sbig-stl1001-bias-darks: median, single-pass sigma-clip (mean/std) and sigma-clip (median/mad_std)
    combines of the five 30 s darks; ccdproc reduce with the dark scaled to the 10..130 s darks;
  * tircam2-ic310-jband: ccdproc reduce (bias + flat) of the five IC310 frames, and the seed recipe
    (biases used as the dark) on IC310_1;
  * a simulated stack (./astro run "Simulate Observation", 96x96, seed 7): median of 8 biases (even N),
    sigma-clip of the six 180 s darks (cosmic rays), median of the seven V flats;
and writes small CSV files the Java tests compare with (src/test/resources/expected/calibration):
  stats.csv     per image: finite pixels, sum, sum of squares, min, max (float64)
  <case>.csv    sampled pixels: row, col (0-based numpy = FITS array order), value (repr)
  tircam_flat_le0.csv   the master flat pixels <= 0 (row, col, value) and the reduced frames' values there
                        (inf/NaN where the flat is 0, finite where it is negative)
Sampled pixels: 600 at seeded random positions, the 50 largest and 50 smallest values, and the
150 pixels where the image differs most from the median combine (where clipping acted).

    /usr/bin/python3 src/test/oracle/calibration_expected.py ../shared /tmp/calib-expected \
        src/test/resources/expected/calibration
(run from the project root; the simulated case needs ./astro, i.e. a built project)
"""
import glob
import os
import subprocess
import sys

import numpy as np
from astropy.io import fits

shared = os.path.abspath(sys.argv[1])
work = os.path.abspath(sys.argv[2])
out = os.path.abspath(sys.argv[3])
os.makedirs(work, exist_ok=True)
os.makedirs(out, exist_ok=True)
oracle = os.path.join(shared, 'oracle', 'ccd_calib.py')
data = os.path.join(shared, 'data')


def run(*args):
    subprocess.run(['/usr/bin/python3', oracle] + [str(a) for a in args], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def img(path):
    return fits.getdata(path).astype(np.float64)


stats = ['case,finite,sum,sumsq,min,max']


def record(case, a, reference=None, seed=0):
    fin = np.isfinite(a)
    v = a[fin]
    stats.append(f'{case},{fin.sum()},{v.sum()!r},{(v * v).sum()!r},{v.min()!r},{v.max()!r}')
    rng = np.random.default_rng(seed)
    picks = set()
    rows, cols = a.shape
    for r, c in zip(rng.integers(0, rows, 600), rng.integers(0, cols, 600)):
        picks.add((int(r), int(c)))
    flat = np.where(fin, a, np.nan)
    order = np.argsort(np.where(fin, a, -np.inf), axis=None)
    for i in list(order[-50:]):
        picks.add(divmod(int(i), cols))
    order = np.argsort(np.where(fin, a, np.inf), axis=None)
    for i in list(order[:50]):
        picks.add(divmod(int(i), cols))
    if reference is not None:
        diff = np.abs(np.where(fin, a - reference, 0))
        for i in list(np.argsort(diff, axis=None)[-150:]):
            picks.add(divmod(int(i), cols))
    with open(os.path.join(out, case + '.csv'), 'w') as f:
        f.write('row,col,value\n')
        for r, c in sorted(picks):
            if np.isfinite(flat[r, c]):
                f.write(f'{r},{c},{a[r, c]!r}\n')


# --- SBIG darks: combines
sbig = os.path.join(data, 'sbig-stl1001-bias-darks')
darks = [os.path.join(sbig, f'10dark_{i}.FIT') for i in range(5)]
run('combine', *darks, '-o', f'{work}/sbig_median.fits', '--method', 'median')
run('combine', *darks, '-o', f'{work}/sbig_sigclip.fits', '--method', 'sigclip')
run('combine', *darks, '-o', f'{work}/sbig_sigclip_mad.fits', '--method', 'sigclip', '--center', 'median', '--dev', 'mad_std')
med = img(f'{work}/sbig_median.fits')
record('sbig_median', med, seed=1)
record('sbig_sigclip', img(f'{work}/sbig_sigclip.fits'), med, seed=2)
record('sbig_sigclip_mad', img(f'{work}/sbig_sigclip_mad.fits'), med, seed=3)

# --- SBIG: dark scaled by exposure time (bias 0cbias, master dark of the 30 s darks, 10..130 s darks as science)
timedarks = [os.path.join(sbig, f'timedark{i}.FIT') for i in range(7)]
run('reduce', '--bias', os.path.join(sbig, '0cbias.FIT'), '--dark', *darks, '--sci', *timedarks, '-o', f'{work}/sbig_reduce')
for i in (0, 6):
    record(f'sbig_reduce_timedark{i}', img(f'{work}/sbig_reduce/timedark{i}_red.FIT' if os.path.exists(
        f'{work}/sbig_reduce/timedark{i}_red.FIT') else f'{work}/sbig_reduce/timedark{i}_red.fits'), seed=10 + i)
for i in range(1, 6):
    a = img(f'{work}/sbig_reduce/timedark{i}_red.fits')
    fin = np.isfinite(a)
    stats.append(f'sbig_reduce_timedark{i},{fin.sum()},{a[fin].sum()!r},{(a[fin] ** 2).sum()!r},{a[fin].min()!r},{a[fin].max()!r}')

# --- TIRCAM2: ccdproc reduce (bias + flat) and the seed recipe
tir = os.path.join(data, 'tircam2-ic310-jband')
bias = sorted(glob.glob(os.path.join(tir, 'bias_*.fits')))
flats = sorted(glob.glob(os.path.join(tir, 'flats*.fits')))
sci = sorted(glob.glob(os.path.join(tir, 'IC310_*.fits')))
run('reduce', '--bias', *bias, '--flat', *flats, '--sci', *sci, '-o', f'{work}/tir_reduce')
record('tircam_master_bias', img(f'{work}/tir_reduce/master_bias.fits'), seed=20)
mflat = img(f'{work}/tir_reduce/master_flat.fits')
record('tircam_master_flat', mflat, seed=21)
reds = [img(f'{work}/tir_reduce/IC310_{i}_red.fits') for i in range(1, 6)]
for i in (1, 5):
    record(f'tircam_IC310_{i}', reds[i - 1], seed=21 + i)
for i in (2, 3, 4):
    a = reds[i - 1]
    fin = np.isfinite(a)
    stats.append(f'tircam_IC310_{i},{fin.sum()},{a[fin].sum()!r},{(a[fin] ** 2).sum()!r},{a[fin].min()!r},{a[fin].max()!r}')
run('seed', '--bias', *bias, '--dark', *bias, '--flat', *flats, '--sci', sci[0], '-o', f'{work}/tir_seed.fits')
record('tircam_seed_IC310_1', img(f'{work}/tir_seed.fits'), seed=30)
with open(os.path.join(out, 'tircam_flat_le0.csv'), 'w') as f:
    f.write('row,col,flat,' + ','.join(f'IC310_{i}' for i in range(1, 6)) + '\n')
    for r, c in zip(*np.nonzero(mflat <= 0)):
        f.write(f'{r},{c},{mflat[r, c]!r},' + ','.join(repr(a[r, c]) for a in reds) + '\n')

# --- a simulated stack (the project's own simulator, deterministic)
sim = os.path.join(work, 'sim')
if not os.path.exists(os.path.join(sim, 'night.csv')):
    subprocess.run(['./astro', 'run', 'Simulate Observation',
                    f'output={sim},seed=7,width=96,height=96,stars=30,filters=V,bias_frames=8,dark_frames=6,'
                    'flat_frames=7,science_frames=1,epoch2_frames=0'], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
sbias = sorted(glob.glob(os.path.join(sim, 'bias_*.fits')))
sdark = sorted(glob.glob(os.path.join(sim, 'dark_180s_*.fits')))
sflat = sorted(glob.glob(os.path.join(sim, 'flat_V_*.fits')))
run('combine', *sbias, '-o', f'{work}/sim_bias_median.fits', '--method', 'median')
run('combine', *sdark, '-o', f'{work}/sim_dark_median.fits', '--method', 'median')
run('combine', *sdark, '-o', f'{work}/sim_dark_sigclip.fits', '--method', 'sigclip')
run('combine', *sdark, '-o', f'{work}/sim_dark_sigclip_mad.fits', '--method', 'sigclip', '--center', 'median',
    '--dev', 'mad_std', '--low', '2.5', '--high', '2')
run('combine', *sflat, '-o', f'{work}/sim_flat_median.fits', '--method', 'median')
record('sim_bias_median', img(f'{work}/sim_bias_median.fits'), seed=40)
dmed = img(f'{work}/sim_dark_median.fits')
record('sim_dark_sigclip', img(f'{work}/sim_dark_sigclip.fits'), dmed, seed=41)
record('sim_dark_sigclip_mad', img(f'{work}/sim_dark_sigclip_mad.fits'), dmed, seed=42)
record('sim_flat_median', img(f'{work}/sim_flat_median.fits'), seed=43)

with open(os.path.join(out, 'stats.csv'), 'w') as f:
    f.write('\n'.join(stats) + '\n')
