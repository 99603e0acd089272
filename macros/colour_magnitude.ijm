// Colour-magnitude diagram of a night's B and V frames (Plugins > Astronomy > Colour-Magnitude Diagram...):
// the stars Find Stars detects on B, carried to V through the frames' WCS, re-centred and measured in both
// (r = 5 px, sky annulus 8-12 px); B, V, B-V and their errors, and the diagram of V against B-V with the
// magnitude axis inverted. Uses the reduced frames cleaned of cosmic rays (calibrated/cosmics/, made by
// remove_cosmic_rays_lacosmic.ijm), else the reduced frames in calibrated/ (Master Calibration), else the
// raw frames: ./astro demo makes all of them. Writes <night>/photometry/cmd.csv and cmd.png (the diagram).
// Argument: the night's directory. Headless:
//   ./astro macro macros/colour_magnitude.ijm /tmp/night
dir = getArgument();
if (dir == "") dir = getDirectory("Choose a simulated night");
if (!endsWith(dir, "/")) dir = dir + "/";
setBatchMode(true);
out = dir + "photometry/";
File.makeDirectory(out);
titles = newArray(2);
bands = newArray("B", "V");
for (i = 0; i < 2; i++) {
	frame = "calibrated/cosmics/science_" + bands[i] + "_001_red_cr.fits";
	if (!File.exists(dir + frame)) frame = "calibrated/science_" + bands[i] + "_001_red.fits";
	if (!File.exists(dir + frame)) frame = "science_" + bands[i] + "_001.fits";
	run("Open FITS...", "path=[" + dir + frame + "]");
	titles[i] = getTitle();
}
// titles such as science_B_001_red.fits[SCI] end in an HDU selector: ImageJ cannot nest brackets, so no [...]
run("Colour-Magnitude Diagram...", "image=" + titles[0] + " image2=" + titles[1] + " radii=5 inner_radius=8 " +
	"outer_radius=12 align=auto table_file=[" + out + "cmd.csv] overwrite");
stars = nResults;
blue = 0;
for (i = 0; i < stars; i++) if (getResult("B-V", i) < 0.3) blue++;
selectImage("Colour-magnitude diagram");
saveAs("PNG", out + "cmd.png");
print(stars + " stars in B and V (" + titles[0] + ", " + titles[1] + "), " + blue + " bluer than B-V = 0.3; wrote " + out + "cmd.csv and cmd.png");
File.saveString(stars + "," + blue + "\n", out + "colour_magnitude.txt");
