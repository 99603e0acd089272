// Reduce a night of raw frames in one command (Plugins > Astronomy > Reduce Night...): masters and the
// bad-pixel mask, every science frame calibrated, cleaned of cosmic rays, background-subtracted, its stars
// found and its PSF modelled, all frames aligned, aperture photometry, the combined frame of each filter
// and epoch, variable stars, the colour-magnitude diagram, the colour composite, report.html, run.log and
// replay.ijm in the output folder.
// Argument: the command's keys as a macro gives them, e.g. "input=/data/night output=/data/night-reduced"
// (optional: reference=first or an epoch's date, config=/path/settings.txt; see docs/commands/reduce-night.md).
// Headless:
//   ./astro macro macros/reduce_night.ijm "input=/data/night output=/data/night-reduced"
args = getArgument();
if (args == "") exit("give the keys, e.g. \"input=/data/night output=/data/night-reduced\"");
setBatchMode(true);
run("Reduce Night...", args);
