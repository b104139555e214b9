#pragma once
// The arithmetic the model is written in: one number type `F` that is either a
// float (one person: the scalar reference path, tests, entry histories) or
// `simd::floats`, eight people side by side (the engine's block kernel). Every
// function of the model is written once, as a template over F, from the helpers
// below; both instantiations perform the same IEEE operations in the same order,
// so the vector kernel gives bitwise the results of the scalar path
// (tests/repro: Reproducibility.EngineEqualsTheScalarReferencePath).
//
// Why GCC/Clang vector extensions and not a SIMD library: they need no dependency,
// lower to AVX2 with -march=native and to two SSE2 halves in the portable build,
// and, unlike a library's vector exp/log, they let the scalar path run the very same
// code. Transcendentals are the Cephes single-precision algorithms (S. L. Moshier,
// Cephes Math Library, 1984-2000; also used by Eigen, SLEEF and xsimd), written
// branch-free so they vectorise: relative error about 1e-7 (1-2 ulp) on the ranges
// the model uses (docs/performance.md). Conditions become masks and `select`.
//
// Both paths must be compiled without floating-point contraction (-ffp-contract=off,
// set by painsim_target_options), or a fused multiply-add in one and not the other
// would break the bitwise identity.

#include <bit>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <cstring>
#include <type_traits>
#if defined(__AVX__)
#include <immintrin.h>
#endif

namespace painsim::models::simd {

/// People stepped together by the block kernel (8 float lanes = one AVX2 register).
inline constexpr std::size_t kLanes = 8;

typedef float floats __attribute__((vector_size(4 * kLanes)));
typedef std::int32_t ints __attribute__((vector_size(4 * kLanes)));
typedef std::uint32_t words __attribute__((vector_size(4 * kLanes)));

/// The number types the model is instantiated with.
template <class F>
concept Real = std::same_as<F, float> || std::same_as<F, floats>;

template <class F>
struct LaneTypes;
template <>
struct LaneTypes<float> {
  using Int = std::int32_t;
  using Word = std::uint32_t;
  using Mask = bool;
};
template <>
struct LaneTypes<floats> {
  using Int = ints;
  using Word = words;
  using Mask = ints;  ///< a comparison's result: -1 where true, 0 where false
};
/// The integer type with F's lanes (int32 or simd::ints).
template <class F>
using IntOf = typename LaneTypes<F>::Int;
/// The unsigned 32-bit type with F's lanes (uint32 or simd::words).
template <class F>
using WordOf = typename LaneTypes<F>::Word;

/// The result type of comparing two F (bool or simd::ints).
template <class F>
using MaskOf = typename LaneTypes<F>::Mask;
/// Integer types of the lanes: int32 or simd::ints.
template <class I>
concept Integer = std::same_as<I, std::int32_t> || std::same_as<I, ints>;

/// A value in every lane (T itself when already of type T).
template <class T, class V>
inline T splat(V v) {
  if constexpr (std::is_same_v<T, V> || std::is_arithmetic_v<T>)
    return T(v);
  else
    return T{} + decltype(T{}[0])(v);
}

/// Lane-wise `m ? a : b` (m: a comparison's result; both a and b are computed).
template <class M, class T>
inline T select(M m, T a, T b) {
  return m ? a : b;
}

/// std::min(a, b): b where b < a, else a.
template <class T, class U>
inline T min(T a, U b) {
  const T c = splat<T>(b);
  return select(c < a, c, a);
}
/// std::max(a, b): b where a < b, else a.
template <class T, class U>
inline T max(T a, U b) {
  const T c = splat<T>(b);
  return select(a < c, c, a);
}
/// std::clamp(x, lo, hi).
template <class T>
inline T clamp(T x, float lo, float hi) {
  return min(max(x, lo), hi);
}

/// 1 where the mask is set, else 0, as type T (float, int32 or their lanes).
template <class T, class M>
inline T indicator(M m) {
  return select(m, splat<T>(1), splat<T>(0));
}

/// Where the mask is not set. (Masks combine with & and |; for one person these give
/// an int, which select() reads as true when nonzero.)
template <class M>
inline auto negate(M m) {
  if constexpr (std::is_arithmetic_v<M>)
    return !m;
  else
    return ~m;
}

/// Float from integer, lane-wise.
template <class I>
inline auto toFloat(I i) {
  if constexpr (std::is_integral_v<I>)
    return float(i);
  else
    return __builtin_convertvector(i, floats);
}
/// Integer from float by truncation toward zero, lane-wise (|x| < 2^31).
template <Real F>
inline IntOf<F> truncate(F x) {
  if constexpr (std::is_same_v<F, float>)
    return std::int32_t(x);
  else
    return __builtin_convertvector(x, ints);
}
/// std::floor for |x| < 2^31.
template <Real F>
inline F floor(F x) {
  const F t = toFloat(truncate(x));
  return select(x < t, t - 1.f, t);
}
/// std::round (halves away from zero) for |x| < 2^31: x - trunc(x) is exact.
template <Real F>
inline F round(F x) {
  const F t = toFloat(truncate(x));
  const F d = x - t;
  return select(d >= 0.5f, t + 1.f, select(d <= -0.5f, t - 1.f, t));
}
/// std::sqrt, correctly rounded in both instantiations.
template <Real F>
inline F sqrt(F x) {
  if constexpr (std::is_same_v<F, float>) {
    return __builtin_sqrtf(x);  // the instruction itself: no errno path
  } else {
#if defined(__AVX__)
    static_assert(kLanes == 8);
    return F(_mm256_sqrt_ps(__m256(x)));
#else
    F r;
    for (std::size_t k = 0; k < kLanes; ++k) r[k] = __builtin_sqrtf(x[k]);
    return r;
#endif
  }
}

/// e^x (Cephes expf): x = n ln2 + r with |r| <= ln2 / 2, e^r by a degree-7 polynomial,
/// 2^n through the exponent bits. Clamped to [-87.3, 88.3]: e^x stays a normal float.
template <Real F>
inline F exp(F x) {
  x = clamp(x, -87.3365447504f, 88.3762626647949f);
  const F n = floor(x * 1.44269504088896341f + 0.5f);
  x = x - n * 0.693359375f;
  x = x - n * -2.12194440e-4f;
  const F z = x * x;
  F y = splat<F>(1.9875691500e-4f);
  y = y * x + 1.3981999507e-3f;
  y = y * x + 8.3334519073e-3f;
  y = y * x + 4.1665795894e-2f;
  y = y * x + 1.6666665459e-1f;
  y = y * x + 5.0000001201e-1f;
  y = y * z + x + 1.f;
  const IntOf<F> bits = (truncate(n) + 127) << 23;
  return y * std::bit_cast<F>(bits);
}

/// ln x for positive normal x (Cephes logf): x = m 2^e with m in [sqrt(1/2), sqrt(2)),
/// ln(m) by a degree-9 polynomial in m - 1.
template <Real F>
inline F log(F x) {
  using I = IntOf<F>;
  const I bits = std::bit_cast<I>(x);
  I e = ((bits >> 23) & 0xff) - 126;
  F m = std::bit_cast<F>((bits & 0x007fffff) | 0x3f000000);  // [0.5, 1)
  const auto small = m < 0.707106781186547524f;
  e = e - select(small, splat<I>(1), splat<I>(0));
  m = select(small, m + m, m) - 1.f;
  const F z = m * m;
  F y = splat<F>(7.0376836292e-2f);
  y = y * m - 1.1514610310e-1f;
  y = y * m + 1.1676998740e-1f;
  y = y * m - 1.2420140846e-1f;
  y = y * m + 1.4249322787e-1f;
  y = y * m - 1.6668057665e-1f;
  y = y * m + 2.0000714765e-1f;
  y = y * m - 2.4999993993e-1f;
  y = y * m + 3.3333331174e-1f;
  y = y * m * z;
  const F fe = toFloat(e);
  y = y + fe * -2.12194440e-4f;
  y = y - 0.5f * z;
  return m + y + fe * 0.693359375f;
}

/// ln(1 + x) for x > -1, accurate for small x (the rounding of 1 + x is corrected).
template <Real F>
inline F log1p(F x) {
  const F u = x + 1.f;
  const F safe = select(u == 1.f, splat<F>(2.f), u);  // avoid 0/0 below
  return select(u == 1.f, x, log(safe) * (x / (safe - 1.f)));
}

/// sin(pi x) and cos(pi x) for |x| <= 1: x = q/2 + r with |r| <= 1/4 (exact), the Cephes
/// sinf / cosf polynomials on pi r, and the quadrant q mod 4.
template <Real F>
inline void sincospi(F x, F& s, F& c) {
  using I = IntOf<F>;
  const F q = round(x + x);
  const F t = (x - 0.5f * q) * 3.14159265358979323846f;
  const F z = t * t;
  F ps = splat<F>(-1.9515295891e-4f);
  ps = ps * z + 8.3321608736e-3f;
  ps = ps * z - 1.6666654611e-1f;
  const F sinT = t + t * z * ps;
  F pc = splat<F>(2.443315711809948e-5f);
  pc = pc * z - 1.388731625493765e-3f;
  pc = pc * z + 4.166664568298827e-2f;
  const F cosT = 1.f - 0.5f * z + z * z * pc;
  const I quadrant = truncate(q) & 3;
  const auto swap = (quadrant & 1) != 0;
  const F a = select(swap, cosT, sinT);
  const F b = select(swap, sinT, cosT);
  s = select((quadrant & 2) != 0, -a, a);        // q = 2, 3: -sin, -cos
  c = select(((quadrant + 1) & 2) != 0, -b, b);  // q = 1, 2: cos is -sin, -cos
}

}  // namespace painsim::models::simd
