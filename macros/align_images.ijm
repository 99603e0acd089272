// Register a simulated night's B frame onto its V frame (Plugins > Astronomy > Shift Image..., Find Transform...,
// Align Images..., Rotate Image...). As the seed does, the B frame is first moved by a known (12.4, -7.7) px; Find
// Transform then matches its stars with V's (the translation fast path), Align Images resamples it back onto V's grid
// (SCI, ERR, DQ and WCS, a table of the transforms), and Rotate Image turns the result by 30 degrees on a grown canvas.
// Writes <night>/aligned/. Argument: the night's directory (./astro demo or simulate_night.ijm writes one). Headless:
//   ./astro macro macros/align_images.ijm /tmp/night
dir = getArgument();
if (dir == "") dir = getDirectory("Choose a simulated night");
if (!endsWith(dir, "/")) dir = dir + "/";
setBatchMode(true);
out = dir + "aligned/";
File.makeDirectory(out);
run("Open FITS...", "path=[" + dir + "science_V_001.fits]");
v = getTitle();
run("Open FITS...", "path=[" + dir + "science_B_001.fits]");
run("Shift Image...", "dx=12.4 dy=-7.7 interpolation=cubic fill=nan output=[" + out + "science_B_001_shifted.fits] overwrite");
shifted = getTitle();
run("Find Transform...", "image=" + shifted + " reference=" + v + " transform=translation tolerance=2 max_error=0.5");
foundX = getResult("dx", 0);
foundY = getResult("dy", 0);
matched = getResult("matched", 0);
print("Find Transform: " + shifted + " -> " + v + " shift (" + d2s(foundX, 3) + ", " + d2s(foundY, 3) + ") px from " + matched + " stars");
run("Align Images...", "image=" + shifted + " reference=" + v + " method=stars transform=similarity interpolation=cubic " +
	"fill=nan resample output=[" + out + "] overwrite");
aligned = getTitle();
alignX = getResult("dx", 0);
alignY = getResult("dy", 0);
rms = getResult("rms", 0);
print("Align Images: " + aligned + " (shift " + d2s(alignX, 3) + ", " + d2s(alignY, 3) + " px, RMS " + d2s(rms, 3) + " px)");
run("Rotate Image...", "angle=30 interpolation=cubic grow fill=nan output=[" + out + "science_B_001_rotated.fits] overwrite");
rotated = getTitle();
File.saveString("found_dx,found_dy,matched,align_dx,align_dy,rms,aligned,rotated,rotated_width,rotated_height\n" +
	d2s(foundX, 6) + "," + d2s(foundY, 6) + "," + matched + "," + d2s(alignX, 6) + "," + d2s(alignY, 6) + "," + d2s(rms, 6) + "," +
	aligned + "," + rotated + "," + getWidth() + "," + getHeight() + "\n", out + "align_images.csv");
print("wrote " + out + " (aligned frame, transforms.csv, rotated frame, align_images.csv)");
