"""Master Calibration's peer (bias and flat, median combines), as a ccdproc script: master bias, master
flat of the bias-subtracted flats, every science frame bias-subtracted and divided by the flat
normalised to its mean, written as FITS into OUTDIR.

    /usr/bin/python3 reduce.py OUTDIR NBIAS NFLAT FILE...     (the biases, then the flats, then the science frames)
"""
import os
import sys

import ccdproc
import numpy as np
from astropy.io import fits
from astropy.nddata import CCDData


def load(args):
    nb, nf = int(args[1]), int(args[2])
    ccds = [CCDData(fits.getdata(f).astype(np.float32), unit='adu') for f in args[3:]]
    return ccds[:nb], ccds[nb:nb + nf], ccds[nb + nf:]


def compute(bias, flats, science):
    mbias = ccdproc.combine(bias, method='median')
    mflat = ccdproc.combine([ccdproc.subtract_bias(f, mbias) for f in flats], method='median')
    return [ccdproc.flat_correct(ccdproc.subtract_bias(s, mbias), mflat) for s in science]


def save(reduced, args):
    for i, r in enumerate(reduced):
        fits.writeto(os.path.join(args[0], f'science_{i}_red.fits'), r.data.astype(np.float32), overwrite=True)


if __name__ == '__main__':
    save(compute(*load(sys.argv[1:])), sys.argv[1:])
