package dev.fathom;

import dev.fathom.autograd.GradMode;
import dev.fathom.spi.BinaryOp;
import dev.fathom.spi.Distribution;
import dev.fathom.spi.UnaryOp;
import dev.fathom.spi.View;
import java.util.Arrays;

/**
 * In-place ops ({@code add_}, {@code zero_}, ...). They write into the tensor's own storage, so
 * every view of it sees the change. Autograd does not track them: on a tensor that takes part in
 * the graph (grad mode on and it or the other operand requires grad) they fail, as PyTorch fails
 * for leaves; optimizers and initialisers run them under {@code Fathom.noGrad()}.
 */
final class InPlace {
  private InPlace() {}

  private static void check(String op, Tensor self, Tensor other) {
    if (!GradMode.isEnabled()) return;
    if (self.requiresGrad && self.gradFn == null) {
      throw new IllegalStateException(op + ": a leaf Variable that requires grad is being used in an in-place operation.");
    }
    if (self.requiresGrad || (other != null && other.requiresGrad)) {
      throw new IllegalStateException(op + ": in-place operations are not recorded by autograd; use the out-of-place form (e.g. add instead of add_) on tensors that require grad, or run under Fathom.noGrad()");
    }
  }

  /** Writes {@code result} (this tensor's shape) into {@code self}, casting to its dtype. */
  private static Tensor store(Tensor self, Tensor result, String op) {
    if (!Arrays.equals(result.shape, self.shape)) {
      throw new IllegalArgumentException(op + ": output with shape " + Arrays.toString(self.shape) + " doesn't match the broadcast shape " + Arrays.toString(result.shape));
    }
    if (result.dtype() != self.dtype() && !castable(result.dtype(), self.dtype())) {
      throw new IllegalArgumentException(op + ": result type " + result.dtype().torchName() + " can't be cast to the desired output type " + self.dtype().torchName());
    }
    self.backend.copy(result.data, self.data);
    return self;
  }

  private static boolean castable(DType from, DType to) {
    return from.kind().ordinal() <= to.kind().ordinal();
  }

  static Tensor binary(Tensor self, BinaryOp op, Tensor other, double alpha) {
    String name = op.name().toLowerCase() + "_";
    check(name, self, other);
    Ops.sameDevice(name, self, other);
    Tensor b = alpha == 1 ? other : other.mul(alpha);
    boolean sameType = b.dtype() == self.dtype() && (op != BinaryOp.DIV || self.dtype().isFloatingPoint());
    boolean aliasFree = b.data.storage() != self.data.storage()
        || (b.data.offset() == self.data.offset() && Arrays.equals(b.data.strides(), self.data.strides()) && Arrays.equals(b.shape, self.shape));
    if (sameType && aliasFree && self.data.isContiguous() && Arrays.equals(Ops.broadcast(name, self.shape, b.shape), self.shape)) {
      self.backend.binary(op, self.data, Ops.expanded(b, self.shape), self.data);
      return self;
    }
    return store(self, Pointwise.binaryRaw(op, self, b), name);
  }

  static Tensor scalar(Tensor self, BinaryOp op, double s) {
    String name = op.name().toLowerCase() + "_";
    check(name, self, null);
    boolean sameType = self.dtype().isFloatingPoint();
    if (sameType && self.data.isContiguous()) {
      self.backend.binaryScalar(op, self.data, s, self.data);
      return self;
    }
    return store(self, Pointwise.scalarRaw(op, self, s, s == Math.rint(s) && !self.dtype().isFloatingPoint() && op != BinaryOp.DIV), name);
  }

  static Tensor unary(Tensor self, UnaryOp op, double p1, double p2) {
    String name = op.name().toLowerCase() + "_";
    check(name, self, null);
    if (self.data.isContiguous() && !(Pointwise.floatOnly(op) && !self.dtype().isFloatingPoint())) {
      self.backend.unary(op, self.data, self.data, p1, p2);
      return self;
    }
    return store(self, Pointwise.unaryRaw(op, self, p1, p2), name);
  }

  static Tensor ternary(Tensor self, dev.fathom.spi.TernaryOp op, Tensor b, Tensor c, double value) {
    String name = op.name().toLowerCase() + "_";
    check(name, self, b);
    check(name, self, c);
    boolean sameType = b.dtype() == self.dtype() && c.dtype() == self.dtype() && self.dtype().isFloatingPoint();
    boolean aliasFree = b.data.storage() != self.data.storage() && c.data.storage() != self.data.storage();
    int[] shape = Ops.broadcast(name, Ops.broadcast(name, self.shape, b.shape), c.shape);
    if (sameType && aliasFree && self.data.isContiguous() && Arrays.equals(shape, self.shape)) {
      self.backend.ternary(op, self.data, Ops.expanded(b, shape), Ops.expanded(c, shape), self.data, value);
      return self;
    }
    return store(self, Pointwise.ternaryRaw(op, self, b, c, value), name);
  }

  static Tensor fill(Tensor self, double value) {
    check("fill_", self, null);
    self.backend.fill(self.data, value);
    return self;
  }

  static Tensor copy(Tensor self, Tensor src) {
    check("copy_", self, src);
    int[] shape = Ops.broadcast("copy_", self.shape, src.shape);
    if (!Arrays.equals(shape, self.shape)) {
      throw new IllegalArgumentException("copy_: source of shape " + Arrays.toString(src.shape) + " cannot be broadcast to destination of shape " + Arrays.toString(self.shape));
    }
    Tensor s = src.device.equals(self.device) ? src : src.to(self.device);
    if (s.data.storage() == self.data.storage()) s = s.materialize();
    self.backend.copy(Ops.expanded(s, self.shape), self.data);
    return self;
  }

  static Tensor maskedFill(Tensor self, Tensor mask, double value) {
    check("masked_fill_", self, null);
    return store(self, Pointwise.maskedFill(self.detach(), mask, value), "masked_fill_");
  }

  static Tensor random(Tensor self, Distribution dist, double a, double b, Generator g) {
    check(dist.name().toLowerCase() + "_", self, null);
    if (self.data.isContiguous()) {
      Creation.fillRandom(self, dist, a, b, g);
      return self;
    }
    Tensor tmp = Ops.empty(self, self.dtype(), self.shape.clone());
    Creation.fillRandom(tmp, dist, a, b, g);
    self.backend.copy(tmp.data, self.data);
    return self;
  }
}
