#!/usr/bin/python3
"""Expected star-detection values from the shared oracle (../shared/oracle/stars.py), for
StarDetectionOracleTest and NumpySortTest.  Run from the project directory:

    /usr/bin/python3 src/test/oracle/detection_expected.py ../shared

writes src/test/resources/expected/detection/:
  label_summary.csv                 per image: k, threshold (mean + k std), label count, labelled pixels
  label_<stem>_rows.csv             per FITS row (0-based): CRC-32 of the int32 label row (little-endian),
                                    number of labelled pixels; pins the whole label image of
                                    ndimage.label(img > thr, ones((3, 3)))
  label_<stem>_centres.csv.gz       per label with npix >= 2: id, npix, bounding box, ndimage.center_of_mass
                                    (0-based, x = column); single-pixel labels are their own centre
  sep_<stem>.csv.gz                 sep.extract (thresh 3, minarea 5, bw 64, fw 3): x, y (0-based), npix, flag
  peaks_<stem>_md<d>_k<k>.csv.gz    peak_local_max(img, min_distance=d, threshold_abs=mean + k std): rank, x, y
  argsort_ties.csv.gz                np.argsort of tie-heavy float64 arrays (numpy's unstable introsort order)
"""
import csv
import gzip
import os
import sys
import zlib

import numpy as np

shared = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else '../shared')
sys.path.insert(0, os.path.join(shared, 'oracle'))
from common import read_image  # noqa: E402
from stars import label_stars, sep_extract, find_peaks  # noqa: E402

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'resources', 'expected', 'detection')
os.makedirs(out, exist_ok=True)

IMAGES = {
    'M13_blue_0001': os.path.join(shared, 'data', 'm13-orion-ssdsi', 'M13_blue_0001.fits'),
    'M6707HH': os.path.join(shared, 'data', 'm67-poss-plate', 'M6707HH.fits'),
}
PEAKS = [('M13_blue_0001', 5, 5.0), ('M13_blue_0001', 3, 3.0),
         ('M6707HH', 5, 5.0), ('M6707HH', 3, 3.0), ('M6707HH', 2, 2.0)]


def opener(path):
    return gzip.open(path, 'wt', newline='') if path.endswith('.gz') else open(path, 'w', newline='')


def write(name, header, rows):
    path = os.path.join(out, name)
    with opener(path) as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        w.writerows(rows)
    print('wrote', path, len(rows), 'rows')


summary = []
for stem, path in IMAGES.items():
    img, _ = read_image(path)
    k = 2.0
    rows, labels, thr = label_stars(img, k=k, min_area=1, weights='image')
    summary.append([stem, k, repr(float(thr)), len(rows), int((labels > 0).sum())])
    write(f'label_{stem}_rows.csv', ['row', 'crc32', 'npix'],
          [[r, zlib.crc32(labels[r].astype('<i4').tobytes()), int((labels[r] > 0).sum())]
           for r in range(labels.shape[0])])
    write(f'label_{stem}_centres.csv.gz', ['id', 'npix', 'xmin', 'xmax', 'ymin', 'ymax', 'x_com', 'y_com'],
          [[r['id'], r['npix'], r['xmin'], r['xmax'], r['ymin'], r['ymax'], repr(float(r['x_com'])),
            repr(float(r['y_com']))] for r in rows if r['npix'] >= 2])

write('label_summary.csv', ['image', 'k', 'threshold', 'labels', 'labelled_pixels'], summary)

img, _ = read_image(IMAGES['M6707HH'])
objs, seg, rms = sep_extract(img, thresh=3.0, minarea=5, bw=64, fw=3)
write('sep_M6707HH.csv.gz', ['x', 'y', 'npix', 'flag'],
      [['%.6f' % o['x'], '%.6f' % o['y'], int(o['npix']), int(o['flag'])] for o in objs])

for stem, md, k in PEAKS:
    img, _ = read_image(IMAGES[stem])
    pk = find_peaks(img, min_distance=md, threshold_abs=img.mean() + k * img.std())
    write(f'peaks_{stem}_md{md}_k{int(k)}.csv.gz', ['rank', 'x', 'y'],
          [[i, int(c), int(r)] for i, (r, c) in enumerate(pk)])

rng = np.random.default_rng(6)
cases = []
for case, (n, levels) in enumerate([(9, 3), (17, 2), (40, 5), (300, 7), (1000, 4), (1000, 300)]):
    v = rng.integers(0, levels, n).astype(np.float64)
    order = np.argsort(v)
    cases += [[case, i, repr(float(v[i])), int(order[i])] for i in range(n)]
write('argsort_ties.csv.gz', ['case', 'index', 'value', 'order'], cases)
