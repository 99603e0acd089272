package org.astrofiji.command;

import java.util.List;

import org.astrofiji.core.image.FitsHeader;

/**
 * A command of several images that proposes which of the open images its dialog offers for each image
 * input (RGB Composite: the reddest filter as red). Without it, the images are offered in the order
 * they were opened.
 */
public interface DefaultImages {

	/**
	 * For the headers of the open images (in the order they were opened), the index of the image to
	 * propose for each image input, in declaration order; null to keep the opening order.
	 */
	int[] defaultImages(List<FitsHeader> open);
}
