"""Find Star Profiles' peer: for each position (0-based), a BOX x BOX cut-out centred on the nearest pixel
fitted with Gaussian2D + Const2D by astropy's LevMarLSQFitter (maxiter 1000), started at amplitude = max -
min, the position, sigma 1.5, theta 0 and const = the median of the box (as ../shared/oracle/psf.py fits).

    /usr/bin/python3 gaussian_fits.py IMAGE POSITIONS.csv BOX [OUT.csv]
"""
import sys
import warnings

import numpy as np
from astropy.io import fits
from astropy.modeling import fitting, models


def load(args):
    pos = np.loadtxt(args[1], delimiter=',', skiprows=1, ndmin=2)
    return fits.getdata(args[0]).astype(np.float64), pos, int(args[2]) // 2


def compute(data, pos, half):
    out = []
    fitter = fitting.LevMarLSQFitter()
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        for x0, y0 in pos:
            ix, iy = int(round(x0)), int(round(y0))
            ys, xs = slice(max(0, iy - half), iy + half + 1), slice(max(0, ix - half), ix + half + 1)
            cut = data[ys, xs]
            yy, xx = np.mgrid[ys.start:ys.start + cut.shape[0], xs.start:xs.start + cut.shape[1]]
            m0 = models.Gaussian2D(float(cut.max() - cut.min()), x0, y0, 1.5, 1.5, 0.0) + models.Const2D(float(np.median(cut)))
            m = fitter(m0, xx, yy, cut, maxiter=1000)
            out.append((m[0].x_mean.value + 1, m[0].y_mean.value + 1, m[0].amplitude.value, m[1].amplitude.value))
    return np.array(out)


def save(rows, args):
    if len(args) > 3:
        np.savetxt(args[3], rows, delimiter=',', header='x,y,amplitude,background', comments='')


if __name__ == '__main__':
    save(compute(*load(sys.argv[1:])), sys.argv[1:])
