#pragma once
// The parameter table (models/ParameterTable.inc) as text: terminal table, CSV
// or the Markdown block embedded in docs/model.md.

#include <string>

namespace painsim::analysis {

enum class ParamFormat { kTable, kCsv, kMarkdown };

std::string parameterTableText(ParamFormat format);

}  // namespace painsim::analysis
