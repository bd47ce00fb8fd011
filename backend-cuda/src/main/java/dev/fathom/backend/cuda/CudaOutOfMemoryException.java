package dev.fathom.backend.cuda;

/**
 * The GPU could not supply memory even after the caching allocator gave its cached blocks back to
 * the driver and retried. The backend stays usable: free tensors (drop references, or call
 * {@link CudaBackend#emptyCache()}) or use smaller batches, then go on.
 *
 * <pre>{@code
 * try {
 *   Tensor big = Tensor.zeros(1L << 40).to(Device.cuda());
 * } catch (CudaOutOfMemoryException e) {
 *   System.err.println(e.getMessage());   // "CUDA out of memory: tried to allocate ..."
 * }
 * }</pre>
 */
public final class CudaOutOfMemoryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CudaOutOfMemoryException(String message) {
    super(message);
  }
}
