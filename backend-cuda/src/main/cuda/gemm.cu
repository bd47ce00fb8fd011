// Batched matrix product C[z] = A[z] @ B[z] (+ C[z] when accumulating) over general strides.
// The batch index z = b1 * nb2 + b2 has two levels, each with its own stride per operand, so a
// convolution's (image, group) pairs run as one launch. A is M x K, B is K x N, C is M x N.
//
// gemm_<t>_<ak><bn>: tiled SIMT kernel, 128x128 block tile, BK = 8, 256 threads each holding an
//   8x8 register block (two 4x4 quads per axis), double-buffered shared memory fed through
//   registers. ak = 1 when A is contiguous along K, bn = 1 when B is contiguous along N; each
//   picks the global-load mapping that coalesces (other strides still work, only slower).
// gemm_tf32_<ak><bn>: float32 on tensor cores through wmma (m16n16k8, TF32 inputs, float
//   accumulation), 128x128x32 block tile, 8 warps of 64x32. Used only when the Java side enables
//   it (system property fathom.cuda.tf32=true), as PyTorch keeps TF32 matmul off by default.
#include "common.cuh"
#include <mma.h>

struct Gemm {
  int M, N, K, nb2;
  int aOff, aSM, aSK, aSB1, aSB2;
  int bOff, bSK, bSN, bSB1, bSB2;
  int cOff, cSM, cSN, cSB1, cSB2;
  int accumulate;
};

#define BM 128
#define BN 128
#define BK 8

template <typename T>
__device__ __forceinline__ void base_pointers(const Gemm& g, const T*& A, const T*& B, T*& C) {
  const int z = blockIdx.z, b1 = z / g.nb2, b2 = z - b1 * g.nb2;
  A += g.aOff + (long long)b1 * g.aSB1 + (long long)b2 * g.aSB2;
  B += g.bOff + (long long)b1 * g.bSB1 + (long long)b2 * g.bSB2;
  C += g.cOff + (long long)b1 * g.cSB1 + (long long)b2 * g.cSB2;
}

template <typename T, bool AK, bool BNC>
__device__ __forceinline__ void simt_gemm(const Gemm& g, const T* A, const T* B, T* C) {
  __shared__ __align__(16) T As[2][BK][BM];
  __shared__ __align__(16) T Bs[2][BK][BN];
  base_pointers(g, A, B, C);
  const int tid = threadIdx.x, M = g.M, N = g.N, K = g.K;
  const int m0 = blockIdx.y * BM, n0 = blockIdx.x * BN;
  // Load mapping: element j (0..3) of this thread's share of the A and B tiles.
  const int a_m = AK ? (tid >> 1) : ((tid & 31) << 2), a_k = AK ? ((tid & 1) << 2) : (tid >> 5);
  const int b_n = BNC ? ((tid & 31) << 2) : (tid >> 1), b_k = BNC ? (tid >> 5) : ((tid & 1) << 2);
  T ra[4], rb[4];

  auto load = [&](int k0) {
#pragma unroll
    for (int j = 0; j < 4; ++j) {
      int m = m0 + a_m + (AK ? 0 : j), k = k0 + a_k + (AK ? j : 0);
      ra[j] = (m < M && k < K) ? A[(long long)m * g.aSM + (long long)k * g.aSK] : T(0);
      int n = n0 + b_n + (BNC ? j : 0), kb = k0 + b_k + (BNC ? 0 : j);
      rb[j] = (n < N && kb < K) ? B[(long long)kb * g.bSK + (long long)n * g.bSN] : T(0);
    }
  };
  auto stash = [&](int buf) {
#pragma unroll
    for (int j = 0; j < 4; ++j) {
      As[buf][a_k + (AK ? j : 0)][a_m + (AK ? 0 : j)] = ra[j];
      Bs[buf][b_k + (BNC ? 0 : j)][b_n + (BNC ? j : 0)] = rb[j];
    }
  };

  const int ty = tid >> 4, tx = tid & 15;
  T acc[8][8];
#pragma unroll
  for (int i = 0; i < 8; ++i)
#pragma unroll
    for (int j = 0; j < 8; ++j) acc[i][j] = T(0);

  load(0);
  stash(0);
  __syncthreads();
  int buf = 0;
  for (int k0 = 0; k0 < K; k0 += BK) {
    const bool more = k0 + BK < K;
    if (more) load(k0 + BK);
#pragma unroll
    for (int kk = 0; kk < BK; ++kk) {
      T a[8], b[8];
#pragma unroll
      for (int i = 0; i < 4; ++i) {
        a[i] = As[buf][kk][(ty << 2) + i];
        a[i + 4] = As[buf][kk][64 + (ty << 2) + i];
        b[i] = Bs[buf][kk][(tx << 2) + i];
        b[i + 4] = Bs[buf][kk][64 + (tx << 2) + i];
      }
#pragma unroll
      for (int i = 0; i < 8; ++i)
#pragma unroll
        for (int j = 0; j < 8; ++j) acc[i][j] += a[i] * b[j];
    }
    if (more) stash(buf ^ 1);
    __syncthreads();
    buf ^= 1;
  }

#pragma unroll
  for (int i = 0; i < 8; ++i) {
    int m = m0 + (i < 4 ? (ty << 2) + i : 64 + (ty << 2) + i - 4);
    if (m >= M) continue;
#pragma unroll
    for (int j = 0; j < 8; ++j) {
      int n = n0 + (j < 4 ? (tx << 2) + j : 64 + (tx << 2) + j - 4);
      if (n >= N) continue;
      long long at = (long long)m * g.cSM + (long long)n * g.cSN;
      C[at] = g.accumulate ? C[at] + acc[i][j] : acc[i][j];
    }
  }
}

#define SIMT_KERNEL(name, T, AK, BNC)                                                        \
  extern "C" __global__ void __launch_bounds__(256) name(Gemm g, const T* A, const T* B, T* C) { \
    simt_gemm<T, AK, BNC>(g, A, B, C);                                                      \
  }

SIMT_KERNEL(gemm_f32_00, float, false, false)
SIMT_KERNEL(gemm_f32_01, float, false, true)
SIMT_KERNEL(gemm_f32_10, float, true, false)
SIMT_KERNEL(gemm_f32_11, float, true, true)
SIMT_KERNEL(gemm_f64_00, double, false, false)
SIMT_KERNEL(gemm_f64_01, double, false, true)
SIMT_KERNEL(gemm_f64_10, double, true, false)
SIMT_KERNEL(gemm_f64_11, double, true, true)
SIMT_KERNEL(gemm_i64_00, long long, false, false)
SIMT_KERNEL(gemm_i64_01, long long, false, true)
SIMT_KERNEL(gemm_i64_10, long long, true, false)
SIMT_KERNEL(gemm_i64_11, long long, true, true)

// ---- TF32 tensor cores ---------------------------------------------------------------------

#define TBM 128
#define TBN 128
#define TBK 32
#define TLDA (TBK + 4)
#define TLDB (TBN + 4)
#define TLDC 20

using namespace nvcuda;

template <bool AK, bool BNC>
__device__ __forceinline__ void tf32_gemm(const Gemm& g, const float* A, const float* B, float* C) {
  __shared__ __align__(32) float As[TBM][TLDA];
  __shared__ __align__(32) float Bs[TBK][TLDB];
  __shared__ __align__(32) float Cs[8][16][TLDC];
  base_pointers(g, A, B, C);
  const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31, M = g.M, N = g.N, K = g.K;
  const int m0 = blockIdx.y * TBM, n0 = blockIdx.x * TBN;
  const int wm = warp >> 2, wn = warp & 3;
  float ra[16], rb[16];

  auto load = [&](int k0) {
#pragma unroll
    for (int j = 0; j < 16; ++j) {
      int mr = AK ? (tid >> 5) + 8 * j : (tid & 127), kr = AK ? (tid & 31) : (tid >> 7) + 2 * j;
      int m = m0 + mr, k = k0 + kr;
      ra[j] = (m < M && k < K) ? A[(long long)m * g.aSM + (long long)k * g.aSK] : 0.f;
      int nr = BNC ? (tid & 127) : (tid >> 5) + 8 * j, kc = BNC ? (tid >> 7) + 2 * j : (tid & 31);
      int n = n0 + nr, kb = k0 + kc;
      rb[j] = (n < N && kb < K) ? B[(long long)kb * g.bSK + (long long)n * g.bSN] : 0.f;
    }
  };
  auto stash = [&]() {
#pragma unroll
    for (int j = 0; j < 16; ++j) {
      int mr = AK ? (tid >> 5) + 8 * j : (tid & 127), kr = AK ? (tid & 31) : (tid >> 7) + 2 * j;
      As[mr][kr] = wmma::__float_to_tf32(ra[j]);
      int nr = BNC ? (tid & 127) : (tid >> 5) + 8 * j, kc = BNC ? (tid >> 7) + 2 * j : (tid & 31);
      Bs[kc][nr] = wmma::__float_to_tf32(rb[j]);
    }
  };

  wmma::fragment<wmma::accumulator, 16, 16, 8, float> acc[4][2];
#pragma unroll
  for (int i = 0; i < 4; ++i)
#pragma unroll
    for (int j = 0; j < 2; ++j) wmma::fill_fragment(acc[i][j], 0.f);

  load(0);
  for (int k0 = 0; k0 < K; k0 += TBK) {
    stash();
    __syncthreads();
    if (k0 + TBK < K) load(k0 + TBK);
#pragma unroll
    for (int kk = 0; kk < TBK; kk += 8) {
      wmma::fragment<wmma::matrix_a, 16, 16, 8, wmma::precision::tf32, wmma::row_major> fa[4];
      wmma::fragment<wmma::matrix_b, 16, 16, 8, wmma::precision::tf32, wmma::row_major> fb[2];
#pragma unroll
      for (int i = 0; i < 4; ++i) wmma::load_matrix_sync(fa[i], &As[wm * 64 + i * 16][kk], TLDA);
#pragma unroll
      for (int j = 0; j < 2; ++j) wmma::load_matrix_sync(fb[j], &Bs[kk][wn * 32 + j * 16], TLDB);
#pragma unroll
      for (int i = 0; i < 4; ++i)
#pragma unroll
        for (int j = 0; j < 2; ++j) wmma::mma_sync(acc[i][j], fa[i], fb[j], acc[i][j]);
    }
    __syncthreads();
  }

#pragma unroll
  for (int i = 0; i < 4; ++i) {
#pragma unroll
    for (int j = 0; j < 2; ++j) {
      wmma::store_matrix_sync(&Cs[warp][0][0], acc[i][j], TLDC, wmma::mem_row_major);
      __syncwarp();
      for (int e = lane; e < 256; e += 32) {
        int r = e >> 4, c = e & 15;
        int m = m0 + wm * 64 + i * 16 + r, n = n0 + wn * 32 + j * 16 + c;
        if (m < M && n < N) {
          long long at = (long long)m * g.cSM + (long long)n * g.cSN;
          C[at] = g.accumulate ? C[at] + Cs[warp][r][c] : Cs[warp][r][c];
        }
      }
      __syncwarp();
    }
  }
}

#define TF32_KERNEL(name, AK, BNC)                                                                    \
  extern "C" __global__ void __launch_bounds__(256) name(Gemm g, const float* A, const float* B, float* C) { \
    tf32_gemm<AK, BNC>(g, A, B, C);                                                                    \
  }

TF32_KERNEL(gemm_tf32_00, false, false)
TF32_KERNEL(gemm_tf32_01, false, true)
TF32_KERNEL(gemm_tf32_10, true, false)
TF32_KERNEL(gemm_tf32_11, true, true)
