package dev.fathom.backend.simd;

/**
 * Per-thread float buffers that convolution kernels reuse from call to call instead of allocating:
 * the packed weight (47 MB per pass over ResNet-18), the flipped weight of the input gradient and
 * the per-thread partial weight gradients would otherwise be zeroed by the JVM and collected every
 * step. A buffer grows to the largest request of its slot and is kept by its thread; its contents
 * on return are whatever the last user left, so callers overwrite (or clear) what they read.
 * Slots must not be held across a call that uses the same slot on the same thread.
 *
 * <pre>{@code
 * float[] wpk = Scratch.floats(Scratch.PACK, size); // at least size floats, contents arbitrary
 * }</pre>
 */
final class Scratch {
  /** The packed weight of a forward pass. */
  static final int PACK = 0;
  /** The flipped, transposed weight of an input gradient. */
  static final int FLIP = 1;
  /** A thread's partial weight gradient. */
  static final int PART = 2;
  private static final int SLOTS = 3;
  private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[SLOTS][]);

  private Scratch() {}

  /** A buffer of at least {@code n} floats for {@code slot} on this thread; contents arbitrary. */
  static float[] floats(int slot, int n) {
    float[][] b = BUFFERS.get();
    float[] a = b[slot];
    if (a == null || a.length < n) b[slot] = a = new float[n];
    return a;
  }

  /** {@link #floats} with the first {@code n} floats zeroed. */
  static float[] zeros(int slot, int n) {
    float[] a = floats(slot, n);
    java.util.Arrays.fill(a, 0, n, 0f);
    return a;
  }
}
