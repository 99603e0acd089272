#!/usr/bin/python3
"""Expected RGB composites from the shared oracle (../shared/oracle/rgb.py: astropy 5.2.1
make_lupton_rgb and the classic img_scale asinh), for CompositeOracleTest.

    /usr/bin/python3 src/test/oracle/composite_expected.py ../shared src/test/resources/expected/composite

Runs rgb.py (the oracle's command line) on ../shared/data into a scratch directory and writes:

* lupton_<case>.png -- every pixel of make_lupton_rgb's uint8 image as the oracle's PNG holds it
  (for gc2mass, lupton_gc2mass_rows.csv: a CRC-32 of each row of that image instead)
  (written with origin='lower': FITS row 1 at the bottom, north up), RGB without the alpha channel
  matplotlib adds.  The script checks that this is flipud(make_lupton_rgb) and the oracle's FITS cube.
* classic_levels.csv -- per case and channel the black/white points used, the sum and sum of squares
  of the float composite, the number of pixels at 0 and at 1, and the histogram of the oracle PNG's
  8-bit values (256 counts, space separated): every pixel enters these.
* classic_<case>.csv -- sampled pixels of the float composite (12 digits): numpy row/col, r, g, b,
  and the oracle PNG's 8-bit values at that pixel (PNG row = height - 1 - row).

* asinh.csv -- numpy's arcsinh (the C library's, which make_lupton_rgb and img_scale use) of 2009
  arguments from 1e-12 to 1e300, both signs and the algorithm's branch points, as exact hex floats.

Cases (R, G, B):
  Lupton: sdss_s5_q8 (i, r, g; minimum 0, stretch 5, Q 8), sdss_s0.5_q10 (stretch 0.5, Q 10),
          gc2mass (K, H, J; minimum 500 480 150, stretch 150, Q 6)
  classic asinh: sdss_given (levels 0..5, non_linear 0.5), sdss_minmax (automatic: each channel's
          min/max, non_linear 2), gc2mass_minmax (non_linear 20), and the seed's automatic levels
          mean + 0.75 std .. mean + 5 std (numpy nanmean/nanstd, ddof 0) computed here and given to
          the oracle: sdss_sigma (non_linear 0.5), gc2mass_sigma (non_linear 20).
"""
import os
import subprocess
import sys
import tempfile
import zlib

import numpy as np

shared = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else '../shared')
out = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else 'src/test/resources/expected/composite')
sys.path.insert(0, os.path.join(shared, 'oracle'))
from common import read_image  # noqa: E402
from astropy.io import fits  # noqa: E402
from astropy.visualization import make_lupton_rgb  # noqa: E402
import matplotlib.image  # noqa: E402
from PIL import Image  # noqa: E402

RGB = os.path.join(shared, 'oracle', 'rgb.py')
SD = os.path.join(shared, 'data', 'sdss-gri-lupton')
J = os.path.join(shared, 'data', '2mass-jhk-galactic-center')
SDSS = [os.path.join(SD, f'reprojected_sdss_{b}.fits') for b in 'irg']
TWOMASS = [os.path.join(J, f'gc_2mass_{b}.fits') for b in 'khj']

LUPTON = [
    ('sdss_s5_q8', SDSS, [0.0], 5.0, 8.0),
    ('sdss_s0.5_q10', SDSS, [0.0], 0.5, 10.0),
    ('gc2mass', TWOMASS, [500.0, 480.0, 150.0], 150.0, 6.0),
]


def seed_levels(files):
    lo, hi = [], []
    for f in files:
        a = read_image(f)[0]
        m, s = np.nanmean(a), np.nanstd(a)
        lo.append(m + 0.75 * s)
        hi.append(m + 5 * s)
    return lo, hi


def classic_cases():
    slo, shi = seed_levels(SDSS)
    glo, ghi = seed_levels(TWOMASS)
    return [
        ('sdss_given', SDSS, [0.0] * 3, [5.0] * 3, 0.5),
        ('sdss_minmax', SDSS, None, None, 2.0),
        ('gc2mass_minmax', TWOMASS, None, None, 20.0),
        ('sdss_sigma', SDSS, slo, shi, 0.5),
        ('gc2mass_sigma', TWOMASS, glo, ghi, 20.0),
    ]


def png_rgb(path):
    p = matplotlib.image.imread(path)  # float 0..1, row 0 = top of the picture
    return np.round(p[..., :3] * 255).astype(np.uint8)


def asinh_table():
    rng = np.random.default_rng(3)
    x = np.concatenate([10 ** rng.uniform(-12, 12, 1500), rng.uniform(0, 4, 400),
                        [0.0, 2 ** -28, 2 ** -28 * 1.5, 2.0, 2.0000019073486328, 2.000001907348633, 2 ** 28,
                         2 ** 28 * 1.0000001, 1e300]])
    x = np.concatenate([x, -x[:100]])
    with open(os.path.join(out, 'asinh.csv'), 'w') as f:
        f.write('x,asinh\n')
        for v in x:
            f.write(f'{float(v).hex()},{float(np.arcsinh(v)).hex()}\n')


def main():
    os.makedirs(out, exist_ok=True)
    asinh_table()
    with tempfile.TemporaryDirectory(prefix='composite-oracle-') as tmp:
        for name, files, minimum, stretch, q in LUPTON:
            subprocess.run([sys.executable, RGB, 'lupton', *files, '-o', tmp, '--name', name, '--minimum',
                            *map(repr, minimum), '--stretch', repr(stretch), '--Q', repr(q)], check=True)
            png = png_rgb(os.path.join(tmp, f'{name}_lupton.png'))
            cube = fits.getdata(os.path.join(tmp, f'{name}_lupton.fits'))
            r, g, b = (read_image(f)[0] for f in files)
            direct = make_lupton_rgb(r, g, b, minimum=minimum[0] if len(minimum) == 1 else minimum,
                                     stretch=stretch, Q=q)
            assert np.array_equal(png, direct[::-1]), name
            assert np.array_equal(np.moveaxis(cube, 0, -1), direct), name
            if name == 'gc2mass':
                # the noisy 2MASS picture would be a 1.2 MB PNG: a CRC-32 of each row of astropy's uint8
                # image (top row first, R, G, B bytes interleaved) checks every pixel just as well
                with open(os.path.join(out, f'lupton_{name}_rows.csv'), 'w') as rows:
                    rows.write('row,crc32\n')
                    for y in range(png.shape[0]):
                        rows.write(f'{y},{zlib.crc32(np.ascontiguousarray(png[y]).tobytes())}\n')
            else:
                Image.fromarray(np.ascontiguousarray(png)).save(os.path.join(out, f'lupton_{name}.png'), optimize=True)

        rng = np.random.default_rng(7)
        with open(os.path.join(out, 'classic_levels.csv'), 'w') as lv:
            lv.write('case,channel,low,high,sum,sumsq,zeros,ones,png_histogram\n')
            for name, files, smin, smax, nl in classic_cases():
                cmd = [sys.executable, RGB, 'asinh', *files, '-o', tmp, '--name', name, '--non-linear', repr(nl)]
                if smin is not None:
                    cmd += ['--scale-min', *map(repr, smin), '--scale-max', *map(repr, smax)]
                subprocess.run(cmd, check=True)
                cube = fits.getdata(os.path.join(tmp, f'{name}_asinh.fits')).astype(np.float64)
                png = png_rgb(os.path.join(tmp, f'{name}_asinh.png'))
                assert np.array_equal(png, np.floor(255 * np.moveaxis(cube, 0, -1)).astype(np.uint8)[::-1]), name
                h, w = cube.shape[1:]
                for c, f in enumerate(files):
                    a = read_image(f)[0]
                    lo = np.nanmin(a) if smin is None else smin[c]
                    hi = np.nanmax(a) if smax is None else smax[c]
                    v = cube[c]
                    hist = np.bincount(png[..., c].ravel(), minlength=256)
                    lv.write(f'{name},{c},{float(lo)!r},{float(hi)!r},{float(v.sum())!r},{float((v * v).sum())!r},'
                             f'{int((v == 0).sum())},{int((v == 1).sum())},{" ".join(map(str, hist))}\n')
                # samples: random pixels, the corners, and each channel's extreme and threshold pixels
                rows = list(rng.integers(0, h, 150))
                cols = list(rng.integers(0, w, 150))
                for rr, cc in ((0, 0), (0, w - 1), (h - 1, 0), (h - 1, w - 1)):
                    rows.append(rr)
                    cols.append(cc)
                for c in range(3):
                    v = cube[c]
                    mid = np.flatnonzero((v > 0) & (v < 1))
                    for idx in (np.argmin(np.where(v > 0, v, 2)), np.argmax(np.where(v < 1, v, -1)),
                                *rng.choice(mid, 80, replace=False)):
                        rows.append(idx // w)
                        cols.append(idx % w)
                with open(os.path.join(out, f'classic_{name}.csv'), 'w') as s:
                    s.write('row,col,r,g,b,png_r,png_g,png_b\n')
                    for rr, cc in zip(rows, cols):
                        pr = h - 1 - rr
                        s.write(f'{rr},{cc},{cube[0, rr, cc]:.12g},{cube[1, rr, cc]:.12g},{cube[2, rr, cc]:.12g},'
                                f'{png[pr, cc, 0]},{png[pr, cc, 1]},{png[pr, cc, 2]}\n')


if __name__ == '__main__':
    main()
