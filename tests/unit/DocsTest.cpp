// docs/model.md must carry the current parameter table: the table in
// models/ParameterTable.inc is the single source, the docs a generated copy.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "analysis/ParameterDocs.hpp"

TEST(Docs, ModelDocCarriesTheCurrentParameterTable) {
  std::ifstream in(std::string(PAINSIM_SOURCE_DIR) + "/docs/model.md");
  ASSERT_TRUE(in) << "docs/model.md is missing";
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  const std::string begin =
      "<!-- BEGIN PARAMETER TABLE (generated: painsim params --format markdown) -->\n";
  const std::string end = "<!-- END PARAMETER TABLE -->";
  const auto from = doc.find(begin);
  const auto to = doc.find(end);
  ASSERT_NE(from, std::string::npos);
  ASSERT_NE(to, std::string::npos);
  const std::string table = doc.substr(from + begin.size(), to - from - begin.size());
  EXPECT_EQ(table, painsim::analysis::parameterTableText(painsim::analysis::ParamFormat::kMarkdown))
      << "regenerate with: painsim params --format markdown";
}

TEST(Docs, CareDocCarriesTheCurrentProgrammeLibrary) {
  std::ifstream in(std::string(PAINSIM_SOURCE_DIR) + "/docs/care.md");
  ASSERT_TRUE(in) << "docs/care.md is missing";
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  const std::string begin = "<!-- BEGIN PROGRAMMES (generated: painsim programmes) -->\n";
  const std::string end = "<!-- END PROGRAMMES -->";
  const auto from = doc.find(begin);
  const auto to = doc.find(end);
  ASSERT_NE(from, std::string::npos);
  ASSERT_NE(to, std::string::npos);
  EXPECT_EQ(doc.substr(from + begin.size(), to - from - begin.size()),
            painsim::analysis::programmeTableText())
      << "regenerate with: painsim programmes";
}
