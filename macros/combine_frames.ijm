// Combine frames (Plugins > Astronomy > Combine Frames...): the bias frames of a night by median,
// straight from the files; then three flats opened in ImageJ, stacked and combined by a sigma-clipped mean.
// Argument: the night's directory (./astro demo or simulate_night.ijm writes one). Headless:
//   ./astro macro macros/combine_frames.ijm /tmp/night
dir = getArgument();
if (dir == "") dir = getDirectory("Choose a night of raw frames");
if (!endsWith(dir, "/")) dir = dir + "/";
out = dir + "combined/";
File.makeDirectory(out);
setBatchMode(true);
run("Combine Frames...", "directory=[" + dir + "] pattern=bias_*.fits method=median output=[" + out + "master_bias.fits] overwrite");
getStatistics(area, biasMean);
close("*");
for (i = 1; i <= 3; i++) run("Open FITS...", "path=[" + dir + "flat_V_00" + i + ".fits]");
run("Images to Stack", "use");
run("Combine Frames...", "method=sigma_clip sigma_low=3 sigma_high=3 center=mean deviation=std iterations=1");
getStatistics(area, flatMean);
run("Save FITS...", "path=[" + out + "flat_V_sigma_clip.fits] bitpix=-32 overwrite");
print("master bias mean " + d2s(biasMean, 3) + " ADU, flat (sigma clip of 3) mean " + d2s(flatMean, 3) + " ADU");
File.saveString(d2s(biasMean, 6) + "," + d2s(flatMean, 6) + "," + getWidth() + "\n", out + "combine_frames.csv");
