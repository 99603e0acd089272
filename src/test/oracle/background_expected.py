#!/usr/bin/python3
"""Expected values for the background tests, from the shared oracle (numpy.polyfit, sep 1.2.1).

Run from the worktree root (writes src/test/resources/expected/background/):

    /usr/bin/python3 src/test/oracle/background_expected.py [--shared ../shared]

It runs ../shared/oracle/{cosmic,background}.py on ../shared/data into a temporary directory and
keeps only small extracts:

* stis_medfilt_replaced.csv  pixels the STIS medfilt recipe (cosmic.py medfilt, kernel 5, thresh 8,
                             sigma = median(ERR), rows 230:280 protected) replaced: row,col (0-based
                             FITS array), value (float32, shortest repr). Raw SCI + these = the
                             oracle's cleaned image, which the tests rebuild instead of committing it.
* stis_polyfit_coef.csv      background.py polyfit on that cleaned image, --ranges 10:200 300:480
                             --deg 2 (axis column): index (column), p0..p2 (numpy order)
* stis_polyfit_samples.csv   row,col,bkg: pixels of the oracle's background image (every 401st pixel)
* stis_spectrum.csv          the seed recipe's spectrum: sum of rows 250:260 of the oracle's
                             background-subtracted image (float64), per column
* alfosc_polyfit_coef.csv    background.py polyfit on the RAW ALDc200205.fits[1] (no cleaning),
                             --ranges 10:90 125:390 --deg 2 --axis row: every 3rd row (index = row)
* alfosc_polyfit_samples.csv row,col,bkg samples of that background image
* sep_summary.csv            sep.Background (64/3 defaults) global back and rms, M13 frame 1 and M67
* sep_<stem>_samples.csv     row,col,back,rms on a grid every 53 px (plus the last row/column)
* mesh_synthetic.csv         sep.Background on small synthetic images the Java test rebuilds
                             exactly (integer-hash noise, gradient, square "stars"; NaN boxes, a
                             mask, odd box sizes, one row of boxes, a filter threshold): per case
                             global back/rms and sampled back/rms
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile

import numpy as np
from astropy.io import fits

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'resources', 'expected', 'background')


def f32(v):
    return np.format_float_positional(np.float32(v), unique=True, trim='-')


def r64(v):
    return repr(float(v))


def write(name, header, rows):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        w.writerows(rows)
    print('wrote', name, len(rows), 'rows')


def oracle(shared, script, *args):
    subprocess.run([sys.executable, os.path.join(shared, 'oracle', script), *args], check=True,
                   stdout=subprocess.DEVNULL)


def read(path):
    return fits.getdata(path).astype(np.float64)


def synth(w, h, seed):
    """Integer-hash noise + gradient + squares of +500; the Java test builds the same image."""
    i = np.arange(w * h, dtype=np.uint64)
    hsh = (i * np.uint64(2654435761) + np.uint64(seed)) % np.uint64(4294967296)
    hsh = ((hsh ^ (hsh >> np.uint64(13))) * np.uint64(1274126177)) % np.uint64(4294967296)
    u = (hsh % np.uint64(10007)).astype(np.float64)
    y, x = np.divmod(np.arange(w * h), w)
    img = (1000.0 + (u - 5003.0) / 250.0 + 0.05 * x + 0.02 * y).reshape(h, w)
    img[5::37, 7::41] += 500
    return img.astype(np.float32)


def synthetic_cases():
    import sep
    base = synth(300, 200, 7)
    nan = base.copy()
    nan[64:128, 64:128] = np.nan
    nan[0:64, 0:40] = np.nan
    mask = np.zeros(base.shape, np.float32)
    mask[100:200, 150:260] = 1
    return [  # name, image, mask, bw, bh, fw, fh, fthresh
        ('plain', base, None, 64, 64, 3, 3, 0.0),
        ('odd', synth(301, 203, 3), None, 31, 27, 5, 3, 0.0),
        ('onerow', synth(250, 40, 5), None, 32, 40, 3, 3, 0.0),
        ('onecol', synth(40, 250, 5), None, 40, 32, 3, 3, 0.0),
        ('thresh', base, None, 32, 32, 3, 3, 3.0),
        ('nanbox', nan, None, 64, 64, 3, 3, 0.0),
        ('mask', base, mask, 50, 50, 1, 1, 0.0),
    ], sep


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--shared', default=os.path.join(HERE, '..', '..', '..', '..', 'shared'))
    a = p.parse_args()
    shared = os.path.abspath(a.shared)
    D = os.path.join(shared, 'data')
    st = os.path.join(D, 'hst-stis-3c120-longslit', '3c120_stis.fits.gz')
    with tempfile.TemporaryDirectory(prefix='background-expected-') as tmp:
        # STIS: medfilt cleaning, then the per-column quadratic, then the spectrum
        oracle(shared, 'cosmic.py', 'medfilt', st + '[1]', '--err', st + '[2]', '--kernel', '5', '--thresh', '8',
               '--protect-rows', '230:280', '-o', tmp)
        raw = fits.getdata(st, 1).astype(np.float64)
        clean = read(os.path.join(tmp, '3c120_stis_medfilt_clean.fits'))
        rr, cc = np.nonzero(clean != raw)
        write('stis_medfilt_replaced.csv', ['row', 'col', 'value'],
              [(r, c, f32(clean[r, c])) for r, c in zip(rr, cc)])
        oracle(shared, 'background.py', 'polyfit', os.path.join(tmp, '3c120_stis_medfilt_clean.fits'),
               '--ranges', '10:200', '300:480', '--deg', '2', '-o', tmp)
        pre = os.path.join(tmp, '3c120_stis_medfilt_clean_polyfit')
        with open(pre + '_coef.csv') as f:
            rows = list(csv.reader(f))
        write('stis_polyfit_coef.csv', rows[0], rows[1:])
        bkg = read(pre + '_bkg.fits')
        sub = read(pre + '_sub.fits')
        flat = np.arange(bkg.size)[::401]
        write('stis_polyfit_samples.csv', ['row', 'col', 'bkg'],
              [(k // bkg.shape[1], k % bkg.shape[1], r64(bkg.flat[k])) for k in flat])
        spec = sub[250:260, :].sum(axis=0)
        write('stis_spectrum.csv', ['col', 'flux'], [(c, r64(v)) for c, v in enumerate(spec)])

        # ALFOSC science along rows, raw frame (no cosmic-ray cleaning)
        al = os.path.join(D, 'alfosc-not-longslit', 'science', 'ALDc200205.fits')
        oracle(shared, 'background.py', 'polyfit', al + '[1]', '--ranges', '10:90', '125:390', '--deg', '2',
               '--axis', 'row', '-o', tmp)
        pre = os.path.join(tmp, 'ALDc200205_polyfit')
        with open(pre + '_coef.csv') as f:
            rows = list(csv.reader(f))
        write('alfosc_polyfit_coef.csv', rows[0], rows[1::3])
        bkg = read(pre + '_bkg.fits')
        flat = np.arange(bkg.size)[::997]
        write('alfosc_polyfit_samples.csv', ['row', 'col', 'bkg'],
              [(k // bkg.shape[1], k % bkg.shape[1], r64(bkg.flat[k])) for k in flat])

        # sep.Background with the 64/3 defaults
        summary = []
        for path in (os.path.join(D, 'm13-orion-ssdsi', 'M13_blue_0001.fits'),
                     os.path.join(D, 'm67-poss-plate', 'M6707HH.fits')):
            stem = os.path.splitext(os.path.basename(path))[0]
            oracle(shared, 'background.py', 'sep', path, '-o', tmp)
            pre = os.path.join(tmp, stem + '_sep')
            with open(pre + '_summary.csv') as f:
                s = next(csv.DictReader(f))
            summary.append((stem, s['globalback'], s['globalrms']))
            back, rms = read(pre + '_bkg.fits'), read(pre + '_rms.fits')
            h, w = back.shape
            ys = sorted(set(list(range(0, h, 53)) + [h - 1]))
            xs = sorted(set(list(range(0, w, 53)) + [w - 1]))
            write(f'sep_{stem}_samples.csv', ['row', 'col', 'back', 'rms'],
                  [(y, x, f32(back[y, x]), f32(rms[y, x])) for y in ys for x in xs])
        write('sep_summary.csv', ['stem', 'globalback', 'globalrms'], summary)

    # synthetic mesh cases (sep directly, as the oracle does: float64 data, optional mask)
    cases, sep = synthetic_cases()
    rows = []
    for name, img, mask, bw, bh, fw, fh, ft in cases:
        b = sep.Background(img.astype(np.float64), mask=mask, bw=bw, bh=bh, fw=fw, fh=fh, fthresh=ft)
        back, rms = b.back(), b.rms()
        h, w = img.shape
        rows.append((name, -1, -1, f32(b.globalback), f32(b.globalrms)))
        for y in sorted(set(list(range(0, h, 13)) + [h - 1])):
            for x in sorted(set(list(range(0, w, 29)) + [w - 1])):
                rows.append((name, y, x, f32(back[y, x]), f32(rms[y, x])))
    write('mesh_synthetic.csv', ['case', 'row', 'col', 'back', 'rms'], rows)


if __name__ == '__main__':
    main()
