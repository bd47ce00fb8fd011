// Random fills from Philox4x32-10, element for element what dev.fathom.spi.Philox defines, so the
// CPU and GPU backends draw the same numbers from one seed: for uniform and Bernoulli fills,
// element i takes word i % 4 of block offset + i / 4; for normal fills, element i takes words 0
// and 1 of block offset + i through Box-Muller (cosine branch). A block is Philox of counter
// (block, 0) under key seed. Values are formed in double exactly as Philox.sample forms them,
// then stored converted to the output dtype. The output is contiguous.
#include "common.cuh"

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

#define DIST_UNIFORM 0
#define DIST_NORMAL 1
#define DIST_BERNOULLI 2

__device__ __forceinline__ uint4 philox_block(unsigned long long seed, unsigned long long counter) {
  unsigned int c0 = (unsigned int)counter, c1 = (unsigned int)(counter >> 32), c2 = 0, c3 = 0;
  unsigned int k0 = (unsigned int)seed, k1 = (unsigned int)(seed >> 32);
#pragma unroll
  for (int r = 0; r < 10; ++r) {
    unsigned int hi0 = __umulhi(PHILOX_M0, c0), lo0 = PHILOX_M0 * c0;
    unsigned int hi1 = __umulhi(PHILOX_M1, c2), lo1 = PHILOX_M1 * c2;
    unsigned int n0 = hi1 ^ c1 ^ k0, n1 = lo1, n2 = hi0 ^ c3 ^ k1, n3 = lo0;
    c0 = n0; c1 = n1; c2 = n2; c3 = n3;
    k0 += PHILOX_W0;
    k1 += PHILOX_W1;
  }
  return make_uint4(c0, c1, c2, c3);
}

__device__ __forceinline__ float uniform_float(unsigned int w) { return (float)(w >> 8) * 0x1.0p-24f; }

// One thread per Philox block: 4 elements for uniform/Bernoulli, 1 for normal.
extern "C" __global__ void random_fill(void* out, int dt, int n, int dist, double a, double b,
                                      unsigned long long seed, unsigned long long offset) {
  const int per = dist == DIST_NORMAL ? 1 : 4;
  const int blocks = dist == DIST_NORMAL ? n : (int)(((long long)n + 3) / 4);
  GRID_LOOP(k, blocks) {
    uint4 w = philox_block(seed, offset + (unsigned long long)k);
    if (dist == DIST_NORMAL) {
      double u1 = (double)((w.x >> 8) + 1) * (double)0x1.0p-24f;
      double u2 = (double)(w.y >> 8) * (double)0x1.0p-24f;
      double z = sqrt(-2.0 * log(u1)) * cos(2.0 * 3.141592653589793 * u2);
      store_d(out, dt, k, a + b * z);
    } else {
      unsigned int words[4] = {w.x, w.y, w.z, w.w};
      long long i0 = (long long)k * per;
#pragma unroll
      for (int j = 0; j < 4; ++j) {
        if (i0 + j >= n) break;
        double u = (double)uniform_float(words[j]);
        double v = dist == DIST_UNIFORM ? a + (b - a) * u : (u < a ? 1.0 : 0.0);
        store_d(out, dt, i0 + j, v);
      }
    }
  }
}
