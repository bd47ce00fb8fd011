// Helpers for convolution as GEMM: im2col unfolds a chunk of images into columns, col2im folds
// columns back by gathering (each input element sums the column entries that read it, so no
// atomics and a deterministic order). Layouts: x is [n, C, H, W] contiguous; col is
// [n, C*kh*kw, OH*OW] contiguous, row index c*kh*kw + ky*kw + kx.
#include "common.cuh"

struct ConvGeom {
  int n, C, H, W, OH, OW, kh, kw;
  int sh, sw, ph, pw, dh, dw;
};

template <typename T>
__device__ __forceinline__ void im2col_impl(const ConvGeom& g, const T* x, T* col) {
  const int P = g.OH * g.OW, CK = g.C * g.kh * g.kw;
  const long long total = (long long)g.n * CK * P;
  for (long long e = blockIdx.x * (long long)blockDim.x + threadIdx.x; e < total;
       e += (long long)blockDim.x * gridDim.x) {
    int p = (int)(e % P);
    long long r = e / P;
    int ck = (int)(r % CK), img = (int)(r / CK);
    int kx = ck % g.kw, t = ck / g.kw, ky = t % g.kh, c = t / g.kh;
    int oy = p / g.OW, ox = p - oy * g.OW;
    int iy = oy * g.sh - g.ph + ky * g.dh, ix = ox * g.sw - g.pw + kx * g.dw;
    T v = T(0);
    if (iy >= 0 && iy < g.H && ix >= 0 && ix < g.W) v = x[(((long long)img * g.C + c) * g.H + iy) * g.W + ix];
    col[e] = v;
  }
}

template <typename T>
__device__ __forceinline__ void col2im_impl(const ConvGeom& g, const T* col, T* x) {
  const int P = g.OH * g.OW, CK = g.C * g.kh * g.kw;
  const long long total = (long long)g.n * g.C * g.H * g.W;
  for (long long e = blockIdx.x * (long long)blockDim.x + threadIdx.x; e < total;
       e += (long long)blockDim.x * gridDim.x) {
    int ix = (int)(e % g.W);
    long long r = e / g.W;
    int iy = (int)(r % g.H);
    r /= g.H;
    int c = (int)(r % g.C), img = (int)(r / g.C);
    const T* cimg = col + (long long)img * CK * P;
    T sum = T(0);
    for (int ky = 0; ky < g.kh; ++ky) {
      int ty = iy + g.ph - ky * g.dh;
      if (ty < 0 || ty % g.sh != 0) continue;
      int oy = ty / g.sh;
      if (oy >= g.OH) continue;
      for (int kx = 0; kx < g.kw; ++kx) {
        int tx = ix + g.pw - kx * g.dw;
        if (tx < 0 || tx % g.sw != 0) continue;
        int ox = tx / g.sw;
        if (ox >= g.OW) continue;
        sum += cimg[(long long)((c * g.kh + ky) * g.kw + kx) * P + oy * g.OW + ox];
      }
    }
    x[e] = sum;
  }
}

extern "C" __global__ void im2col_f32(ConvGeom g, const float* x, float* col) { im2col_impl(g, x, col); }
extern "C" __global__ void im2col_f64(ConvGeom g, const double* x, double* col) { im2col_impl(g, x, col); }
extern "C" __global__ void col2im_f32(ConvGeom g, const float* col, float* x) { col2im_impl(g, col, x); }
extern "C" __global__ void col2im_f64(ConvGeom g, const double* col, double* x) { col2im_impl(g, col, x); }
