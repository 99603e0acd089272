"""Local maxima, skimage's peak_local_max above mean + k std (min_distance 5), as CSV (FITS positions).

    /usr/bin/python3 peaks.py IMAGE OUT.csv [K]      (K = 5)
"""
import sys

import numpy as np
from astropy.io import fits
from skimage.feature import peak_local_max


def load(args):
    return fits.getdata(args[0]).astype(np.float32), float(args[2]) if len(args) > 2 else 5.0


def compute(img, k):
    return peak_local_max(img, min_distance=5, threshold_abs=img.mean() + k * img.std())


def save(peaks, args):
    np.savetxt(args[1], peaks[:, ::-1] + 1, delimiter=',', header='x,y', comments='', fmt='%d')


if __name__ == '__main__':
    save(compute(*load(sys.argv[1:])), sys.argv[1:])
