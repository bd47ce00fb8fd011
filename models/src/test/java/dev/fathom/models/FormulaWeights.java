package dev.fathom.models;

import dev.fathom.Fathom;
import dev.fathom.Tensor;
import dev.fathom.nn.Module;
import java.util.Map;

/**
 * The deterministic weights of gen_models.py's "formula" variants, bit for bit: entry {@code i} of
 * the state dict, element {@code k}, gets {@code u = (splitmix64((i << 32) + k) >>> 40) / 2^24} in
 * [0, 1), mapped by the entry's role (running_var {@code 0.5 + u}; running_mean and biases
 * {@code (u - 0.5) * 0.2}; other 1-d weights {@code 0.8 + 0.4 u}; the rest
 * {@code (2u - 1) * sqrt(6 / fan_in)}), computed in double and rounded to float32.
 */
final class FormulaWeights {
  private FormulaWeights() {}

  static void fill(Module model) {
    int index = 0;
    try (var g = Fathom.noGrad()) {
      for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
        Tensor t = e.getValue();
        if (t.dtype().isFloatingPoint()) t.copy_(Tensor.of(values(index, e.getKey(), t.shape()), t.shape()));
        index++;
      }
    }
  }

  static float[] values(int index, String key, long[] shape) {
    int n = 1;
    for (long s : shape) n *= (int) s;
    String name = key.substring(key.lastIndexOf('.') + 1);
    long base = (long) index << 32;
    float[] out = new float[n];
    double scale = shape.length > 1 ? Math.sqrt(6.0 / (n / (int) shape[0])) : 0;
    for (int k = 0; k < n; k++) {
      double u = (splitmix64(base + k) >>> 40) / 16777216.0;
      double v;
      if (name.equals("running_var")) v = 0.5 + u;
      else if (name.equals("running_mean") || name.equals("bias")) v = (u - 0.5) * 0.2;
      else if (shape.length == 1) v = 0.8 + u * 0.4;
      else v = (u * 2.0 - 1.0) * scale;
      out[k] = (float) v;
    }
    return out;
  }

  static long splitmix64(long x) {
    long z = x + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
