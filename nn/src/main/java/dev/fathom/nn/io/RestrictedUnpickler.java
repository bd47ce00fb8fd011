package dev.fathom.nn.io;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * A pickle reader that executes nothing. Only the data opcodes are passed to razorvine's
 * {@link Unpickler}; the opcodes that name or call Python objects are handled here, and resolve only
 * the torch rebuild functions, {@code collections.OrderedDict} and the {@code torch.XStorage} types
 * (see {@link TorchGlobal}). Calling them builds {@link TorchGlobal.PendingTensor}s and maps; any other
 * global, or an opcode outside the data subset, throws {@link UnsafePickleException}. Length-prefixed
 * strings are checked against the bytes left, so a forged length cannot exhaust memory.
 */
final class RestrictedUnpickler extends Unpickler {
  /** Data opcodes razorvine handles without touching Python objects. */
  private static final Set<Short> DATA_OPCODES = Set.of(
      Opcodes.MARK, Opcodes.STOP, Opcodes.POP, Opcodes.POP_MARK, Opcodes.DUP, Opcodes.FLOAT, Opcodes.INT,
      Opcodes.BININT, Opcodes.BININT1, Opcodes.LONG, Opcodes.BININT2, Opcodes.NONE, Opcodes.STRING,
      Opcodes.SHORT_BINSTRING, Opcodes.UNICODE, Opcodes.APPEND, Opcodes.LIST, Opcodes.EMPTY_LIST,
      Opcodes.APPENDS, Opcodes.GET, Opcodes.BINGET, Opcodes.LONG_BINGET, Opcodes.PUT, Opcodes.BINPUT,
      Opcodes.LONG_BINPUT, Opcodes.SETITEM, Opcodes.TUPLE, Opcodes.EMPTY_TUPLE,
      Opcodes.TUPLE1, Opcodes.TUPLE2, Opcodes.TUPLE3, Opcodes.BINFLOAT, Opcodes.PROTO, Opcodes.NEWTRUE,
      Opcodes.NEWFALSE, Opcodes.LONG1, Opcodes.SHORT_BINUNICODE, Opcodes.SHORT_BINBYTES, Opcodes.MEMOIZE,
      Opcodes.FRAME);

  private final Path file;
  private final BoundedInput in;

  /** Reads pickles from {@code in}, which knows how many bytes are left. */
  RestrictedUnpickler(Path file, BoundedInput in) {
    this.file = file;
    this.in = in;
  }

  /** The next pickle in the stream, with tensors still pending on their storages. */
  Object next() throws TensorFileException {
    try {
      return load(in);
    } catch (TensorFileException e) {
      throw e;
    } catch (IOException | RuntimeException e) { // razorvine's errors on malformed input: EOF, casts, number formats
      throw new TensorFileException(file, "malformed or truncated pickle: " + e, e);
    }
  }

  @Override
  protected Object dispatch(short key) throws IOException {
    switch (key) {
      case Opcodes.GLOBAL -> {
        String module = PickleUtils.readline(input);
        String name = PickleUtils.readline(input);
        stack.add(TorchGlobal.resolve(file, module, name));
      }
      case Opcodes.STACK_GLOBAL -> {
        Object name = stack.pop();
        Object module = stack.pop();
        if (!(module instanceof String m) || !(name instanceof String n)) throw malformed("STACK_GLOBAL needs two strings");
        stack.add(TorchGlobal.resolve(file, m, n));
      }
      case Opcodes.REDUCE, Opcodes.NEWOBJ -> {
        Object args = stack.pop();
        Object callable = stack.pop();
        if (!(callable instanceof TorchGlobal g)) throw new UnsafePickleException(file, "pickle calls " + describe(callable) + ", which is not an allowed global; nothing was executed");
        if (!(args instanceof Object[] a)) throw malformed("arguments of " + g + " are not a tuple");
        stack.add(g.call(file, a));
      }
      case Opcodes.BUILD -> {
        Object state = stack.pop();
        Object target = stack.peek();
        // OrderedDict state dicts carry a `_metadata` attribute of module versions; Fathom drops it.
        if (!(target instanceof Map<?, ?>) || !(state == null || state instanceof Map<?, ?>)) {
          throw new UnsafePickleException(file, "pickle sets the state of " + describe(target) + "; only dicts accept state here");
        }
      }
      case Opcodes.BINPERSID -> stack.add(TorchGlobal.storageRef(file, stack.pop()));
      case Opcodes.EMPTY_DICT -> stack.add(new LinkedHashMap<>());
      case Opcodes.DICT -> {
        List<Object> items = stack.pop_all_since_marker();
        if (items.size() % 2 != 0) throw malformed("DICT with an odd number of items");
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i += 2) map.put(items.get(i), items.get(i + 1));
        stack.add(map);
      }
      case Opcodes.SETITEMS -> { // razorvine's version goes through a HashMap and loses the order
        List<Object> items = stack.pop_all_since_marker();
        if (items.size() % 2 != 0 || !(stack.peek() instanceof Map<?, ?>)) throw malformed("SETITEMS needs key/value pairs and a dict");
        @SuppressWarnings("unchecked")
        Map<Object, Object> map = (Map<Object, Object>) stack.peek();
        for (int i = 0; i < items.size(); i += 2) map.put(items.get(i), items.get(i + 1));
      }
      case Opcodes.BINUNICODE -> stack.add(new String(readPrefixed(4), StandardCharsets.UTF_8));
      case Opcodes.BINUNICODE8 -> stack.add(new String(readPrefixed(8), StandardCharsets.UTF_8));
      case Opcodes.BINSTRING -> stack.add(new String(readPrefixed(4), StandardCharsets.ISO_8859_1));
      case Opcodes.BINBYTES -> stack.add(readPrefixed(4));
      case Opcodes.BINBYTES8 -> stack.add(readPrefixed(8));
      case Opcodes.LONG4 -> {
        byte[] b = readPrefixed(4);
        stack.add(b.length == 0 ? 0L : normalize(new BigInteger(reverse(b))));
      }
      default -> {
        if (!DATA_OPCODES.contains(key)) throw new UnsafePickleException(file, "pickle opcode " + opcodeName(key) + " is not allowed; nothing was executed");
        return super.dispatch(key);
      }
    }
    return NO_RETURN_VALUE;
  }

  private byte[] readPrefixed(int lengthBytes) throws IOException {
    byte[] len = PickleUtils.readbytes(input, lengthBytes);
    ByteBuffer bb = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN);
    long n = lengthBytes == 4 ? bb.getInt() & 0xFFFFFFFFL : bb.getLong();
    if (n < 0 || n > in.remaining()) throw malformed("a string of " + Long.toUnsignedString(n) + " bytes is longer than the " + in.remaining() + " bytes left");
    return PickleUtils.readbytes(input, (int) n);
  }

  private TensorFileException malformed(String problem) {
    return new TensorFileException(file, "malformed pickle: " + problem);
  }

  static Object normalize(BigInteger v) {
    return v.bitLength() < 64 ? (Object) v.longValue() : v;
  }

  private static byte[] reverse(byte[] b) {
    byte[] r = new byte[b.length];
    for (int i = 0; i < b.length; i++) r[i] = b[b.length - 1 - i];
    return r;
  }

  private static String describe(Object o) {
    return o == null ? "None" : o instanceof TorchGlobal g ? g.toString() : "a " + o.getClass().getSimpleName();
  }

  private static String opcodeName(short key) {
    return switch (key) {
      case Opcodes.INST -> "INST";
      case Opcodes.OBJ -> "OBJ";
      case Opcodes.EXT1, Opcodes.EXT2, Opcodes.EXT4 -> "EXT (extension registry)";
      case Opcodes.PERSID -> "PERSID";
      case Opcodes.NEWOBJ_EX -> "NEWOBJ_EX";
      case Opcodes.EMPTY_SET, Opcodes.ADDITEMS, Opcodes.FROZENSET -> "SET";
      case Opcodes.BYTEARRAY8, Opcodes.NEXT_BUFFER, Opcodes.READONLY_BUFFER -> "BUFFER";
      default -> String.format("0x%02x", key);
    };
  }

  /** An input stream that counts what is left of a known length. */
  static final class BoundedInput extends java.io.FilterInputStream {
    private long remaining;

    BoundedInput(InputStream in, long length) {
      super(in);
      this.remaining = length;
    }

    long remaining() {
      return remaining;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) remaining--;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) remaining -= n;
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(n);
      remaining -= s;
      return s;
    }
  }
}
