// The PSF across a night's V frame (Plugins > Astronomy > Estimate PSF...), after Lauer (2002): PSF stars
// picked as ProperImage picks them (8 sigma, isolated, middle of the area and flux ranges, no saturated or
// flagged pixel), their Karhunen-Loeve basis (4 elements) and cubic fields of the coefficients over the
// frame. The basis image (the open model) becomes the active image, beside a 4x4 montage of the PSF over
// the field and the residual image; the PSF stars fill the Results table. Then PSF at Position evaluates
// the open model at the four corners and the centre, and the model file once more at the centre. Uses the
// reduced frame calibrated/science_V_001_red.fits when Master Calibration made one (./astro demo does),
// else the raw frame. Writes <night>/psf/<frame>_psf.fits (the model file), _psf_stars.csv, the PSF at
// the centre as _psf_centre.fits, and estimate_psf.txt.
// Argument: the night's directory. Headless:
//   ./astro macro macros/estimate_psf.ijm /tmp/night
dir = getArgument();
if (dir == "") dir = getDirectory("Choose a simulated night");
if (!endsWith(dir, "/")) dir = dir + "/";
setBatchMode(true);
out = dir + "psf/";
File.makeDirectory(out);
frame = "calibrated/science_V_001_red.fits";
if (!File.exists(dir + frame)) frame = "science_V_001.fits";
stem = replace(File.getName(frame), ".fits", "");
run("Open FITS...", "path=[" + dir + frame + "]");
w = getWidth();
h = getHeight();
run("Estimate PSF...", "elements=4 degree=3 grid=4 model_file=[" + out + stem + "_psf.fits] table_file=[" + out + stem +
	"_psf_stars.csv] overwrite");
stars = nResults;
rejected = 0;
for (i = 0; i < stars; i++) rejected += getResult("rejected", i);
basis = getTitle();
elements = nSlices;
size = getWidth();
print(stars + " PSF stars (" + rejected + " rejected by the coefficient fit), " + elements + " elements of " + size + "x" + size + " px");
// the PSF at the corners and the centre of the frame, from the open model
xs = newArray(0.1 * w, 0.9 * w, 0.1 * w, 0.9 * w, (w + 1) / 2);
ys = newArray(0.1 * h, 0.1 * h, 0.9 * h, 0.9 * h, (h + 1) / 2);
peaks = "";
c = floor(size / 2);
for (i = 0; i < xs.length; i++) {
	selectImage(basis);
	run("PSF at Position...", "x=" + xs[i] + " y=" + ys[i]);
	peak = getPixel(c, c);
	print("PSF at (" + d2s(xs[i], 1) + ", " + d2s(ys[i], 1) + "): " + d2s(100 * peak, 2) + " % of the light in the central pixel");
	peaks = peaks + "," + d2s(peak, 8);
}
// the model file gives the same PSF
run("PSF at Position...", "model_file=[" + out + stem + "_psf.fits] x=" + xs[4] + " y=" + ys[4] + " output=[" + out + stem +
	"_psf_centre.fits] overwrite");
fromFile = getPixel(c, c);
File.saveString(stem + "," + stars + "," + rejected + "," + elements + "," + size + peaks + "," + d2s(fromFile, 8) + "\n",
	out + "estimate_psf.txt");
