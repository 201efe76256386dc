#include "probe/modalias_list.h"

#include "probe/text.h"

namespace hw::probe {

Probe parse_modaliases(std::string_view input, std::string_view path) {
    Probe probe;
    for (const auto& l : text::split_lines(input)) {
        std::string_view t = text::trim(l.text);
        if (t.empty() || t.starts_with('#')) {
            continue;
        }
        bool bad = false;
        for (char c : t) {
            auto u = static_cast<unsigned char>(c);
            if (u <= ' ' || u == 0x7f) {
                bad = true;
            }
        }
        if (bad) {
            probe.diagnostics.push_back(text::make_diag(path, l.number, hw::Severity::Warning,
                "not a modalias: white space or control character inside"));
            continue;
        }
        Device dev;
        dev.modalias = std::string(t);
        dev.bus = std::string(modalias_bus(t));
        dev.source = "modaliases";
        if (!ids_from_modalias(t, dev.ids)) {
            probe.diagnostics.push_back(text::make_diag(path, l.number, hw::Severity::Warning,
                "'" + dev.bus + ":' modalias without the kernel's field layout"));
        }
        probe.devices.push_back(std::move(dev));
    }
    return probe;
}

}  // namespace hw::probe
