// Writing per-person trajectories to the result file: HDF5's own filter pipeline
// (H5Dwrite; shuffle and deflate run serially on the calling thread) against
// sim/ChunkWriter (chunks shuffled and deflated on TBB threads, then stored in order with
// H5Dwrite_chunk). Both produce the same file. Throughput is MB (10^6 bytes) of raw
// float32 data per second of wall time, including creating and closing the file;
// `ratio` is raw bytes / stored bytes. Nothing here asserts a timing.
//
//   build/bench/bench/painsim_bench --benchmark_filter=Trajectories
#include <benchmark/benchmark.h>
#include <hdf5.h>
#include <tbb/global_control.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/ChunkWriter.hpp"

namespace {

constexpr std::size_t kPeople = 100000;
constexpr std::size_t kTimes = 53;  // a year of weekly recordings
constexpr std::size_t kChunkPeople = 512;

/// Reported pain NRS 0-10 as float: each person starts between 3 and 9 and moves by
/// -2..+2 a week, mostly staying put and drifting down (recovery), as trajectories do.
const std::vector<float>& painTrajectories() {
  static const std::vector<float> data = [] {
    std::vector<float> v(kPeople * kTimes);
    std::mt19937 gen(2024);
    std::uniform_int_distribution<int> start(3, 9);
    std::discrete_distribution<int> step({7, 20, 60, 10, 3});  // -2, -1, 0, +1, +2
    for (std::size_t j = 0; j < kPeople; ++j) {
      int nrs = start(gen);
      for (std::size_t t = 0; t < kTimes; ++t) {
        if (t > 0) nrs = std::clamp(nrs + step(gen) - 2, 0, 10);
        v[j * kTimes + t] = float(nrs);
      }
    }
    return v;
  }();
  return data;
}

std::string benchFile() {
  return (std::filesystem::temp_directory_path() /
          ("painsim-output-bench-" + std::to_string(::getpid()) + ".h5"))
      .string();
}

/// A file with the trajectories dataset as sim/ResultFile.cpp creates it: 512 people x
/// all times a chunk, shuffle, deflate level 4. `write` fills it; returns the stored size.
template <class Write>
hsize_t writeFile(const std::string& path, Write write) {
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  const hsize_t dims[2] = {kPeople, kTimes}, chunk[2] = {kChunkPeople, kTimes};
  const hid_t space = H5Screate_simple(2, dims, nullptr);
  const hid_t props = H5Pcreate(H5P_DATASET_CREATE);
  H5Pset_chunk(props, 2, chunk);
  H5Pset_shuffle(props);
  H5Pset_deflate(props, 4);
  const hid_t d =
      H5Dcreate2(file, "pain_nrs", H5T_NATIVE_FLOAT, space, H5P_DEFAULT, props, H5P_DEFAULT);
  write(d);
  const hsize_t stored = H5Dget_storage_size(d);
  H5Dclose(d);
  H5Pclose(props);
  H5Sclose(space);
  H5Fclose(file);
  return stored;
}

template <class Write>
void runBench(benchmark::State& state, Write write) {
  const tbb::global_control threads(tbb::global_control::max_allowed_parallelism,
                                    std::size_t(state.range(0)));
  const std::string path = benchFile();
  const double raw = double(kPeople * kTimes * sizeof(float));
  hsize_t stored = 0;
  for (auto _ : state) stored = writeFile(path, write);
  std::filesystem::remove(path);
  if (stored == 0) state.SkipWithError("nothing was stored");
  state.SetBytesProcessed(std::int64_t(double(state.iterations()) * raw));
  state.counters["MB/s"] =
      benchmark::Counter(double(state.iterations()) * raw / 1e6, benchmark::Counter::kIsRate);
  state.counters["ratio"] = raw / double(stored);
}

// Today's way: one H5Dwrite; HDF5 runs the filters chunk by chunk on this thread.
void BM_TrajectoriesH5Dwrite(benchmark::State& state) {
  const std::vector<float>& data = painTrajectories();
  runBench(state, [&](hid_t d) {
    if (H5Dwrite(d, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) < 0)
      throw std::runtime_error("H5Dwrite failed");
  });
}
BENCHMARK(BM_TrajectoriesH5Dwrite)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// sim/ChunkWriter: chunks compressed on up to `threads` threads, written in order.
void BM_TrajectoriesChunkWriter(benchmark::State& state) {
  const std::vector<float>& data = painTrajectories();
  runBench(state,
           [&](hid_t d) { painsim::sim::writeCompressedChunks<float>(d, data, kPeople, kTimes); });
}
BENCHMARK(BM_TrajectoriesChunkWriter)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
