package dev.fathom;

/**
 * Element types of a {@link Tensor}, with PyTorch's names and promotion rules.
 *
 * <p>{@code FLOAT32} is the default for floating-point factories; {@code INT64} holds labels and
 * indices. {@code UINT8} and {@code BOOL} are stored one byte per element.
 *
 * <pre>{@code
 * Tensor labels = Tensor.of(new long[] {3, 1, 4}, 3);   // INT64
 * DType t = DType.promote(DType.INT64, DType.FLOAT32);  // FLOAT32
 * }</pre>
 */
public enum DType {
  BOOL("torch.bool", 1, Kind.BOOL, 0),
  UINT8("torch.uint8", 1, Kind.INTEGRAL, 1),
  INT32("torch.int32", 4, Kind.INTEGRAL, 2),
  INT64("torch.int64", 8, Kind.INTEGRAL, 3),
  FLOAT32("torch.float32", 4, Kind.FLOATING, 4),
  FLOAT64("torch.float64", 8, Kind.FLOATING, 5);

  /** Category used by promotion: bool &lt; integral &lt; floating. */
  public enum Kind { BOOL, INTEGRAL, FLOATING }

  private final String torchName;
  private final int byteSize;
  private final Kind kind;
  private final int rank;

  DType(String torchName, int byteSize, Kind kind, int rank) {
    this.torchName = torchName;
    this.byteSize = byteSize;
    this.kind = kind;
    this.rank = rank;
  }

  /** PyTorch's name, e.g. {@code torch.float32}. */
  public String torchName() { return torchName; }

  /** Bytes per element. */
  public int byteSize() { return byteSize; }

  public Kind kind() { return kind; }

  public boolean isFloatingPoint() { return kind == Kind.FLOATING; }

  public boolean isIntegral() { return kind == Kind.INTEGRAL; }

  /** The type both operands are computed in, as {@code torch.promote_types}. */
  public static DType promote(DType a, DType b) {
    if (a == b) return a;
    return a.rank >= b.rank ? a : b;
  }

  /** Parses PyTorch's and safetensors' names ({@code float32}, {@code torch.int64}, {@code F32}, {@code I64}). */
  public static DType parse(String name) {
    String n = name.startsWith("torch.") ? name.substring(6) : name;
    return switch (n) {
      case "float32", "float", "F32" -> FLOAT32;
      case "float64", "double", "F64" -> FLOAT64;
      case "int64", "long", "I64" -> INT64;
      case "int32", "int", "I32" -> INT32;
      case "uint8", "U8" -> UINT8;
      case "bool", "BOOL" -> BOOL;
      default -> throw new IllegalArgumentException("unknown dtype '" + name + "'");
    };
  }
}
