// The python4astronomers HST/STIS 3C120 long-slit recipe (Plugins > Astronomy > Extract Spectrum... and
// Fit Background...): a quadratic per column over background rows 10-199 and 300-479 of the
// cosmic-ray-cleaned image, subtracted, then the sum of rows 250-259 (rows are 0-based FITS-array rows).
// Argument: a directory holding 3c120_stis.fits.gz (../shared/data/hst-stis-3c120-longslit) and
// 3c120_stis_medfilt_clean.fits, its cosmic-ray-cleaned SCI image (the median-filter recipe, e.g.
// oracle cosmic.py medfilt "3c120_stis.fits.gz[1]" --err "3c120_stis.fits.gz[2]" --protect-rows 230:280).
// Headless:  ./astro macro macros/stis_spectrum.ijm /data/stis
dir = getArgument();
if (dir == "") dir = getDirectory("Choose the folder with 3c120_stis.fits.gz and 3c120_stis_medfilt_clean.fits");
if (!endsWith(dir, "/")) dir = dir + "/";
setBatchMode(true);
// 1. Extract Spectrum: the background is fitted on the background rows of the cleaned copy, the
//    spectrum summed from the image; spectrum and spatial-profile plots
run("Open FITS...", "path=[" + dir + "3c120_stis.fits.gz] hdu=SCI");
run("Extract Spectrum...", "dispersion=x source=250-259 background=10-199,300-479 order=2 sigma_clip=0 cleaned=[" + dir +
	"3c120_stis_medfilt_clean.fits] csv=[" + dir + "stis_spectrum.csv] overwrite");
// 2. The same recipe step by step: Fit Background on the cleaned image, then sum rows 250-259
run("Open FITS...", "path=[" + dir + "3c120_stis_medfilt_clean.fits]");
run("Fit Background...", "model=columns ranges=10-199,300-479 order=2 sigma_clip=0 result=subtracted csv=[" + dir +
	"stis_polyfit_coef.csv] overwrite");
w = getWidth();
h = getHeight();
s = "col,flux\n";
total = 0;
for (x = 0; x < w; x++) {
	sum = 0;
	for (row = 250; row <= 259; row++) sum += getPixel(x, h - 1 - row); // FITS-array row -> ImageJ y
	s = s + x + "," + d2s(sum, 6) + "\n";
	total += sum;
}
File.saveString(s, dir + "stis_spectrum_macro.csv");
print("STIS 3C120: spectrum of rows 250-259 over " + w + " columns, total " + d2s(total, 1) + "; wrote " + dir + "stis_spectrum.csv");
