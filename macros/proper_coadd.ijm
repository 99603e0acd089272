// Proper coaddition (Zackay & Ofek 2017) of the V frames of a folder (Plugins > Astronomy > Proper Coadd...):
// every science_V_*.fits there (aligned, calibrated frames, e.g. the demo's calibrated/cosmics/ after L.A.Cosmic),
// each weighted by its fitted Gaussian PSF, noise and flux scale (fitted against the first). Writes
// <folder>/coadd/proper_coadd_V.fits (R with its DQ, SCORE, PSF_R) and proper_coadd_V.csv (frames, size, std).
// Argument: the folder. Headless:
//   ./astro macro macros/proper_coadd.ijm /tmp/night/calibrated/cosmics
dir = getArgument();
if (dir == "") dir = getDirectory("Choose a folder of aligned V frames");
if (!endsWith(dir, "/")) dir = dir + "/";
setBatchMode(true);
out = dir + "coadd/";
File.makeDirectory(out);
run("Proper Coadd...", "frames=[" + dir + "science_V_*.fits] psf=gaussian saturation=0 output=[" + out +
	"proper_coadd_V.fits] overwrite");
coadd = getTitle();
list = getFileList(dir);
frames = 0;
for (i = 0; i < list.length; i++) if (startsWith(list[i], "science_V_") && endsWith(list[i], ".fits")) frames++;
getStatistics(area, mean, min, max, std);
File.saveString("frames,coadd,width,height,coadd_std\n" + frames + "," + coadd + "," + getWidth() + "," + getHeight() + "," +
	d2s(std, 6) + "\n", out + "proper_coadd_V.csv");
print("Proper Coadd: " + frames + " V frames into " + coadd + ", std " + d2s(std, 3) + " (unit noise plus the stars)");
print("wrote " + out + " (proper_coadd_V.fits, proper_coadd_V.csv)");
