#!/usr/bin/python3
"""Whole-image comparison of Astro Fiji's calibration products with the ccdproc oracle's (every pixel,
not the samples the unit tests use): prints, per product, the largest relative difference
|ours - ccdproc| / max(|ccdproc|, 1) over the pixels where both are finite, and where they disagree
about finiteness.

    /usr/bin/python3 src/test/oracle/calibration_compare.py ORACLE_DIR OURS_DIR
ORACLE_DIR is the work directory of calibration_expected.py; OURS_DIR holds our products made with
    F=$(ls ../shared/data/sbig-stl1001-bias-darks/10dark_*.FIT | paste -sd,)
    ./astro run "Combine Frames" "files=\"$F\",output=OURS/sbig_median.fits"
    ./astro run "Combine Frames" "files=\"$F\",method=sigma_clip,output=OURS/sbig_sigclip.fits"
    ./astro run "Combine Frames" "files=\"$F\",method=sigma_clip,center=median,deviation=mad_std,output=OURS/sbig_sigclip_mad.fits"
    ./astro run "Master Calibration" "directory=SBIG,bias=0cbias.FIT,darks=10dark_*.FIT,flats=,science=timedark*.FIT,imagetyp_key=,output=OURS/sbig_reduce"
    ./astro run "Master Calibration" "directory=TIR,bias=bias_*.fits,darks=,flats=flats*.fits,science=IC310_*.fits,flat_scale=none,output=OURS/tir_reduce"
    ./astro run "Master Calibration" "directory=TIR,bias=bias_*.fits,darks=bias_*.fits,flats=flats*.fits,science=IC310_1.fits,scale_darks=false,flat_scale=none,output=OURS/tir_seed"
"""
import os
import sys

import numpy as np
from astropy.io import fits

oracle, ours = sys.argv[1], sys.argv[2]
pairs = [('sbig_median.fits', 'sbig_median.fits'), ('sbig_sigclip.fits', 'sbig_sigclip.fits'),
         ('sbig_sigclip_mad.fits', 'sbig_sigclip_mad.fits'),
         ('sbig_reduce/master_dark.fits', 'sbig_reduce/master_dark_30s.fits')]
pairs += [(f'sbig_reduce/timedark{i}_red.fits', f'sbig_reduce/timedark{i}_red.fits') for i in range(7)]
pairs += [('tir_reduce/master_bias.fits', 'tir_reduce/master_bias.fits')]
pairs += [(f'tir_reduce/IC310_{i}_red.fits', f'tir_reduce/IC310_{i}_red.fits') for i in range(1, 6)]
pairs += [('tir_seed.fits', 'tir_seed/IC310_1_red.fits')]
print(f'{"product":34s} {"pixels":>8s} {"max rel diff":>13s} {"ref finite, ours NaN":>21s} {"ref inf/NaN, ours NaN":>22s}')
for ref_name, our_name in pairs:
    ref = fits.getdata(os.path.join(oracle, ref_name)).astype(np.float64)
    mine = fits.getdata(os.path.join(ours, our_name), 'SCI').astype(np.float64)
    both = np.isfinite(ref) & np.isfinite(mine)
    rel = np.abs(mine[both] - ref[both]) / np.maximum(np.abs(ref[both]), 1)
    print(f'{our_name:34s} {both.sum():8d} {rel.max():13.3e} {(np.isfinite(ref) & np.isnan(mine)).sum():21d} '
          f'{(~np.isfinite(ref) & np.isnan(mine)).sum():22d}')
    assert not (np.isfinite(mine) & ~np.isfinite(ref)).any()
