package dev.fathom.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.DType;
import dev.fathom.Tensor;
import org.assertj.core.api.Assertions;

/**
 * Tensor comparisons for tests: same shape, same dtype, and every element within
 * {@code atol + rtol * |expected|} (NaN matches NaN, infinities match exactly).
 *
 * <pre>{@code
 * TensorAssert.assertClose(actual, expected, 1e-6, 1e-6, "relu forward");
 * }</pre>
 */
public final class TensorAssert {
  private TensorAssert() {}

  public static void assertClose(Tensor actual, Tensor expected, double rtol, double atol, String what) {
    assertThat(actual.shape()).as(what + ": shape").containsExactly(expected.shape());
    assertThat(actual.dtype()).as(what + ": dtype").isEqualTo(expected.dtype());
    assertValuesClose(actual, expected, rtol, atol, what);
  }

  /** Compares values only (shapes must match; dtypes may differ). */
  public static void assertValuesClose(Tensor actual, Tensor expected, double rtol, double atol, String what) {
    assertThat(actual.shape()).as(what + ": shape").containsExactly(expected.shape());
    double[] a = actual.detach().toDoubleArray(), e = expected.detach().toDoubleArray();
    for (int i = 0; i < a.length; i++) {
      double x = a[i], y = e[i];
      if (Double.isNaN(y)) {
        if (!Double.isNaN(x)) Assertions.fail(what + ": element " + i + " is " + x + ", expected nan");
        continue;
      }
      if (Double.isInfinite(y) || Double.isInfinite(x)) {
        if (x != y) Assertions.fail(what + ": element " + i + " is " + x + ", expected " + y);
        continue;
      }
      double tol = atol + rtol * Math.abs(y);
      if (!(Math.abs(x - y) <= tol)) {
        Assertions.fail(what + ": element " + i + " is " + x + ", expected " + y + " (|diff| " + Math.abs(x - y) + " > tolerance " + tol + ")");
      }
    }
  }

  /** Exact equality of shape, dtype and values (for integer and bool results). */
  public static void assertEqual(Tensor actual, Tensor expected, String what) {
    assertClose(actual, expected, 0, 0, what);
  }

  /** Default tolerance for a dtype: FLOAT32 results of elementwise ops. */
  public static double rtolFor(DType dtype) {
    return dtype == DType.FLOAT64 ? 1e-10 : 1e-6;
  }
}
