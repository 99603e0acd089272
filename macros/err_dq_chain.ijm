// A reduced frame keeps its uncertainty (ERR) and quality flags (DQ) through a chain of commands in
// ImageJ: open the SCI of a Master Calibration product (its ERR and DQ come with it), remove cosmic rays
// (the frame's hot and dead pixels are left alone; cosmic_ray flags join DQ), subtract the mesh
// background (unusable pixels left out of the fit), find stars (their flags column reads DQ) and save
// SCI, ERR and DQ again. Each command says in its log line which ERR and DQ it used.
// Argument: a reduced frame, e.g. <night>/calibrated/science_V_001_red.fits; writes <frame>_chain.fits and
// <frame>_chain_stars.csv beside it. Headless:
//   ./astro macro macros/err_dq_chain.ijm /tmp/night/calibrated/science_V_001_red.fits
frame = getArgument();
if (frame == "") frame = File.openDialog("Choose a reduced frame (SCI, ERR, DQ)");
stem = replace(File.getName(frame), ".fits", "");
out = File.getDirectory(frame) + stem + "_chain";
setBatchMode(true);
run("Open FITS...", "path=[" + frame + "]");
run("Remove Cosmic Rays...", "method=lacosmic");
// the cleaned frame is now the active image (the result; the CR mask opens beside it)
selectImage(stem + "-cleaned");
run("Fit Background...", "model=mesh box=64 filter=3 result=subtracted");
selectImage(stem + "-cleaned-subtracted");
run("Find Stars...", "threshold_mode=background k=5 table_file=[" + out + "_stars.csv] overwrite");
print(stem + ": " + nResults + " stars");
run("Save FITS...", "path=[" + out + ".fits] overwrite");
