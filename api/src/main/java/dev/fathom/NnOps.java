package dev.fathom;

import dev.fathom.spi.Conv2dParams;
import dev.fathom.spi.Pool2dParams;
import dev.fathom.spi.Shapes;

/** Convolution and pooling over NCHW tensors, with their derivatives. */
final class NnOps {
  private NnOps() {}

  /** Adds a batch dim to a 3-d input; the caller removes it again. */
  private static boolean unbatched(Tensor x, String op) {
    if (x.dim() == 3) return true;
    if (x.dim() == 4) return false;
    throw new IllegalArgumentException(op + ": Expected 3D (unbatched) or 4D (batched) input, but got input of size: " + Shapes.str(x.shape));
  }

  static Tensor conv2d(Tensor xIn, Tensor w, Tensor bias, Conv2dParams p) {
    boolean single = unbatched(xIn, "conv2d");
    Tensor x = single ? xIn.unsqueeze(0) : xIn;
    Ops.sameDevice("conv2d", x, w);
    if (w.dim() != 4) throw new IllegalArgumentException("conv2d: expected weight to be 4-D [out_channels, in_channels/groups, kH, kW], got " + Shapes.str(w.shape));
    int n = x.shape[0], c = x.shape[1], h = x.shape[2], wd = x.shape[3];
    int o = w.shape[0], kh = w.shape[2], kw = w.shape[3];
    if (c != w.shape[1] * p.groups() || o % p.groups() != 0) {
      throw new IllegalArgumentException("Given groups=" + p.groups() + ", weight of size " + Shapes.str(w.shape) + ", expected input" + Shapes.str(x.shape)
          + " to have " + (w.shape[1] * p.groups()) + " channels, but got " + c + " channels instead");
    }
    if (bias != null && (bias.dim() != 1 || bias.shape[0] != o)) {
      throw new IllegalArgumentException("conv2d: expected bias of shape [" + o + "], got " + Shapes.str(bias.shape));
    }
    if (x.dtype() != w.dtype() || (bias != null && bias.dtype() != w.dtype())) {
      throw new IllegalArgumentException("conv2d: Input type (" + x.dtype().torchName() + ") and weight type (" + w.dtype().torchName() + ") should be the same");
    }
    int oh = Conv2dParams.outSize(h, kh, p.strideH(), p.padH(), p.dilationH());
    int ow = Conv2dParams.outSize(wd, kw, p.strideW(), p.padW(), p.dilationW());
    if (oh <= 0 || ow <= 0) {
      throw new IllegalArgumentException("conv2d: Calculated padded input size per channel: (" + (h + 2 * p.padH()) + " x " + (wd + 2 * p.padW())
          + "). Kernel size: (" + ((kh - 1) * p.dilationH() + 1) + " x " + ((kw - 1) * p.dilationW() + 1) + "). Kernel size can't be greater than actual input size");
    }
    Tensor xc = x.contiguous(), wc = w.contiguous();
    Tensor out = Ops.empty(x, x.dtype(), new int[] {n, o, oh, ow});
    x.backend.conv2d(xc.data, wc.data, bias == null ? null : bias.contiguous().data, out.data, p);
    if (Autograd.needed(x, w, bias)) {
      Tensor xd = xc.detach(), wdt = wc.detach();
      int[] xShape = x.shape, wShape = w.shape;
      Autograd.record(out, "ConvolutionBackward0", g -> {
        Tensor gc = g.contiguous();
        Tensor gx = null, gw = null, gb = null;
        if (x.requiresGrad) {
          gx = Ops.empty(g, g.dtype(), xShape.clone());
          g.backend.conv2dBackwardInput(gc.data, wdt.data, gx.data, p);
        }
        if (w.requiresGrad) {
          gw = Ops.empty(g, g.dtype(), wShape.clone());
          g.backend.conv2dBackwardWeight(xd.data, gc.data, gw.data, p);
        }
        if (bias != null && bias.requiresGrad) gb = g.sum(new int[] {0, 2, 3}, false);
        return new Tensor[] {gx, gw, gb};
      }, x, w, bias);
    }
    return single ? out.squeeze(0) : out;
  }

  static Tensor conv2dSame(Tensor x, Tensor w, Tensor bias, int dilH, int dilW, int groups) {
    if (w.dim() != 4) throw new IllegalArgumentException("conv2d: expected weight to be 4-D [out_channels, in_channels/groups, kH, kW], got " + Shapes.str(w.shape));
    int totalH = dilH * (w.shape[2] - 1), totalW = dilW * (w.shape[3] - 1);
    int padH = totalH / 2, padW = totalW / 2;
    Tensor in = x;
    if (totalH % 2 != 0 || totalW % 2 != 0) in = x.pad(new long[] {0, totalW - 2 * padW, 0, totalH - 2 * padH}, 0);
    return conv2d(in, w, bias, new Conv2dParams(1, 1, padH, padW, dilH, dilW, groups, 0, 0));
  }

  static Tensor convTranspose2d(Tensor xIn, Tensor w, Tensor bias, Conv2dParams p) {
    boolean single = unbatched(xIn, "conv_transpose2d");
    Tensor x = single ? xIn.unsqueeze(0) : xIn;
    Ops.sameDevice("conv_transpose2d", x, w);
    if (w.dim() != 4) throw new IllegalArgumentException("conv_transpose2d: expected weight to be 4-D [in_channels, out_channels/groups, kH, kW], got " + Shapes.str(w.shape));
    int n = x.shape[0], c = x.shape[1], h = x.shape[2], wd = x.shape[3];
    int kh = w.shape[2], kw = w.shape[3];
    if (c != w.shape[0] || c % p.groups() != 0) {
      throw new IllegalArgumentException("Given transposed=1, weight of size " + Shapes.str(w.shape) + ", expected input" + Shapes.str(x.shape) + " to have " + w.shape[0] + " channels, but got " + c + " channels instead");
    }
    if (p.outputPaddingH() >= Math.max(p.strideH(), p.dilationH()) || p.outputPaddingW() >= Math.max(p.strideW(), p.dilationW())) {
      throw new IllegalArgumentException("conv_transpose2d: output padding must be smaller than either stride or dilation, got output_padding=(" + p.outputPaddingH() + ", " + p.outputPaddingW() + ")");
    }
    int o = w.shape[1] * p.groups();
    if (bias != null && (bias.dim() != 1 || bias.shape[0] != o)) {
      throw new IllegalArgumentException("conv_transpose2d: expected bias of shape [" + o + "], got " + Shapes.str(bias.shape));
    }
    int oh = Conv2dParams.transposedOutSize(h, kh, p.strideH(), p.padH(), p.dilationH(), p.outputPaddingH());
    int ow = Conv2dParams.transposedOutSize(wd, kw, p.strideW(), p.padW(), p.dilationW(), p.outputPaddingW());
    if (oh <= 0 || ow <= 0) throw new IllegalArgumentException("conv_transpose2d: output size (" + oh + " x " + ow + ") is too small for input " + Shapes.str(x.shape));
    Tensor xc = x.contiguous(), wc = w.contiguous();
    Tensor out = Ops.empty(x, x.dtype(), new int[] {n, o, oh, ow});
    x.backend.convTranspose2d(xc.data, wc.data, bias == null ? null : bias.contiguous().data, out.data, p);
    if (Autograd.needed(x, w, bias)) {
      Tensor xd = xc.detach(), wdt = wc.detach();
      int[] wShape = w.shape;
      Autograd.record(out, "ConvolutionBackward0", g -> {
        Tensor gc = g.contiguous();
        Tensor gx = null, gw = null, gb = null;
        if (x.requiresGrad) {
          gx = Ops.empty(g, g.dtype(), new int[] {n, c, h, wd});
          g.backend.conv2d(gc.data, wdt.data, null, gx.data, p);
        }
        if (w.requiresGrad) {
          gw = Ops.empty(g, g.dtype(), wShape.clone());
          g.backend.conv2dBackwardWeight(gc.data, xd.data, gw.data, p);
        }
        if (bias != null && bias.requiresGrad) gb = g.sum(new int[] {0, 2, 3}, false);
        return new Tensor[] {gx, gw, gb};
      }, x, w, bias);
    }
    return single ? out.squeeze(0) : out;
  }

  static Tensor maxPool2d(Tensor xIn, Pool2dParams p) {
    boolean single = unbatched(xIn, "max_pool2d");
    Tensor x = (single ? xIn.unsqueeze(0) : xIn);
    int n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
    int oh = p.outH(h), ow = p.outW(w);
    if (oh <= 0 || ow <= 0) {
      throw new IllegalArgumentException("max_pool2d: Given input size: (" + c + "x" + h + "x" + w + "). Calculated output size: (" + c + "x" + oh + "x" + ow + "). Output size is too small");
    }
    Tensor xc = x.contiguous();
    Tensor out = Ops.empty(x, x.dtype(), new int[] {n, c, oh, ow});
    // The indices only serve the gradient: without one to record, the backend skips writing them.
    boolean grad = Autograd.needed(x);
    Tensor idx = grad ? Ops.empty(x, DType.INT64, new int[] {n, c, oh, ow}) : null;
    x.backend.maxPool2d(xc.data, out.data, idx == null ? null : idx.data, p);
    if (grad) {
      int[] inShape = x.shape;
      Autograd.record(out, "MaxPool2DWithIndicesBackward0", g -> {
        Tensor gx = Ops.empty(g, g.dtype(), inShape.clone());
        g.backend.maxPool2dBackward(g.contiguous().data, idx.data, gx.data, p);
        return new Tensor[] {gx};
      }, x);
    }
    return single ? out.squeeze(0) : out;
  }

  static Tensor avgPool2d(Tensor xIn, Pool2dParams p) {
    boolean single = unbatched(xIn, "avg_pool2d");
    Tensor x = single ? xIn.unsqueeze(0) : xIn;
    int n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
    int oh = p.outH(h), ow = p.outW(w);
    if (oh <= 0 || ow <= 0) {
      throw new IllegalArgumentException("avg_pool2d: Given input size: (" + c + "x" + h + "x" + w + "). Calculated output size: (" + c + "x" + oh + "x" + ow + "). Output size is too small");
    }
    Tensor xc = x.contiguous();
    Tensor out = Ops.empty(x, x.dtype(), new int[] {n, c, oh, ow});
    x.backend.avgPool2d(xc.data, out.data, p);
    if (Autograd.needed(x)) {
      int[] inShape = x.shape;
      Autograd.record(out, "AvgPool2DBackward0", g -> {
        Tensor gx = Ops.empty(g, g.dtype(), inShape.clone());
        g.backend.avgPool2dBackward(g.contiguous().data, gx.data, p);
        return new Tensor[] {gx};
      }, x);
    }
    return single ? out.squeeze(0) : out;
  }

  /** Adaptive average pooling: PyTorch's start = floor(i*in/out), end = ceil((i+1)*in/out) windows. */
  static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
    if (x.dim() != 3 && x.dim() != 4) {
      throw new IllegalArgumentException("adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got " + Shapes.str(x.shape));
    }
    if (outH <= 0 || outW <= 0) throw new IllegalArgumentException("adaptive_avg_pool2d: output size must be positive, got (" + outH + ", " + outW + ")");
    int h = x.shape[x.dim() - 2], w = x.shape[x.dim() - 1];
    if (h % outH == 0 && w % outW == 0) {
      int kh = h / outH, kw = w / outW;
      return avgPool2d(x, new Pool2dParams(kh, kw, kh, kw, 0, 0, 1, 1, false, true, 0));
    }
    Tensor rows = null;
    java.util.List<Tensor> rowList = new java.util.ArrayList<>();
    for (int i = 0; i < outH; i++) {
      int hs = Math.floorDiv(i * h, outH), he = -Math.floorDiv(-(i + 1) * h, outH);
      java.util.List<Tensor> cells = new java.util.ArrayList<>();
      for (int j = 0; j < outW; j++) {
        int ws = Math.floorDiv(j * w, outW), we = -Math.floorDiv(-(j + 1) * w, outW);
        Tensor cell = x.narrow(-2, hs, he - hs).narrow(-1, ws, we - ws).mean(new int[] {-2, -1}, false);
        cells.add(cell);
      }
      rowList.add(Tensor.stack(cells, -1));
    }
    rows = Tensor.stack(rowList, -2);
    return rows;
  }
}
