#!/usr/bin/python3
"""Expected pixel values of every image HDU in ../shared/data, read by the oracle's common.py
(astropy, BSCALE/BZERO applied, float64).  Writes one CSV row per sampled pixel plus one summary
row per HDU, which FitsReaderSharedDataTest compares with our reader.

    /usr/bin/python3 src/test/oracle/fits_expected.py ../shared > src/test/resources/expected/shared-fits.csv
"""
import glob
import zlib
import os
import sys

import numpy as np
from astropy.io import fits

shared = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else '../shared')
sys.path.insert(0, os.path.join(shared, 'oracle'))
from common import read_image  # noqa: E402

print('file,hdu,kind,row,col,value,exact')
files = sorted(f for f in glob.glob(os.path.join(shared, 'data', '**', '*'), recursive=True)
               if f.lower().endswith(('.fits', '.fit', '.fits.gz')))
for f in files:
    rel = os.path.relpath(f, os.path.join(shared, 'data'))
    with fits.open(f) as hdul:
        n = len(hdul)
        image_hdus = [i for i in range(n) if hdul[i].is_image and hdul[i].data is not None
                      and hdul[i].data.ndim == 2]
    for i in image_hdus:
        data, _ = read_image(f'{f}[{i}]')
        # the exactly scaled values: astropy scales 8/16-bit data in float32, which rounds twice
        with fits.open(f, do_not_scale_image_data=True) as raw_hdul:
            h = raw_hdul[i].header
            raw = np.asarray(raw_hdul[i].data)
            exact = h.get('BZERO', 0.0) + h.get('BSCALE', 1.0) * raw.astype(np.float64)
            if 'BLANK' in h and raw.dtype.kind in 'iu':
                exact[raw == h['BLANK']] = np.nan
        ny, nx = data.shape
        finite = np.isfinite(data)
        print(f'{rel},{i},shape,{ny},{nx},{int((~finite).sum())},')
        print(f'{rel},{i},sum,-1,-1,{repr(float(data[finite].sum()))},{repr(float(exact[finite].sum()))}')
        print(f'{rel},{i},min,-1,-1,{repr(float(data[finite].min()))},{repr(float(exact[finite].min()))}')
        print(f'{rel},{i},max,-1,-1,{repr(float(data[finite].max()))},{repr(float(exact[finite].max()))}')
        rng = np.random.default_rng(zlib.crc32(rel.encode()) + i)
        pts = [(0, 0), (0, nx - 1), (ny - 1, 0), (ny - 1, nx - 1)]
        pts += [(int(r), int(c)) for r, c in zip(rng.integers(0, ny, 60), rng.integers(0, nx, 60))]
        for r, c in pts:
            print(f'{rel},{i},pixel,{r},{c},{repr(float(data[r, c]))},{repr(float(exact[r, c]))}')
