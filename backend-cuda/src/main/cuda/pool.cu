// 2-d max and average pooling (NCHW, contiguous) and their gradients for every dtype, through the
// double domain as the scalar reference does. Backward passes gather: each input element sums the
// gradients of the windows that hold it, so there are no atomics and the order is fixed.
// Windows follow PyTorch: max pooling pads with -inf, lets the last NaN win and records h*W+w in the plane;
// average pooling clips the window to input-plus-padding for count_include_pad, to the input
// otherwise, unless divisor_override (> 0) is set.
#include "common.cuh"

struct PoolGeom {
  int planes, H, W, OH, OW;
  int kh, kw, sh, sw, ph, pw, dh, dw;
  int countIncludePad, divisorOverride;
};

extern "C" __global__ void maxpool_fwd(PoolGeom g, const void* x, int dt, void* out, long long* idx) {
  const int total = g.planes * g.OH * g.OW;
  GRID_LOOP(e, total) {
    int ox = e % g.OW, t = e / g.OW, oy = t % g.OH, plane = t / g.OH;
    int y0 = oy * g.sh - g.ph, x0 = ox * g.sw - g.pw;
    int y1 = min(y0 + (g.kh - 1) * g.dh + 1, g.H), x1 = min(x0 + (g.kw - 1) * g.dw + 1, g.W);
    while (y0 < 0) y0 += g.dh;
    while (x0 < 0) x0 += g.dw;
    long long base = (long long)plane * g.H * g.W;
    double best = -INFINITY;
    int at = y0 * g.W + x0;
    for (int iy = y0; iy < y1; iy += g.dh) {
      for (int ix = x0; ix < x1; ix += g.dw) {
        double v = load_d(x, dt, base + iy * g.W + ix);
        if (v > best || v != v) {
          best = v;
          at = iy * g.W + ix;
        }
      }
    }
    store_d(out, dt, e, best);
    if (idx) idx[e] = at;
  }
}

extern "C" __global__ void maxpool_bwd(PoolGeom g, const void* gout, int dt, const long long* idx, void* gin) {
  const int total = g.planes * g.H * g.W;
  GRID_LOOP(e, total) {
    int ix = e % g.W, t = e / g.W, iy = t % g.H, plane = t / g.H;
    int self = iy * g.W + ix;
    long long ob = (long long)plane * g.OH * g.OW;
    double sum = 0;
    for (int ky = 0; ky < g.kh; ++ky) {
      int ty = iy + g.ph - ky * g.dh;
      if (ty < 0 || ty % g.sh != 0 || ty / g.sh >= g.OH) continue;
      int oy = ty / g.sh;
      for (int kx = 0; kx < g.kw; ++kx) {
        int tx = ix + g.pw - kx * g.dw;
        if (tx < 0 || tx % g.sw != 0 || tx / g.sw >= g.OW) continue;
        long long o = ob + oy * g.OW + tx / g.sw;
        if (idx[o] == self) sum += load_d(gout, dt, o);
      }
    }
    store_d(gin, dt, e, sum);
  }
}

// The clipped window of output (oy, ox) and its divisor, as the scalar backend's Window.of.
__device__ __forceinline__ void avg_window(const PoolGeom& g, int oy, int ox, int& y0, int& y1, int& x0, int& x1,
                                           int& div) {
  y0 = oy * g.sh - g.ph;
  x0 = ox * g.sw - g.pw;
  y1 = min(y0 + g.kh, g.H + g.ph);
  x1 = min(x0 + g.kw, g.W + g.pw);
  int padded = (y1 - y0) * (x1 - x0);
  y0 = max(y0, 0);
  x0 = max(x0, 0);
  y1 = min(y1, g.H);
  x1 = min(x1, g.W);
  div = g.divisorOverride > 0 ? g.divisorOverride : g.countIncludePad ? padded : (y1 - y0) * (x1 - x0);
}

extern "C" __global__ void avgpool_fwd(PoolGeom g, const void* x, int dt, void* out) {
  const int total = g.planes * g.OH * g.OW;
  GRID_LOOP(e, total) {
    int ox = e % g.OW, t = e / g.OW, oy = t % g.OH, plane = t / g.OH;
    int y0, y1, x0, x1, div;
    avg_window(g, oy, ox, y0, y1, x0, x1, div);
    if (y0 >= y1 || x0 >= x1) {
      store_d(out, dt, e, 0.0);
      continue;
    }
    long long base = (long long)plane * g.H * g.W;
    double sum = 0;
    for (int iy = y0; iy < y1; ++iy)
      for (int ix = x0; ix < x1; ++ix) sum += load_d(x, dt, base + iy * g.W + ix);
    store_d(out, dt, e, sum / div);
  }
}

extern "C" __global__ void avgpool_bwd(PoolGeom g, const void* gout, int dt, void* gin) {
  const int total = g.planes * g.H * g.W;
  GRID_LOOP(e, total) {
    int ix = e % g.W, t = e / g.W, iy = t % g.H, plane = t / g.H;
    long long ob = (long long)plane * g.OH * g.OW;
    double sum = 0;
    for (int ky = 0; ky < g.kh; ++ky) {
      int ty = iy + g.ph - ky;
      if (ty < 0 || ty % g.sh != 0 || ty / g.sh >= g.OH) continue;
      int oy = ty / g.sh;
      for (int kx = 0; kx < g.kw; ++kx) {
        int tx = ix + g.pw - kx;
        if (tx < 0 || tx % g.sw != 0 || tx / g.sw >= g.OW) continue;
        int ox = tx / g.sw;
        int y0, y1, x0, x1, div;
        avg_window(g, oy, ox, y0, y1, x0, x1, div);
        if (iy >= y0 && iy < y1 && ix >= x0 && ix < x1) sum += load_d(gout, dt, ob + oy * g.OW + ox) / div;
      }
    }
    store_d(gin, dt, e, sum);
  }
}
