#pragma once
// Small pieces of the HDF5 C API shared by the files that write HDF5
// (sim/ResultFile.cpp, sim/ChunkWriter.cpp) and by the tests that read them back.

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>

namespace painsim::sim {

/// Owns one HDF5 identifier and closes it with the matching function; a failed
/// call (a negative identifier) throws `Error` with the message `what`.
template <class Error>
class Hdf5Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Hdf5Handle(hid_t id, Closer close, const std::string& what = "HDF5 call failed")
      : m_id(id), m_close(close) {
    if (id < 0) throw Error(what);
  }
  ~Hdf5Handle() {
    if (m_id >= 0) m_close(m_id);
  }
  Hdf5Handle(Hdf5Handle&& other) noexcept
      : m_id(std::exchange(other.m_id, -1)), m_close(other.m_close) {}
  Hdf5Handle(const Hdf5Handle&) = delete;
  Hdf5Handle& operator=(const Hdf5Handle&) = delete;
  Hdf5Handle& operator=(Hdf5Handle&&) = delete;
  operator hid_t() const { return m_id; }

 private:
  hid_t m_id;
  Closer m_close;
};

/// The HDF5 memory type of T.
template <class T>
hid_t nativeType() {
  if constexpr (std::is_same_v<T, float>) return H5T_NATIVE_FLOAT;
  if constexpr (std::is_same_v<T, double>) return H5T_NATIVE_DOUBLE;
  if constexpr (std::is_same_v<T, std::int8_t>) return H5T_NATIVE_INT8;
  if constexpr (std::is_same_v<T, std::uint8_t>) return H5T_NATIVE_UINT8;
  if constexpr (std::is_same_v<T, std::int16_t>) return H5T_NATIVE_INT16;
  if constexpr (std::is_same_v<T, std::uint16_t>) return H5T_NATIVE_UINT16;
  if constexpr (std::is_same_v<T, std::int32_t>) return H5T_NATIVE_INT32;
  if constexpr (std::is_same_v<T, std::uint32_t>) return H5T_NATIVE_UINT32;
  if constexpr (std::is_same_v<T, std::int64_t>) return H5T_NATIVE_INT64;
  if constexpr (std::is_same_v<T, std::uint64_t>) return H5T_NATIVE_UINT64;
}

}  // namespace painsim::sim
