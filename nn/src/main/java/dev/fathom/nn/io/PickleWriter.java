package dev.fathom.nn.io;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The subset of pickle protocol 2 that {@code torch.save} output needs, written by hand: ints,
 * floats, bools, None, strings, lists, tuples, globals, REDUCE and BINPERSID. No memo is used.
 */
final class PickleWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  PickleWriter() {
    out.write(0x80);
    out.write(2);
  }

  /** The pickle so far, ended with STOP. */
  byte[] finish() {
    out.write('.');
    return out.toByteArray();
  }

  void none() {
    out.write('N');
  }

  void bool(boolean b) {
    out.write(b ? 0x88 : 0x89);
  }

  void integer(long v) {
    if (v >= 0 && v < 256) {
      out.write('K');
      out.write((int) v);
    } else if (v == (int) v) {
      out.write('J');
      out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
    } else {
      bigInteger(BigInteger.valueOf(v));
    }
  }

  /** LONG1: a length byte, then the two's-complement value little-endian. */
  void bigInteger(BigInteger v) {
    byte[] be = v.toByteArray();
    if (be.length > 255) throw new IllegalArgumentException("integer too large to pickle: " + v.bitLength() + " bits");
    out.write(0x8a);
    out.write(be.length);
    for (int i = be.length - 1; i >= 0; i--) out.write(be[i]);
  }

  void floating(double v) {
    out.write('G');
    out.writeBytes(ByteBuffer.allocate(8).putDouble(v).array());
  }

  void string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write('X');
    out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
    out.writeBytes(b);
  }

  /** Pushes the global {@code module.name}. */
  void global(String module, String name) {
    out.write('c');
    out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  /** Starts a tuple, a list's items or a dict's items. */
  void mark() {
    out.write('(');
  }

  /** Ends a tuple of the {@code n} items pushed since {@link #mark()}. */
  void tuple() {
    out.write('t');
  }

  void emptyTuple() {
    out.write(')');
  }

  /** Calls the callable below the argument tuple on the stack. */
  void reduce() {
    out.write('R');
  }

  /** Replaces the tuple on top of the stack by the object it names through {@code persistent_load}. */
  void persistentId() {
    out.write('Q');
  }

  void emptyList() {
    out.write(']');
  }

  /** Appends the items pushed since {@link #mark()} to the list below. */
  void appends() {
    out.write('e');
  }

  /** Sets the key/value pairs pushed since {@link #mark()} in the dict below. */
  void setItems() {
    out.write('u');
  }
}
