// gather, scatter-add and index-select (an index-select is a gather whose index is broadcast
// along every dim but one; the Java side builds that view). Index values were range-checked by
// the tensor layer. Scatter-add accumulates with atomics, so float sums may come in any order.
#include "common.cuh"

// Iter operands: 0 = out, 1 = index, 2 = x with the gathered dim's stride set to 0.
extern "C" __global__ void gather_k(Iter it, void* out, int odt, const long long* index, const void* x, int xdt,
                                    int xsd, int dom) {
  GRID_LOOP(i, it.n) {
    int off[3];
    iter_offsets<3>(it, i, off);
    long long at = off[2] + index[off[1]] * xsd;
    if (dom) store_l(out, odt, off[0], load_l(x, xdt, at));
    else store_d(out, odt, off[0], load_d(x, xdt, at));
  }
}

// Adds v to the byte at p (UINT8 wraps, BOOL stores sum != 0) with a CAS on its aligned word.
__device__ __forceinline__ void atomic_add_byte(unsigned char* p, long long v, bool isBool) {
  unsigned int* word = (unsigned int*)((size_t)p & ~(size_t)3);
  unsigned int shift = ((size_t)p & 3) * 8;
  unsigned int old = *word, assumed;
  do {
    assumed = old;
    unsigned int cur = (assumed >> shift) & 0xFFu;
    long long sum = (long long)cur + v;
    unsigned int nb = isBool ? (sum != 0 ? 1u : 0u) : (unsigned int)(sum & 0xFF);
    unsigned int next = (assumed & ~(0xFFu << shift)) | (nb << shift);
    old = atomicCAS(word, assumed, next);
  } while (old != assumed);
}

// Iter operands: 0 = src, 1 = index, 2 = out with the scattered dim's stride set to 0.
extern "C" __global__ void scatter_add_k(Iter it, const void* src, int sdt, const long long* index, void* out,
                                         int odt, int osd) {
  GRID_LOOP(i, it.n) {
    int off[3];
    iter_offsets<3>(it, i, off);
    long long at = off[2] + index[off[1]] * osd;
    switch (odt) {
      case DT_F32: atomicAdd((float*)out + at, (float)load_d(src, sdt, off[0])); break;
      case DT_F64: atomicAdd((double*)out + at, load_d(src, sdt, off[0])); break;
      case DT_I64:
        atomicAdd((unsigned long long*)out + at, (unsigned long long)load_l(src, sdt, off[0]));
        break;
      case DT_I32: atomicAdd((int*)out + at, (int)load_l(src, sdt, off[0])); break;
      default: atomic_add_byte((unsigned char*)out + at, load_l(src, sdt, off[0]), odt == DT_BOOL); break;
    }
  }
}
