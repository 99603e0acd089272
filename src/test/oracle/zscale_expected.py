#!/usr/bin/python3
"""Expected zscale display ranges: astropy's ZScaleInterval (contrast 0.25, astropy 5.2) of the first 2-D
image HDU of every file in ../shared/data, as float32 pixels (what our reader gives), and of a synthetic
image the Java test rebuilds (value (i * 7919) % 1000 at FITS array index i, NaN every 97th).

    /usr/bin/python3 src/test/oracle/zscale_expected.py ../shared > src/test/resources/expected/display/zscale.csv
"""
import glob
import os
import sys

import numpy as np
from astropy.io import fits
from astropy.visualization import ZScaleInterval

shared = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else '../shared')
sys.path.insert(0, os.path.join(shared, 'oracle'))
from common import read_image  # noqa: E402

print('file,hdu,vmin,vmax')
files = sorted(f for f in glob.glob(os.path.join(shared, 'data', '**', '*'), recursive=True)
               if f.lower().endswith(('.fits', '.fit', '.fits.gz')))
for f in files:
    rel = os.path.relpath(f, os.path.join(shared, 'data'))
    with fits.open(f) as hdul:
        first = next((i for i in range(len(hdul)) if hdul[i].is_image and hdul[i].data is not None
                      and hdul[i].data.ndim == 2), None)
    if first is None:
        continue
    data, _ = read_image(f'{f}[{first}]')
    lo, hi = ZScaleInterval().get_limits(data.astype(np.float32))
    print(f'{rel},{first},{float(lo)!r},{float(hi)!r}')
i = np.arange(300 * 200)
syn = ((i * 7919) % 1000).astype(np.float32)
syn[::97] = np.nan
lo, hi = ZScaleInterval().get_limits(syn.reshape(200, 300))
print(f'synthetic,0,{float(lo)!r},{float(hi)!r}')
