package org.astrofiji.core.detection;

import java.util.Locale;

import org.astrofiji.core.Progress;
import org.astrofiji.core.background.MeshBackground;

/** The SExtractor/SEP mesh background ({@link MeshBackground}) as the sky of the background mode. */
final class MeshSky implements SkyModel {

	private final MeshBackground mesh;
	/** The noise without its full map (Find Stars' whole process peaked 64 MB higher with it). */
	private final MeshBackground.RowSplines rms;

	private MeshSky(MeshBackground mesh) {
		this.mesh = mesh;
		this.rms = mesh.rmsSplines();
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
	public void rmsRow(int y, float[] out, int off) {
		rms.row(y, out, off);
	}

	@Override
	public float rms(int x, int y) {
		return rms.at(x, y);
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
