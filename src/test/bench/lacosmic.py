"""Remove Cosmic Rays' L.A.Cosmic peer: astroscrappy.detect_cosmics (4 iterations, meanmask cleaning,
separable medians as astroscrappy's defaults), the cleaned image and the mask written as FITS.

    /usr/bin/python3 lacosmic.py IMAGE OUT.fits GAIN READNOISE
"""
import sys

import astroscrappy
import numpy as np
from astropy.io import fits


def load(args):
    return fits.getdata(args[0]).astype(np.float32), float(args[2]), float(args[3])


def compute(img, gain, readnoise):
    return astroscrappy.detect_cosmics(img, gain=gain, readnoise=readnoise, niter=4)


def save(result, args):
    mask, clean = result
    fits.HDUList([fits.PrimaryHDU(clean.astype(np.float32)), fits.ImageHDU(mask.astype(np.uint8), name='MASK')]).writeto(
        args[1], overwrite=True)


if __name__ == '__main__':
    save(compute(*load(sys.argv[1:])), sys.argv[1:])
