// The indexer's Kconfig phase: parse the arch's Kconfig tree with the toolchain make would use
// and prepare what goes into the index (schema.sql, "Kconfig"): the serialized model, one row
// per symbol definition, the toolchain and its probes, and the tree's config fragments.
// build_kconfig_index touches no database, so it can run on its own thread beside the C phases.
#pragma once

#include "common/diagnostic.h"
#include "common/source_tree.h"
#include "modalias-db/db/db.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hw::index {

struct KconfigSymbolRow {
    std::string name, type, file;
    int line = 0;
};

struct KconfigIndex {
    bool has_model = false;
    int format = 0;
    std::string model;                                           // kconfig/model_io.h bytes
    std::vector<KconfigSymbolRow> symbols;
    std::vector<std::pair<std::string, std::string>> meta;       // kconfig_cc, ...
    std::vector<std::pair<std::string, std::string>> probes;     // command, output
    std::vector<std::pair<std::string, std::string>> fragments;  // path, text
    size_t files = 0;                                            // Kconfig files read
    double seconds = 0;                                          // parse, probes included
    Diagnostics diagnostics;
    std::string error;                                           // why there is no model
};

KconfigIndex build_kconfig_index(const SourceTree& tree, std::string_view arch, std::string_view srcarch,
                                 std::string_view kernel_version);

void store_kconfig_index(const KconfigIndex& k, db::Writer& writer);

}  // namespace hw::index
