package org.astrofiji.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ij.ImagePlus;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;

/** ARGB images a command returns become ImageJ RGB images, sharing the pixel array where there is one. */
class ImagePlusImgsColorTest {

	@Test
	void argbArrayImgIsSharedAsAColorProcessor() {
		int[] px = new int[6];
		for (int i = 0; i < px.length; i++) px[i] = ARGBType.rgba(10 * i, 20 + i, 255 - i, 255);
		ArrayImg<ARGBType, IntArray> img = ArrayImgs.argbs(px, 3, 2);
		ImagePlus imp = ImagePlusImgs.toImagePlus(img, "rgb");
		assertEquals(ImagePlus.COLOR_RGB, imp.getType());
		assertEquals(3, imp.getWidth());
		assertEquals(2, imp.getHeight());
		assertSame(px, imp.getProcessor().getPixels());
		// memory (x, y) is ImageJ (x, y): pixel 4 is x = 1, y = 1
		assertArrayEquals(new int[] { 40, 24, 251 }, java.util.Arrays.copyOf(imp.getPixel(1, 1), 3));
	}

	@Test
	void argbStacksAndViewsBecomeRgbStacks() {
		PlanarImg<ARGBType, IntArray> planar = PlanarImgs.argbs(2, 2, 3);
		planar.getPlane(2).getCurrentStorageArray()[3] = ARGBType.rgba(1, 2, 3, 255);
		ImagePlus stack = ImagePlusImgs.toImagePlus(planar, "planes");
		assertEquals(3, stack.getStackSize());
		assertSame(planar.getPlane(1).getCurrentStorageArray(), stack.getStack().getPixels(2));
		// a view has no array to share: copied, same pixels
		ImagePlus view = ImagePlusImgs.toImagePlus(Views.hyperSlice(planar, 2, 2), "view");
		assertEquals(ImagePlus.COLOR_RGB, view.getType());
		assertEquals(ARGBType.rgba(1, 2, 3, 255) & 0xffffff, ((int[]) view.getProcessor().getPixels())[3] & 0xffffff);
	}
}
