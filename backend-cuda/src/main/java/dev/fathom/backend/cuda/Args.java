package dev.fathom.backend.cuda;

import java.util.ArrayList;
import java.util.List;
import jcuda.Pointer;

/**
 * Kernel arguments for {@code cuLaunchKernel}, in the order of the kernel's parameters: device
 * pointers as 64-bit addresses, scalars, and structs of 32-bit ints (an {@code int[]} has exactly
 * the bytes of such a struct).
 *
 * <pre>{@code
 * gpu.launch("elementwise", "ew_fill", blocks, 256, new Args().ints(iter.packed()).ptr(out).i32(dtype).f64(v).i64(0).i32(0));
 * }</pre>
 */
final class Args {
  private final List<Pointer> values = new ArrayList<>();

  Args ptr(long address) {
    values.add(Pointer.to(new long[] {address}));
    return this;
  }

  Args i32(int v) {
    values.add(Pointer.to(new int[] {v}));
    return this;
  }

  Args i64(long v) {
    values.add(Pointer.to(new long[] {v}));
    return this;
  }

  Args f64(double v) {
    values.add(Pointer.to(new double[] {v}));
    return this;
  }

  /** A struct passed by value whose fields are all 32-bit ints. */
  Args ints(int[] struct) {
    values.add(Pointer.to(struct));
    return this;
  }

  Pointer pointer() {
    return Pointer.to(values.toArray(new Pointer[0]));
  }
}
