#include "common/diagnostic.h"

namespace hw {

std::string Diagnostic::format() const {
    std::string out = path;
    if (line > 0) {
        out += ':' + std::to_string(line);
        if (col > 0) {
            out += ':' + std::to_string(col);
        }
    }
    out += severity == Severity::Error ? ": error: " : ": warning: ";
    out += message;
    return out;
}

}  // namespace hw
