"""The seed recipe's Python peer, plainly: pixels above mean + k std of the image, 8-connected labels
(scipy.ndimage.label) and their centres of mass weighted by the image, as CSV (FITS positions).

    /usr/bin/python3 label_centres.py IMAGE OUT.csv [K]      (K = 3)
"""
import sys

import numpy as np
from astropy.io import fits
from scipy import ndimage


def load(args):
    return fits.getdata(args[0]).astype(np.float32), float(args[2]) if len(args) > 2 else 3.0


def compute(img, k):
    labels, n = ndimage.label(img > img.mean() + k * img.std(), structure=np.ones((3, 3)))
    return np.array(ndimage.center_of_mass(img, labels, np.arange(1, n + 1))).reshape(-1, 2)


def save(centres, args):
    np.savetxt(args[1], np.column_stack([np.arange(1, len(centres) + 1), centres[:, 1] + 1, centres[:, 0] + 1]),
               delimiter=',', header='id,x,y', comments='', fmt=['%d', '%.6f', '%.6f'])


if __name__ == '__main__':
    save(compute(*load(sys.argv[1:])), sys.argv[1:])
