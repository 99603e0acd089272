"""Align Images' peer: astroalign.register (stars matched by triangles, the similarity transform, the
frame resampled onto the reference by scikit-image's warp, order 3, and its footprint), written as FITS.

    /usr/bin/python3 register.py FRAME.fits REFERENCE.fits OUT.fits
"""
import sys

import astroalign
import numpy as np
from astropy.io import fits


def load(args):
    return fits.getdata(args[0]).astype(np.float32), fits.getdata(args[1]).astype(np.float32)


def compute(frame, reference):
    return astroalign.register(frame, reference)


def save(result, args):
    registered, footprint = result
    fits.HDUList([fits.PrimaryHDU(registered.astype(np.float32)), fits.ImageHDU(footprint.astype(np.uint8),
                                                                                 name='FOOTPRINT')]).writeto(args[2], overwrite=True)


if __name__ == '__main__':
    save(compute(*load(sys.argv[1:])), sys.argv[1:])
