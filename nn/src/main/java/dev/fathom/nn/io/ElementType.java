package dev.fathom.nn.io;

import dev.fathom.DType;

/**
 * How elements are encoded in a file, and the Fathom dtype they are read into. F16 and BF16 have no
 * Fathom dtype and are widened to FLOAT32 on reading.
 */
enum ElementType {
  F32(DType.FLOAT32, 4, "FloatStorage"),
  F64(DType.FLOAT64, 8, "DoubleStorage"),
  I64(DType.INT64, 8, "LongStorage"),
  I32(DType.INT32, 4, "IntStorage"),
  U8(DType.UINT8, 1, "ByteStorage"),
  BOOL(DType.BOOL, 1, "BoolStorage"),
  F16(DType.FLOAT32, 2, "HalfStorage"),
  BF16(DType.FLOAT32, 2, "BFloat16Storage");

  final DType dtype;
  final int size;
  /** The {@code torch.<name>} storage class PyTorch pickles for this element type. */
  final String torchStorage;

  ElementType(DType dtype, int size, String torchStorage) {
    this.dtype = dtype;
    this.size = size;
    this.torchStorage = torchStorage;
  }

  /** The encoding Fathom writes for {@code dtype}. */
  static ElementType of(DType dtype) {
    return switch (dtype) {
      case FLOAT32 -> F32;
      case FLOAT64 -> F64;
      case INT64 -> I64;
      case INT32 -> I32;
      case UINT8 -> U8;
      case BOOL -> BOOL;
    };
  }

  /** The element type of a safetensors dtype name, or null when Fathom cannot read it. */
  static ElementType ofSafetensors(String name) {
    for (ElementType t : values()) if (t.name().equals(name)) return t;
    return null;
  }

  /** The element type of a {@code torch.XStorage} class name, or null when Fathom cannot read it. */
  static ElementType ofTorchStorage(String name) {
    for (ElementType t : values()) if (t.torchStorage.equals(name)) return t;
    return null;
  }
}
