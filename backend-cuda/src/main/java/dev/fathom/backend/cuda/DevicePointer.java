package dev.fathom.backend.cuda;

import jcuda.driver.CUdeviceptr;

/**
 * Converts between JCuda's {@link CUdeviceptr} objects and the plain {@code long} addresses the
 * allocator and kernels use. JCuda adds a pointer's byte offset to its native address, so the
 * address {@code a} is the null pointer offset by {@code a} bytes.
 */
final class DevicePointer extends CUdeviceptr {
  private static final CUdeviceptr NULL = new CUdeviceptr();

  /** An empty pointer for the driver to fill (cuMemAlloc). */
  DevicePointer() {}

  private DevicePointer(long address) {
    super(NULL, address);
  }

  /** A pointer to device address {@code address}. */
  static CUdeviceptr at(long address) {
    return new DevicePointer(address);
  }

  /** The device address this pointer holds. */
  long address() {
    return getNativePointer() + getByteOffset();
  }
}
