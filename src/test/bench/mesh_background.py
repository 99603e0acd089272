"""Fit Background's mesh peer: sep.Background (64 px boxes, 3x3 median filter), the background and RMS
maps, and the image minus the background, written as FITS.

    /usr/bin/python3 mesh_background.py IMAGE OUT.fits
"""
import sys

import numpy as np
import sep
from astropy.io import fits


def load(args):
    return (fits.getdata(args[0]).astype(np.float32),)


def compute(data):
    bkg = sep.Background(data, bw=64, bh=64, fw=3, fh=3)
    return data, bkg.back(), bkg.rms()


def save(result, args):
    data, back, rms = result
    sub = data - back
    fits.HDUList([fits.PrimaryHDU(sub), fits.ImageHDU(back, name='BKG'), fits.ImageHDU(rms, name='RMS')]).writeto(
        args[1], overwrite=True)


if __name__ == '__main__':
    save(compute(*load(sys.argv[1:])), sys.argv[1:])
