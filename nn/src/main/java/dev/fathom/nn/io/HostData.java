package dev.fathom.nn.io;

import dev.fathom.DType;
import dev.fathom.Device;
import dev.fathom.Tensor;
import dev.fathom.spi.HeapStorage;
import dev.fathom.spi.View;

/** A tensor's elements as a row-major run {@code [offset, offset+numel)} of a CPU storage array. */
record HostData(Object array, DType dtype, int offset, int numel) {

  /** The tensor's data, copied only when it is not already a contiguous CPU view. */
  static HostData of(Tensor t) {
    Tensor c = t.detach();
    if (!c.device().equals(Device.cpu())) c = c.to(Device.cpu());
    if (!c.isContiguous()) c = c.contiguous();
    return whole(c.view(), c.view().offset(), c.view().numel());
  }

  /** The whole storage under a CPU view (for writers that keep views sharing one storage). */
  static HostData storageOf(View v) {
    return whole(v, 0, v.storage().size());
  }

  private static HostData whole(View v, int offset, int numel) {
    if (!(v.storage() instanceof HeapStorage h)) {
      throw new IllegalStateException("CPU tensor without heap storage: " + v.storage().getClass().getName());
    }
    return new HostData(h.array(), v.dtype(), offset, numel);
  }
}
