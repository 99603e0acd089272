// Simulate a night of raw CCD frames with known truth (Plugins > Astronomy > Simulate Observation...).
// Argument: the output directory (asked for when empty). Headless:
//   ./astro macro macros/simulate_night.ijm /tmp/night
dir = getArgument();
if (dir == "") dir = getDirectory("Where to write the simulated night");
run("Simulate Observation...", "output=[" + dir + "] seed=1 width=512 height=512 stars=200 fwhm=3 psf=moffat cosmics=30 filters=B,V,R overwrite");
