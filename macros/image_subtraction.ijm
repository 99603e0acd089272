// Proper image subtraction (ZOGY) of a simulated night's second epoch against its first (Plugins > Astronomy >
// Remove Cosmic Rays..., Image Subtraction (ZOGY)...): both raw V frames share the detector's bias and flat, so
// after L.A.Cosmic on each the new frame (seeing 25 % worse, two transients, five variable stars) is
// subtracted from the reference with Moffat PSFs fitted to each (the simulator's profile) and the flux ratio fitted on the stars.
// Writes <night>/subtraction/: the difference file (D, DQ, S_corr, P_D, the candidates' R/N/D cut-outs), the
// candidates as CSV and DS9 regions; the cut-out montage also opens as an image.
// Argument: the night's directory (./astro demo or simulate_night.ijm writes one). Headless:
//   ./astro macro macros/image_subtraction.ijm /tmp/night
dir = getArgument();
if (dir == "") dir = getDirectory("Choose a simulated night");
if (!endsWith(dir, "/")) dir = dir + "/";
setBatchMode(true);
out = dir + "subtraction/";
File.makeDirectory(out);
run("Open FITS...", "path=[" + dir + "science_V_001.fits]");
run("Remove Cosmic Rays...", "method=lacosmic border=reflect sigclip=5.5 sigfrac=0.5 objlim=5 niter=4");
reference = getTitle();
run("Open FITS...", "path=[" + dir + "epoch2_V_001.fits]");
run("Remove Cosmic Rays...", "method=lacosmic border=reflect sigclip=5.5 sigfrac=0.5 objlim=5 niter=4");
later = getTitle();
run("Image Subtraction (ZOGY)...", "image=[" + later + "] reference=[" + reference + "] psf=moffat beta=0 tile_size=0 " +
	"threshold=5 cutouts=10 cutout_size=21 output=[" + out + "epoch2_V_001_zogy.fits] table_file=[" + out + "candidates.csv] " +
	"regions_file=[" + out + "candidates.reg] overwrite");
rows = split(File.openAsString(out + "candidates.csv"), "\n");
File.saveString("" + nResults, out + "candidates_count.txt"); // the Results table holds the candidates
montage = later; // the candidates' cut-outs (R, N, D per row) open as "<image>-montage"
for (i = 1; i <= nImages; i++) { selectImage(i); if (endsWith(getTitle(), "-montage")) montage = getTitle(); }
selectImage(montage);
File.saveString(montage + "\n" + getWidth() + " " + getHeight(), out + "montage_size.txt");
print("Image Subtraction (ZOGY): " + (rows.length - 1) + " candidates at |S_corr| >= 5 in " + later + " against " + reference);
for (i = 1; i < rows.length && i <= 10; i++) print("  " + rows[i]);
print("wrote " + out + " (epoch2_V_001_zogy.fits, candidates.csv, candidates.reg, candidates_count.txt, montage_size.txt)");
