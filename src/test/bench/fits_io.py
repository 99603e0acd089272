"""FITS reading and writing with astropy: read a 16-bit image scaled to float32, or write a 4096x4096
float32 image (the same ramp the bench writes).

    /usr/bin/python3 fits_io.py read FILE | write FILE
"""
import sys

import numpy as np
from astropy.io import fits


def load(args):
    data = None
    if args[0] == 'write':
        data = (1000 + np.arange(4096 * 4096) % 9973).astype(np.float32).reshape(4096, 4096)
    return args[0], args[1], data


def compute(how, path, data):
    if how == 'read':
        return fits.getdata(path).astype(np.float32)
    fits.writeto(path, data, overwrite=True)


def save(result, args):
    pass


if __name__ == '__main__':
    save(compute(*load(sys.argv[1:])), sys.argv[1:])
