// The python4astronomers HST/STIS 3C120 long-slit recipe, end to end in Fiji: cosmic rays cleaned by
// the median recipe (5x5 median filter, 8 sigma with sigma = median of the ERR extension, rows 230-279
// left as they are), a quadratic per column over background rows 10-199 and 300-479 subtracted, and
// the sum of rows 250-259 (rows are 0-based FITS-array rows) — step by step, and in one step with
// Extract Spectrum. Argument: a directory holding 3c120_stis.fits.gz (from
// ../shared/data/hst-stis-3c120-longslit); the results are written there.
// Headless:  ./astro macro macros/stis_spectrum.ijm /data/stis
dir = getArgument();
if (dir == "") dir = getDirectory("Choose the folder with 3c120_stis.fits.gz");
if (!endsWith(dir, "/")) dir = dir + "/";
setBatchMode(true);
stis = dir + "3c120_stis.fits.gz";
// 1. Step by step: clean the cosmic rays (Remove Cosmic Rays), fit and subtract the background of each
//    column (Fit Background), sum rows 250-259
// (input= is the file itself, whose first image is SCI: sigma_from=err then takes its ERR extension)
run("Remove Cosmic Rays...", "input=[" + stis + "] method=median size=5 threshold=8 sigma_from=err " +
	"protect_rows=230-279 border=zero output=[" + dir + "3c120_stis_clean.fits] overwrite");
run("Open FITS...", "path=[" + dir + "3c120_stis_clean.fits] hdu=SCI");
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
// 2. In one step: Extract Spectrum fits the background on the cleaned copy's background rows and sums
//    the source rows of the image itself; spectrum and spatial-profile plots
run("Open FITS...", "path=[" + stis + "] hdu=SCI");
run("Extract Spectrum...", "dispersion=x source=250-259 background=10-199,300-479 order=2 sigma_clip=0 cleaned=[" + dir +
	"3c120_stis_clean.fits] csv=[" + dir + "stis_spectrum.csv] overwrite");
print("STIS 3C120: spectrum of rows 250-259 over " + w + " columns, total " + d2s(total, 1) + "; wrote " + dir + "stis_spectrum.csv");
