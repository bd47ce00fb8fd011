// Shared definitions for Fathom's CUDA kernels: dtype codes, the strided iteration struct that
// the Java side packs (dev.fathom.backend.cuda.Iter), and typed loads/stores through the two
// compute domains of the scalar reference backend (double for floating dtypes, long long for
// integer and BOOL dtypes).
#pragma once

// dtype codes: the ordinals of dev.fathom.DType (checked by PtxSourcesTest).
#define DT_BOOL 0
#define DT_U8 1
#define DT_I32 2
#define DT_I64 3
#define DT_F32 4
#define DT_F64 5

#define MAX_DIMS 8
#define MAX_OPS 4

// Up to MAX_OPS operands walked over one shape, row-major. Operand 0 is the output where a kernel
// has one. Dims of size 1 were dropped and mergeable dims merged on the Java side. 184 bytes, all
// 32-bit ints, so the Java packing is a plain little-endian int sequence.
struct Iter {
  int nd;
  int n;
  int shape[MAX_DIMS];
  int stride[MAX_OPS][MAX_DIMS];
  int offset[MAX_OPS];
};

// Element offsets of linear index i for the first NOPS operands.
template <int NOPS>
__device__ __forceinline__ void iter_offsets(const Iter& it, int i, int* off) {
#pragma unroll
  for (int k = 0; k < NOPS; ++k) off[k] = it.offset[k];
  if (it.nd == 1) {
#pragma unroll
    for (int k = 0; k < NOPS; ++k) off[k] += i * it.stride[k][0];
    return;
  }
#pragma unroll
  for (int d = MAX_DIMS - 1; d >= 0; --d) {
    if (d < it.nd) {
      int s = it.shape[d];
      int q = i / s;
      int r = i - q * s;
#pragma unroll
      for (int k = 0; k < NOPS; ++k) off[k] += r * it.stride[k][d];
      i = q;
    }
  }
}

__device__ __forceinline__ double load_d(const void* p, int dt, long long i) {
  switch (dt) {
    case DT_F32: return (double)((const float*)p)[i];
    case DT_F64: return ((const double*)p)[i];
    case DT_I64: return (double)((const long long*)p)[i];
    case DT_I32: return (double)((const int*)p)[i];
    default: return (double)((const unsigned char*)p)[i];  // UINT8 unsigned, BOOL 0/1
  }
}

// Floating values truncate toward zero (saturating, NaN -> 0, as Java's (long) cast).
__device__ __forceinline__ long long load_l(const void* p, int dt, long long i) {
  switch (dt) {
    case DT_F32: return (long long)((const float*)p)[i];
    case DT_F64: return (long long)((const double*)p)[i];
    case DT_I64: return ((const long long*)p)[i];
    case DT_I32: return (long long)((const int*)p)[i];
    default: return (long long)((const unsigned char*)p)[i];
  }
}

// Converts as a C cast does; integers wrap, BOOL stores v != 0 (NaN included).
__device__ __forceinline__ void store_d(void* p, int dt, long long i, double v) {
  switch (dt) {
    case DT_F32: ((float*)p)[i] = (float)v; break;
    case DT_F64: ((double*)p)[i] = v; break;
    case DT_I64: ((long long*)p)[i] = (long long)v; break;
    case DT_I32: ((int*)p)[i] = (int)(long long)v; break;
    case DT_U8: ((unsigned char*)p)[i] = (unsigned char)(long long)v; break;
    default: ((unsigned char*)p)[i] = v != 0.0 ? 1 : 0; break;
  }
}

__device__ __forceinline__ void store_l(void* p, int dt, long long i, long long v) {
  switch (dt) {
    case DT_F32: ((float*)p)[i] = (float)v; break;
    case DT_F64: ((double*)p)[i] = (double)v; break;
    case DT_I64: ((long long*)p)[i] = v; break;
    case DT_I32: ((int*)p)[i] = (int)v; break;
    case DT_U8: ((unsigned char*)p)[i] = (unsigned char)v; break;
    default: ((unsigned char*)p)[i] = v != 0 ? 1 : 0; break;
  }
}

// Grid-stride loop over [0, n), n < 2^31; the step is taken in 64 bits so i never overflows.
#define GRID_LOOP(i, n)                                                     \
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < (n);             \
       i = (int)min((long long)i + (long long)blockDim.x * gridDim.x, (long long)(n)))

#define PTR(T, p) reinterpret_cast<T*>(p)
