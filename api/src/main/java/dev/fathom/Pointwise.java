package dev.fathom;

import dev.fathom.spi.BinaryOp;
import dev.fathom.spi.UnaryOp;
import dev.fathom.spi.View;
import java.util.Arrays;

/** Elementwise ops: forward through the backend, and each op's derivative right beside it. */
final class Pointwise {
  private Pointwise() {}

  // ---- dtype rules --------------------------------------------------------------------------

  /** {@code torch.result_type} of two tensors: 0-d tensors yield unless they are of a higher kind. */
  static DType resultType(Tensor a, Tensor b) {
    DType da = a.dtype(), db = b.dtype();
    if (da == db) return da;
    boolean za = a.shape.length == 0, zb = b.shape.length == 0;
    if (za == zb) return DType.promote(da, db);
    DType dim = za ? db : da, zero = za ? da : db;
    return zero.kind().ordinal() > dim.kind().ordinal() ? DType.promote(dim, zero) : dim;
  }

  /** Result type of a tensor and a Java number ({@code integral} when it came as a long). */
  static DType scalarType(DType t, boolean integral) {
    if (!integral && !t.isFloatingPoint()) return DType.FLOAT32;
    if (integral && t == DType.BOOL) return DType.INT64;
    return t;
  }

  static boolean floatOnly(UnaryOp op) {
    return switch (op) {
      case EXP, LOG, LOG1P, EXPM1, SQRT, RSQRT, RECIPROCAL, SIN, COS, SIGMOID, TANH -> true;
      default -> false;
    };
  }

  /** Gradient {@code g} brought back to {@code t}'s shape and dtype. */
  static Tensor fit(Tensor g, Tensor t) {
    Tensor s = Ops.sumToShape(g, t.shape);
    return s.dtype() == t.dtype() ? s : s.to(t.dtype());
  }

  // ---- casts and copies ---------------------------------------------------------------------

  static Tensor cast(Tensor x, DType dtype) {
    if (x.dtype() == dtype) return x;
    Tensor out = Ops.empty(x, dtype, x.shape.clone());
    if (out.data.numel() > 0) x.backend.copy(x.data, out.data);
    if (Autograd.needed(x) && dtype.isFloatingPoint()) {
      DType from = x.dtype();
      Autograd.record(out, "ToCopyBackward0", g -> new Tensor[] {g.to(from)}, x);
    }
    return out;
  }

  static Tensor cloneOp(Tensor x, String name) {
    Tensor out = x.materialize();
    if (Autograd.needed(x)) Autograd.record(out, name, g -> new Tensor[] {g}, x);
    return out;
  }

  // ---- unary --------------------------------------------------------------------------------

  static Tensor unaryRaw(UnaryOp op, Tensor x, double p1, double p2) {
    DType in = x.dtype();
    if (floatOnly(op) && !in.isFloatingPoint()) x = cast(x, DType.FLOAT32);
    DType outType = op == UnaryOp.ISNAN || op == UnaryOp.LOGICAL_NOT ? DType.BOOL : x.dtype();
    if (op == UnaryOp.NEG && in == DType.BOOL) {
      throw new IllegalArgumentException("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.");
    }
    Tensor out = Ops.empty(x, outType, x.shape.clone());
    if (out.data.numel() > 0) x.backend.unary(op, x.data, out.data, p1, p2);
    return out;
  }

  static Tensor unary(UnaryOp op, Tensor x, double p1, double p2) {
    Tensor y = unaryRaw(op, x, p1, p2);
    if (!Autograd.needed(x) || !y.dtype().isFloatingPoint()) return y;
    Tensor yd = y.detach();
    return switch (op) {
      case NEG -> Autograd.record(y, "NegBackward0", g -> new Tensor[] {g.neg()}, x);
      case EXP -> Autograd.record(y, "ExpBackward0", g -> new Tensor[] {g.mul(yd)}, x);
      case LOG -> Autograd.record(y, "LogBackward0", g -> new Tensor[] {g.div(x.detach())}, x);
      case LOG1P -> Autograd.record(y, "Log1PBackward0", g -> new Tensor[] {g.div(x.detach().add(1.0))}, x);
      case EXPM1 -> Autograd.record(y, "Expm1Backward0", g -> new Tensor[] {g.mul(yd.add(1.0))}, x);
      case SQRT -> Autograd.record(y, "SqrtBackward0", g -> new Tensor[] {g.div(yd.mul(2.0))}, x);
      case RSQRT -> Autograd.record(y, "RsqrtBackward0", g -> new Tensor[] {g.mul(yd.pow(3.0)).mul(-0.5)}, x);
      case RECIPROCAL -> Autograd.record(y, "ReciprocalBackward0", g -> new Tensor[] {g.mul(yd.square()).neg()}, x);
      case SQUARE -> Autograd.record(y, "PowBackward0", g -> new Tensor[] {g.mul(x.detach()).mul(2.0)}, x);
      case ABS -> Autograd.record(y, "AbsBackward0", g -> new Tensor[] {g.mul(x.detach().sign())}, x);
      case SIN -> Autograd.record(y, "SinBackward0", g -> new Tensor[] {g.mul(x.detach().cos())}, x);
      case COS -> Autograd.record(y, "CosBackward0", g -> new Tensor[] {g.mul(x.detach().sin()).neg()}, x);
      case SIGN, FLOOR, CEIL, ROUND, TRUNC -> Autograd.record(y, op == UnaryOp.SIGN ? "SignBackward0" : capital(op) + "Backward0",
          g -> new Tensor[] {Tensor.zerosLike(g)}, x);
      // relu(x) >= 0, so sign(y) is the 0/1 mask of threshold_backward: two fast passes, no bool tensor
      case RELU -> Autograd.record(y, "ReluBackward0", g -> new Tensor[] {g.mul(yd.sign())}, x);
      case SIGMOID -> Autograd.record(y, "SigmoidBackward0", g -> new Tensor[] {g.mul(yd).mul(yd.rsub(1.0))}, x);
      case TANH -> Autograd.record(y, "TanhBackward0", g -> new Tensor[] {g.mul(yd.square().rsub(1.0))}, x);
      case LEAKY_RELU -> Autograd.record(y, "LeakyReluBackward0",
          g -> new Tensor[] {Tensor.where(x.detach().gt(0.0), g, g.mul(p1))}, x);
      case CLAMP -> Autograd.record(y, "ClampBackward1", g -> {
        Tensor xd = x.detach();
        Tensor keep = Double.isNaN(p1) ? xd.le(p2) : Double.isNaN(p2) ? xd.ge(p1) : xd.ge(p1).logicalAnd(xd.le(p2));
        return new Tensor[] {Tensor.where(keep, g, 0.0)};
      }, x);
      case LOGICAL_NOT, ISNAN -> y;
    };
  }

  private static String capital(UnaryOp op) {
    String n = op.name().toLowerCase();
    return Character.toUpperCase(n.charAt(0)) + n.substring(1);
  }

  // ---- binary -------------------------------------------------------------------------------

  /** Forward only: promotes, broadcasts and runs the kernel. */
  static Tensor binaryRaw(BinaryOp op, Tensor a, Tensor b) {
    Ops.sameDevice(op.name().toLowerCase(), a, b);
    DType ct = resultType(a, b);
    if ((op == BinaryOp.DIV || op == BinaryOp.ATAN2) && !ct.isFloatingPoint()) ct = DType.FLOAT32;
    if (op == BinaryOp.POW && ct == DType.BOOL) ct = DType.INT64;
    View va = a.dtype() == ct ? a.data : cast(a.detach(), ct).data;
    View vb = b.dtype() == ct ? b.data : cast(b.detach(), ct).data;
    int[] shape = Arrays.equals(a.shape, b.shape) ? a.shape.clone() : Ops.broadcast(op.name().toLowerCase(), a.shape, b.shape);
    Tensor out = Ops.empty(a, op.isComparison() ? DType.BOOL : ct, shape);
    View ea = Arrays.equals(va.shape(), shape) ? va : va.restride(shape, dev.fathom.spi.Shapes.expandStrides(va.shape(), va.strides(), shape), va.offset());
    View eb = Arrays.equals(vb.shape(), shape) ? vb : vb.restride(shape, dev.fathom.spi.Shapes.expandStrides(vb.shape(), vb.strides(), shape), vb.offset());
    if (out.data.numel() > 0) a.backend.binary(op, ea, eb, out.data);
    return out;
  }

  static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
    Tensor y = binaryRaw(op, a, b);
    if (!Autograd.needed(a, b) || op.isComparison()) return y;
    Tensor ad = a.detach(), bd = b.detach();
    return switch (op) {
      case MUL -> Autograd.record(y, "MulBackward0", g -> new Tensor[] {
          a.requiresGrad ? fit(g.mul(bd), a) : null, b.requiresGrad ? fit(g.mul(ad), b) : null}, a, b);
      case DIV -> Autograd.record(y, "DivBackward0", g -> new Tensor[] {
          a.requiresGrad ? fit(g.div(bd), a) : null,
          b.requiresGrad ? fit(g.mul(ad).div(bd.square()).neg(), b) : null}, a, b);
      case POW -> {
        Tensor yd = y.detach();
        yield Autograd.record(y, "PowBackward1", g -> new Tensor[] {
            a.requiresGrad ? fit(where(bd.eq(0.0), 0.0, g.mul(bd).mul(ad.pow(bd.sub(1.0)))), a) : null,
            b.requiresGrad ? fit(Tensor.where(ad.eq(0.0).logicalAnd(bd.ge(0.0)), Tensor.zerosLike(yd), g.mul(yd).mul(ad.log())), b) : null}, a, b);
      }
      case MAXIMUM, MINIMUM -> Autograd.record(y, op == BinaryOp.MAXIMUM ? "MaximumBackward0" : "MinimumBackward0", g -> {
        Tensor aWins = op == BinaryOp.MAXIMUM ? ad.gt(bd) : ad.lt(bd);
        Tensor tie = ad.eq(bd);
        Tensor half = g.mul(0.5);
        Tensor ga = Tensor.where(tie, half, Tensor.where(aWins, g, 0.0));
        Tensor gb = Tensor.where(tie, half, where(aWins, 0.0, g));
        return new Tensor[] {a.requiresGrad ? fit(ga, a) : null, b.requiresGrad ? fit(gb, b) : null};
      }, a, b);
      case REMAINDER -> Autograd.record(y, "RemainderBackward0", g -> new Tensor[] {
          a.requiresGrad ? fit(g, a) : null, b.requiresGrad ? fit(g.mul(ad.div(bd).floor()).neg(), b) : null}, a, b);
      case ATAN2 -> Autograd.record(y, "Atan2Backward0", g -> {
        Tensor den = ad.square().add(bd.square());
        return new Tensor[] {a.requiresGrad ? fit(g.mul(bd).div(den), a) : null, b.requiresGrad ? fit(g.mul(ad).neg().div(den), b) : null};
      }, a, b);
      case ADD, SUB -> {
        double sign = op == BinaryOp.SUB ? -1 : 1;
        yield Autograd.record(y, op == BinaryOp.SUB ? "SubBackward0" : "AddBackward0", g -> new Tensor[] {
            a.requiresGrad ? fit(g, a) : null, b.requiresGrad ? fit(sign == 1 ? g : g.neg(), b) : null}, a, b);
      }
      default -> throw new AssertionError(op);
    };
  }

  /** {@code a + alpha * b}. */
  static Tensor add(Tensor a, Tensor b, double alpha) {
    if (alpha == 1) return binary(BinaryOp.ADD, a, b);
    if (alpha == -1) return binary(BinaryOp.SUB, a, b);
    return binary(BinaryOp.ADD, a, b.mul(alpha));
  }

  static Tensor scalarRaw(BinaryOp op, Tensor a, double s, boolean integral) {
    DType ct = scalarType(a.dtype(), integral);
    if (op == BinaryOp.DIV && !ct.isFloatingPoint()) ct = DType.FLOAT32;
    Tensor x = a.dtype() == ct ? a : cast(a.detach(), ct);
    Tensor out = Ops.empty(x, op.isComparison() ? DType.BOOL : ct, x.shape.clone());
    if (out.data.numel() > 0) x.backend.binaryScalar(op, x.data, s, out.data);
    return out;
  }

  static Tensor scalar(BinaryOp op, Tensor a, double s, boolean integral) {
    Tensor y = scalarRaw(op, a, s, integral);
    if (!Autograd.needed(a) || op.isComparison()) return y;
    return switch (op) {
      case ADD -> Autograd.record(y, "AddBackward0", g -> new Tensor[] {fit(g, a)}, a);
      case SUB -> Autograd.record(y, "SubBackward0", g -> new Tensor[] {fit(g, a)}, a);
      case MUL -> Autograd.record(y, "MulBackward0", g -> new Tensor[] {fit(g.mul(s), a)}, a);
      case DIV -> Autograd.record(y, "DivBackward0", g -> new Tensor[] {fit(g.div(s), a)}, a);
      case POW -> {
        Tensor ad = a.detach();
        yield Autograd.record(y, "PowBackward0", g -> new Tensor[] {
            s == 0 ? Tensor.zerosLike(ad) : fit(g.mul(ad.pow(s - 1)).mul(s), a)}, a);
      }
      case REMAINDER -> Autograd.record(y, "RemainderBackward0", g -> new Tensor[] {fit(g, a)}, a);
      default -> throw new IllegalArgumentException(op.name().toLowerCase() + " with a scalar is not differentiable");
    };
  }

  // ---- fused ternary ------------------------------------------------------------------------

  static Tensor ternaryRaw(dev.fathom.spi.TernaryOp op, Tensor a, Tensor b, Tensor c, double value) {
    String name = op.name().toLowerCase();
    Ops.sameDevice(name, a, b);
    Ops.sameDevice(name, a, c);
    DType ct = DType.promote(resultType(a, b), c.dtype());
    if (!ct.isFloatingPoint() && (op != dev.fathom.spi.TernaryOp.ADDCMUL || value != Math.rint(value))) ct = DType.FLOAT32;
    int[] shape = Ops.broadcast(name, Ops.broadcast(name, a.shape, b.shape), c.shape);
    Tensor ac = a.dtype() == ct ? a : cast(a.detach(), ct);
    Tensor bc = b.dtype() == ct ? b : cast(b.detach(), ct);
    Tensor cc = c.dtype() == ct ? c : cast(c.detach(), ct);
    Tensor out = Ops.empty(a, ct, shape);
    if (out.data.numel() > 0) {
      a.backend.ternary(op, Ops.expanded(ac, shape), Ops.expanded(bc, shape), Ops.expanded(cc, shape), out.data, value);
    }
    return out;
  }

  static Tensor ternary(dev.fathom.spi.TernaryOp op, Tensor a, Tensor b, Tensor c, double value) {
    Tensor y = ternaryRaw(op, a, b, c, value);
    if (!Autograd.needed(a, b, c)) return y;
    Tensor bd = b.detach(), cd = c.detach();
    return switch (op) {
      case ADDCMUL -> Autograd.record(y, "AddcmulBackward0", g -> new Tensor[] {
          a.requiresGrad ? fit(g, a) : null,
          b.requiresGrad ? fit(g.mul(cd).mul(value), b) : null,
          c.requiresGrad ? fit(g.mul(bd).mul(value), c) : null}, a, b, c);
      case ADDCDIV -> Autograd.record(y, "AddcdivBackward0", g -> new Tensor[] {
          a.requiresGrad ? fit(g, a) : null,
          b.requiresGrad ? fit(g.mul(value).div(cd), b) : null,
          c.requiresGrad ? fit(g.mul(bd).mul(-value).div(cd.square()), c) : null}, a, b, c);
      case LERP -> Autograd.record(y, "LerpBackward0", g -> new Tensor[] {
          a.requiresGrad ? fit(g.mul(1 - value), a) : null,
          b.requiresGrad ? fit(g.mul(value), b) : null, null}, a, b, c);
    };
  }

  // ---- selection ----------------------------------------------------------------------------

  static Tensor where(Tensor cond, Tensor x, Tensor y) {
    if (cond.dtype() != DType.BOOL) {
      throw new IllegalArgumentException("where expected condition to be a boolean tensor, but got a tensor with dtype " + cond.dtype().torchName());
    }
    Ops.sameDevice("where", cond, x);
    Ops.sameDevice("where", x, y);
    DType ct = resultType(x, y);
    int[] shape = Ops.broadcast("where", Ops.broadcast("where", cond.shape, x.shape), y.shape);
    Tensor xc = x.dtype() == ct ? x : cast(x.detach(), ct);
    Tensor yc = y.dtype() == ct ? y : cast(y.detach(), ct);
    Tensor out = Ops.empty(x, ct, shape);
    if (out.data.numel() > 0) x.backend.where(Ops.expanded(cond, shape), Ops.expanded(xc, shape), Ops.expanded(yc, shape), out.data);
    if (Autograd.needed(x, y)) {
      Tensor cd = cond.detach();
      Autograd.record(out, "WhereBackward0", g -> new Tensor[] {
          x.requiresGrad ? fit(where(cd, g, Tensor.zerosLike(g)), x) : null,
          y.requiresGrad ? fit(where(cd, Tensor.zerosLike(g), g), y) : null}, x, y);
    }
    return out;
  }

  static Tensor where(Tensor cond, Tensor x, double y) {
    return where(cond, x, Tensor.scalar(y, x.dtype()).to(x.device));
  }

  static Tensor where(Tensor cond, double x, Tensor y) {
    return where(cond, Tensor.scalar(x, y.dtype()).to(y.device), y);
  }

  static Tensor maskedFill(Tensor x, Tensor mask, double value) {
    if (mask.dtype() != DType.BOOL) {
      throw new IllegalArgumentException("masked_fill_ only supports boolean masks, but got mask with dtype " + mask.dtype().torchName());
    }
    Ops.broadcast("masked_fill", x.shape, mask.shape);
    Tensor out = where(mask, Tensor.scalar(value, x.dtype()).to(x.device), x);
    if (!Arrays.equals(out.shape, x.shape)) {
      throw new IllegalArgumentException("masked_fill: mask of shape " + Arrays.toString(mask.shape) + " does not broadcast to the tensor's shape " + Arrays.toString(x.shape));
    }
    return out;
  }
}
