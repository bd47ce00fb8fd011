package dev.fathom;

import java.util.Locale;

/** PyTorch's tensor printing: shared element width, 4 decimals or scientific, summarised past 1000 elements. */
final class Printer {
  private static final int THRESHOLD = 1000;
  private static final int EDGE = 3;
  private static final int LINE_WIDTH = 80;

  private Printer() {}

  static String format(Tensor t) {
    StringBuilder sb = new StringBuilder("tensor(");
    int indent = sb.length();
    DType dtype = t.dtype();
    double[] values = t.dim() == 0 || t.numel() > 0 ? t.detach().toDoubleArray() : new double[0];
    boolean summarize = t.numel() > THRESHOLD;
    Formatter f = new Formatter(dtype, values);
    if (t.numel() == 0 && t.dim() > 0) {
      sb.append("[]");
    } else if (t.dim() == 0) {
      sb.append(f.format(values[0]).strip());
    } else {
      body(sb, values, t.shape, t.dim() == 0 ? new int[0] : contiguousStrides(t.shape), 0, 0, indent, f, summarize);
    }
    if (t.numel() == 0 && t.dim() > 0) {
      sb.append(", size=(");
      for (int i = 0; i < t.shape.length; i++) sb.append(i > 0 ? ", " : "").append(t.shape[i]);
      sb.append(t.shape.length == 1 ? ",)" : ")");
    }
    if (!t.device.type().equals("cpu")) sb.append(", device='").append(t.device).append("'");
    if (dtype != DType.FLOAT32 && dtype != DType.INT64 && dtype != DType.BOOL) sb.append(", dtype=").append(dtype.torchName());
    if (t.gradFn != null) sb.append(", grad_fn=<").append(t.gradFn.name()).append(">");
    else if (t.requiresGrad) sb.append(", requires_grad=True");
    return sb.append(')').toString();
  }

  private static int[] contiguousStrides(int[] shape) {
    return dev.fathom.spi.Shapes.contiguousStrides(shape);
  }

  /** One dim level, as PyTorch's _tensor_str_with_formatter / _vector_str. */
  private static void body(StringBuilder sb, double[] v, int[] shape, int[] strides, int dim, int base, int indent, Formatter f, boolean summarize) {
    int n = shape[dim];
    int level = indent + dim;
    boolean cut = summarize && n > 2 * EDGE;
    if (dim == shape.length - 1) {
      java.util.List<String> items = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (cut && i == EDGE) {
          items.add(" ...");
          i = n - EDGE - 1;
          continue;
        }
        items.add(f.format(v[base + i * strides[dim]]));
      }
      int perLine = Math.max(1, (LINE_WIDTH - level) / (f.width + 2));
      sb.append('[');
      for (int i = 0; i < items.size(); i++) {
        if (i > 0) sb.append(i % perLine == 0 ? ",\n" + " ".repeat(level + 1) : ", ");
        sb.append(items.get(i));
      }
      sb.append(']');
      return;
    }
    String sep = "," + "\n".repeat(shape.length - dim - 1) + " ".repeat(level + 1);
    sb.append('[');
    for (int i = 0; i < n; i++) {
      if (i > 0) sb.append(sep);
      if (cut && i == EDGE) {
        sb.append("...");
        i = n - EDGE - 1;
        sb.append(sep);
      }
      body(sb, v, shape, strides, dim + 1, base + i * strides[dim], indent, f, summarize);
    }
    sb.append(']');
  }

  /** Chooses integer, fixed or scientific notation from all finite values, as PyTorch's _Formatter. */
  private static final class Formatter {
    private final DType dtype;
    private boolean intMode = true;
    private boolean sciMode;
    private int width = 1;

    Formatter(DType dtype, double[] values) {
      this.dtype = dtype;
      if (!dtype.isFloatingPoint()) {
        for (double v : values) width = Math.max(width, raw(v).length());
        return;
      }
      double min = Double.POSITIVE_INFINITY, max = 0;
      boolean any = false;
      for (double v : values) {
        if (!Double.isFinite(v) || v == 0) continue;
        double a = Math.abs(v);
        min = Math.min(min, a);
        max = Math.max(max, a);
        any = true;
        if (v != Math.ceil(v)) intMode = false;
      }
      if (any) {
        if (intMode) {
          sciMode = max / min > 1000 || max > 1e8;
        } else {
          sciMode = max / min > 1000 || max > 1e8 || min < 1e-4;
        }
      }
      for (double v : values) width = Math.max(width, raw(v).length());
    }

    String raw(double v) {
      if (dtype == DType.BOOL) return v != 0 ? "True" : "False";
      if (!dtype.isFloatingPoint()) return Long.toString((long) v);
      if (Double.isNaN(v)) return "nan";
      if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
      if (sciMode) return sci(v);
      if (intMode) return String.format(Locale.ROOT, "%.0f", v) + ".";
      return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String sci(double v) {
      String s = String.format(Locale.ROOT, "%.4e", v);
      int e = s.indexOf('e');
      String mant = s.substring(0, e);
      int exp = Integer.parseInt(s.substring(e + 1));
      return mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    String format(double v) {
      String s = raw(v);
      return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
  }
}
