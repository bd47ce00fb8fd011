package dev.fathom.vision.transforms;

import dev.fathom.DType;
import dev.fathom.Tensor;
import dev.fathom.spi.Shapes;

/**
 * An image tensor {@code [..., C, H, W]} (or {@code [H, W]}) as float planes: {@code n} planes of
 * {@code h * w} values, {@code c} channels per image. {@link #back} returns a tensor of the input's
 * dtype and leading dims, rounding half to even and clamping for UINT8 as torchvision does.
 */
final class Planes {
  final float[] data;
  final long[] lead;
  final int n, c, h, w;
  final DType dtype;
  final boolean twoD;

  private Planes(float[] data, long[] lead, int n, int c, int h, int w, DType dtype, boolean twoD) {
    this.data = data;
    this.lead = lead;
    this.n = n;
    this.c = c;
    this.h = h;
    this.w = w;
    this.dtype = dtype;
    this.twoD = twoD;
  }

  static Planes of(String op, Tensor t) {
    if (t.dim() < 2) throw new IllegalArgumentException(op + ": expected an image tensor of at least 2 dims [..., H, W], got shape " + Shapes.str(t.shapeInts()));
    if (t.dtype() != DType.FLOAT32 && t.dtype() != DType.FLOAT64 && t.dtype() != DType.UINT8) {
      throw new IllegalArgumentException(op + ": image tensors must be uint8, float32 or float64, got " + t.dtype().torchName());
    }
    long[] s = t.shape();
    boolean twoD = s.length == 2;
    int h = (int) s[s.length - 2], w = (int) s[s.length - 1], c = twoD ? 1 : (int) s[s.length - 3];
    long[] lead = java.util.Arrays.copyOf(s, s.length - 2);
    return new Planes(t.detach().toFloatArray(), lead, (int) (t.numel() / Math.max(1L, (long) h * w)), c, h, w, t.dtype(), twoD);
  }

  /** A tensor of this input's dtype holding {@code values} as planes of {@code oh x ow}. */
  Tensor back(float[] values, int oh, int ow) {
    long[] shape = java.util.Arrays.copyOf(lead, lead.length + 2);
    shape[lead.length] = oh;
    shape[lead.length + 1] = ow;
    return switch (dtype) {
      case UINT8 -> {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
          double v = Math.rint(values[i]);
          b[i] = (byte) (v <= 0 ? 0 : v >= 255 ? 255 : (int) v);
        }
        yield Tensor.ofUint8(b, shape);
      }
      case FLOAT64 -> {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) d[i] = values[i];
        yield Tensor.of(d, shape);
      }
      default -> Tensor.of(values, shape);
    };
  }

  /** As {@link #back} but truncating toward zero for UINT8 (torchvision's {@code .to(uint8)} after a blend). */
  Tensor backTruncated(float[] values) {
    if (dtype != DType.UINT8) return back(values, h, w);
    byte[] b = new byte[values.length];
    for (int i = 0; i < b.length; i++) b[i] = (byte) (int) Math.max(0, Math.min(255, values[i]));
    return Tensor.ofUint8(b, shapeOf(h, w));
  }

  long[] shapeOf(int oh, int ow) {
    long[] shape = java.util.Arrays.copyOf(lead, lead.length + 2);
    shape[lead.length] = oh;
    shape[lead.length + 1] = ow;
    return shape;
  }

  /** The largest value of this dtype: 255 for UINT8, 1 for floats. */
  float bound() { return dtype == DType.UINT8 ? 255f : 1f; }
}
