#!/usr/bin/python3
"""Expected aperture-photometry values from photutils 1.6 (via the shared oracle
../shared/oracle/photometry.py), for PhotometryOracleTest.  Run from the project directory:

    /usr/bin/python3 src/test/oracle/photometry_expected.py ../shared

Positions: the sep sources of the M67 plate committed for the detection tests
(src/test/resources/expected/detection/sep_M6707HH.csv.gz, the oracle's stars.py sep output:
x, y 0-based, 6 decimals), read as written so Java measures at the very same positions.
All positions below are 0-based numpy positions (x = column); FITS = these + 1.

writes src/test/resources/expected/photometry/:
  m67_sep.csv.gz     per sep source (index = row of the sep file), r = 5, annulus 8-12:
                     exact_sum      aperture_photometry(method='exact')
                     area_on_image  ApertureStats(sum_method='exact').sum_aper_area
                     ann_median     ApertureStats(annulus, sigma_clip=None).median (center mask)
                     ann_npix       pixels of ann.to_mask('center') on the image
                     net_flux       exact_sum - ann_median * area_on_image (= the oracle's
                                    aperture_sum - median * pi r^2 for sources fully on the image)
                     center_sum, center_npix       method='center'
                     sub5_sum, sub5_area25         method='subpixel', subpixels=5 (area x 25, an integer)
                     clipped_mean, clipped_std     astropy sigma_clipped_stats(annulus pixels,
                                                   sigma=3, maxiters=10): mean, std
                     mode           ModeEstimatorBackground(2.5, 1.5, SigmaClip(3, maxiters=10))
  m67_edges.csv      hand-picked positions crossing the image edges and corners, one fully off
                     the image: the same columns as m67_sep (r = 5, annulus 8-12) and r = 3 exact.
  m67_nan_pixels.csv NaN pixels (row, col) put into the image for m67_nan.csv
  m67_nan.csv        every 7th sep source on the image with those NaNs: aperture_photometry(mask=
                     isnan), ApertureStats(sum_method='exact').sum_aper_area (NaN left out),
                     annulus median and pixel count without NaN, net_flux = sum - median * area
  m67_ellipse.csv    every 5th sep source: EllipticalAperture(a=6, b=3.5, theta=30 deg) exact, center
                     and subpixel(5) sums and areas; EllipticalAnnulus(a_in=9, a_out=14, b_out=9,
                     theta=30 deg) center median and pixel count
"""
import csv
import gzip
import os
import sys
import warnings

import numpy as np
from astropy.stats import SigmaClip, sigma_clipped_stats
from photutils.aperture import (ApertureStats, CircularAnnulus, CircularAperture, EllipticalAnnulus,
                                EllipticalAperture, aperture_photometry)
from photutils.background import ModeEstimatorBackground

warnings.simplefilter('ignore')
shared = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else '../shared')
sys.path.insert(0, os.path.join(shared, 'oracle'))
from common import read_image  # noqa: E402
from photometry import photometry as oracle_photometry  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, '..', 'resources', 'expected', 'photometry')
os.makedirs(out, exist_ok=True)
R, RIN, ROUT = 5.0, 8.0, 12.0


def opener(path):
    return gzip.open(path, 'wt', newline='') if path.endswith('.gz') else open(path, 'w', newline='')


def write(name, header, rows):
    path = os.path.join(out, name)
    with opener(path) as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        w.writerows(rows)
    print('wrote', path, len(rows), 'rows')


def g(v):  # 13 digits: 5e-14 relative, well inside the tests' tolerances
    return '%.13g' % v


def annulus_values(img, ann):
    vals = []
    for m in ann.to_mask(method='center'):
        v = m.get_values(img)
        vals.append(v[np.isfinite(v)])
    return vals


def circular(img, xy, r=R):
    ap, ann = CircularAperture(xy, r=r), CircularAnnulus(xy, r_in=RIN, r_out=ROUT)
    exact = aperture_photometry(img, ap, method='exact')['aperture_sum']
    area = np.atleast_1d(ApertureStats(img, ap, sum_method='exact').sum_aper_area.value)
    center = aperture_photometry(img, ap, method='center')['aperture_sum']
    sub = aperture_photometry(img, ap, method='subpixel', subpixels=5)['aperture_sum']
    cnp = [m.get_values(np.ones_like(img)).sum() for m in ap.to_mask(method='center')]
    s25 = [m.get_values(np.ones_like(img)).sum() * 25 for m in ap.to_mask(method='subpixel', subpixels=5)]
    med = np.atleast_1d(ApertureStats(img, ann, sigma_clip=None).median)
    mode = ModeEstimatorBackground(median_factor=2.5, mean_factor=1.5, sigma_clip=SigmaClip(sigma=3, maxiters=10))
    rows = []
    for i, v in enumerate(annulus_values(img, ann)):
        cm, _, cs = sigma_clipped_stats(v, sigma=3, maxiters=10) if v.size else (np.nan, np.nan, np.nan)
        md = mode.calc_background(v) if v.size else np.nan
        rows.append([i, g(exact[i]), g(area[i]), g(med[i]), v.size, g(exact[i] - med[i] * area[i]), g(center[i]),
                     int(round(cnp[i])), g(sub[i]), int(round(s25[i])), g(cm), g(cs), g(md)])
    return rows


COLS = ['index', 'exact_sum', 'area_on_image', 'ann_median', 'ann_npix', 'net_flux', 'center_sum', 'center_npix',
        'sub5_sum', 'sub5_area25', 'clipped_mean', 'clipped_std', 'mode']

img, _ = read_image(os.path.join(shared, 'data', 'm67-poss-plate', 'M6707HH.fits'))
with gzip.open(os.path.join(here, '..', 'resources', 'expected', 'detection', 'sep_M6707HH.csv.gz'), 'rt') as f:
    sep = [(float(r['x']), float(r['y'])) for r in csv.DictReader(f)]
xy = np.array(sep)

rows = circular(img, xy)
# the shared oracle's own numbers for the sources fully on the image
ref = oracle_photometry(img, xy, R, RIN, ROUT)
h, w = img.shape
for r, o, (x, y) in zip(rows, ref, sep):
    if R <= x <= w - 1 - R and R <= y <= h - 1 - R:
        assert abs(float(r[5]) - o['net_flux']) <= 1e-9 * abs(o['net_flux']), (r, o)
        assert float(r[3]) == o['ann_median'] == o['ann_median_np']
write('m67_sep.csv.gz', COLS, rows)

edges = [(-0.3, 500.2), (2.71, 300.45), (1056.6, 700.3), (1061.2, 12.8), (400.25, -2.9), (650.5, 1057.4),
         (0.0, 0.0), (-3.5, -3.5), (1058.0, 1058.0), (1062.4, 1060.9), (3.3, 1055.2), (-30.0, -30.0)]
exy = np.array(edges)
erows = circular(img, exy)
r3 = aperture_photometry(img, CircularAperture(exy, r=3.0), method='exact')['aperture_sum']
write('m67_edges.csv', ['x', 'y'] + COLS + ['exact_sum_r3'],
      [[g(x), g(y)] + r + [g(r3[i])] for i, ((x, y), r) in enumerate(zip(edges, erows))])

# NaN pixels: the pixel nearest each chosen source, one 2 px to its right, and one in its annulus
chosen = [i for i in range(0, len(sep), 7) if 6 <= sep[i][0] <= w - 7 and 6 <= sep[i][1] <= h - 7]
nan_img = img.copy()
nan_pix = set()
for i in chosen:
    x, y = sep[i]
    c, r = int(round(x)), int(round(y))
    for (rr, cc) in [(r, c), (r, c + 2), (r + 10, c)]:
        if 0 <= rr < h and 0 <= cc < w:
            nan_pix.add((rr, cc))
for rr, cc in nan_pix:
    nan_img[rr, cc] = np.nan
write('m67_nan_pixels.csv', ['row', 'col'], sorted(nan_pix))
cxy = xy[chosen]
mask = np.isnan(nan_img)
ap, ann = CircularAperture(cxy, r=R), CircularAnnulus(cxy, r_in=RIN, r_out=ROUT)
nsum = aperture_photometry(nan_img, ap, method='exact', mask=mask)['aperture_sum']
narea = np.atleast_1d(ApertureStats(nan_img, ap, mask=mask, sum_method='exact').sum_aper_area.value)
nmed = np.atleast_1d(ApertureStats(nan_img, ann, mask=mask, sigma_clip=None).median)
nnpix = [v.size for v in annulus_values(nan_img, ann)]
nnan = [int(np.isnan(m.get_values(nan_img)).sum()) for m in ap.to_mask(method='exact')]
write('m67_nan.csv', ['index', 'exact_sum', 'area_used', 'nan_pixels', 'ann_median', 'ann_npix', 'net_flux'],
      [[chosen[k], g(nsum[k]), g(narea[k]), nnan[k], g(nmed[k]), nnpix[k], g(nsum[k] - nmed[k] * narea[k])]
       for k in range(len(chosen))])

# ellipses
sel = list(range(0, len(sep), 5))
sxy = xy[sel]
theta = np.deg2rad(30.0)
eap = EllipticalAperture(sxy, a=6.0, b=3.5, theta=theta)
eann = EllipticalAnnulus(sxy, a_in=9.0, a_out=14.0, b_out=9.0, theta=theta)
ee = aperture_photometry(img, eap, method='exact')['aperture_sum']
earea = np.atleast_1d(ApertureStats(img, eap, sum_method='exact').sum_aper_area.value)
ec = aperture_photometry(img, eap, method='center')['aperture_sum']
ecn = [m.get_values(np.ones_like(img)).sum() for m in eap.to_mask(method='center')]
es = aperture_photometry(img, eap, method='subpixel', subpixels=5)['aperture_sum']
es25 = [m.get_values(np.ones_like(img)).sum() * 25 for m in eap.to_mask(method='subpixel', subpixels=5)]
emed = np.atleast_1d(ApertureStats(img, eann, sigma_clip=None).median)
enp = [v.size for v in annulus_values(img, eann)]
write('m67_ellipse.csv', ['index', 'exact_sum', 'area_on_image', 'center_sum', 'center_npix', 'sub5_sum', 'sub5_area25',
                          'ann_median', 'ann_npix'],
      [[sel[k], g(ee[k]), g(earea[k]), g(ec[k]), int(round(ecn[k])), g(es[k]), int(round(es25[k])), g(emed[k]), enp[k]]
       for k in range(len(sel))])
