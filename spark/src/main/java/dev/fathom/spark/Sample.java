package dev.fathom.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * One training example as an RDD element: the flattened features and the flattened label. A
 * {@link SampleFormat} gives both their shapes when samples are collated into a batch.
 *
 * <pre>{@code
 * Sample image = Sample.of(pixels, 7);                       // 784 floats, class 7
 * Sample point = Sample.of(new float[] {0.5f, 1f}, 2.5f);    // regression target
 * JavaRDD<Sample> data = jsc.parallelize(samples, 2);
 * }</pre>
 *
 * @param features the input values in row-major order (not copied: do not change them afterwards)
 * @param label the target values in row-major order; one value holding the class index for
 *     classification
 */
public record Sample(float[] features, float[] label) implements Serializable {
  public Sample {
    Objects.requireNonNull(features, "Sample: features");
    Objects.requireNonNull(label, "Sample: label");
  }

  /** A classification sample: {@code label} is the class index. */
  public static Sample of(float[] features, int label) {
    if (label < 0) throw new IllegalArgumentException("Sample.of: class index must be >= 0, got " + label);
    return new Sample(features, new float[] {label});
  }

  /** A regression sample with the given target values. */
  public static Sample of(float[] features, float... target) {
    return new Sample(features, target);
  }
}
