package dev.fathom.backend.cuda;

import dev.fathom.DType;
import dev.fathom.spi.Pool2dParams;
import dev.fathom.spi.View;

/**
 * Max and average 2-d pooling and their gradients (pool.cu) on dense NCHW buffers, every dtype
 * through the double domain. Output sizes come from the output views; the backward kernels gather
 * (one thread per input element), so gradients need no atomics.
 */
final class PoolOps {
  private static final String MODULE = "pool";

  private final CudaBackend backend;
  private final Gpu gpu;

  PoolOps(CudaBackend backend) {
    this.backend = backend;
    this.gpu = backend.gpu();
  }

  private static int[] geometry(int[] in, int[] out, Pool2dParams p) {
    return new int[] {in[0] * in[1], in[2], in[3], out[2], out[3], p.kernelH(), p.kernelW(), p.strideH(), p.strideW(),
        p.padH(), p.padW(), p.dilationH(), p.dilationW(), p.countIncludePad() ? 1 : 0, p.divisorOverride()};
  }

  void maxPool2d(View x, View out, View indices, Pool2dParams p) {
    if (out.numel() == 0) return;
    View xc = backend.dense(x), oc = backend.dense(out);
    View ic = indices == null ? null : backend.dense(indices);
    long idx = ic == null ? 0 : backend.address(ic) + 8L * ic.offset();
    gpu.launch1d(MODULE, "maxpool_fwd", out.numel(), 256, new Args().ints(geometry(x.shape(), out.shape(), p))
        .ptr(backend.elementAddress(xc)).i32(x.dtype().ordinal()).ptr(backend.elementAddress(oc)).ptr(idx));
    backend.finishDense(oc, out);
    if (ic != null) backend.finishDense(ic, indices);
    backend.releaseIfTemp(xc, x);
  }

  void maxPool2dBackward(View gradOut, View indices, View gradIn, Pool2dParams p) {
    if (gradIn.numel() == 0) return;
    View gc = backend.dense(gradOut), ic = backend.asDense(indices, DType.INT64), gi = backend.dense(gradIn);
    gpu.launch1d(MODULE, "maxpool_bwd", gradIn.numel(), 256, new Args().ints(geometry(gradIn.shape(), gradOut.shape(), p))
        .ptr(backend.elementAddress(gc)).i32(gradOut.dtype().ordinal()).ptr(backend.elementAddress(ic)).ptr(backend.elementAddress(gi)));
    backend.finishDense(gi, gradIn);
    backend.releaseIfTemp(gc, gradOut);
    backend.releaseIfTemp(ic, indices);
  }

  void avgPool2d(View x, View out, Pool2dParams p) {
    if (out.numel() == 0) return;
    View xc = backend.dense(x), oc = backend.dense(out);
    gpu.launch1d(MODULE, "avgpool_fwd", out.numel(), 256, new Args().ints(geometry(x.shape(), out.shape(), p))
        .ptr(backend.elementAddress(xc)).i32(x.dtype().ordinal()).ptr(backend.elementAddress(oc)));
    backend.finishDense(oc, out);
    backend.releaseIfTemp(xc, x);
  }

  void avgPool2dBackward(View gradOut, View gradIn, Pool2dParams p) {
    if (gradIn.numel() == 0) return;
    View gc = backend.dense(gradOut), gi = backend.dense(gradIn);
    gpu.launch1d(MODULE, "avgpool_bwd", gradIn.numel(), 256, new Args().ints(geometry(gradIn.shape(), gradOut.shape(), p))
        .ptr(backend.elementAddress(gc)).i32(gradOut.dtype().ordinal()).ptr(backend.elementAddress(gi)));
    backend.finishDense(gi, gradIn);
    backend.releaseIfTemp(gc, gradOut);
  }
}
