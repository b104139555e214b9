// sim/ChunkWriter.hpp: chunks compressed in parallel by painsim and stored with
// H5Dwrite_chunk must read back unchanged through the declared filters, be the very
// bytes HDF5's own shuffle + deflate would store, and not depend on the thread count.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <hdf5.h>
#include <tbb/global_control.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/ChunkWriter.hpp"
#include "sim/Hdf5Handle.hpp"
#include "sim/ResultFile.hpp"
#include "tests/support/TestSupport.hpp"

namespace painsim::test {
namespace {

using sim::ChunkWriteError;
using sim::writeCompressedChunks;

/// Closes one HDF5 identifier; a failed call throws.
using Id = sim::Hdf5Handle<std::runtime_error>;
using sim::nativeType;

/// A fresh file.
Id createFile(const std::string& path) {
  return Id(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose);
}

/// A dataset as sim/ResultFile.cpp makes the trajectories: chunks of min(512, rows) rows
/// by all columns (or the given chunk shape), shuffle, deflate. Object times are off, so
/// two files written alike have identical bytes.
Id createDataset(hid_t file, const std::string& name, hid_t type, std::size_t rows,
                 std::size_t cols, std::size_t chunkRows = 512, std::size_t chunkCols = 0,
                 int level = 4, bool shuffle = true, bool chunked = true) {
  const hsize_t dims[2] = {rows, cols};
  const Id space(H5Screate_simple(2, dims, nullptr), H5Sclose);
  const Id props(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  H5Pset_obj_track_times(props, false);
  if (chunked) {
    const hsize_t chunk[2] = {std::min(rows, chunkRows), chunkCols ? chunkCols : cols};
    H5Pset_chunk(props, 2, chunk);
    if (shuffle) H5Pset_shuffle(props);
    H5Pset_deflate(props, unsigned(level));
  }
  return Id(H5Dcreate2(file, name.c_str(), type, space, H5P_DEFAULT, props, H5P_DEFAULT), H5Dclose);
}

/// Smooth-ish values: slow waves over rows and columns, on a 0.1 grid (like scores).
std::vector<float> smoothData(std::size_t rows, std::size_t cols) {
  std::vector<float> v(rows * cols);
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < cols; ++j)
      v[i * cols + j] =
          std::round(10.f * (5.f + 3.f * std::sin(0.013f * float(i)) * std::cos(0.11f * float(j)) +
                             float(i % 7) * 0.2f)) /
          10.f;
  return v;
}

template <class T>
std::vector<T> readAll(hid_t d, std::size_t n) {
  std::vector<T> v(n);
  if (n && H5Dread(d, nativeType<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) < 0)
    throw std::runtime_error("H5Dread failed");
  return v;
}

/// Every stored chunk in order, as (filter mask, bytes in the file).
struct RawChunk {
  std::uint32_t mask = 0;
  std::vector<unsigned char> bytes;
  bool operator==(const RawChunk&) const = default;
};

std::vector<RawChunk> rawChunks(hid_t d) {
  const Id space(H5Dget_space(d), H5Sclose);
  const Id props(H5Dget_create_plist(d), H5Pclose);
  hsize_t dims[2], chunk[2];
  H5Sget_simple_extent_dims(space, dims, nullptr);
  H5Pget_chunk(props, 2, chunk);
  std::vector<RawChunk> out;
  for (hsize_t r = 0; r < dims[0]; r += chunk[0])
    for (hsize_t c = 0; c < dims[1]; c += chunk[1]) {
      const hsize_t offset[2] = {r, c};
      hsize_t size = 0;
      if (H5Dget_chunk_storage_size(d, offset, &size) < 0) throw std::runtime_error("no chunk");
      RawChunk k;
      k.bytes.resize(size);
      if (H5Dread_chunk(d, H5P_DEFAULT, offset, &k.mask, k.bytes.data()) < 0)
        throw std::runtime_error("H5Dread_chunk failed");
      out.push_back(std::move(k));
    }
  return out;
}

std::string fileBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

hsize_t chunkCount(hid_t d) {
  const Id space(H5Dget_space(d), H5Sclose);  // HDF5 1.10.8 does not take H5S_ALL here
  hsize_t n = 0;
  H5Dget_num_chunks(d, space, &n);
  return n;
}

TEST(ChunkWriter, ReadsBackUnchangedInEveryShape) {
  TempDir dir;
  const Id file = createFile(dir / "shapes.h5");
  for (std::size_t rows : {1, 511, 512, 513, 1500})
    for (std::size_t cols : {1, 53}) {
      SCOPED_TRACE(fmt::format("{} x {}", rows, cols));
      const std::vector<float> data = smoothData(rows, cols);
      const std::string name = fmt::format("d{}x{}", rows, cols);
      const Id d = createDataset(file, name, H5T_NATIVE_FLOAT, rows, cols);
      writeCompressedChunks<float>(d, data, rows, cols);
      EXPECT_EQ(chunkCount(d), (rows + 511) / 512);
      const std::vector<float> back = readAll<float>(d, data.size());
      EXPECT_EQ(std::memcmp(back.data(), data.data(), data.size() * sizeof(float)), 0);
    }
}

// The strongest check of "what the filters would store": HDF5 itself writes the same
// array through its filter pipeline, and every chunk, edge chunks included, must hold the
// same bytes with the same filter mask.
TEST(ChunkWriter, StoresTheBytesHdf5sOwnFiltersStore) {
  TempDir dir;
  const Id file = createFile(dir / "same.h5");
  for (std::size_t rows : {1, 511, 512, 513, 1500})
    for (std::size_t cols : {1, 53}) {
      SCOPED_TRACE(fmt::format("{} x {}", rows, cols));
      const std::vector<float> data = smoothData(rows, cols);
      const std::string name = fmt::format("{}x{}", rows, cols);
      const Id ours =
          createDataset(file, fmt::format("ours{}", name), H5T_NATIVE_FLOAT, rows, cols);
      const Id theirs =
          createDataset(file, fmt::format("hdf5{}", name), H5T_NATIVE_FLOAT, rows, cols);
      writeCompressedChunks<float>(ours, data, rows, cols);
      ASSERT_GE(H5Dwrite(theirs, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()), 0);
      const auto a = rawChunks(ours), b = rawChunks(theirs);
      ASSERT_EQ(a.size(), (rows + 511) / 512);
      EXPECT_TRUE(a == b);
      for (const RawChunk& k : a) EXPECT_EQ(k.mask, 0u);
    }
}

// Chunks that do not span all columns are gathered and padded in both dimensions; other
// element sizes shuffle over their own width; the deflate level is the dataset's.
TEST(ChunkWriter, MatchesHdf5ForOtherChunkShapesTypesAndLevels) {
  TempDir dir;
  const Id file = createFile(dir / "other.h5");
  const auto same = [&](auto tag, std::size_t rows, std::size_t cols, std::size_t chunkRows,
                        std::size_t chunkCols, int level) {
    using T = decltype(tag);
    SCOPED_TRACE(fmt::format("{} bytes, {} x {}, chunk {} x {}, level {}", sizeof(T), rows, cols,
                             chunkRows, chunkCols, level));
    std::vector<T> data(rows * cols);
    for (std::size_t k = 0; k < data.size(); ++k) data[k] = T((k * 7919) % 97);
    const std::string name = fmt::format("{}_{}_{}", sizeof(T), chunkCols, level);
    const Id ours = createDataset(file, fmt::format("ours{}", name), nativeType<T>(), rows, cols,
                                  chunkRows, chunkCols, level);
    const Id theirs = createDataset(file, fmt::format("hdf5{}", name), nativeType<T>(), rows, cols,
                                    chunkRows, chunkCols, level);
    writeCompressedChunks<T>(ours, data, rows, cols);
    ASSERT_GE(H5Dwrite(theirs, nativeType<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()), 0);
    EXPECT_TRUE(rawChunks(ours) == rawChunks(theirs));
    EXPECT_EQ(readAll<T>(ours, data.size()), data);
  };
  same(float{}, 513, 53, 100, 20, 4);  // 6 x 3 chunks, the last row and column padded
  same(double{}, 700, 9, 512, 0, 4);
  same(std::int16_t{}, 1025, 5, 512, 0, 1);
  same(std::uint8_t{}, 300, 40, 64, 16, 9);  // one-byte elements: shuffle is a no-op
  same(float{}, 600, 53, 512, 0, 0);         // level 0: a stored zlib stream
}

TEST(ChunkWriter, DeclaresShuffleAndDeflateAndCompresses) {
  TempDir dir;
  const Id file = createFile(dir / "filters.h5");
  const std::size_t rows = 1500, cols = 53;
  const std::vector<float> data = smoothData(rows, cols);
  const Id d = createDataset(file, "d", H5T_NATIVE_FLOAT, rows, cols);
  writeCompressedChunks<float>(d, data, rows, cols);

  const Id props(H5Dget_create_plist(d), H5Pclose);
  ASSERT_EQ(H5Pget_nfilters(props), 2);
  unsigned flags = 0, values[4] = {}, config = 0;
  std::size_t count = 4;
  char name[64];
  EXPECT_EQ(H5Pget_filter2(props, 0, &flags, &count, values, sizeof name, name, &config),
            H5Z_FILTER_SHUFFLE);
  count = 4;
  EXPECT_EQ(H5Pget_filter2(props, 1, &flags, &count, values, sizeof name, name, &config),
            H5Z_FILTER_DEFLATE);
  ASSERT_GE(count, 1u);
  EXPECT_EQ(values[0], 4u);
  hsize_t chunk[2] = {};
  ASSERT_EQ(H5Pget_chunk(props, 2, chunk), 2);
  EXPECT_EQ(chunk[0], 512u);
  EXPECT_EQ(chunk[1], cols);

  const hsize_t stored = H5Dget_storage_size(d);
  EXPECT_GT(stored, 0u);
  EXPECT_LT(stored, rows * cols * sizeof(float) / 2);  // smooth data compresses well
}

// Random bits do not compress: the deflate stream is a little longer than the data (zlib
// stores the blocks as they are), still valid, still what HDF5 stores (filter mask 0), and
// reads back bit for bit, NaN patterns included.
TEST(ChunkWriter, IncompressibleDataStillRoundTrips) {
  TempDir dir;
  const Id file = createFile(dir / "noise.h5");
  const std::size_t rows = 700, cols = 53;
  std::vector<std::uint32_t> bits(rows * cols);
  std::mt19937 gen(11);
  for (auto& b : bits) b = std::uint32_t(gen());
  std::vector<float> data(bits.size());
  std::memcpy(data.data(), bits.data(), bits.size() * sizeof(float));
  const Id ours = createDataset(file, "ours", H5T_NATIVE_FLOAT, rows, cols);
  const Id theirs = createDataset(file, "hdf5", H5T_NATIVE_FLOAT, rows, cols);
  writeCompressedChunks<float>(ours, data, rows, cols);
  ASSERT_GE(H5Dwrite(theirs, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()), 0);
  EXPECT_GT(H5Dget_storage_size(ours), rows * cols * sizeof(float));
  const auto chunks = rawChunks(ours);
  EXPECT_TRUE(chunks == rawChunks(theirs));
  for (const RawChunk& k : chunks) EXPECT_EQ(k.mask, 0u);
  const std::vector<float> back = readAll<float>(ours, data.size());
  EXPECT_EQ(std::memcmp(back.data(), data.data(), data.size() * sizeof(float)), 0);
}

// 20000 rows = 39 full chunks and an edge chunk: several rounds of chunks in flight.
TEST(ChunkWriter, FileBytesDoNotDependOnTheThreadCount) {
  TempDir dir;
  const std::size_t rows = 20000, cols = 53;
  const std::vector<float> data = smoothData(rows, cols);
  const auto write = [&](const std::string& name, int parallelism, int threads) {
    const tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                                    std::size_t(parallelism));
    {
      const Id file = createFile(dir / name);
      const Id d = createDataset(file, "d", H5T_NATIVE_FLOAT, rows, cols);
      writeCompressedChunks<float>(d, data, rows, cols, threads);
    }
    const Id file(H5Fopen((dir / name).c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    const Id d(H5Dopen2(file, "d", H5P_DEFAULT), H5Dclose);
    return rawChunks(d);
  };
  const auto one = write("one.h5", 1, 0);
  const auto two = write("two.h5", 2, 0);
  const auto arena = write("arena.h5", 2, 2);  // an arena of its own
  ASSERT_EQ(one.size(), 40u);
  EXPECT_TRUE(one == two);
  EXPECT_TRUE(one == arena);
  const std::string bytes = fileBytes(dir / "one.h5");
  EXPECT_GT(bytes.size(), 1000u);
  EXPECT_EQ(bytes, fileBytes(dir / "two.h5"));
  EXPECT_EQ(bytes, fileBytes(dir / "arena.h5"));
}

TEST(ChunkWriter, RejectsDatasetsItCannotFill) {
  TempDir dir;
  const Id file = createFile(dir / "bad.h5");
  const std::vector<float> data = smoothData(600, 5);
  const auto message = [&](hid_t d, std::size_t rows, std::size_t cols) -> std::string {
    try {
      writeCompressedChunks<float>(d, std::span<const float>(data).first(rows * cols), rows, cols);
    } catch (const ChunkWriteError& e) {
      EXPECT_EQ(H5Dget_storage_size(d), 0u) << "nothing may be written";
      return e.what();
    }
    return "(no error)";
  };
  const Id contiguous =
      createDataset(file, "contiguous", H5T_NATIVE_FLOAT, 600, 5, 512, 0, 4, true, false);
  EXPECT_EQ(message(contiguous, 600, 5), "the dataset is not chunked");
  const Id noShuffle =
      createDataset(file, "deflate_only", H5T_NATIVE_FLOAT, 600, 5, 512, 0, 4, false);
  EXPECT_EQ(message(noShuffle, 600, 5),
            "the dataset's filters are not exactly shuffle and deflate");
  const Id doubles = createDataset(file, "doubles", H5T_NATIVE_DOUBLE, 600, 5);
  EXPECT_EQ(message(doubles, 600, 5), "the dataset's type is not the native type of the data");
  const Id good = createDataset(file, "good", H5T_NATIVE_FLOAT, 600, 5);
  EXPECT_EQ(message(good, 500, 5), "the dataset's shape is 600 x 5, the data's 500 x 5");
  EXPECT_THROW(writeCompressedChunks<float>(good, data, 600, 4), ChunkWriteError);
}

// The result file: trajectories keep their chunk shape and filters, read back as the run
// produced them, and hold the same bytes whether compressed on one thread or two.
TEST(ChunkWriter, ResultFileTrajectoriesAreTheSameOnAnyThreadCount) {
  const sim::Scenario s = smallScenario(1300, 3);
  const sim::RunResult r = sim::runScenario(s);
  TempDir dir;
  writeResult((dir / "t1.h5").string(), s, r, 1);
  writeResult((dir / "t2.h5").string(), s, r, 2);
  const std::size_t sampled = r.sampleIds.size(), times = r.days.size();
  ASSERT_EQ(sampled, 1300u);
  const Id f1(H5Fopen((dir / "t1.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  const Id f2(H5Fopen((dir / "t2.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  for (std::size_t m = 0; m < s.recording.measures.size(); ++m) {
    const std::string name = fmt::format("/arms/{}/trajectories/{}", s.arms[1].name,
                                         models::measureInfo(s.recording.measures[m]).name);
    SCOPED_TRACE(name);
    const Id d1(H5Dopen2(f1, name.c_str(), H5P_DEFAULT), H5Dclose);
    const Id d2(H5Dopen2(f2, name.c_str(), H5P_DEFAULT), H5Dclose);
    const Id props(H5Dget_create_plist(d1), H5Pclose);
    hsize_t chunk[2] = {};
    ASSERT_EQ(H5Pget_chunk(props, 2, chunk), 2);
    EXPECT_EQ(chunk[0], 512u);
    EXPECT_EQ(chunk[1], times);
    EXPECT_EQ(H5Pget_nfilters(props), 2);
    const auto chunks = rawChunks(d1);
    EXPECT_EQ(chunks.size(), 3u);
    EXPECT_TRUE(chunks == rawChunks(d2));
    const std::vector<float> back = readAll<float>(d1, sampled * times);
    EXPECT_EQ(std::memcmp(back.data(), r.arms[1].trajectories.data() + m * sampled * times,
                          back.size() * sizeof(float)),
              0);
  }
}

}  // namespace
}  // namespace painsim::test
