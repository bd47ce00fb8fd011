// Fill, strided copy with cast, unary, binary, binary-with-scalar and where, over any strides
// (stride 0 broadcasts) and every dtype. Each element is loaded into its compute domain (double
// for floating, long long for integer/BOOL; chosen on the Java side and passed as `dom`), computed
// there and stored converted to the output dtype, as the scalar reference backend does. An
// output may alias an input of the same layout: each thread reads element i before writing it.
#include "ops.cuh"

extern "C" __global__ void ew_fill(Iter it, void* out, int odt, double v, long long lv, int dom) {
  GRID_LOOP(i, it.n) {
    int off[1];
    iter_offsets<1>(it, i, off);
    if (dom) store_l(out, odt, off[0], lv);
    else store_d(out, odt, off[0], v);
  }
}

extern "C" __global__ void ew_copy(Iter it, void* out, int odt, const void* x, int xdt, int dom) {
  GRID_LOOP(i, it.n) {
    int off[2];
    iter_offsets<2>(it, i, off);
    if (dom) store_l(out, odt, off[0], load_l(x, xdt, off[1]));
    else store_d(out, odt, off[0], load_d(x, xdt, off[1]));
  }
}

// Contiguous float32 -> float32 copy: the common device-to-device case, 4 elements per thread.
extern "C" __global__ void ew_copy_f32_contig(float* out, const float* x, int n) {
  int n4 = n >> 2;
  const float4* x4 = reinterpret_cast<const float4*>(x);
  float4* o4 = reinterpret_cast<float4*>(out);
  GRID_LOOP(i, n4) o4[i] = x4[i];
  GRID_LOOP(i, n - (n4 << 2)) out[(n4 << 2) + i] = x[(n4 << 2) + i];
}

extern "C" __global__ void ew_unary(Iter it, void* out, int odt, const void* x, int xdt, int op, int dom,
                                    double p1, double p2) {
  GRID_LOOP(i, it.n) {
    int off[2];
    iter_offsets<2>(it, i, off);
    if (dom) store_l(out, odt, off[0], unary_l(op, load_l(x, xdt, off[1]), p1, p2));
    else store_d(out, odt, off[0], unary_d(op, load_d(x, xdt, off[1]), p1, p2));
  }
}

extern "C" __global__ void ew_binary(Iter it, void* out, int odt, const void* a, const void* b, int abdt, int op,
                                     int dom, int* err) {
  GRID_LOOP(i, it.n) {
    int off[3];
    iter_offsets<3>(it, i, off);
    if (dom) store_l(out, odt, off[0], binary_l(op, load_l(a, abdt, off[1]), load_l(b, abdt, off[2]), err));
    else store_d(out, odt, off[0], binary_d(op, load_d(a, abdt, off[1]), load_d(b, abdt, off[2])));
  }
}

// Float32 a (op) b, same layout for all three, contiguous: the hot path of training loops.
extern "C" __global__ void ew_binary_f32_contig(float* out, const float* a, const float* b, int n, int op) {
  GRID_LOOP(i, n) out[i] = (float)binary_d(op, (double)a[i], (double)b[i]);
}

extern "C" __global__ void ew_binary_scalar(Iter it, void* out, int odt, const void* a, int adt, int op, int dom,
                                            double s, long long ls, int* err) {
  GRID_LOOP(i, it.n) {
    int off[2];
    iter_offsets<2>(it, i, off);
    if (dom) store_l(out, odt, off[0], binary_l(op, load_l(a, adt, off[1]), ls, err));
    else store_d(out, odt, off[0], binary_d(op, load_d(a, adt, off[1]), s));
  }
}

extern "C" __global__ void ew_where(Iter it, void* out, int odt, const void* cond, int cdt, const void* a,
                                    const void* b, int abdt, int dom) {
  GRID_LOOP(i, it.n) {
    int off[4];
    iter_offsets<4>(it, i, off);
    bool c = load_l(cond, cdt, off[1]) != 0;
    if (dom) store_l(out, odt, off[0], load_l(c ? a : b, abdt, c ? off[2] : off[3]));
    else store_d(out, odt, off[0], load_d(c ? a : b, abdt, c ? off[2] : off[3]));
  }
}
