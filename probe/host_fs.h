// Read-only access to a machine's /sys and /proc below a root given by the caller ("/" on a live
// system, a snapshot directory otherwise). Paths are relative to the root, without a leading '/'
// ("sys/bus/pci/devices"). Symbolic links are resolved lexically inside the root, so a snapshot's
// relative sysfs links work wherever it is unpacked.
#pragma once

#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hw::probe {

class HostFs {
public:
    explicit HostFs(std::filesystem::path root) : m_root(std::move(root)) {}

    const std::filesystem::path& root() const { return m_root; }

    // Whole file; a single trailing newline is removed. Error text is strerror-style.
    std::expected<std::string, std::string> read(std::string_view rel) const;
    bool exists(std::string_view rel) const;
    bool is_dir(std::string_view rel) const;
    bool is_link(std::string_view rel) const;
    // Target of a symbolic link, resolved relative to the link's directory and normalised
    // ("sys/bus/pci/devices/0000:00:02.0" -> "sys/devices/pci0000:00/0000:00:02.0"). Absolute
    // targets are taken as relative to the root. nullopt if `rel` is not a link or the target
    // leaves the root.
    std::optional<std::string> link_target(std::string_view rel) const;
    // `rel` with a link at its end followed (once); `rel` itself when it is not a link.
    std::string resolve(std::string_view rel) const;
    // Names in a directory, sorted; empty when it is not a readable directory.
    std::vector<std::string> list(std::string_view rel) const;

private:
    std::filesystem::path full(std::string_view rel) const;
    std::filesystem::path m_root;
};

// "a/b/c" -> "c".
std::string_view basename(std::string_view path);

}  // namespace hw::probe
