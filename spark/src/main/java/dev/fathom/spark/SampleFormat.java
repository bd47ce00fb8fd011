package dev.fathom.spark;

import dev.fathom.Tensor;
import dev.fathom.train.TensorBatch;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * How {@link Sample}s become a batch: the shape of one sample's features and of its label, and
 * whether the label is a class index (collated to an INT64 {@code [B]} tensor, as
 * {@code CrossEntropyLoss} wants) or float values (collated to FLOAT32 {@code [B, ...labelShape]}).
 *
 * <pre>{@code
 * SampleFormat images = SampleFormat.classification(1, 28, 28);     // x [B, 1, 28, 28], y [B] int64
 * SampleFormat points = SampleFormat.regression(new long[] {4}, 1);  // x [B, 4], y [B, 1]
 * TensorBatch b = images.collate(samples);
 * }</pre>
 */
public final class SampleFormat implements Serializable {
  private final long[] featureShape;
  private final long[] labelShape;
  private final boolean classIndex;
  private final int featureSize;
  private final int labelSize;

  private SampleFormat(long[] featureShape, long[] labelShape, boolean classIndex) {
    this.featureShape = featureShape.clone();
    this.labelShape = labelShape.clone();
    this.classIndex = classIndex;
    this.featureSize = size(featureShape);
    this.labelSize = classIndex ? 1 : size(labelShape);
  }

  /** Features of {@code featureShape}; the label is one class index. */
  public static SampleFormat classification(long... featureShape) {
    return new SampleFormat(featureShape, new long[0], true);
  }

  /** Features of {@code featureShape}; the label is float values of {@code labelShape}. */
  public static SampleFormat regression(long[] featureShape, long... labelShape) {
    return new SampleFormat(featureShape, labelShape, false);
  }

  /**
   * Stacks {@code samples} into one batch: inputs {@code [B, ...featureShape]}, label {@code [B]}
   * (INT64) or {@code [B, ...labelShape]} (FLOAT32).
   *
   * @throws IllegalArgumentException when the list is empty or a sample has the wrong size
   */
  public TensorBatch collate(List<Sample> samples) {
    int b = samples.size();
    if (b == 0) throw new IllegalArgumentException("SampleFormat.collate: no samples");
    float[] x = new float[b * featureSize];
    float[] yf = classIndex ? null : new float[b * labelSize];
    long[] yl = classIndex ? new long[b] : null;
    for (int i = 0; i < b; i++) {
      Sample s = samples.get(i);
      if (s.features().length != featureSize || s.label().length != labelSize) {
        throw new IllegalArgumentException("SampleFormat.collate: sample " + i + " has " + s.features().length + " features and "
            + s.label().length + " label values, expected " + featureSize + " " + Arrays.toString(featureShape) + " and " + labelSize);
      }
      System.arraycopy(s.features(), 0, x, i * featureSize, featureSize);
      if (classIndex) yl[i] = (long) s.label()[0];
      else System.arraycopy(s.label(), 0, yf, i * labelSize, labelSize);
    }
    Tensor input = Tensor.of(x, prepend(b, featureShape));
    Tensor label = classIndex ? Tensor.of(yl, b) : Tensor.of(yf, prepend(b, labelShape));
    return TensorBatch.of(input, label);
  }

  private static long[] prepend(int b, long[] shape) {
    long[] out = new long[shape.length + 1];
    out[0] = b;
    System.arraycopy(shape, 0, out, 1, shape.length);
    return out;
  }

  private static int size(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 1) throw new IllegalArgumentException("SampleFormat: dimensions must be >= 1, got " + Arrays.toString(shape));
      n *= d;
    }
    if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("SampleFormat: shape " + Arrays.toString(shape) + " is too large");
    return (int) n;
  }

  @Override
  public String toString() {
    return "SampleFormat(features=" + Arrays.toString(featureShape) + ", label=" + (classIndex ? "class index" : Arrays.toString(labelShape)) + ")";
  }
}
