"""Find Stars' Python peer (default settings): SEP's background mesh (64 px boxes, 3x3 median filter),
sources above 3 x the background RMS per pixel (3x3 SEP kernel convolution, 5 pixels, 32-level
deblending), windowed centres (sep.winpos, window from the sources' median half-light radius), a CSV
table of FITS (1-based) positions.

    /usr/bin/python3 find_stars.py IMAGE OUT.csv
"""
import sys

import numpy as np
import sep
from astropy.io import fits


def load(args):
    return (fits.getdata(args[0]).astype(np.float32),)


def compute(data):
    sep.set_extract_pixstack(1_000_000)
    sep.set_sub_object_limit(4096)
    bkg = sep.Background(data, bw=64, bh=64, fw=3, fh=3)
    sub = data - bkg.back()
    objs = sep.extract(sub, 3.0, err=bkg.rms(), minarea=5, filter_type='conv')
    r, _ = sep.flux_radius(sub, objs['x'], objs['y'], 6.0 * objs['a'], 0.5, subpix=5)
    sig = 2.0 / 2.35 * np.median(r[np.isfinite(r) & (r > 0)])
    xwin, ywin, _ = sep.winpos(sub, objs['x'], objs['y'], sig)
    return objs, xwin, ywin


def save(result, args):
    objs, xwin, ywin = result
    table = np.column_stack([np.arange(1, len(objs) + 1), xwin + 1, ywin + 1, objs['x'] + 1, objs['y'] + 1,
                             objs['flux'], objs['npix'], objs['a'], objs['b'], objs['theta'], objs['flag']])
    np.savetxt(args[1], table, delimiter=',', header='id,x,y,x_iso,y_iso,flux,npix,a,b,theta,flags', comments='',
               fmt=['%d'] + ['%.6f'] * 5 + ['%d'] + ['%.5f'] * 3 + ['%d'])


if __name__ == '__main__':
    save(compute(*load(sys.argv[1:])), sys.argv[1:])
