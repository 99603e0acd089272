package org.astrofiji.core.detection;

import java.util.Locale;

import org.astrofiji.core.Progress;
import org.astrofiji.core.background.MeshBackground;

/** The SExtractor/SEP mesh background ({@link MeshBackground}) as the sky of the background mode. */
final class MeshSky implements SkyModel {

	private final MeshBackground mesh;

	private MeshSky(MeshBackground mesh) {
		this.mesh = mesh;
	}

	/** SEP's sky with box size {@code boxSize} (SEP's bw, bh) and median filter {@code filterSize} (fw, fh). */
	static SkyModel estimate(float[] pixels, int width, int height, int boxSize, int filterSize, Progress progress) {
		return new MeshSky(MeshBackground.compute(pixels, null, width, height,
			new MeshBackground.Settings().box(boxSize).filter(filterSize), progress));
	}

	@Override
	public int width() {
		return mesh.width();
	}

	@Override
	public int height() {
		return mesh.height();
	}

	@Override
	public float[] back() {
		return mesh.back();
	}

	@Override
	public float[] rms() {
		return mesh.rms();
	}

	@Override
	public double globalBack() {
		return mesh.globalBack();
	}

	@Override
	public double globalRms() {
		return mesh.globalRms();
	}

	@Override
	public String describe() {
		return String.format(Locale.ROOT, "SEP mesh %d px, median filter %d%s", mesh.settings().boxWidth,
			mesh.settings().filterWidth, mesh.interpolatedBoxes() == 0 ? "" : ", " + mesh.interpolatedBoxes() +
				" empty boxes interpolated");
	}
}
