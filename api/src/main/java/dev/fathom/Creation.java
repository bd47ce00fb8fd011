package dev.fathom;

import dev.fathom.spi.Backend;
import dev.fathom.spi.Backends;
import dev.fathom.spi.Distribution;
import dev.fathom.spi.Shapes;
import dev.fathom.spi.View;
import java.util.Arrays;

/** Factories and host transfers behind Tensor's static methods. */
final class Creation {
  private Creation() {}

  static Backend cpu() {
    return Backends.forDevice(Device.cpu());
  }

  static int[] checkedShape(long[] shape, int length) {
    int[] s = shape.length == 0 ? new int[] {length} : Shapes.fromLongs(shape);
    if (Shapes.numel(s) != length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is invalid for input of size " + length);
    }
    return s;
  }

  static Tensor of(DType dtype, Object array, int length, long[] shape) {
    int[] s = checkedShape(shape, length);
    Backend b = cpu();
    return new Tensor(View.contiguous(b.fromHost(dtype, array), s), b, Device.cpu());
  }

  static Tensor ofBooleans(boolean[] data, long[] shape) {
    byte[] bytes = new byte[data.length];
    for (int i = 0; i < data.length; i++) bytes[i] = (byte) (data[i] ? 1 : 0);
    return of(DType.BOOL, bytes, data.length, shape);
  }

  static Tensor full(DType dtype, double value, long[] shape) {
    int[] s = Shapes.fromLongs(shape);
    Tensor t = Ops.empty(cpu(), Device.cpu(), dtype, s);
    if (value != 0) t.backend.fill(t.data, value);
    return t;
  }

  static Tensor random(Generator g, DType dtype, Distribution dist, double a, double b, long[] shape) {
    if (!dtype.isFloatingPoint() && dist != Distribution.BERNOULLI) {
      throw new IllegalArgumentException(dist.name().toLowerCase() + " is not implemented for " + dtype.torchName());
    }
    Tensor t = Ops.empty(cpu(), Device.cpu(), dtype, Shapes.fromLongs(shape));
    fillRandom(t, dist, a, b, g);
    return t;
  }

  static void fillRandom(Tensor t, Distribution dist, double a, double b, Generator g) {
    long offset = g.reserve(dist, t.data.numel());
    t.backend.random(t.data, dist, a, b, g.seed(), offset);
  }

  static Tensor randint(Generator g, long low, long high, long[] shape) {
    if (high <= low) throw new IllegalArgumentException("randint: random_ expects 'from' to be less than 'to', but got from=" + low + " >= to=" + high);
    Tensor u = random(g, DType.FLOAT64, Distribution.UNIFORM, 0, 1, shape);
    try (var ng = Fathom.noGrad()) {
      return u.mul((double) (high - low)).floor().add((double) low).to(DType.INT64).clamp(low, high - 1);
    }
  }

  static Tensor randperm(Generator g, long n) {
    if (n < 0) throw new IllegalArgumentException("randperm: n must be non-negative, got " + n);
    long[] p = new long[(int) n];
    for (int i = 0; i < n; i++) p[i] = i;
    for (int i = (int) n - 1; i > 0; i--) {
      int j = (int) g.nextLong(i + 1);
      long t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return of(DType.INT64, p, p.length, new long[] {n});
  }

  static Tensor arange(double start, double end, double step, DType dtype) {
    if (step == 0) throw new IllegalArgumentException("arange: step must be nonzero");
    if ((end - start) / step < 0) throw new IllegalArgumentException("arange: upper bound and larger bound inconsistent with step sign (start=" + start + ", end=" + end + ", step=" + step + ")");
    int n = (int) Math.ceil((end - start) / step);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = start + i * step;
    Tensor t = of(DType.FLOAT64, v, n, new long[] {n});
    return dtype == DType.FLOAT64 ? t : t.to(dtype);
  }

  static Tensor linspace(double start, double end, long steps) {
    if (steps < 0) throw new IllegalArgumentException("linspace: number of steps must be non-negative, got " + steps);
    int n = (int) steps;
    float[] v = new float[n];
    double step = n > 1 ? (end - start) / (n - 1) : 0;
    int half = n / 2;
    for (int i = 0; i < n; i++) v[i] = (float) (i < half ? start + step * i : end - step * (n - 1 - i));
    return of(DType.FLOAT32, v, n, new long[] {n});
  }

  static Tensor eye(long n, long m) {
    float[] v = new float[Math.multiplyExact((int) n, (int) m)];
    for (int i = 0; i < Math.min(n, m); i++) v[i * (int) m + i] = 1f;
    return of(DType.FLOAT32, v, v.length, new long[] {n, m});
  }

  static Object toArray(Tensor t, DType dtype) {
    View src = t.data;
    if (src.dtype() != dtype) {
      Tensor cast = Ops.empty(t, dtype, t.shape.clone());
      t.backend.copy(src, cast.data);
      src = cast.data;
    }
    Object out = switch (dtype) {
      case FLOAT32 -> new float[src.numel()];
      case FLOAT64 -> new double[src.numel()];
      case INT64 -> new long[src.numel()];
      case INT32 -> new int[src.numel()];
      case UINT8, BOOL -> new byte[src.numel()];
    };
    t.backend.toHost(src, out);
    return out;
  }

  static boolean[] toBooleans(Tensor t) {
    byte[] b = (byte[]) toArray(t, DType.BOOL);
    boolean[] out = new boolean[b.length];
    for (int i = 0; i < b.length; i++) out[i] = b[i] != 0;
    return out;
  }

  static double item(Tensor t) {
    if (t.numel() != 1) throw new IllegalStateException("a Tensor with " + t.numel() + " elements cannot be converted to Scalar");
    return ((double[]) toArray(t, DType.FLOAT64))[0];
  }

  static long longItem(Tensor t) {
    if (t.numel() != 1) throw new IllegalStateException("a Tensor with " + t.numel() + " elements cannot be converted to Scalar");
    return ((long[]) toArray(t, DType.INT64))[0];
  }

  static Tensor toDevice(Tensor t, Device target) {
    if (t.device.equals(target)) return t;
    Backend dst = Backends.forDevice(target);
    Object host = toArray(t, t.dtype());
    Tensor out = new Tensor(View.contiguous(dst.fromHost(t.dtype(), host), t.shape.clone()), dst, target);
    if (Autograd.needed(t)) {
      Device from = t.device;
      Autograd.record(out, "ToCopyBackward0", g -> new Tensor[] {g.to(from)}, t);
    }
    return out;
  }
}
