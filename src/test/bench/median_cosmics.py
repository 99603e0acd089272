"""Remove Cosmic Rays' median recipe peer: a 5x5 median filter, sigma = 1.4826 MAD of the residual (or
the median of an error image), pixels more than 8 sigma off replaced by the median (outside protected
rows), the cleaned image and the mask written as FITS. FILTER is medfilt (scipy.signal.medfilt, the
seed's call, zero borders) or median_filter (scipy.ndimage, reflected borders, faster).

    /usr/bin/python3 median_cosmics.py IMAGE OUT.fits [FILTER [ERR.fits|- [FIRST:STOP]]]
"""
import sys

import numpy as np
from astropy.io import fits
from scipy import ndimage, signal


def load(args):
    how = args[2] if len(args) > 2 else 'median_filter'
    err = fits.getdata(args[3]).astype(np.float32) if len(args) > 3 and args[3] != '-' else None
    protect = tuple(int(v) for v in args[4].split(':')) if len(args) > 4 else None
    return fits.getdata(args[0]).astype(np.float32), how, err, protect


def compute(img, how, err, protect):
    smooth = signal.medfilt(img, 5) if how == 'medfilt' else ndimage.median_filter(img, 5)
    r = img - smooth
    sigma = np.median(err) if err is not None else 1.4826 * np.median(np.abs(r - np.median(r)))
    bad = np.abs(r) / sigma > 8
    if protect:
        bad[protect[0]:protect[1], :] = False
    clean = img.copy()
    clean[bad] = smooth[bad]
    return clean, bad


def save(result, args):
    clean, bad = result
    fits.HDUList([fits.PrimaryHDU(clean), fits.ImageHDU(bad.astype(np.uint8), name='MASK')]).writeto(args[1], overwrite=True)


if __name__ == '__main__':
    save(compute(*load(sys.argv[1:])), sys.argv[1:])
