// The elementwise ops of dev.fathom.spi.UnaryOp and BinaryOp (same order: checked by
// PtxSourcesTest), in the two compute domains. Semantics follow the scalar reference backend:
// NaN-propagating RELU/CLAMP/MAXIMUM/MINIMUM, SIGN of NaN is 0, ROUND half to even, floored
// REMAINDER, exact integer POW with PyTorch's negative-exponent rule.
#pragma once
#include "common.cuh"

enum UnaryOpCode {
  U_NEG, U_ABS, U_SIGN, U_EXP, U_LOG, U_LOG1P, U_EXPM1, U_SQRT, U_RSQRT, U_RECIPROCAL, U_SQUARE,
  U_SIN, U_COS, U_FLOOR, U_CEIL, U_ROUND, U_TRUNC,
  U_RELU, U_SIGMOID, U_TANH,
  U_LEAKY_RELU,
  U_CLAMP,
  U_LOGICAL_NOT,
  U_ISNAN
};

enum BinaryOpCode {
  B_ADD, B_SUB, B_MUL, B_DIV, B_POW, B_MAXIMUM, B_MINIMUM, B_REMAINDER, B_ATAN2,
  B_EQ, B_NE, B_GT, B_GE, B_LT, B_LE, B_LOGICAL_AND, B_LOGICAL_OR
};

// Error bits a kernel may raise into the backend's error word (read at the next host sync).
#define ERR_INT_DIV_BY_ZERO 1

__device__ __forceinline__ double unary_d(int op, double v, double p1, double p2) {
  switch (op) {
    case U_NEG: return -v;
    case U_ABS: return fabs(v);
    case U_SIGN: return v > 0 ? 1.0 : v < 0 ? -1.0 : 0.0;
    case U_EXP: return exp(v);
    case U_LOG: return log(v);
    case U_LOG1P: return log1p(v);
    case U_EXPM1: return expm1(v);
    case U_SQRT: return sqrt(v);
    case U_RSQRT: return 1.0 / sqrt(v);
    case U_RECIPROCAL: return 1.0 / v;
    case U_SQUARE: return v * v;
    case U_SIN: return sin(v);
    case U_COS: return cos(v);
    case U_FLOOR: return floor(v);
    case U_CEIL: return ceil(v);
    case U_ROUND: return rint(v);
    case U_TRUNC: return trunc(v);
    case U_RELU: return (v > 0 || v != v) ? v : 0.0;
    case U_SIGMOID: return 1.0 / (1.0 + exp(-v));
    case U_TANH: return tanh(v);
    case U_LEAKY_RELU: return v > 0 ? v : p1 * v;
    case U_CLAMP:
      if (p1 == p1 && v < p1) v = p1;
      if (p2 == p2 && v > p2) v = p2;
      return v;
    case U_LOGICAL_NOT: return v == 0 ? 1.0 : 0.0;
    default: return v != v ? 1.0 : 0.0;  // U_ISNAN
  }
}

// Integer meanings only (the Java side rejects the others before launching).
__device__ __forceinline__ long long unary_l(int op, long long v, double p1, double p2) {
  switch (op) {
    case U_NEG: return (long long)(0ULL - (unsigned long long)v);
    case U_ABS: return v < 0 ? (long long)(0ULL - (unsigned long long)v) : v;
    case U_SIGN: return (v > 0) - (v < 0);
    case U_SQUARE: return (long long)((unsigned long long)v * (unsigned long long)v);
    case U_RELU: return v > 0 ? v : 0;
    case U_CLAMP:
      if (p1 == p1 && v < (long long)p1) v = (long long)p1;
      if (p2 == p2 && v > (long long)p2) v = (long long)p2;
      return v;
    case U_LOGICAL_NOT: return v == 0 ? 1 : 0;
    case U_ISNAN: return 0;
    default: return v;  // FLOOR, CEIL, ROUND, TRUNC are the identity on integers
  }
}

__device__ __forceinline__ double remainder_d(double a, double b) {
  double m = fmod(a, b);
  return (m != 0 && ((b < 0) != (m < 0))) ? m + b : m;
}

__device__ __forceinline__ double binary_d(int op, double x, double y) {
  switch (op) {
    case B_ADD: return x + y;
    case B_SUB: return x - y;
    case B_MUL: return x * y;
    case B_DIV: return x / y;
    case B_POW: return pow(x, y);
    case B_MAXIMUM: return (x != x) ? x : (y != y) ? y : fmax(x, y);
    case B_MINIMUM: return (x != x) ? x : (y != y) ? y : fmin(x, y);
    case B_REMAINDER: return remainder_d(x, y);
    case B_ATAN2: return atan2(x, y);
    case B_EQ: return x == y ? 1.0 : 0.0;
    case B_NE: return x != y ? 1.0 : 0.0;
    case B_GT: return x > y ? 1.0 : 0.0;
    case B_GE: return x >= y ? 1.0 : 0.0;
    case B_LT: return x < y ? 1.0 : 0.0;
    case B_LE: return x <= y ? 1.0 : 0.0;
    case B_LOGICAL_AND: return (x != 0 && y != 0) ? 1.0 : 0.0;
    default: return (x != 0 || y != 0) ? 1.0 : 0.0;  // B_LOGICAL_OR
  }
}

__device__ __forceinline__ long long pow_l(long long base, long long e) {
  if (e < 0) {
    if (base == 1) return 1;
    if (base == -1) return (e & 1) == 0 ? 1 : -1;
    return 0;
  }
  unsigned long long r = 1, b = (unsigned long long)base;
  unsigned long long k = (unsigned long long)e;
  while (k != 0) {
    if (k & 1) r *= b;
    b *= b;
    k >>= 1;
  }
  return (long long)r;
}

// Wrapping arithmetic is done in unsigned 64-bit to stay defined, as Java's long does.
__device__ __forceinline__ long long binary_l(int op, long long x, long long y, int* err) {
  typedef unsigned long long u64;
  switch (op) {
    case B_ADD: return (long long)((u64)x + (u64)y);
    case B_SUB: return (long long)((u64)x - (u64)y);
    case B_MUL: return (long long)((u64)x * (u64)y);
    case B_POW: return pow_l(x, y);
    case B_MAXIMUM: return x > y ? x : y;
    case B_MINIMUM: return x < y ? x : y;
    case B_REMAINDER: {
      if (y == 0) {
        atomicOr(err, ERR_INT_DIV_BY_ZERO);
        return 0;
      }
      if (y == -1) return 0;  // avoids the overflow trap of LLONG_MIN % -1
      long long m = x % y;
      return (m != 0 && ((m ^ y) < 0)) ? m + y : m;
    }
    case B_EQ: return x == y;
    case B_NE: return x != y;
    case B_GT: return x > y;
    case B_GE: return x >= y;
    case B_LT: return x < y;
    case B_LE: return x <= y;
    case B_LOGICAL_AND: return x != 0 && y != 0;
    case B_LOGICAL_OR: return x != 0 || y != 0;
    default: return 0;  // DIV and ATAN2 are rejected on the Java side for integers
  }
}
