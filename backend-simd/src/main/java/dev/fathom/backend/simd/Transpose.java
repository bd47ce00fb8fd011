package dev.fathom.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Transposes of {@code V x V} float blocks ({@code V} = lanes of {@link Sgemm#S}) in registers:
 * four rounds of two-vector lane selections when {@code V == 16}, plain loops otherwise. The
 * convolution kernels use it to turn pixel-major register tiles into NCHW rows and back.
 *
 * <pre>{@code
 * // dst[d + i*ds + j] = src[s + j*ss + i] + bias[b + i], for i, j < V
 * Transpose.block(src, s, ss, dst, d, ds, bias, b);
 * }</pre>
 */
final class Transpose {
  private static final VectorSpecies<Float> S = Sgemm.S;
  private static final int V = S.length();
  /** Lane selections of the round that swaps index bit {@code 1 << r} between rows and columns. */
  private static final FloatVector[] LO = new FloatVector[4], HI = new FloatVector[4];

  static {
    if (V == 16) {
      for (int r = 0; r < 4; r++) {
        int s = 1 << r;
        float[] lo = new float[V], hi = new float[V];
        for (int j = 0; j < V; j++) {
          lo[j] = (j & s) == 0 ? j : V + j - s;
          hi[j] = (j & s) == 0 ? j + s : V + j;
        }
        LO[r] = FloatVector.fromArray(S, lo, 0);
        HI[r] = FloatVector.fromArray(S, hi, 0);
      }
    }
  }

  private Transpose() {}

  /**
   * {@code dst[d + i*ds + j] = src[s + j*ss + i] (+ bias[b + i])} for {@code i, j < V}; bias may be
   * null.
   */
  static void block(float[] src, int s, int ss, float[] dst, int d, int ds, float[] bias, int b) {
    if (V != 16) {
      for (int i = 0; i < V; i++) {
        float add = bias == null ? 0f : bias[b + i];
        for (int j = 0; j < V; j++) dst[d + i * ds + j] = src[s + j * ss + i] + add;
      }
      return;
    }

    FloatVector r0 = FloatVector.fromArray(S, src, s + 0 * ss);
    FloatVector r1 = FloatVector.fromArray(S, src, s + 1 * ss);
    FloatVector r2 = FloatVector.fromArray(S, src, s + 2 * ss);
    FloatVector r3 = FloatVector.fromArray(S, src, s + 3 * ss);
    FloatVector r4 = FloatVector.fromArray(S, src, s + 4 * ss);
    FloatVector r5 = FloatVector.fromArray(S, src, s + 5 * ss);
    FloatVector r6 = FloatVector.fromArray(S, src, s + 6 * ss);
    FloatVector r7 = FloatVector.fromArray(S, src, s + 7 * ss);
    FloatVector r8 = FloatVector.fromArray(S, src, s + 8 * ss);
    FloatVector r9 = FloatVector.fromArray(S, src, s + 9 * ss);
    FloatVector r10 = FloatVector.fromArray(S, src, s + 10 * ss);
    FloatVector r11 = FloatVector.fromArray(S, src, s + 11 * ss);
    FloatVector r12 = FloatVector.fromArray(S, src, s + 12 * ss);
    FloatVector r13 = FloatVector.fromArray(S, src, s + 13 * ss);
    FloatVector r14 = FloatVector.fromArray(S, src, s + 14 * ss);
    FloatVector r15 = FloatVector.fromArray(S, src, s + 15 * ss);
    FloatVector lo = LO[0], hi = HI[0];
    FloatVector t;
    t = lo.selectFrom(r0, r1);
    r1 = hi.selectFrom(r0, r1);
    r0 = t;
    t = lo.selectFrom(r2, r3);
    r3 = hi.selectFrom(r2, r3);
    r2 = t;
    t = lo.selectFrom(r4, r5);
    r5 = hi.selectFrom(r4, r5);
    r4 = t;
    t = lo.selectFrom(r6, r7);
    r7 = hi.selectFrom(r6, r7);
    r6 = t;
    t = lo.selectFrom(r8, r9);
    r9 = hi.selectFrom(r8, r9);
    r8 = t;
    t = lo.selectFrom(r10, r11);
    r11 = hi.selectFrom(r10, r11);
    r10 = t;
    t = lo.selectFrom(r12, r13);
    r13 = hi.selectFrom(r12, r13);
    r12 = t;
    t = lo.selectFrom(r14, r15);
    r15 = hi.selectFrom(r14, r15);
    r14 = t;
    lo = LO[1];
    hi = HI[1];
    t = lo.selectFrom(r0, r2);
    r2 = hi.selectFrom(r0, r2);
    r0 = t;
    t = lo.selectFrom(r1, r3);
    r3 = hi.selectFrom(r1, r3);
    r1 = t;
    t = lo.selectFrom(r4, r6);
    r6 = hi.selectFrom(r4, r6);
    r4 = t;
    t = lo.selectFrom(r5, r7);
    r7 = hi.selectFrom(r5, r7);
    r5 = t;
    t = lo.selectFrom(r8, r10);
    r10 = hi.selectFrom(r8, r10);
    r8 = t;
    t = lo.selectFrom(r9, r11);
    r11 = hi.selectFrom(r9, r11);
    r9 = t;
    t = lo.selectFrom(r12, r14);
    r14 = hi.selectFrom(r12, r14);
    r12 = t;
    t = lo.selectFrom(r13, r15);
    r15 = hi.selectFrom(r13, r15);
    r13 = t;
    lo = LO[2];
    hi = HI[2];
    t = lo.selectFrom(r0, r4);
    r4 = hi.selectFrom(r0, r4);
    r0 = t;
    t = lo.selectFrom(r1, r5);
    r5 = hi.selectFrom(r1, r5);
    r1 = t;
    t = lo.selectFrom(r2, r6);
    r6 = hi.selectFrom(r2, r6);
    r2 = t;
    t = lo.selectFrom(r3, r7);
    r7 = hi.selectFrom(r3, r7);
    r3 = t;
    t = lo.selectFrom(r8, r12);
    r12 = hi.selectFrom(r8, r12);
    r8 = t;
    t = lo.selectFrom(r9, r13);
    r13 = hi.selectFrom(r9, r13);
    r9 = t;
    t = lo.selectFrom(r10, r14);
    r14 = hi.selectFrom(r10, r14);
    r10 = t;
    t = lo.selectFrom(r11, r15);
    r15 = hi.selectFrom(r11, r15);
    r11 = t;
    lo = LO[3];
    hi = HI[3];
    t = lo.selectFrom(r0, r8);
    r8 = hi.selectFrom(r0, r8);
    r0 = t;
    t = lo.selectFrom(r1, r9);
    r9 = hi.selectFrom(r1, r9);
    r1 = t;
    t = lo.selectFrom(r2, r10);
    r10 = hi.selectFrom(r2, r10);
    r2 = t;
    t = lo.selectFrom(r3, r11);
    r11 = hi.selectFrom(r3, r11);
    r3 = t;
    t = lo.selectFrom(r4, r12);
    r12 = hi.selectFrom(r4, r12);
    r4 = t;
    t = lo.selectFrom(r5, r13);
    r13 = hi.selectFrom(r5, r13);
    r5 = t;
    t = lo.selectFrom(r6, r14);
    r14 = hi.selectFrom(r6, r14);
    r6 = t;
    t = lo.selectFrom(r7, r15);
    r15 = hi.selectFrom(r7, r15);
    r7 = t;
    if (bias == null) {
      r0.intoArray(dst, d + 0 * ds);
      r1.intoArray(dst, d + 1 * ds);
      r2.intoArray(dst, d + 2 * ds);
      r3.intoArray(dst, d + 3 * ds);
      r4.intoArray(dst, d + 4 * ds);
      r5.intoArray(dst, d + 5 * ds);
      r6.intoArray(dst, d + 6 * ds);
      r7.intoArray(dst, d + 7 * ds);
      r8.intoArray(dst, d + 8 * ds);
      r9.intoArray(dst, d + 9 * ds);
      r10.intoArray(dst, d + 10 * ds);
      r11.intoArray(dst, d + 11 * ds);
      r12.intoArray(dst, d + 12 * ds);
      r13.intoArray(dst, d + 13 * ds);
      r14.intoArray(dst, d + 14 * ds);
      r15.intoArray(dst, d + 15 * ds);
    } else {
      r0.add(bias[b + 0]).intoArray(dst, d + 0 * ds);
      r1.add(bias[b + 1]).intoArray(dst, d + 1 * ds);
      r2.add(bias[b + 2]).intoArray(dst, d + 2 * ds);
      r3.add(bias[b + 3]).intoArray(dst, d + 3 * ds);
      r4.add(bias[b + 4]).intoArray(dst, d + 4 * ds);
      r5.add(bias[b + 5]).intoArray(dst, d + 5 * ds);
      r6.add(bias[b + 6]).intoArray(dst, d + 6 * ds);
      r7.add(bias[b + 7]).intoArray(dst, d + 7 * ds);
      r8.add(bias[b + 8]).intoArray(dst, d + 8 * ds);
      r9.add(bias[b + 9]).intoArray(dst, d + 9 * ds);
      r10.add(bias[b + 10]).intoArray(dst, d + 10 * ds);
      r11.add(bias[b + 11]).intoArray(dst, d + 11 * ds);
      r12.add(bias[b + 12]).intoArray(dst, d + 12 * ds);
      r13.add(bias[b + 13]).intoArray(dst, d + 13 * ds);
      r14.add(bias[b + 14]).intoArray(dst, d + 14 * ds);
      r15.add(bias[b + 15]).intoArray(dst, d + 15 * ds);
    }
  }
}
