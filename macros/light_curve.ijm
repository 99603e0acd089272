// Light curve of a star against comparison stars over a series of frames (Plugins > Astronomy > Light
// Curve...): the frames in time order (mid-exposure MJD from DATE-OBS + EXPTIME/2), the target and the
// comparisons re-centred in each frame as the field drifts, r = 6 px apertures with a sky annulus of
// 10-16 px; the relative flux target / sum of the comparisons, its error, the airmass, and the plot.
// Argument: the directory of the frames (frame_*.fits) with positions.csv (the target first, then the
// comparisons; ./astro demo writes such a series into <night>/series). Writes light_curve.csv and
// light_curve.png there. Headless:
//   ./astro macro macros/light_curve.ijm /tmp/night/series
dir = getArgument();
if (dir == "") dir = getDirectory("Choose a directory of frames with positions.csv");
if (!endsWith(dir, "/")) dir = dir + "/";
setBatchMode(true);
run("Light Curve...", "directory=[" + dir + "] frames=frame_*.fits positions=[" + dir + "positions.csv] radii=6 " +
	"inner_radius=10 outer_radius=16 table_file=[" + dir + "light_curve.csv] overwrite");
frames = nResults;
low = 1;
at = 0;
for (i = 0; i < frames; i++) {
	if (getResult("rel_flux_norm", i) < low) {
		low = getResult("rel_flux_norm", i);
		at = i;
	}
}
selectImage("Light curve");
saveAs("PNG", dir + "light_curve.png");
print(frames + " frames; the target's lowest relative flux " + d2s(low, 4) + " (normalized) at MJD " + d2s(getResult("time", at), 5));
File.saveString(frames + "," + d2s(low, 6) + "," + at + "\n", dir + "light_curve.txt");
