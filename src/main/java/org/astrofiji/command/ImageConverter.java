package org.astrofiji.command;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.scijava.convert.AbstractConverter;
import org.scijava.convert.Converter;
import org.scijava.plugin.Plugin;

import org.astrofiji.core.Images;
import org.astrofiji.core.image.AstroImage;

/**
 * Lets scripts give a plain imglib2 image where a command takes an {@link AstroImage}
 * ({@code commandService.run(FindStarsCommand.class, true, "image", img)}): its pixels as float (shared
 * when they already are), no header, ERR or DQ.
 */
@SuppressWarnings("rawtypes")
@Plugin(type = Converter.class)
public class ImageConverter extends AbstractConverter<RandomAccessibleInterval, AstroImage> {

	@Override
	@SuppressWarnings("unchecked")
	public <T> T convert(Object src, Class<T> dest) {
		RandomAccessibleInterval<?> img = (RandomAccessibleInterval<?>) src;
		if (!(Views.iterable(img).firstElement() instanceof RealType)) throw new IllegalArgumentException(
			"an astronomical image has real-valued pixels, not " + Views.iterable(img).firstElement().getClass().getSimpleName());
		RealType<?> t = (RealType<?>) Views.iterable(img).firstElement();
		int bitpix = t instanceof FloatType ? -32 : t instanceof DoubleType ? -64 : t.getBitsPerPixel();
		return (T) AstroImage.of(null, Images.toFloat((RandomAccessibleInterval<? extends RealType<?>>) img), null)
			.withBitpix(bitpix);
	}

	@Override
	public Class<AstroImage> getOutputType() {
		return AstroImage.class;
	}

	@Override
	public Class<RandomAccessibleInterval> getInputType() {
		return RandomAccessibleInterval.class;
	}
}
