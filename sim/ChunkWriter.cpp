#include "sim/ChunkWriter.hpp"

#include <fmt/format.h>
#include <hdf5.h>
#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "sim/Hdf5Handle.hpp"

namespace painsim::sim {
namespace {

static_assert(std::is_same_v<hid_t, std::int64_t>, "the header passes hid_t as std::int64_t");

using Id = Hdf5Handle<ChunkWriteError>;

/// What the dataset's creation properties say about its chunks.
struct Layout {
  std::size_t chunkRows = 0, chunkCols = 0;
  int level = 0;  ///< deflate level
};

/// Checks that `d` is what writeCompressedChunks can produce exactly: rank 2 of the
/// given shape and type, chunked, filters shuffle then deflate.
Layout inspect(hid_t d, hid_t memType, std::size_t elemSize, std::size_t rows, std::size_t cols) {
  const Id space(H5Dget_space(d), H5Sclose, "cannot read the dataset's dataspace");
  hsize_t dims[2] = {0, 0};
  if (H5Sget_simple_extent_ndims(space) != 2)
    throw ChunkWriteError("the dataset is not two-dimensional");
  H5Sget_simple_extent_dims(space, dims, nullptr);
  if (dims[0] != rows || dims[1] != cols)
    throw ChunkWriteError(fmt::format("the dataset's shape is {} x {}, the data's {} x {}", dims[0],
                                      dims[1], rows, cols));
  const Id type(H5Dget_type(d), H5Tclose, "cannot read the dataset's type");
  if (H5Tequal(type, memType) <= 0)
    throw ChunkWriteError("the dataset's type is not the native type of the data");

  const Id props(H5Dget_create_plist(d), H5Pclose, "cannot read the dataset's properties");
  if (H5Pget_layout(props) != H5D_CHUNKED) throw ChunkWriteError("the dataset is not chunked");
  hsize_t chunk[2] = {0, 0};
  if (H5Pget_chunk(props, 2, chunk) != 2 || chunk[0] == 0 || chunk[1] == 0)
    throw ChunkWriteError("cannot read the dataset's chunk shape");
  if (H5Pget_nfilters(props) != 2)
    throw ChunkWriteError("the dataset's filters are not exactly shuffle and deflate");
  const auto filter = [&](unsigned index, std::size_t& count, unsigned* values) {
    unsigned flags = 0, config = 0;
    char name[64];
    return H5Pget_filter2(props, index, &flags, &count, values, sizeof name, name, &config);
  };
  unsigned values[8] = {};
  std::size_t count = std::size(values);
  if (filter(0, count, values) != H5Z_FILTER_SHUFFLE || (count >= 1 && values[0] != elemSize))
    throw ChunkWriteError("the dataset's first filter is not shuffle over its element size");
  count = std::size(values);
  if (filter(1, count, values) != H5Z_FILTER_DEFLATE || count < 1 || values[0] > 9)
    throw ChunkWriteError("the dataset's second filter is not deflate");
  return {std::size_t(chunk[0]), std::size_t(chunk[1]), int(values[0])};
}

/// HDF5's shuffle filter: byte k of element e goes to position k * n + e.
template <std::size_t S>
void shuffleFixed(const unsigned char* src, unsigned char* dst, std::size_t n) {
  for (std::size_t e = 0; e < n; ++e)
    for (std::size_t k = 0; k < S; ++k) dst[k * n + e] = src[e * S + k];
}

void shuffle(const unsigned char* src, unsigned char* dst, std::size_t n, std::size_t size) {
  switch (size) {
    case 1:
      std::memcpy(dst, src, n);
      return;
    case 2:
      shuffleFixed<2>(src, dst, n);
      return;
    case 4:
      shuffleFixed<4>(src, dst, n);
      return;
    case 8:
      shuffleFixed<8>(src, dst, n);
      return;
    default:
      for (std::size_t e = 0; e < n; ++e)
        for (std::size_t k = 0; k < size; ++k) dst[k * n + e] = src[e * size + k];
  }
}

/// Per-thread buffers, reused from chunk to chunk.
struct Scratch {
  std::vector<unsigned char> gathered, shuffled;
};

void writeChunks(hid_t d, hid_t memType, const unsigned char* data, std::size_t elemSize,
                 std::size_t rows, std::size_t cols, int threads) {
  const Layout layout = inspect(d, memType, elemSize, rows, cols);
  const std::size_t cr = layout.chunkRows, cc = layout.chunkCols;
  const std::size_t gridRows = (rows + cr - 1) / cr, gridCols = (cols + cc - 1) / cc;
  const std::size_t chunks = gridRows * gridCols;
  const std::size_t elements = cr * cc, chunkBytes = elements * elemSize;
  const uLong bound = compressBound(uLong(chunkBytes));

  std::optional<tbb::task_arena> arena;
  if (threads > 0) arena.emplace(threads);
  const int concurrency =
      arena ? arena->max_concurrency() : tbb::this_task_arena::max_concurrency();
  // Chunks compressed per round, then written: enough to keep every thread busy, few
  // enough that memory stays a few chunks per thread whatever the array's size.
  const std::size_t batch = std::min(chunks, std::size_t(4 * std::max(concurrency, 1)));
  std::vector<std::vector<unsigned char>> compressed(batch);
  tbb::enumerable_thread_specific<Scratch> scratch;

  const auto compressChunk = [&](std::size_t chunk, std::vector<unsigned char>& out) {
    Scratch& s = scratch.local();
    const std::size_t r0 = chunk / gridCols * cr, c0 = chunk % gridCols * cc;
    const std::size_t nr = std::min(cr, rows - r0), nc = std::min(cc, cols - c0);
    const unsigned char* src = data + (r0 * cols + c0) * elemSize;
    if (nr != cr || nc != cc || cc != cols) {  // not one contiguous block of the input
      s.gathered.assign(chunkBytes, 0);
      for (std::size_t i = 0; i < nr; ++i)
        std::memcpy(s.gathered.data() + i * cc * elemSize, src + i * cols * elemSize,
                    nc * elemSize);
      src = s.gathered.data();
    }
    s.shuffled.resize(chunkBytes);
    shuffle(src, s.shuffled.data(), elements, elemSize);
    out.resize(bound);
    uLongf size = bound;
    const int status =
        compress2(out.data(), &size, s.shuffled.data(), uLong(chunkBytes), layout.level);
    if (status != Z_OK)
      throw ChunkWriteError(fmt::format(
          "zlib compress2 failed ({}) on the chunk at row {}, column {}", status, r0, c0));
    out.resize(size);
  };

  for (std::size_t first = 0; first < chunks; first += batch) {
    const std::size_t last = std::min(chunks, first + batch);
    const auto compressRound = [&] {
      tbb::parallel_for(tbb::blocked_range<std::size_t>(first, last, 1),
                        [&](const tbb::blocked_range<std::size_t>& range) {
                          for (std::size_t c = range.begin(); c != range.end(); ++c)
                            compressChunk(c, compressed[c - first]);
                        });
    };
    if (arena)
      arena->execute(compressRound);
    else
      compressRound();
    for (std::size_t c = first; c < last; ++c) {
      const std::vector<unsigned char>& bytes = compressed[c - first];
      const hsize_t offset[2] = {hsize_t(c / gridCols * cr), hsize_t(c % gridCols * cc)};
      if (H5Dwrite_chunk(d, H5P_DEFAULT, 0, offset, bytes.size(), bytes.data()) < 0)
        throw ChunkWriteError(fmt::format("H5Dwrite_chunk failed on the chunk at row {}, column {}",
                                          offset[0], offset[1]));
    }
  }
}

}  // namespace

template <class T>
void writeCompressedChunks(std::int64_t dataset, std::span<const T> data, std::size_t rows,
                           std::size_t cols, int threads) {
  static_assert(std::is_arithmetic_v<T>);
  if (data.size() != rows * cols)
    throw ChunkWriteError(
        fmt::format("{} values given for a {} x {} array", data.size(), rows, cols));
  if (rows == 0 || cols == 0) return;
  writeChunks(dataset, nativeType<T>(), reinterpret_cast<const unsigned char*>(data.data()),
              sizeof(T), rows, cols, threads);
}

#define PAINSIM_CHUNK_WRITER(T)                                                         \
  template void writeCompressedChunks<T>(std::int64_t, std::span<const T>, std::size_t, \
                                         std::size_t, int);
PAINSIM_CHUNK_WRITER(float)
PAINSIM_CHUNK_WRITER(double)
PAINSIM_CHUNK_WRITER(std::int8_t)
PAINSIM_CHUNK_WRITER(std::uint8_t)
PAINSIM_CHUNK_WRITER(std::int16_t)
PAINSIM_CHUNK_WRITER(std::uint16_t)
PAINSIM_CHUNK_WRITER(std::int32_t)
PAINSIM_CHUNK_WRITER(std::uint32_t)
PAINSIM_CHUNK_WRITER(std::int64_t)
PAINSIM_CHUNK_WRITER(std::uint64_t)
#undef PAINSIM_CHUNK_WRITER

}  // namespace painsim::sim
