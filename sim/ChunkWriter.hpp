#pragma once
// Parallel compression of a chunked HDF5 dataset. HDF5 runs a dataset's filters
// (shuffle, deflate) chunk by chunk on the thread that calls H5Dwrite; for large
// arrays that is the slowest part of writing a result file. writeCompressedChunks
// does the filters' work itself, chunk by chunk on TBB threads, and hands the
// finished chunks to HDF5 with H5Dwrite_chunk, so the file holds exactly what
// H5Dwrite would have stored and any HDF5 reader reads it through the declared
// filters as usual.

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>

namespace painsim::sim {

/// The dataset does not suit writeCompressedChunks, or compressing or writing a chunk
/// failed. what() says which (callers add the file and dataset names).
class ChunkWriteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Writes `data`, a `rows` x `cols` array in row-major order, into `dataset` (an HDF5
/// dataset identifier, hid_t). The dataset must have rank 2, shape `rows` x `cols`, the
/// native type of T as its type, chunked layout, and exactly two filters: shuffle, then
/// deflate (H5Pset_shuffle, H5Pset_deflate, any level; the chunk shape is free).
///
/// The chunks are compressed in parallel: each is gathered (an edge chunk is padded with
/// zeros, HDF5's default fill value, to the full chunk shape, as HDF5 stores it),
/// byte-shuffled like HDF5's shuffle filter and compressed with zlib's compress2 at the
/// dataset's deflate level, as the deflate filter does. The calling thread then writes
/// them in chunk order (row-major over the chunk grid) with H5Dwrite_chunk, filter mask
/// 0, so every HDF5 call stays on the calling thread. A bounded number of chunks is in
/// memory at a time (a few per thread). The file's bytes do not depend on the number of
/// threads.
///
/// `threads` > 0 compresses on at most that many threads (a task arena of its own);
/// 0 uses the caller's arena, so tbb::global_control and enclosing arenas apply.
/// Nothing is written when `rows` or `cols` is 0. Throws ChunkWriteError.
template <class T>
void writeCompressedChunks(std::int64_t dataset, std::span<const T> data, std::size_t rows,
                           std::size_t cols, int threads = 0);

}  // namespace painsim::sim
