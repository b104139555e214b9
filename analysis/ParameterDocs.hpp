#pragma once
// The parameter table (models/ParameterTable.inc) as text: terminal table, CSV
// or the Markdown block embedded in docs/model.md.

#include <string>

namespace painsim::analysis {

enum class ParamFormat { kTable, kCsv, kMarkdown };

std::string parameterTableText(ParamFormat format);

/// The built-in care programmes (scenarios/programmes.toml) as a Markdown table
/// (`painsim programmes`; copied into docs/care.md).
std::string programmeTableText();

}  // namespace painsim::analysis
