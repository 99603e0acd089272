"""Fit Background's polynomial peer: numpy.polyfit of every column (or row) over the given FITS-array
index ranges, the fitted model evaluated everywhere and subtracted, written as FITS.

    /usr/bin/python3 polyfit.py IMAGE OUT.fits RANGES DEG column|row     (RANGES: 10:200,300:480)
"""
import sys

import numpy as np
from astropy.io import fits


def load(args):
    idx = np.concatenate([np.arange(int(a), int(b)) for a, b in (r.split(':') for r in args[2].split(','))])
    return fits.getdata(args[0]).astype(np.float64), idx, int(args[3]), args[4]


def compute(img, idx, deg, axis):
    work = img if axis == 'column' else img.T
    coefs = np.polyfit(idx, work[idx, :], deg)
    model = np.polynomial.polynomial.polyvander(np.arange(work.shape[0]), deg)[:, ::-1] @ coefs
    model = model if axis == 'column' else model.T
    return img - model


def save(sub, args):
    fits.writeto(args[1], sub.astype(np.float32), overwrite=True)


if __name__ == '__main__':
    save(compute(*load(sys.argv[1:])), sys.argv[1:])
