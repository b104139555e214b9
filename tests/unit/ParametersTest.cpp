#include <gtest/gtest.h>

#include <set>

#include "models/Parameters.hpp"

namespace painsim::models {

TEST(Parameters, DefaultsLieInsideTheirRanges) {
  for (const auto& p : parameterTable()) {
    EXPECT_LE(p.minValue, p.defaultValue) << p.name;
    EXPECT_LE(p.defaultValue, p.maxValue) << p.name;
    EXPECT_LT(p.minValue, p.maxValue) << p.name;
  }
}

TEST(Parameters, EveryRowIsDocumentedAndNamedOnce) {
  std::set<std::string_view> names;
  for (const auto& p : parameterTable()) {
    EXPECT_TRUE(names.insert(p.name).second) << "duplicate " << p.name;
    EXPECT_FALSE(p.unit.empty()) << p.name;
    EXPECT_GT(p.description.size(), 10u) << p.name;
    EXPECT_FALSE(p.source.empty()) << p.name;
    EXPECT_NE(p.name.find('.'), std::string_view::npos) << p.name << " has no group";
  }
}

TEST(Parameters, StructDefaultsComeFromTheTable) {
  const Params params;
  for (const auto& p : parameterTable())
    EXPECT_FLOAT_EQ(params.*(p.member), float(p.defaultValue)) << p.name;
}

TEST(Parameters, LookupFindsEveryNameAndRejectsOthers) {
  for (const auto& p : parameterTable()) {
    const auto found = findParameter(p.name);
    ASSERT_TRUE(found.has_value()) << p.name;
    EXPECT_EQ(found->member, p.member);
  }
  EXPECT_FALSE(findParameter("nociception.heal_dayz").has_value());
}

}  // namespace painsim::models
