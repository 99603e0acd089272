#!/usr/bin/python3
"""The numpy recipe Astro Fiji's large-stack bench runs side by side with Combine Frames: the median of
many large frames in bounded memory, each file opened once (astropy, memory-mapped raw data) and read
in bands of rows (only those rows are touched; BSCALE/BZERO applied per band in float32),
np.median along the stack, the result written as float32 FITS. This is the approach ccdproc's issue
tracker times at 3.9-4.8 s for 40 x 4096^2.

    /usr/bin/python3 src/test/bench/median_bands.py OUT.fits FRAME.fits [FRAME.fits ...] [--rows 128]
Prints the seconds from start to written output (imports excluded) on its last line.
"""
import sys
import time

t_import = time.perf_counter()
import numpy as np  # noqa: E402
from astropy.io import fits  # noqa: E402

args = sys.argv[1:]
rows = 128
if '--rows' in args:
    i = args.index('--rows')
    rows = int(args[i + 1])
    del args[i:i + 2]
out, files = args[0], args[1:]
t0 = time.perf_counter()
hduls = [fits.open(f, memmap=True, do_not_scale_image_data=True) for f in files]
hdus = [h[0] for h in hduls]
scale = [(np.float32(h.header.get('BSCALE', 1)), np.float32(h.header.get('BZERO', 0))) for h in hdus]
ny, nx = hdus[0].shape
result = np.empty((ny, nx), dtype=np.float32)
band = np.empty((len(hdus), rows, nx), dtype=np.float32)
for r0 in range(0, ny, rows):
    r1 = min(ny, r0 + rows)
    for i, h in enumerate(hdus):
        b = band[i, :r1 - r0]
        b[...] = h.data[r0:r1]
        b *= scale[i][0]
        b += scale[i][1]
    result[r0:r1] = np.median(band[:, :r1 - r0], axis=0)
for h in hduls:
    h.close()
fits.writeto(out, result, overwrite=True)
print(f'median of {len(files)} x {nx}x{ny} in bands of {rows} rows: {time.perf_counter() - t0:.3f} s')
