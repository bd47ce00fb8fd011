package dev.fathom.backend.cuda;

/**
 * Finds out, once and only when asked, whether this machine can run the CUDA backend: JCuda's
 * native driver binding loads (it needs the NVIDIA driver's {@code libcuda.so.1}), {@code cuInit}
 * succeeds and the wanted GPU exists. Every failure, native-library errors included, becomes a
 * reason string instead of an exception.
 */
final class CudaProbe {
  private static String reason;
  private static boolean probed;

  private CudaProbe() {}

  /** Null when GPU {@code ordinal} can be used, else why not. Cached after the first call. */
  static synchronized String unavailableReason(int ordinal) {
    if (!probed) {
      reason = probe(ordinal);
      probed = true;
    }
    return reason;
  }

  /** True once {@link #unavailableReason} has run (nothing native is loaded before). */
  static synchronized boolean probed() {
    return probed;
  }

  private static String probe(int ordinal) {
    try {
      return Native.probe(ordinal);
    } catch (Throwable t) {
      return "the JCuda driver binding or the NVIDIA driver (libcuda.so.1) could not be loaded (" + summary(t)
          + "); install an NVIDIA driver and run on a machine with an NVIDIA GPU";
    }
  }

  /** The first line of the root cause, plus the line that names libcuda when JCuda's long message has one. */
  private static String summary(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String msg = root.getMessage() == null ? "" : root.getMessage();
    String[] lines = msg.split("\\R");
    String first = root.getClass().getSimpleName() + (lines[0].isBlank() ? "" : ": " + lines[0].strip());
    for (String line : lines) {
      if (line.contains("libcuda") && !line.equals(lines[0])) return first + "; " + line.strip();
    }
    return first;
  }

  /** The JCuda calls, in their own class so that a missing JCuda jar fails inside the try above. */
  private static final class Native {
    static String probe(int ordinal) {
      jcuda.driver.JCudaDriver.setExceptionsEnabled(false);
      int r = jcuda.driver.JCudaDriver.cuInit(0);
      if (r == jcuda.driver.CUresult.CUDA_ERROR_NO_DEVICE) return "no CUDA-capable GPU is present (cuInit: CUDA_ERROR_NO_DEVICE)";
      if (r != jcuda.driver.CUresult.CUDA_SUCCESS) return "the CUDA driver failed to initialise (cuInit: " + jcuda.driver.CUresult.stringFor(r) + ")";
      int[] count = new int[1];
      r = jcuda.driver.JCudaDriver.cuDeviceGetCount(count);
      if (r != jcuda.driver.CUresult.CUDA_SUCCESS) return "cuDeviceGetCount failed: " + jcuda.driver.CUresult.stringFor(r);
      if (count[0] == 0) return "no CUDA-capable GPU is present (cuDeviceGetCount: 0)";
      if (ordinal >= count[0]) return "GPU " + ordinal + " was asked for (fathom.cuda.device) but only " + count[0] + " are present";
      return null;
    }
  }
}
