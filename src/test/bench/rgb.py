"""RGB Composite's peer: astropy's make_lupton_rgb (minimum 100, stretch 400, Q 8) or the classic
per-channel asinh (img_scale.asinh with non_linear 20 between each band's min and max), an 8-bit PNG.

    /usr/bin/python3 rgb.py lupton|asinh R.fits G.fits B.fits OUT.png
"""
import sys

import numpy as np
from astropy.io import fits
from astropy.visualization import make_lupton_rgb
from PIL import Image


def load(args):
    return (args[0],) + tuple(fits.getdata(f).astype(np.float32) for f in args[1:4])


def asinh(a, non_linear=20.0):
    lo, hi = np.nanmin(a), np.nanmax(a)
    return np.clip(np.arcsinh((a - lo) / non_linear) / np.arcsinh((hi - lo) / non_linear), 0, 1)


def compute(method, r, g, b):
    if method == 'lupton':
        return make_lupton_rgb(r, g, b, minimum=100, stretch=400, Q=8)
    return (np.dstack([asinh(r), asinh(g), asinh(b)]) * 255).astype(np.uint8)


def save(rgb, args):
    Image.fromarray(rgb[::-1]).save(args[4])  # FITS row 1 at the bottom of the picture


if __name__ == '__main__':
    save(compute(*load(sys.argv[1:])), sys.argv[1:])
