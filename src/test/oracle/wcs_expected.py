#!/usr/bin/python3
"""Expected celestial WCS positions from astropy.wcs (astropy 5.2.1, wcslib 7.12), for WcsOracleTest.

    /usr/bin/python3 src/test/oracle/wcs_expected.py [--shared ../shared]

Writes src/test/resources/expected/wcs/:

* cases.csv     one row per case: name, kind (synthetic|real), file (real: path under shared/data),
                hdu, radesys and equinox as astropy reads them (NaN when absent), lng (0 or 1: which
                world axis is the longitude)
* <case>.hdr    synthetic cases only: the header, one 80-column card per line (the Java test reads
                exactly these cards)
* <case>.csv    x, y (FITS 1-based pixel: numpy col + 1, row + 1), lon, lat (degrees, from
                all_pix2world(x - 1, y - 1, 0), longitude first whatever the axis order),
                x_back, y_back (all_world2pix of that lon/lat, tolerance 1e-12, + 1).

Real cases: every image HDU in shared/data whose header astropy reads as celestial (scanned, so a
new file with a WCS joins by itself). Synthetic cases: TAN-SIP of order 3 with AP/BP and of order 4
without, near the pole; SIN, ARC, ZEA, CAR (plain and oblique, LATPOLE), PC+CDELT with non-square
pixels, CDELT+CROTA2, swapped axes (DEC first), galactic CAR, CUNIT arcsec, RA wrapping through 0,
and a synthetic DSS plate solution. Positions: a 7 x 7 grid over the image including the corners
and the centres of the edge pixels, plus two points outside it.
"""
import argparse
import csv
import glob
import os
import warnings

import numpy as np
from astropy.io import fits
from astropy.wcs import WCS

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'resources', 'expected', 'wcs')


def r64(v):
    return repr(float(v))


def header(cards, naxis1, naxis2):
    h = fits.Header()
    h['NAXIS'] = 2
    h['NAXIS1'] = naxis1
    h['NAXIS2'] = naxis2
    for k, v in cards:
        h[k] = v
    return h


def sip_inverse(w, naxis1, naxis2, order):
    """AP/BP of the given order fitted (least squares) to invert A/B over the image, as SIP tools do."""
    a = w.sip.a
    b = w.sip.b
    crpix = w.sip.crpix
    xs, ys = np.meshgrid(np.linspace(1, naxis1, 40), np.linspace(1, naxis2, 40))
    u = (xs - crpix[0]).ravel()
    v = (ys - crpix[1]).ravel()
    f = np.zeros_like(u)
    g = np.zeros_like(u)
    for p in range(a.shape[0]):
        for q in range(a.shape[1]):
            f += a[p, q] * u ** p * v ** q
            g += b[p, q] * u ** p * v ** q
    U = u + f
    V = v + g
    terms = [(p, q) for p in range(order + 1) for q in range(order + 1 - p) if p + q >= 1]
    m = np.array([U ** p * V ** q for p, q in terms]).T
    ap = np.linalg.lstsq(m, u - U, rcond=None)[0]
    bp = np.linalg.lstsq(m, v - V, rcond=None)[0]
    cards = [('AP_ORDER', order), ('BP_ORDER', order)]
    cards += [('AP_%d_%d' % t, float(c)) for t, c in zip(terms, ap)]
    cards += [('BP_%d_%d' % t, float(c)) for t, c in zip(terms, bp)]
    return cards


def synthetic():
    """(name, cards, naxis1, naxis2, inverse order or None)."""
    s = 0.4 / 3600
    c30, s30 = np.cos(np.radians(30)), np.sin(np.radians(30))
    sip3 = [('A_ORDER', 3), ('A_0_2', 2.1e-6), ('A_1_1', -1.3e-5), ('A_2_0', 8.0e-6), ('A_0_3', 1.5e-10),
            ('A_1_2', -4.0e-10), ('A_2_1', 2.2e-10), ('A_3_0', -6.1e-10),
            ('B_ORDER', 3), ('B_0_2', -7.5e-6), ('B_1_1', 9.2e-6), ('B_2_0', -3.3e-6), ('B_0_3', 5.0e-10),
            ('B_1_2', 1.1e-10), ('B_2_1', -3.9e-10), ('B_3_0', 2.6e-10)]
    sip4 = [('A_ORDER', 4), ('A_0_2', -4.0e-6), ('A_1_1', 6.0e-6), ('A_2_0', 1.2e-5), ('A_0_3', 2.0e-9),
            ('A_1_2', -1.0e-9), ('A_2_1', 3.0e-9), ('A_3_0', -2.0e-9), ('A_0_4', 1.0e-13),
            ('A_1_3', -2.0e-13), ('A_2_2', 3.0e-13), ('A_3_1', 1.0e-13), ('A_4_0', -1.5e-13),
            ('B_ORDER', 4), ('B_0_2', 9.0e-6), ('B_1_1', -2.0e-6), ('B_2_0', 5.0e-6), ('B_0_3', -1.0e-9),
            ('B_1_2', 2.5e-9), ('B_2_1', 1.0e-9), ('B_3_0', 4.0e-10), ('B_0_4', -1.0e-13),
            ('B_1_3', 1.0e-13), ('B_2_2', -2.0e-13), ('B_3_1', 2.0e-13), ('B_4_0', 1.0e-13)]
    cases = [
        ('tan_sip3', [('CTYPE1', 'RA---TAN-SIP'), ('CTYPE2', 'DEC--TAN-SIP'), ('CRPIX1', 1024.5), ('CRPIX2', 1000.25),
                      ('CRVAL1', 150.1163), ('CRVAL2', 2.2058), ('CD1_1', -s * c30), ('CD1_2', s * s30),
                      ('CD2_1', s * s30), ('CD2_2', s * c30), ('RADESYS', 'ICRS')] + sip3, 2048, 2000, 3),
        ('tan_sip4_pole', [('CTYPE1', 'RA---TAN-SIP'), ('CTYPE2', 'DEC--TAN-SIP'), ('CRPIX1', 700.0), ('CRPIX2', 480.0),
                           ('CRVAL1', 35.0), ('CRVAL2', 89.2), ('CD1_1', -2.5e-4), ('CD1_2', 1.0e-5),
                           ('CD2_1', 1.2e-5), ('CD2_2', 2.5e-4), ('EQUINOX', 2000.0)] + sip4, 1400, 1000, None),
        ('sin', [('CTYPE1', 'RA---SIN'), ('CTYPE2', 'DEC--SIN'), ('CRPIX1', 257.0), ('CRPIX2', 240.5),
                 ('CRVAL1', 83.8221), ('CRVAL2', -5.3911), ('CDELT1', -2.0e-3), ('CDELT2', 2.0e-3),
                 ('PC1_1', 0.9659258), ('PC1_2', -0.2588190), ('PC2_1', 0.2588190), ('PC2_2', 0.9659258)],
         512, 480, None),
        ('arc', [('CTYPE1', 'RA---ARC'), ('CTYPE2', 'DEC--ARC'), ('CRPIX1', 500.5), ('CRPIX2', 500.5),
                 ('CRVAL1', 266.4), ('CRVAL2', -28.94), ('CD1_1', -0.01), ('CD1_2', 0.0), ('CD2_1', 0.0),
                 ('CD2_2', 0.01)], 1000, 1000, None),
        ('zea', [('CTYPE1', 'RA---ZEA'), ('CTYPE2', 'DEC--ZEA'), ('CRPIX1', 180.0), ('CRPIX2', 200.0),
                 ('CRVAL1', 10.68), ('CRVAL2', 61.27), ('CDELT1', -0.05), ('CDELT2', 0.05), ('CROTA2', 12.5)],
         360, 400, None),
        ('car', [('CTYPE1', 'RA---CAR'), ('CTYPE2', 'DEC--CAR'), ('CRPIX1', 180.5), ('CRPIX2', 90.5),
                 ('CRVAL1', 180.0), ('CRVAL2', 0.0), ('CDELT1', -1.0), ('CDELT2', 1.0)], 360, 180, None),
        ('car_oblique', [('CTYPE1', 'RA---CAR'), ('CTYPE2', 'DEC--CAR'), ('CRPIX1', 100.5), ('CRPIX2', 60.5),
                         ('CRVAL1', 45.0), ('CRVAL2', 30.0), ('CDELT1', -0.2), ('CDELT2', 0.2)], 200, 120, None),
        ('car_latpole', [('CTYPE1', 'RA---CAR'), ('CTYPE2', 'DEC--CAR'), ('CRPIX1', 100.5), ('CRPIX2', 60.5),
                         ('CRVAL1', 45.0), ('CRVAL2', 30.0), ('CDELT1', -0.2), ('CDELT2', 0.2),
                         ('LATPOLE', -90.0)], 200, 120, None),
        ('pc_cdelt', [('CTYPE1', 'RA---TAN'), ('CTYPE2', 'DEC--TAN'), ('CRPIX1', -20.0), ('CRPIX2', 310.7),
                      ('CRVAL1', 210.8), ('CRVAL2', 54.35), ('CDELT1', 3.0e-4), ('CDELT2', 4.5e-4),
                      ('PC1_1', 0.8), ('PC1_2', 0.6), ('PC2_1', -0.6), ('PC2_2', 0.8),
                      ('RADESYS', 'FK5'), ('EQUINOX', 2000.0)], 300, 250, None),
        ('crota2', [('CTYPE1', 'RA---TAN'), ('CTYPE2', 'DEC--TAN'), ('CRPIX1', 320.0), ('CRPIX2', 256.0),
                    ('CRVAL1', 5.5), ('CRVAL2', -72.1), ('CDELT1', -1.2e-4), ('CDELT2', 1.2e-4),
                    ('CROTA2', 37.0), ('EQUINOX', 1950.0)], 640, 512, None),
        ('swapped', [('CTYPE1', 'DEC--TAN'), ('CTYPE2', 'RA---TAN'), ('CRPIX1', 100.0), ('CRPIX2', 150.0),
                     ('CRVAL1', 41.2), ('CRVAL2', 120.3), ('CD1_1', 2.0e-4), ('CD1_2', 1.0e-5),
                     ('CD2_1', -1.0e-5), ('CD2_2', -2.0e-4)], 200, 300, None),
        ('galactic_car', [('CTYPE1', 'GLON-CAR'), ('CTYPE2', 'GLAT-CAR'), ('CRPIX1', 50.5), ('CRPIX2', 25.5),
                          ('CRVAL1', 0.0), ('CRVAL2', 0.0), ('CDELT1', -0.1), ('CDELT2', 0.1)], 100, 50, None),
        ('arcsec_units', [('CTYPE1', 'RA---TAN'), ('CTYPE2', 'DEC--TAN'), ('CUNIT1', 'arcsec'),
                          ('CUNIT2', 'arcsec'), ('CRPIX1', 64.0), ('CRPIX2', 64.0), ('CRVAL1', 720000.0),
                          ('CRVAL2', 108000.0), ('CDELT1', -1.5), ('CDELT2', 1.5)], 128, 128, None),
        ('ra_wrap', [('CTYPE1', 'RA---TAN'), ('CTYPE2', 'DEC--TAN'), ('CRPIX1', 256.0), ('CRPIX2', 256.0),
                     ('CRVAL1', 0.02), ('CRVAL2', 12.0), ('CD1_1', -1.0e-4), ('CD1_2', 0.0), ('CD2_1', 0.0),
                     ('CD2_2', 1.0e-4)], 512, 512, None),
        ('dss', [('PLTRAH', 5), ('PLTRAM', 34), ('PLTRAS', 31.94), ('PLTDECSN', '+'), ('PLTDECD', 22),
                 ('PLTDECM', 0), ('PLTDECS', 52.2), ('EQUINOX', 2000.0), ('CNPIX1', 6520), ('CNPIX2', 4310),
                 ('PPO1', 0.0), ('PPO2', 0.0), ('PPO3', 175000.0), ('PPO4', 0.0), ('PPO5', 0.0),
                 ('PPO6', 175000.0), ('XPIXELSZ', 25.2845), ('YPIXELSZ', 25.2845),
                 ('AMDX1', 67.18), ('AMDX2', 0.0121), ('AMDX3', -252.3), ('AMDX4', -1.9e-5),
                 ('AMDX5', 2.2e-5), ('AMDX6', -1.1e-5), ('AMDX7', 3.0e-6), ('AMDX8', 1.0e-7),
                 ('AMDX9', -2.0e-7), ('AMDX10', 1.5e-7), ('AMDX11', -1.0e-7), ('AMDX12', 2.1e-6),
                 ('AMDX13', -1.2e-10),
                 ('AMDY1', 67.19), ('AMDY2', -0.0119), ('AMDY3', 310.7), ('AMDY4', 2.4e-5),
                 ('AMDY5', -1.3e-5), ('AMDY6', 0.9e-5), ('AMDY7', -2.0e-6), ('AMDY8', -1.0e-7),
                 ('AMDY9', 1.0e-7), ('AMDY10', -2.5e-7), ('AMDY11', 0.5e-7), ('AMDY12', 2.0e-6),
                 ('AMDY13', 1.4e-10)], 800, 700, None),
    ]
    return cases


def positions(naxis1, naxis2):
    xs = np.linspace(1, naxis1, 7)
    ys = np.linspace(1, naxis2, 7)
    gx, gy = np.meshgrid(xs, ys)
    x = list(gx.ravel()) + [0.5 + naxis1 * 0.37, -0.25 * naxis1]
    y = list(gy.ravel()) + [naxis2 * 1.1, 0.5 + naxis2 * 0.61]
    return np.array(x), np.array(y)


def evaluate(name, w, naxis1, naxis2):
    x, y = positions(naxis1, naxis2)
    world = w.all_pix2world(np.column_stack([x - 1, y - 1]), 0)
    lng = w.wcs.lng
    lon, lat = world[:, lng], world[:, 1 - lng]
    back = w.all_world2pix(world, 0, tolerance=1e-12, maxiter=200)
    rows = []
    for i in range(len(x)):
        if not (np.isfinite(lon[i]) and np.isfinite(lat[i])):
            continue
        rows.append([r64(x[i]), r64(y[i]), r64(lon[i]), r64(lat[i]), r64(back[i, 0] + 1), r64(back[i, 1] + 1)])
    with open(os.path.join(OUT, name + '.csv'), 'w', newline='') as f:
        wr = csv.writer(f, lineterminator='\n')
        wr.writerow(['x', 'y', 'lon', 'lat', 'x_back', 'y_back'])
        wr.writerows(rows)
    err = max(max(abs(float(r[4]) - float(r[0])), abs(float(r[5]) - float(r[1]))) for r in rows)
    print('%-40s %3d positions, astropy round trip %.2e px' % (name, len(rows), err))


def frame(w):
    eq = w.wcs.equinox
    return w.wcs.radesys, ('NaN' if not np.isfinite(eq) else r64(eq)), w.wcs.lng


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--shared', default=os.path.join(HERE, '..', '..', '..', '..', 'shared'))
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    warnings.simplefilter('ignore')
    index = []
    for name, cards, n1, n2, inverse in synthetic():
        h = header(cards, n1, n2)
        if inverse:
            h.extend(sip_inverse(WCS(h), n1, n2, inverse))
        text = ''.join(card.image.rstrip() + '\n' for card in h.cards
                       if card.keyword not in ('NAXIS', 'NAXIS1', 'NAXIS2'))
        with open(os.path.join(OUT, name + '.hdr'), 'w') as f:
            f.write(text)
        # evaluate the cards as written (15 digits), exactly what the Java test reads
        w = WCS(fits.Header.fromstring(text, sep='\n'))
        evaluate(name, w, n1, n2)
        index.append([name, 'synthetic', '', ''] + list(frame(w)))
    data = os.path.join(args.shared, 'data')
    for path in sorted(glob.glob(os.path.join(data, '**', '*'), recursive=True)):
        if not path.lower().endswith(('.fits', '.fit', '.fits.gz', '.fts')):
            continue
        with fits.open(path) as hdus:
            for i, hdu in enumerate(hdus):
                hh = hdu.header
                if hh.get('NAXIS', 0) < 2 or hdu.data is None:
                    continue
                try:
                    w = WCS(hh, hdus)
                except Exception:
                    continue
                if not w.has_celestial:
                    continue
                rel = os.path.relpath(path, data)
                name = os.path.splitext(os.path.basename(path))[0].replace('.', '_') + '_' + str(i)
                evaluate(name, w, hh['NAXIS1'], hh['NAXIS2'])
                index.append([name, 'real', rel, str(i)] + list(frame(w)))
    with open(os.path.join(OUT, 'cases.csv'), 'w', newline='') as f:
        wr = csv.writer(f, lineterminator='\n')
        wr.writerow(['name', 'kind', 'file', 'hdu', 'radesys', 'equinox', 'lng'])
        wr.writerows(index)
    print('wrote', len(index), 'cases to', os.path.normpath(OUT))


if __name__ == '__main__':
    main()
