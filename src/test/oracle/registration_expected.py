#!/usr/bin/python3
"""Expected registration values from the shared oracle (../shared/oracle/align.py), for
ResamplerOracleTest and TransformFinderOracleTest.  Run from the project directory:

    /usr/bin/python3 src/test/oracle/registration_expected.py ../shared

writes src/test/resources/expected/registration/:
  shift_<case>.csv.gz      scipy.ndimage.shift(M13_blue_0001, (dy, dx), order=3, mode='constant', cval) sampled
                           on a grid (columns/rows 0-4, every 37th column / 29th row, the last 5): col, row
                           (0-based FITS array), value ('nan' = cval NaN)
  rotate_<case>.csv.gz     scipy.ndimage.rotate(M13_blue_0001, angle, reshape, order=3, mode='constant', cval=0)
                           on the same kind of grid of the output
  resample_cases.csv       the cases above: name, kind, dx, dy, angle, reshape, cval, output width, height
  transform_<pair>.csv     astroalign.find_transform(source, target) (align.py transform): scale, rotation_deg,
                           tx, ty, the 2x3 matrix (0-based x = column, y = row), n_matches
  matches_<pair>.csv       astroalign's matched control points (0-based)
  m13_drift.csv            drift of M13_blue_000N relative to M13_blue_0001 (N = 2..5), target = source + (dx, dy)
                           (FITS x, y): peak of the cross-correlation (scipy.signal.fftconvolve, parabolic sub-pixel
                           peak) of the frames flattened by row and column medians and smoothed (Gaussian sigma
                           2.5 px), frame 1 cropped to rows/columns 100:950 / 100:1300, offsets up to 60 px
  lsq_<pair>.csv           least squares on those matches: skimage SimilarityTransform.estimate, and
                           numpy.linalg.lstsq for the affine map: kind, a00..a12 (0-based)

astroalign cannot register the single M13 frames (faint 5 s exposures: with its defaults it finds no
source at 5 sigma; at 1.5-3 sigma, or on sep star lists passed directly, it reports "List of matching
triangles exhausted"), so the real-pair oracle is the eso085-030 pair only.
"""
import csv
import gzip
import io
import os
import subprocess
import sys
import tempfile

import numpy as np
from astropy.io import fits
from scipy import ndimage, signal
from skimage.transform import SimilarityTransform

shared = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else '../shared')
align = os.path.join(shared, 'oracle', 'align.py')
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'resources', 'expected', 'registration')
os.makedirs(out, exist_ok=True)
m13 = os.path.join(shared, 'data', 'm13-orion-ssdsi', 'M13_blue_0001.fits')
eso = [os.path.join(shared, 'data', 'eso085-030-two-epochs', f) for f in
       ('aligned_eso085-030-004.fit', 'aligned_eso085-030-005.fit')]

# name, sub-command, arguments, cval
RESAMPLE = [
    ('shift_0.6_-0.7', 'shift', ['--dx', '0.6', '--dy', '-0.7', '--cval', 'nan'], 'nan'),
    ('shift_13.25_-4.5', 'shift', ['--dx', '13.25', '--dy', '-4.5', '--cval', '0'], '0'),
    ('rotate_30', 'rotate', ['--angle', '30'], '0'),
    ('rotate_-17.5_reshape', 'rotate', ['--angle', '-17.5', '--reshape'], '0'),
    # a registration-sized rotation: Resampler's float segments (CubicSegments) run its interior
    ('rotate_0.35', 'rotate', ['--angle', '0.35'], '0'),
]


def opener(path):
    # gzip without a timestamp, so that regenerating unchanged values leaves the files unchanged
    if path.endswith('.gz'):
        return io.TextIOWrapper(gzip.GzipFile(path, 'wb', mtime=0), newline='')
    return open(path, 'w', newline='')


def write(name, header, rows):
    path = os.path.join(out, name)
    with opener(path) as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        w.writerows(rows)
    print('wrote', path, len(rows), 'rows')


def grid(n, step):
    return sorted(set(range(5)) | set(range(5, n - 5, step)) | set(range(n - 5, n)))


def run(args, tmp):
    subprocess.run(['/usr/bin/python3', align] + args + ['-o', tmp], check=True)


def arg(args, key, default=''):
    return args[args.index(key) + 1] if key in args else default


cases = []
with tempfile.TemporaryDirectory() as tmp:
    for name, sub, args, cval in RESAMPLE:
        run([sub, m13] + args, tmp)
        data = fits.getdata(os.path.join(tmp, 'M13_blue_0001_' + ('shift' if sub == 'shift' else 'rot') + '.fits'))
        h, w = data.shape
        rows = [[c, r, '%.10g' % data[r, c]] for r in grid(h, 29) for c in grid(w, 37)]
        write(name + '.csv.gz', ['col', 'row', 'value'], rows)
        cases.append([name, sub, arg(args, '--dx', 0), arg(args, '--dy', 0), arg(args, '--angle', 0),
                      int('--reshape' in args), cval, w, h])
    write('resample_cases.csv', ['name', 'kind', 'dx', 'dy', 'angle', 'reshape', 'cval', 'width', 'height'], cases)

    run(['transform'] + eso, tmp)
    pair = 'aligned_eso085-030-004_to_aligned_eso085-030-005'
    for kind in ('transform', 'matches'):
        with open(os.path.join(tmp, pair + '_' + kind + '.csv')) as f:
            rows = list(csv.reader(f))
        write(kind + '_eso085.csv', rows[0], rows[1:])
    m = np.loadtxt(os.path.join(tmp, pair + '_matches.csv'), delimiter=',', skiprows=1)
    sim = SimilarityTransform()
    sim.estimate(m[:, :2], m[:, 2:])
    p = sim.params
    lsq = [['similarity'] + [repr(float(v)) for v in (p[0, 0], p[0, 1], p[0, 2], p[1, 0], p[1, 1], p[1, 2])]]
    # affine: ordinary least squares per output axis (skimage's AffineTransform.estimate solves the
    # homogeneous system by SVD, which differs from it by ~1e-8)
    design = np.c_[m[:, :2], np.ones(len(m))]
    ax = np.linalg.lstsq(design, m[:, 2], rcond=None)[0]
    ay = np.linalg.lstsq(design, m[:, 3], rcond=None)[0]
    lsq.append(['affine'] + [repr(float(v)) for v in list(ax) + list(ay)])
    write('lsq_eso085.csv', ['kind', 'a00', 'a01', 'a02', 'a10', 'a11', 'a12'], lsq)


# M13: astroalign cannot match the single frames; their drift by cross-correlation instead (phase
# correlation locks onto the fixed-pattern noise at zero shift, plain correlation of the smoothed
# frames follows the cluster and its stars)
def flattened(path):
    d = fits.getdata(path).astype(np.float64)
    d = d - np.median(d, axis=1, keepdims=True)
    d = d - np.median(d, axis=0, keepdims=True)
    return ndimage.gaussian_filter(d, 2.5)


def parabola(m, z, p):
    return 0.5 * (m - p) / (m - 2 * z + p)


frames = [flattened(os.path.join(shared, 'data', 'm13-orion-ssdsi', 'M13_blue_%04d.fits' % i)) for i in range(1, 6)]
y0, y1, x0, x1, pad = 100, 950, 100, 1300, 60
crop = frames[0][y0:y1, x0:x1]
drift = []
for i in range(1, 5):
    c = signal.fftconvolve(frames[i][y0 - pad:y1 + pad, x0 - pad:x1 + pad], crop[::-1, ::-1], mode='valid')
    r, k = np.unravel_index(np.argmax(c), c.shape)
    dx = k - pad + parabola(c[r, k - 1], c[r, k], c[r, k + 1])
    dy = r - pad + parabola(c[r - 1, k], c[r, k], c[r + 1, k])
    drift.append(['M13_blue_%04d' % (i + 1), '%.3f' % dx, '%.3f' % dy])
write('m13_drift.csv', ['target', 'dx', 'dy'], drift)
