"""Combine Frames' peer: the frames combined pixel by pixel, written as FITS. METHOD is median or
sigclip (one pass of astropy's sigma clipping at 3/3 about the mean with the std, then the mean of the
rest: ccdproc's defaults); TOOL is ccdproc (ccdproc.combine, what a reduction script calls) or numpy
(numpy.median / astropy.stats.sigma_clip on the stacked arrays: the fastest call).

    /usr/bin/python3 combine.py OUT.fits METHOD TOOL FILE...
"""
import sys

import numpy as np
from astropy.io import fits
from astropy.nddata import CCDData
from astropy.stats import sigma_clip

if len(sys.argv) > 3 and sys.argv[3] == 'ccdproc' or __name__ != '__main__':
    import ccdproc


def load(args):
    method, tool = args[1], args[2]
    frames = [fits.getdata(f).astype(np.float32) for f in args[3:]]
    if tool == 'ccdproc':
        frames = [CCDData(f, unit='adu') for f in frames]
    return frames, method, tool


def compute(frames, method, tool):
    if tool == 'ccdproc':
        if method == 'median':
            return ccdproc.combine(frames, method='median').data
        return ccdproc.combine(frames, method='average', sigma_clip=True, sigma_clip_low_thresh=3, sigma_clip_high_thresh=3,
                               sigma_clip_func=np.ma.mean, sigma_clip_dev_func=np.ma.std).data
    stack = np.stack(frames)
    if method == 'median':
        return np.median(stack, axis=0)
    return sigma_clip(stack, sigma=3, maxiters=1, cenfunc='mean', stdfunc='std', axis=0).mean(axis=0).filled(np.nan)


def save(result, args):
    fits.writeto(args[0], np.asarray(result, dtype=np.float32), overwrite=True)


if __name__ == '__main__':
    save(compute(*load(sys.argv[1:])), sys.argv[1:])
