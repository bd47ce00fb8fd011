// Reductions over any set of dims, the inclusive prefix sum and the fused softmax.
//
// reduce: the Java side permutes the reduced dims last, so the input is `rows` rows of `len`
// elements. Iter `outer` walks the rows (operand 0: the input's row start, operand 1: the output
// element); Iter `inner` walks one row of the input. One block per row; each thread accumulates a
// strided subset in the compute domain (double for floating inputs, long long for integer/BOOL),
// then the block combines in shared memory. ARGMAX/ARGMIN keep the first occurrence, NaN winning.
#include "ops.cuh"

#define R_SUM 0
#define R_PROD 1
#define R_MAX 2
#define R_MIN 3
#define R_ARGMAX 4
#define R_ARGMIN 5
#define R_ANY 6
#define R_ALL 7

#define RED_THREADS 256

__device__ __forceinline__ double red_init_d(int op) {
  switch (op) {
    case R_PROD: case R_ALL: return 1.0;
    case R_MAX: return -INFINITY;
    case R_MIN: return INFINITY;
    default: return 0.0;
  }
}

__device__ __forceinline__ long long red_init_l(int op) {
  switch (op) {
    case R_PROD: case R_ALL: return 1;
    case R_MAX: return (long long)0x8000000000000000ULL;
    case R_MIN: return 0x7FFFFFFFFFFFFFFFLL;
    default: return 0;
  }
}

__device__ __forceinline__ double red_step_d(int op, double acc, double v) {
  switch (op) {
    case R_SUM: return acc + v;
    case R_PROD: return acc * v;
    case R_MAX: return (v > acc || v != v) && acc == acc ? v : acc;
    case R_MIN: return (v < acc || v != v) && acc == acc ? v : acc;
    case R_ANY: return (acc != 0 || v != 0) ? 1.0 : 0.0;
    default: return (acc != 0 && v != 0) ? 1.0 : 0.0;  // R_ALL
  }
}

__device__ __forceinline__ long long red_step_l(int op, long long acc, long long v) {
  switch (op) {
    case R_SUM: return (long long)((unsigned long long)acc + (unsigned long long)v);
    case R_PROD: return (long long)((unsigned long long)acc * (unsigned long long)v);
    case R_MAX: return v > acc ? v : acc;
    case R_MIN: return v < acc ? v : acc;
    case R_ANY: return (acc != 0 || v != 0) ? 1 : 0;
    default: return (acc != 0 && v != 0) ? 1 : 0;
  }
}

// True when candidate (v, vi) beats (b, bi) for ARGMAX (max=true) or ARGMIN; vi < 0 is "none".
__device__ __forceinline__ bool arg_better_d(bool max, double v, int vi, double b, int bi) {
  if (vi < 0) return false;
  if (bi < 0) return true;
  bool vn = v != v, bn = b != b;
  if (vn || bn) return vn && (!bn || vi < bi);
  if (v == b) return vi < bi;
  return max ? v > b : v < b;
}

__device__ __forceinline__ bool arg_better_l(bool max, long long v, int vi, long long b, int bi) {
  if (vi < 0) return false;
  if (bi < 0) return true;
  if (v == b) return vi < bi;
  return max ? v > b : v < b;
}

extern "C" __global__ void __launch_bounds__(RED_THREADS)
reduce_rows(Iter outer, Iter inner, const void* x, int xdt, void* out, int odt, int op, int dom, int rows) {
  __shared__ double sd[RED_THREADS];
  __shared__ long long sl[RED_THREADS];
  __shared__ int si[RED_THREADS];
  const int len = inner.n, t = threadIdx.x, nt = blockDim.x;
  const bool arg = op == R_ARGMAX || op == R_ARGMIN, amax = op == R_ARGMAX;
  for (int row = blockIdx.x; row < rows; row += gridDim.x) {
    int ro[2];
    iter_offsets<2>(outer, row, ro);
    double ad = red_init_d(op);
    long long al = red_init_l(op);
    int ai = -1;
    for (int j = t; j < len; j += nt) {
      int io[1];
      iter_offsets<1>(inner, j, io);
      long long at = (long long)ro[0] + io[0];
      if (dom) {
        long long v = load_l(x, xdt, at);
        if (arg) {
          if (arg_better_l(amax, v, j, al, ai)) { al = v; ai = j; }
        } else {
          al = red_step_l(op, al, v);
        }
      } else {
        double v = load_d(x, xdt, at);
        if (arg) {
          if (arg_better_d(amax, v, j, ad, ai)) { ad = v; ai = j; }
        } else {
          ad = red_step_d(op, ad, v);
        }
      }
    }
    sd[t] = ad;
    sl[t] = al;
    si[t] = ai;
    __syncthreads();
    for (int s = nt >> 1; s > 0; s >>= 1) {
      if (t < s) {
        if (arg) {
          bool better = dom ? arg_better_l(amax, sl[t + s], si[t + s], sl[t], si[t])
                            : arg_better_d(amax, sd[t + s], si[t + s], sd[t], si[t]);
          if (better) { sd[t] = sd[t + s]; sl[t] = sl[t + s]; si[t] = si[t + s]; }
        } else if (dom) {
          sl[t] = red_step_l(op, sl[t], sl[t + s]);
        } else {
          sd[t] = red_step_d(op, sd[t], sd[t + s]);
        }
      }
      __syncthreads();
    }
    if (t == 0) {
      if (arg) store_l(out, odt, ro[1], si[0] < 0 ? 0 : si[0]);
      else if (dom) store_l(out, odt, ro[1], sl[0]);
      else store_d(out, odt, ro[1], sd[0]);
    }
    __syncthreads();
  }
}

// Inclusive prefix sum along one dim: one thread per line. `lines` walks the line starts
// (operand 0: output, operand 1: input); xs/os are the strides along the dim.
extern "C" __global__ void cumsum_lines(Iter lines, const void* x, int xdt, int xs, void* out, int odt, int os,
                                        int len, int dom) {
  GRID_LOOP(line, lines.n) {
    int off[2];
    iter_offsets<2>(lines, line, off);
    long long xo = off[1], oo = off[0];
    double ad = 0;
    long long al = 0;
    for (int k = 0; k < len; ++k, xo += xs, oo += os) {
      if (dom) {
        al = (long long)((unsigned long long)al + (unsigned long long)load_l(x, xdt, xo));
        store_l(out, odt, oo, al);
      } else {
        ad += load_d(x, xdt, xo);
        store_d(out, odt, oo, ad);
      }
    }
  }
}

__device__ __forceinline__ double warp_max(double v) {
#pragma unroll
  for (int s = 16; s > 0; s >>= 1) {
    double o = __shfl_xor_sync(0xffffffffu, v, s);
    v = (o > v || o != o) ? o : v;
  }
  return v;
}

__device__ __forceinline__ double warp_sum(double v) {
#pragma unroll
  for (int s = 16; s > 0; s >>= 1) v += __shfl_xor_sync(0xffffffffu, v, s);
  return v;
}

// Softmax (or log-softmax) along one dim: one warp per line, computed in double and rounded once.
// `lines` as for cumsum; a line of all -inf gives NaN, as PyTorch.
extern "C" __global__ void softmax_lines(Iter lines, const void* x, int xdt, int xs, void* out, int odt, int os,
                                         int len, int logMode) {
  int warp = (blockIdx.x * blockDim.x + threadIdx.x) >> 5, lane = threadIdx.x & 31;
  int warps = (gridDim.x * blockDim.x) >> 5;
  for (int line = warp; line < lines.n; line += warps) {
    int off[2];
    iter_offsets<2>(lines, line, off);
    long long xo = off[1], oo = off[0];
    double m = -INFINITY;
    for (int k = lane; k < len; k += 32) {
      double v = load_d(x, xdt, xo + (long long)k * xs);
      m = (v > m || v != v) ? v : m;
    }
    m = warp_max(m);
    double s = 0;
    for (int k = lane; k < len; k += 32) s += exp(load_d(x, xdt, xo + (long long)k * xs) - m);
    s = warp_sum(s);
    double ls = log(s);
    for (int k = lane; k < len; k += 32) {
      double d = load_d(x, xdt, xo + (long long)k * xs) - m;
      store_d(out, odt, oo + (long long)k * os, logMode ? d - ls : exp(d) / s);
    }
  }
}
