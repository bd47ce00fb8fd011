package dev.fathom.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.DType;
import dev.fathom.Fathom;
import dev.fathom.Generator;
import dev.fathom.Tensor;
import dev.fathom.spi.Backend;
import dev.fathom.spi.Backends;
import dev.fathom.spi.Conv2dParams;
import dev.fathom.spi.Pool2dParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random shapes (sizes 1, 3, 17, 33 and other non-multiples of vector widths) and random views
 * (transposed, step-sliced, broadcast), run on the backend under test and on the scalar reference
 * ({@code Backends.create("cpu", "scalar")}, which must be on the test class path), compared at
 * 1e-5 relative + 1e-5 absolute for FLOAT32 (summation order may differ) and exactly for integers.
 */
public abstract class DifferentialConformance extends ErrorConformance {
  private static final int[] SIZES = {1, 2, 3, 5, 7, 8, 16, 17, 33};
  private Backend reference;

  @BeforeAll
  void createReference() {
    reference = Backends.create("cpu", "scalar");
  }

  private void requireOtherBackend() {
    Assumptions.assumeFalse(backend.name().equals("scalar") && backend.deviceType().equals("cpu"),
        "the backend under test is the scalar reference itself; differential tests compare other backends against it and run for each of them (e.g. simd)");
  }

  /** A random FLOAT32 tensor on the host (the reference backend). */
  private Tensor host(Random r, long... shape) {
    return onBackend(reference, () -> Tensor.randn(new Generator(r.nextLong()), shape));
  }

  private <T> T onBackend(Backend b, java.util.function.Supplier<T> f) {
    Backend prev = Backends.use(b);
    try {
      return f.get();
    } finally {
      Backends.use(prev);
    }
  }

  /** A random view of a fresh tensor of {@code shape}: contiguous, transposed or step-sliced. */
  private Function<Tensor, Tensor> randomView(Random r, long[] shape) {
    int kind = shape.length >= 2 ? r.nextInt(3) : r.nextInt(2) * 2;
    return switch (kind) {
      case 1 -> t -> t.transpose(0, 1).contiguous().transpose(0, 1);
      case 2 -> t -> {
        long[] doubled = shape.clone();
        doubled[0] *= 2;
        Tensor big = Tensor.zeros(doubled).to(t.device());
        try (var g = Fathom.noGrad()) {
          big.slice(0, 0, doubled[0], 2).copy_(t);
        }
        return big.slice(0, 0, doubled[0], 2);
      };
      default -> t -> t;
    };
  }

  /** Runs {@code op} on both backends over the same inputs (each seen through its view) and compares. */
  private void compare(String what, List<Tensor> hostInputs, List<Function<Tensor, Tensor>> views, Function<List<Tensor>, Tensor> op, double tol) {
    Tensor expected = op.apply(apply(hostInputs, views));
    List<Tensor> moved = new ArrayList<>();
    for (Tensor t : hostInputs) moved.add(onBackend(backend, () -> Tensor.zerosLike(t).to(device())).copy_(t.to(device())));
    Tensor actual = onBackend(backend, () -> op.apply(apply(moved, views)));
    if (expected.dtype().isFloatingPoint()) TensorAssert.assertClose(actual.to(dev.fathom.Device.cpu()), expected, tol, tol, what);
    else TensorAssert.assertEqual(actual.to(dev.fathom.Device.cpu()), expected, what);
  }

  private static List<Tensor> apply(List<Tensor> ts, List<Function<Tensor, Tensor>> views) {
    List<Tensor> out = new ArrayList<>();
    for (int i = 0; i < ts.size(); i++) out.add(views.get(i).apply(ts.get(i)));
    return out;
  }

  private long[] randomShape(Random r, int rank) {
    long[] s = new long[rank];
    for (int i = 0; i < rank; i++) s[i] = SIZES[r.nextInt(SIZES.length)];
    return s;
  }

  @Test
  void elementwiseOpsOverRandomShapesViewsAndBroadcasts() {
    requireOtherBackend();
    Random r = new Random(1);
    List<Function<List<Tensor>, Tensor>> ops = List.of(
        in -> in.get(0).add(in.get(1)), in -> in.get(0).mul(in.get(1)), in -> in.get(0).sub(in.get(1)),
        in -> in.get(0).div(in.get(1).abs().add(0.5)), in -> in.get(0).maximum(in.get(1)),
        in -> in.get(0).mul(in.get(1)).add(in.get(0)).relu(), in -> in.get(0).gt(in.get(1)),
        in -> in.get(0).exp(), in -> in.get(0).sigmoid(), in -> in.get(0).tanh(), in -> in.get(0).abs().sqrt(),
        in -> in.get(0).mul(2.5).add(1.0), in -> in.get(0).leakyRelu(0.1), in -> in.get(0).clamp(-0.5, 0.5));
    for (int trial = 0; trial < 60; trial++) {
      int rank = 1 + r.nextInt(3);
      long[] shape = randomShape(r, rank);
      long[] other = shape.clone();
      if (r.nextBoolean()) other[r.nextInt(rank)] = 1;
      Function<List<Tensor>, Tensor> op = ops.get(trial % ops.size());
      compare("elementwise trial " + trial + " shape " + java.util.Arrays.toString(shape), List.of(host(r, shape), host(r, other)),
          List.of(randomView(r, shape), randomView(r, other)), op, 1e-5);
    }
  }

  @Test
  void reductionsAndSoftmaxOverRandomDims() {
    requireOtherBackend();
    Random r = new Random(2);
    for (int trial = 0; trial < 40; trial++) {
      int rank = 1 + r.nextInt(3);
      long[] shape = randomShape(r, rank);
      int dim = r.nextInt(rank);
      boolean keep = r.nextBoolean();
      List<Function<List<Tensor>, Tensor>> ops = List.of(in -> in.get(0).sum(dim, keep), in -> in.get(0).mean(new int[] {dim}, keep),
          in -> in.get(0).max(dim, keep).values(), in -> in.get(0).argmax(dim, keep), in -> in.get(0).softmax(dim),
          in -> in.get(0).logSoftmax(dim), in -> in.get(0).cumsum(dim), in -> in.get(0).var(new int[] {dim}, true, keep), in -> in.get(0).sum());
      compare("reduction trial " + trial, List.of(host(r, shape)), List.of(randomView(r, shape)), ops.get(trial % ops.size()), 1e-5);
    }
  }

  @Test
  void matmulOverRandomSizesTransposesAndBatches() {
    requireOtherBackend();
    Random r = new Random(3);
    int[] dims = {1, 3, 17, 33, 64, 100};
    for (int trial = 0; trial < 30; trial++) {
      int m = dims[r.nextInt(dims.length)], k = dims[r.nextInt(dims.length)], n = dims[r.nextInt(dims.length)];
      boolean ta = r.nextBoolean(), tb = r.nextBoolean(), batched = r.nextBoolean();
      long[] sa = batched ? new long[] {3, ta ? k : m, ta ? m : k} : new long[] {ta ? k : m, ta ? m : k};
      long[] sb = batched && r.nextBoolean() ? new long[] {1, tb ? n : k, tb ? k : n} : new long[] {tb ? n : k, tb ? k : n};
      Function<Tensor, Tensor> va = ta ? t -> t.transpose(-1, -2) : t -> t, vb = tb ? t -> t.transpose(-1, -2) : t -> t;
      compare("matmul " + m + "x" + k + "x" + n + " ta=" + ta + " tb=" + tb + " batched=" + batched, List.of(host(r, sa), host(r, sb)),
          List.of(va, vb), in -> in.get(0).matmul(in.get(1)), 1e-4);
    }
  }

  @Test
  void convolutionForwardAndBackwardOverRandomGeometries() {
    requireOtherBackend();
    Random r = new Random(4);
    for (int trial = 0; trial < 20; trial++) {
      int groups = 1 + r.nextInt(2);
      int c = groups * (1 + r.nextInt(3)), o = groups * (1 + r.nextInt(3));
      int kh = 1 + r.nextInt(3), kw = 1 + r.nextInt(3), stride = 1 + r.nextInt(2), pad = r.nextInt(2), dil = 1 + r.nextInt(2);
      int h = dil * (kh - 1) + 1 + r.nextInt(6), w = dil * (kw - 1) + 1 + r.nextInt(6);
      Conv2dParams p = new Conv2dParams(stride, stride, pad, pad, dil, dil, groups, 0, 0);
      long[] xs = {1 + r.nextInt(2), c, h, w}, ws = {o, c / groups, kh, kw};
      Function<List<Tensor>, Tensor> fwdBwd = in -> {
        Tensor x = in.get(0).detach().requiresGrad(true), wt = in.get(1).detach().requiresGrad(true);
        Tensor y = Tensor.conv2d(x, wt, null, p);
        y.square().sum().backward();
        return Tensor.cat(0, y.detach().reshape(-1), x.grad().reshape(-1), wt.grad().reshape(-1));
      };
      compare("conv trial " + trial + " " + p, List.of(host(r, xs), host(r, ws)), List.of(t -> t, t -> t), fwdBwd, 1e-4);
    }
  }

  @Test
  void poolingForwardAndBackwardOverRandomGeometries() {
    requireOtherBackend();
    Random r = new Random(5);
    for (int trial = 0; trial < 20; trial++) {
      int k = 1 + r.nextInt(3), s = 1 + r.nextInt(2), pad = r.nextInt(k / 2 + 1);
      boolean ceil = r.nextBoolean(), max = r.nextBoolean(), include = r.nextBoolean();
      Pool2dParams p = new Pool2dParams(k, k, s, s, pad, pad, 1, 1, ceil, include, 0);
      long[] xs = {2, 3, k + r.nextInt(7), k + r.nextInt(7)};
      Function<List<Tensor>, Tensor> fwdBwd = in -> {
        Tensor x = in.get(0).detach().requiresGrad(true);
        Tensor y = max ? Tensor.maxPool2d(x, p) : Tensor.avgPool2d(x, p);
        y.mul(y.detach()).sum().backward();
        return Tensor.cat(0, y.detach().reshape(-1), x.grad().reshape(-1));
      };
      compare("pool trial " + trial + " " + p + " max=" + max, List.of(host(r, xs)), List.of(t -> t), fwdBwd, 1e-5);
    }
  }

  @Test
  void indexingOpsMatchTheReference() {
    requireOtherBackend();
    Random r = new Random(6);
    for (int trial = 0; trial < 10; trial++) {
      long[] shape = randomShape(r, 2);
      long[] idx = new long[(int) shape[0] * 2];
      for (int i = 0; i < idx.length; i++) idx[i] = r.nextInt((int) shape[1]);
      Tensor index = Tensor.of(idx, shape[0], 2);
      Tensor sel = Tensor.of(new long[] {shape[0] - 1, 0});
      compare("gather " + trial, List.of(host(r, shape)), List.of(t -> t), in -> in.get(0).gather(1, index.to(in.get(0).device())), 0);
      compare("index_select " + trial, List.of(host(r, shape)), List.of(t -> t), in -> in.get(0).indexSelect(0, sel.to(in.get(0).device())), 0);
    }
  }

  @Test
  void referenceIsTheScalarBackend() {
    assertThat(reference.name()).isEqualTo("scalar");
    assertThat(reference.deviceType()).isEqualTo("cpu");
    assertThat(DType.FLOAT32.isFloatingPoint()).isTrue();
  }
}
