// Radial profile of the brightest star of a night's V frame, the seed's recipe (Plugins > Astronomy >
// Radial Profile...): annuli placed around it and saved in PROS format, as DS9 saves them, then the pixels
// summed and counted inside each annulus (by their centres, inner < r < outer) and the mean plotted against
// the inner radius; then 1-px rings out to 15 px around the same centre with the curve of growth. The seed's
// loop compared numpy's row index with DS9's x; Radial Profile measures in FITS x, y, which is the seed's
// loop with its axes corrected. Writes <night>/photometry/annuli.reg, profile_annuli.csv and profile.csv.
// Argument: the night's directory. Headless:
//   ./astro macro macros/radial_profile.ijm /tmp/night
dir = getArgument();
if (dir == "") dir = getDirectory("Choose a simulated night");
if (!endsWith(dir, "/")) dir = dir + "/";
setBatchMode(true);
out = dir + "photometry/";
File.makeDirectory(out);
frame = "calibrated/science_V_001_red.fits";
if (!File.exists(dir + frame)) frame = "science_V_001.fits";
run("Open FITS...", "path=[" + dir + frame + "]");
run("Find Stars...", "threshold_mode=background k=5 exclude_flagged");
best = 0;
for (i = 1; i < nResults; i++) if (getResult("flux", i) > getResult("flux", best)) best = i;
x = d2s(getResult("x", best), 3);
y = d2s(getResult("y", best), 3);
// the annuli, as DS9 saves them in PROS format
File.saveString("# Region file format: PROS\nlogical;annulus " + x + " " + y + " 0 2\nlogical;annulus " + x + " " + y +
	" 2 4\nlogical;annulus " + x + " " + y + " 4 8\nlogical;annulus " + x + " " + y + " 8 16\n", out + "annuli.reg");
run("Radial Profile...", "annuli=[" + out + "annuli.reg] plot_radius=inner table_file=[" + out + "profile_annuli.csv] overwrite");
rings = nResults;
inner = getResult("mean", 0);
outer = getResult("mean", rings - 1);
run("Radial Profile...", "centre=[" + x + "," + y + "] inner_radius=0 outer_radius=15 step=1 table_file=[" + out + "profile.csv] overwrite");
print("star at FITS (" + x + ", " + y + "): mean " + d2s(inner, 1) + " within 2 px, " + d2s(outer, 1) + " at 8-16 px; " +
	nResults + " rings of 1 px written to " + out + "profile.csv");
File.saveString(x + "," + y + "," + rings + "," + d2s(inner, 6) + "," + d2s(outer, 6) + "," + nResults + "\n", out + "radial_profile.txt");
