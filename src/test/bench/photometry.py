"""Aperture Photometry's peer: photutils' exact circular apertures (r = 5) at given positions, the sky as
the median of an 8-12 px annulus (ApertureStats), net fluxes as CSV. POSITIONS is a CSV with FITS
(1-based) x,y columns.

    /usr/bin/python3 photometry.py IMAGE POSITIONS.csv OUT.csv
"""
import sys

import numpy as np
from astropy.io import fits
from photutils.aperture import ApertureStats, CircularAnnulus, CircularAperture, aperture_photometry


def load(args):
    xy = np.loadtxt(args[1], delimiter=',', skiprows=1, usecols=(0, 1), ndmin=2) - 1
    return fits.getdata(args[0]).astype(np.float32), xy


def compute(img, xy):
    ap = CircularAperture(xy, r=5)
    sums = aperture_photometry(img, ap, method='exact')['aperture_sum']
    sky = ApertureStats(img, CircularAnnulus(xy, r_in=8, r_out=12)).median
    return np.asarray(sums) - sky * ap.area, sky


def save(result, args):
    net, sky = result
    np.savetxt(args[2], np.column_stack([np.arange(1, len(net) + 1), net, sky]), delimiter=',', header='id,net_flux,sky',
               comments='', fmt=['%d', '%.6f', '%.6f'])


if __name__ == '__main__':
    save(compute(*load(sys.argv[1:])), sys.argv[1:])
