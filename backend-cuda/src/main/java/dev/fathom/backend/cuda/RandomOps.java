package dev.fathom.backend.cuda;

import dev.fathom.spi.Distribution;
import dev.fathom.spi.View;

/**
 * Random fills (random.cu): Philox4x32-10 computed on the GPU, element for element the stream
 * {@link dev.fathom.spi.Philox} defines, so a seed gives the same numbers as on the CPU backends.
 * A strided output is filled through a dense buffer.
 */
final class RandomOps {
  private final CudaBackend backend;
  private final Gpu gpu;

  RandomOps(CudaBackend backend) {
    this.backend = backend;
    this.gpu = backend.gpu();
  }

  void random(View out, Distribution dist, double a, double b, long seed, long offset) {
    int n = out.numel();
    if (n == 0) return;
    View oc = backend.dense(out);
    long blocks = dist == Distribution.NORMAL ? n : (n + 3L) / 4;
    gpu.launch1d("random", "random_fill", blocks, 256, new Args().ptr(backend.elementAddress(oc)).i32(out.dtype().ordinal())
        .i32(n).i32(dist.ordinal()).f64(a).f64(b).i64(seed).i64(offset));
    backend.finishDense(oc, out);
  }
}
