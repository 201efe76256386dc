#include "probe/host_fs.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include "common/source_tree.h"

namespace hw::probe {

std::filesystem::path HostFs::full(std::string_view rel) const {
    return m_root / std::filesystem::path(std::string(rel));
}

std::expected<std::string, std::string> HostFs::read(std::string_view rel) const {
    // sysfs reports 4096 as the size of every attribute: read until EOF instead of trusting it.
    int fd = ::open(full(rel).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return std::unexpected(std::string(std::strerror(errno)));
    }
    std::string out;
    char buf[4096];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            int err = errno;
            ::close(fd);
            return std::unexpected(std::string(std::strerror(err)));
        }
        if (n == 0) {
            break;
        }
        out.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    if (!out.empty() && out.back() == '\n') {
        out.pop_back();
    }
    return out;
}

bool HostFs::exists(std::string_view rel) const {
    std::error_code ec;
    return std::filesystem::exists(full(rel), ec);
}

bool HostFs::is_dir(std::string_view rel) const {
    std::error_code ec;
    return std::filesystem::is_directory(full(rel), ec);
}

bool HostFs::is_link(std::string_view rel) const {
    std::error_code ec;
    return std::filesystem::is_symlink(full(rel), ec);
}

std::optional<std::string> HostFs::link_target(std::string_view rel) const {
    std::error_code ec;
    auto target = std::filesystem::read_symlink(full(rel), ec);
    if (ec) {
        return std::nullopt;
    }
    std::string t = target.string();
    std::string joined;
    if (!t.empty() && t.front() == '/') {
        joined = hw::normalize_path(std::string_view(t).substr(1));
    } else {
        joined = hw::join_path(hw::dirname(rel), t);
    }
    if (joined == ".." || joined.starts_with("../")) {
        return std::nullopt;
    }
    return joined;
}

std::string HostFs::resolve(std::string_view rel) const {
    if (auto t = link_target(rel)) {
        return *t;
    }
    return std::string(rel);
}

std::vector<std::string> HostFs::list(std::string_view rel) const {
    std::vector<std::string> names;
    std::error_code ec;
    std::filesystem::directory_iterator it(full(rel), ec);
    if (ec) {
        return names;
    }
    for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
        if (ec) {
            break;
        }
        names.push_back(it->path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::string_view basename(std::string_view path) {
    size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace hw::probe
