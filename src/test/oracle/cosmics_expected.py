#!/usr/bin/python3
"""Expected cosmic-ray masks and values from the shared oracle (../shared/oracle/cosmic.py:
scipy.signal.medfilt recipe and astroscrappy 1.1 L.A.Cosmic), for RemoveCosmicRays*Test.

    /usr/bin/python3 src/test/oracle/cosmics_expected.py ../shared src/test/resources/expected/cosmics

One CSV per case, rows of kind,row,col,value (row, col: 0-based FITS-array = numpy indices):
    summary,-1,-1,<number>   with col holding the name: n_flagged, n_groups (8-connected), sigma ...
    mask,<row>,<cols>,       the flagged columns of one row, separated by spaces
    clean,<row>,<col>,<v>    a cleaned value (float64 repr of the oracle's output)
    spectrum,-1,<col>,<v>    sum of the cleaned rows 250..259 per column (STIS recipe)
    kernel,<row>,<col>,<v>   a PSF kernel value (astroscrappy's gausskernel etc.)
    group,<id>,<npix x_mean y_mean>,  one 8-connected group (0-based means), in scipy.ndimage.label order
"""
import os
import sys

import numpy as np
import scipy.ndimage as ndi

shared = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else '../shared')
out = sys.argv[2] if len(sys.argv) > 2 else 'src/test/resources/expected/cosmics'
sys.path.insert(0, os.path.join(shared, 'oracle'))
from common import read_image  # noqa: E402
from cosmic import medfilt_clean, lacosmic, groups  # noqa: E402
import astroscrappy.astroscrappy as scrappy  # noqa: E402

data = os.path.join(shared, 'data')
STIS = os.path.join(data, 'hst-stis-3c120-longslit', '3c120_stis.fits.gz')
GMOS = os.path.join(data, 'gemini-gmos-cr-cutout', 'gmos.fits')
M13 = os.path.join(data, 'm13-orion-ssdsi', 'M13_blue_0001.fits')
os.makedirs(out, exist_ok=True)


def fmt(v):
    """Numbers as the shortest text that reads back exactly (float32 text when the value is a float32)."""
    if v is None:
        return ''
    if isinstance(v, (float, np.floating)):
        v = float(v)
        return str(np.float32(v)) if float(np.float32(v)) == v else repr(v)
    return str(v)


def write(name, rows):
    with open(os.path.join(out, name + '.csv'), 'w') as f:
        f.write('kind,row,col,value\n')
        for r in rows:
            f.write(','.join(fmt(v) for v in r) + '\n')
    print(name, len(rows), 'rows')


def mask_rows(mask):
    rows = []
    for r in range(mask.shape[0]):
        cols = np.nonzero(mask[r])[0]
        if len(cols):
            rows.append(('mask', r, ' '.join(str(c) for c in cols), None))
    return rows


def summary(mask, **extra):
    lab, n = ndi.label(mask, structure=np.ones((3, 3), int))
    _, n4 = ndi.label(mask)
    rows = [('summary', -1, 'n_flagged', int(mask.sum())), ('summary', -1, 'n_groups', n),
            ('summary', -1, 'n_groups_4conn', n4)]
    rows += [('summary', -1, k, v) for k, v in extra.items()]
    return rows


def group_rows(mask):
    return [('group', g['id'], f"{g['npix']} {g['x_mean']!r} {g['y_mean']!r}", None) for g in groups(mask)]


# --- median recipe on STIS: sigma = median(ERR), threshold 8, rows 230:280 protected
img, _ = read_image(STIS + '[1]')
err, _ = read_image(STIS + '[2]')
sigma = float(np.median(err))
clean, bad, sig = medfilt_clean(img, 5, 8.0, sigma, [(230, 280)])
rows = summary(bad, sigma=sig)
rows += mask_rows(bad)
rr, cc = np.nonzero(bad)
rows += [('clean', r, c, clean[r, c]) for r, c in zip(rr, cc)]
rng = np.random.default_rng(1)
for r, c in zip(rng.integers(0, img.shape[0], 64), rng.integers(0, img.shape[1], 64)):
    rows.append(('clean', r, c, clean[r, c]))
spec = clean[250:260, :].sum(axis=0)
rows += [('spectrum', -1, c, spec[c]) for c in range(len(spec))]
write('stis_medfilt', rows)

# --- median recipe on M13 with the default sigma (1.4826 MAD of image - smoothed): the bench frame
img, _ = read_image(M13)
clean, bad, sig = medfilt_clean(img, 5, 8.0, None, [])
write('m13_medfilt', summary(bad, sigma=sig) + mask_rows(bad))

# --- L.A.Cosmic: GMOS with astroscrappy's own test settings, without and with the sky model
sci = read_image(GMOS + '[SCI]')[0]
sky = read_image(GMOS + '[SKYFIT]')[0]
var = read_image(GMOS + '[VAR]')[0]
base = dict(gain=1.933, readnoise=4.24)
cases = {
    'gmos_lacosmic': dict(),
    'gmos_bkg_lacosmic': dict(inbkg=sky),
    'gmos_bkg_var_lacosmic': dict(inbkg=sky, invar=var),
    'gmos_var_lacosmic': dict(invar=var),
    'gmos_medmask_lacosmic': dict(cleantype='medmask'),
    'gmos_idw_lacosmic': dict(cleantype='idw'),
    'gmos_fullmed_lacosmic': dict(sepmed=False),
    'gmos_convolve_lacosmic': dict(fsmode='convolve', psffwhm=2.5, psfsize=7),
    'gmos_moffat_lacosmic': dict(fsmode='convolve', psfmodel='moffat', psffwhm=3.0, psfsize=9),
    'gmos_saturated_lacosmic': dict(satlevel=3000.0, sigclip=3.0, objlim=2.0),
}
for name, kw in cases.items():
    clean, mask = lacosmic(sci, **dict(base, **kw))
    rows = summary(mask) + mask_rows(mask) + group_rows(mask)
    rr, cc = np.nonzero(mask)
    rows += [('clean', r, c, clean[r, c]) for r, c in zip(rr, cc)]
    write(name, rows)

# --- L.A.Cosmic on the M13 frame (gain 1, readnoise 5, as the oracle run) and the STIS frame (defaults)
for name, path, kw in (('m13_lacosmic', M13, dict(gain=1.0, readnoise=5.0)),
                       ('stis_lacosmic', STIS + '[1]', dict(gain=1.0, readnoise=6.5))):
    img = read_image(path)[0]
    clean, mask = lacosmic(img, **kw)
    rows = summary(mask) + mask_rows(mask)
    rr, cc = np.nonzero(mask)
    pick = np.random.default_rng(2).choice(len(rr), size=min(200, len(rr)), replace=False)
    rows += [('clean', rr[i], cc[i], clean[rr[i], cc[i]]) for i in sorted(pick)]
    write(name, rows)

# --- PSF kernels as astroscrappy computes them
rows = []
for label, k in (('gauss 2.5 7', scrappy.gausskernel(2.5, 7)), ('gaussx 2.0 5', scrappy.gaussxkernel(2.0, 5)),
                 ('gaussy 3.0 9', scrappy.gaussykernel(3.0, 9))):
    for r in range(k.shape[0]):
        for c in range(k.shape[1]):
            rows.append(('kernel', label, f'{r} {c}', k[r, c]))
write('psf_kernels', rows)
