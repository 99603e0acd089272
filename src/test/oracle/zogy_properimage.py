#!/usr/bin/python3
"""ProperImage's difference image D of the ESO 085-030 pair, rebuilt in numpy from the research notes.

ProperImage itself is not installed here (not in Debian, PyPI unreachable). This script follows the
recipe the research notes (../shared/research/properimage.md, sections 0, 1a, 1d, 1f) describe for
``operations.subtract(ref, new, align=False, beta=False, shift=False, iterative=False, fitted_psf=True)``
(the README/tutorial settings), including its quirks, written from the notes (no ProperImage code):

* mask: data > 65000 (no EXTEND keyword), OR data < -50, then 7 rounds of "a pixel is masked when at
  least 3 pixels of its 3x3 neighbourhood are" (scipy convolve, mode reflect, > 2; OR-ed, as the notes'
  482 and 560 masked pixels require);
* sep.Background(data, mask) with sep's defaults; sigma = globalrms;
* "interped": data - back with masked pixels replaced by astropy's interpolate_replace_nans with
  Box2DKernel(10) (normalised convolution by FFT), repeated while NaN remain;
* best sources: sep.extract(data - back, 8 sigma, minarea 9, mask), flag 0, npix in [p20, p80], flux in
  [p15, p85]; stamp side 3 sqrt(p65(npix)) -> odd k, cut at k + 6 from interped around
  ceil(pos - 0.5), filled with sigma outside, normalised (a += |min a|; minus the median of the pixels
  below p70(|a|); divided by the sum);
* Gaussian PSF: astropy Gaussian2D + Const2D fitted to every stamp by LevMarLSQFitter (maxiter 1000,
  start x=w/2, y=h/2, sigma 1, theta pi/4, amplitude max-min, const min); the 3-sigma clipped means
  (5 iterations) of x_stddev, y_stddev, theta; amplitude 1, evaluated over the whole frame at column
  H/2, row W/2 (ProperImage's x/y swap);
* flux ratio b = zp_n / zp_r from the "transparency" zero points (mutual nearest neighbours within 2 px,
  m = -2.5 log10(flux) + 20 = zp_j + M_s solved with minimum norm): magnitudes used as a flux ratio;
* D^ = (shift(P^r N^, -c_r) - b shift(P^n R^, -c_n)) / sqrt(sn^2 |P^r|^2 + b^2 sr^2 |P^n|^2) with the
  unitary FFT and scipy's fourier_shift, c = centre of mass of each PSF; D = Re of the inverse.

Run from the worktree root (writes src/test/resources/expected/subtraction/):

    /usr/bin/python3 src/test/oracle/zogy_properimage.py [--shared ../shared]

Outputs (small):
* properimage_eso085.csv      the intermediate figures (masked pixels, sep globalrms, best sources,
                              Gaussian sigmas, zero points, b, D statistics) beside the notes' figures.
                              They agree where the notes give them (482/560 masked, globalrms 73.25/78.13,
                              83/81 best sources, stamp 21, zero points 8.4312/8.4375, b 1.00074), and
                              the 3-sigma clipped std of D over unmasked pixels is 0.944 against the
                              notes' "D std 0.946" (the plain std is 1.66: residuals of bright and
                              saturated stars). The Gaussian sigmas differ (1.30/1.18 against
                              1.273/1.228: the notes' run had a runaway theta of -3e10 rad), which
                              does not matter here: with equal PSFs in both epochs D does not depend
                              on the PSF at all, (N - b R) / sqrt(sn^2 + b^2 sr^2).
* properimage_eso085_d.csv.gz D at every 7th column and row (0-based FITS array col, row), with the mask
"""
import argparse
import csv
import gzip
import os

import numpy as np
import sep
from astropy.convolution import Box2DKernel, convolve_fft, interpolate_replace_nans
from astropy.io import fits
from astropy.modeling import fitting, models
from astropy.stats import sigma_clipped_stats
from scipy import ndimage
from scipy.spatial import cKDTree

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'resources', 'expected', 'subtraction')
FILES = ['aligned_eso085-030-004.fit', 'aligned_eso085-030-005.fit']
STEP = 7


class Epoch:
    pass


def prepare(path):
    e = Epoch()
    data = fits.getdata(path).astype('<f4')
    mask = data > 65000
    if (~mask).sum() < 1000:
        mask[:] = False
    mask |= (data < -50) | (data > 65000)
    for _ in range(7):
        mask |= ndimage.convolve(mask.astype(int), np.ones((3, 3)), mode='reflect') > 2
    e.data, e.mask = data, mask
    bkg = sep.Background(data, mask=mask if mask.any() else None)
    e.back, e.sigma = bkg.back(), bkg.globalrms
    sub = data - e.back
    e.sub = sub
    img = sub.astype(float).copy()
    img[mask] = np.nan
    while np.isnan(img).any():
        img = interpolate_replace_nans(img, Box2DKernel(10), convolve=convolve_fft)
    e.interped = img
    src = sep.extract(sub, thresh=8 * e.sigma, mask=mask, minarea=9)
    if len(src) < 20:
        src3 = sep.extract(sub, thresh=3 * e.sigma, mask=mask, minarea=5)
        if len(src3) > len(src):
            src = src3
    npix, flux = src['npix'], src['flux']
    keep = ((npix >= np.percentile(npix, 20)) & (npix <= np.percentile(npix, 80)) & (src['flag'] == 0) &
            (flux >= np.percentile(flux, 15)) & (flux <= np.percentile(flux, 85)))
    best = src[keep] if keep.sum() >= 5 else src
    s = 3 * np.sqrt(np.percentile(best['npix'], 65))
    k = int(s) if s > 5 else 5
    if s > 5 and k % 2 == 0:
        k += 1
    e.best, e.stamp = best, k + 6
    return e


def stamps(e):
    k, (h, w) = e.stamp, e.interped.shape
    r = k // 2
    out = []
    for row, col in zip(e.best['y'], e.best['x']):
        cy, cx = int(np.ceil(row - 0.5)), int(np.ceil(col - 0.5))
        a = np.full((k, k), e.sigma, dtype=float)
        for j in range(k):
            for i in range(k):
                y, x = cy - r + j, cx - r + i
                if 0 <= y < h and 0 <= x < w:
                    a[j, i] = e.interped[y, x]
        a += abs(a.min())
        a -= np.median(a[a < np.percentile(np.abs(a), 70)])
        a /= a.sum()
        out.append(a)
    return out


def gaussian_psf(e):
    fitter = fitting.LevMarLSQFitter()
    sx, sy, th = [], [], []
    for a in stamps(e):
        h, w = a.shape
        y, x = np.mgrid[:h, :w]
        m = models.Gaussian2D(amplitude=a.max() - a.min(), x_mean=w / 2, y_mean=h / 2, x_stddev=1, y_stddev=1,
                              theta=np.pi / 4) + models.Const2D(amplitude=a.min())
        f = fitter(m, x, y, a, maxiter=1000)
        sx.append(f.x_stddev_0.value)
        sy.append(f.y_stddev_0.value)
        th.append(f.theta_0.value)
    mx = sigma_clipped_stats(sx, sigma=3, maxiters=5)[0]
    my = sigma_clipped_stats(sy, sigma=3, maxiters=5)[0]
    mt = sigma_clipped_stats(th, sigma=3, maxiters=5)[0]
    H, W = e.interped.shape
    y, x = np.mgrid[:H, :W]
    g = models.Gaussian2D(amplitude=1, x_mean=H / 2, y_mean=W / 2, x_stddev=mx, y_stddev=my, theta=mt)
    e.gauss = (mx, my, mt)
    return g(x, y)


def transparency(ref, new):
    a = np.column_stack([ref.best['x'], ref.best['y']])
    b = np.column_stack([new.best['x'], new.best['y']])
    da, ia = cKDTree(b).query(a)
    db, ib = cKDTree(a).query(b)
    pairs = [(i, ia[i]) for i in range(len(a)) if da[i] <= 2.0 and ib[ia[i]] == i]
    q = len(pairs)
    A = np.zeros((2 * q, 2 + q))
    m = np.zeros(2 * q)
    for s, (i, j) in enumerate(pairs):
        for p, f in ((0, ref.best['flux'][i]), (1, new.best['flux'][j])):
            A[2 * s + p, p] = 1
            A[2 * s + p, 2 + s] = 1
            m[2 * s + p] = -2.5 * np.log10(f) + 20
    x = np.linalg.lstsq(A, m, rcond=None)[0]
    return x[0], x[1], q


def fo(a):
    return np.fft.fft2(a, norm='ortho')


def ifo(a):
    return np.fft.ifft2(a, norm='ortho')


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--shared', default=os.path.join(HERE, '..', '..', '..', '..', 'shared'))
    args = p.parse_args()
    folder = os.path.join(args.shared, 'data', 'eso085-030-two-epochs')
    ref, new = (prepare(os.path.join(folder, f)) for f in FILES)
    zr, zn, q = transparency(ref, new)
    b = zn / zr
    pr, pn = gaussian_psf(ref), gaussian_psf(new)
    cr, cn = ndimage.center_of_mass(pr), ndimage.center_of_mass(pn)
    Pr, Pn = fo(pr), fo(pn)
    Pr[Pr.real == 0] = np.finfo(float).eps
    Pn[Pn.real == 0] = np.finfo(float).eps
    R, N = fo(ref.interped), fo(new.interped)
    Dr = ndimage.fourier_shift(Pn * R, [-c for c in cn])
    Dn = ndimage.fourier_shift(Pr * N, [-c for c in cr])
    norm = new.sigma ** 2 * np.abs(Pr) ** 2 + b ** 2 * ref.sigma ** 2 * np.abs(Pn) ** 2
    D = ifo((Dn - b * Dr) / np.sqrt(norm))
    mask = ref.mask | new.mask
    d = D.real
    os.makedirs(OUT, exist_ok=True)
    rows = [
        ('masked_ref', ref.mask.sum(), 482), ('masked_new', new.mask.sum(), 560), ('masked_union', mask.sum(), 560),
        ('globalrms_ref', ref.sigma, 73.25), ('globalrms_new', new.sigma, 78.13),
        ('best_sources_ref', len(ref.best), 83), ('best_sources_new', len(new.best), 81),
        ('stamp', ref.stamp, 21),
        ('sigma_x_ref', ref.gauss[0], 1.273), ('sigma_y_ref', ref.gauss[1], 1.228),
        ('sigma_x_new', new.gauss[0], ''), ('sigma_y_new', new.gauss[1], ''),
        ('zp_ref', zr, 8.4312), ('zp_new', zn, 8.4375), ('matched', q, ''), ('b', b, 1.00074),
        ('d_std', d.std(), ''), ('d_std_unmasked', d[~mask].std(), ''),
        ('d_std_clipped', sigma_clipped_stats(d[~mask], sigma=3, maxiters=5)[2], 0.946),
        ('d_max_imag', np.abs(D.imag).max(), 5e-11),
    ]
    with open(os.path.join(OUT, 'properimage_eso085.csv'), 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['quantity', 'value', 'notes'])
        for name, v, ref_value in rows:
            w.writerow([name, '%.10g' % v, ref_value])
            print('%-18s %-14.6g notes: %s' % (name, v, ref_value))
    with gzip.open(os.path.join(OUT, 'properimage_eso085_d.csv.gz'), 'wt', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['col', 'row', 'd', 'masked'])
        H, W = d.shape
        for row in range(0, H, STEP):
            for col in range(0, W, STEP):
                w.writerow([col, row, '%.5g' % d[row, col], int(mask[row, col])])
    print('wrote', OUT)


if __name__ == '__main__':
    main()
