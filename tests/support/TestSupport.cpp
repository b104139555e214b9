#include "tests/support/TestSupport.hpp"

#include <fmt/format.h>
#include <hdf5.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <random>
#include <sstream>
#include <stdexcept>

#include "sim/ResultFile.hpp"
#include "sim/ScenarioFile.hpp"

namespace painsim::test {

sim::Scenario scenarioFromText(const std::string& text, const std::vector<std::string>& sets) {
  return sim::parseScenario(text, "test.toml", sets);
}

std::string scenarioError(const std::string& text, const std::vector<std::string>& sets,
                          const std::string& sourceName) {
  try {
    (void)sim::parseScenario(text, sourceName, sets);
  } catch (const sim::ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

std::pair<float, float> measureRange(models::Measure m) {
  using M = models::Measure;
  switch (m) {
    case M::kPainNrs:
      return {0.f, 10.f};
    case M::kRmdq:
      return {0.f, 24.f};
    case M::kPcs:
      return {0.f, 52.f};
    case M::kTsk:
      return {17.f, 68.f};
    case M::kFabqPa:
      return {0.f, 24.f};
    case M::kFabqW:
      return {0.f, 42.f};
    case M::kPhq9:
      return {0.f, 27.f};
    case M::kGad7:
      return {0.f, 21.f};
    case M::kPsqi:
      return {0.f, 21.f};
    case M::kPseq:
      return {0.f, 60.f};
    case M::kEq5d:
      return {-0.594f, 1.f};
    case M::kStartBackScore:
      return {0.f, 9.f};
    case M::kStartBackGroup:
      return {0.f, 2.f};
    case M::kDaysOffWork:
      return {0.f, 1e6f};
    case M::kNociception:
      return {0.f, 1e6f};
    case M::kWorkStatus:
      return {0.f, 5.f};
    case M::kAge:
      return {18.f, 95.f};
    case M::kWeeksSinceOnset:
      return {0.f, 1e6f};
    case M::kCareCost:
      return {0.f, 1e7f};
    case M::kSessions:
      return {0.f, 1e4f};
    default:
      return {0.f, 1.f};
  }
}

sim::Scenario smallScenario(std::int64_t people, int weeks, std::uint64_t seed) {
  return scenarioFromText(fmt::format(R"(
[scenario]
name = "small"
seed = {}
[population]
size = {}
[simulation]
weeks = {}
[recording]
sample = "all"
[[arm]]
name = "usual_care"
[[arm.care]]
programme = "usual_care"
[[arm]]
name = "graded_activity"
[[arm.care]]
programme = "usual_care"
[[arm.care]]
programme = "graded_activity"
start_week = 1
eligible = {{ pain_nrs = [3, 10] }}
)",
                                      seed, people, weeks));
}

std::size_t measureIndex(const sim::Scenario& s, models::Measure m) {
  const auto& ms = s.recording.measures;
  return std::size_t(std::find(ms.begin(), ms.end(), m) - ms.begin());
}

const sim::SummaryStats& summaryOf(const sim::RunResult& r, const sim::Scenario& s, std::size_t arm,
                                   models::Measure m, std::size_t t) {
  return r.arms[arm].summaries[measureIndex(s, m) * r.days.size() + t];
}

TempDir::TempDir() {
  std::random_device rd;
  m_path = std::filesystem::temp_directory_path() /
           fmt::format("painsim-test-{}-{:08x}", ::getpid(), rd());
  std::filesystem::create_directories(m_path);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(m_path, ec);
}

std::vector<std::string> TempDir::files() const {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(m_path))
    names.push_back(e.path().filename().string());
  return names;
}

std::vector<std::string> csvFields(const std::string& line) {
  std::vector<std::string> fields;
  std::istringstream cells(line);
  for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
  return fields;
}

CommandResult runPainsim(const std::string& args, const std::filesystem::path& cwd) {
  const std::string command =
      fmt::format("cd '{}' && '{}' {} 2>&1", cwd.string(), PAINSIM_EXE, args);
  CommandResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("popen failed");
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    result.output.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

namespace {

struct Walk {
  std::map<std::string, std::string>* out;
  const std::vector<std::string>* skip;
};

std::string serializeAttribute(hid_t attr) {
  const hid_t fileType = H5Aget_type(attr);
  const hid_t space = H5Aget_space(attr);
  const auto n = std::size_t(H5Sget_simple_extent_npoints(space));
  std::string out;
  if (H5Tget_class(fileType) == H5T_STRING) {
    const hid_t memType = H5Tcopy(H5T_C_S1);
    H5Tset_size(memType, H5T_VARIABLE);
    H5Tset_cset(memType, H5T_CSET_UTF8);
    std::vector<char*> values(n);
    H5Aread(attr, memType, values.data());
    for (char* v : values) {
      out.append(v ? v : "");
      out.push_back('\x1f');
    }
    H5Dvlen_reclaim(memType, space, H5P_DEFAULT, values.data());
    H5Tclose(memType);
  } else {
    const hid_t memType = H5Tget_native_type(fileType, H5T_DIR_ASCEND);
    out.resize(n * H5Tget_size(memType));
    H5Aread(attr, memType, out.data());
    H5Tclose(memType);
  }
  H5Sclose(space);
  H5Tclose(fileType);
  return out;
}

/// Dataset values as bytes. Variable-length strings (inside compounds too)
/// are replaced by their text, so two files with equal contents compare equal.
std::string serializeDataset(hid_t dataset) {
  const hid_t fileType = H5Dget_type(dataset);
  const hid_t space = H5Dget_space(dataset);
  const auto n = std::size_t(H5Sget_simple_extent_npoints(space));
  const hid_t memType = H5Tget_native_type(fileType, H5T_DIR_ASCEND);
  const std::size_t size = H5Tget_size(memType);
  std::vector<char> buffer(n * size);
  if (n > 0) H5Dread(dataset, memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data());
  std::string out;
  if (H5Tget_class(memType) == H5T_COMPOUND) {
    const int members = H5Tget_nmembers(memType);
    for (std::size_t i = 0; i < n; ++i) {
      for (int m = 0; m < members; ++m) {
        const hid_t mt = H5Tget_member_type(memType, unsigned(m));
        const std::size_t offset = H5Tget_member_offset(memType, unsigned(m));
        const char* at = buffer.data() + i * size + offset;
        if (H5Tget_class(mt) == H5T_STRING && H5Tis_variable_str(mt) > 0) {
          const char* text = nullptr;
          std::memcpy(&text, at, sizeof text);
          out.append(text ? text : "");
          out.push_back('\x1f');
        } else {
          out.append(at, H5Tget_size(mt));
        }
        H5Tclose(mt);
      }
    }
    if (n > 0) H5Dvlen_reclaim(memType, space, H5P_DEFAULT, buffer.data());
  } else {
    out.assign(buffer.begin(), buffer.end());
  }
  H5Tclose(memType);
  H5Sclose(space);
  H5Tclose(fileType);
  return out;
}

herr_t visitAttribute(hid_t obj, const char* name, const H5A_info_t*, void* data) {
  auto* walk = static_cast<std::pair<Walk*, std::string>*>(data);
  const std::string& objectPath = walk->second;
  if (objectPath == "/" && std::find(walk->first->skip->begin(), walk->first->skip->end(), name) !=
                               walk->first->skip->end())
    return 0;
  const hid_t attr = H5Aopen(obj, name, H5P_DEFAULT);
  (*walk->first->out)[fmt::format("{}@{}", objectPath, name)] = serializeAttribute(attr);
  H5Aclose(attr);
  return 0;
}

herr_t visitObject(hid_t root, const char* name, const H5O_info_t* info, void* data) {
  auto* walk = static_cast<Walk*>(data);
  const std::string path =
      std::string_view(name) == "." ? std::string("/") : fmt::format("/{}", name);
  const hid_t obj = H5Oopen(root, name, H5P_DEFAULT);
  std::pair<Walk*, std::string> attrWalk{walk, path};
  H5Aiterate2(obj, H5_INDEX_NAME, H5_ITER_INC, nullptr, visitAttribute, &attrWalk);
  if (info->type == H5O_TYPE_DATASET) (*walk->out)[path] = serializeDataset(obj);
  if (info->type == H5O_TYPE_GROUP) (*walk->out)[path] += "";
  H5Oclose(obj);
  return 0;
}

}  // namespace

std::map<std::string, std::string> fileContents(
    const std::string& path, const std::vector<std::string>& skipRootAttributes) {
  std::map<std::string, std::string> out;
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) throw std::runtime_error("cannot open " + path);
  Walk walk{&out, &skipRootAttributes};
  H5Ovisit(file, H5_INDEX_NAME, H5_ITER_INC, visitObject, &walk);
  H5Fclose(file);
  return out;
}

void writeResult(const std::string& path, const sim::Scenario& s, const sim::RunResult& r,
                 int threads) {
  sim::ResultWriter writer(path);
  writer.write(s, r, {"test", "test", "painsim-tests", "2026-01-01T00:00:00Z", threads});
  writer.commit();
}

}  // namespace painsim::test
