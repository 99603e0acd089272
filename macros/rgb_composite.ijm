// Colour composite of a simulated night's R, V and B science frames (Plugins > Astronomy > RGB Composite...):
// a Lupton asinh composite with each band's black point at its sky level + 2 sigma, and the seed's classic
// per-channel asinh (automatic levels mean + 0.75 std .. mean + 5 std), written as PNG and TIFF.
// Argument: the night's directory (./astro demo or simulate_night.ijm writes one). Headless:
//   ./astro macro macros/rgb_composite.ijm /tmp/night
dir = getArgument();
if (dir == "") dir = getDirectory("Choose a simulated night");
if (!endsWith(dir, "/")) dir = dir + "/";
setBatchMode(true);
bands = newArray("R", "V", "B");
black = newArray(3);
for (i = 0; i < 3; i++) {
	run("Open FITS...", "path=[" + dir + "science_" + bands[i] + "_001.fits]");
	black[i] = skyPlusSigmas(2);
}
out = dir + "composite/";
File.makeDirectory(out);
minimum = d2s(black[0], 2) + "," + d2s(black[1], 2) + "," + d2s(black[2], 2);
run("RGB Composite...", "red=science_R_001.fits green=science_V_001.fits blue=science_B_001.fits method=lupton " +
	"minimum=[" + minimum + "] stretch=400 q=8 output=[" + out + "rgb_lupton.png] overwrite");
lupton = getTitle();
run("RGB Composite...", "red=science_R_001.fits green=science_V_001.fits blue=science_B_001.fits method=classic " +
	"non_linear=50 output=[" + out + "rgb_classic.tif] overwrite");
File.saveString("image,width,height,bit_depth,filter,minimum_red,minimum_green,minimum_blue\n" + lupton + "," + getWidth() +
	"," + getHeight() + "," + bitDepth() + "," + Property.get("FILTER") + "," + minimum + "\n", out + "rgb_composite.csv");
print("wrote " + out + "rgb_lupton.png (black points " + minimum + ") and " + out + "rgb_classic.tif");

// The sky level (median) of the active image plus k robust standard deviations (1.4826 MAD).
function skyPlusSigmas(k) {
	sky = getValue("Median");
	id = getImageID();
	run("Duplicate...", "title=deviation");
	run("Subtract...", "value=" + sky);
	run("Abs");
	sigma = 1.4826 * getValue("Median");
	close();
	selectImage(id);
	return sky + k * sigma;
}
