#include "common/source_tree.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hw {

std::expected<std::string, IoError> read_file(const std::filesystem::path& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return std::unexpected(IoError{path.string(), std::strerror(errno)});
    }
    struct stat st {};
    std::string out;
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
        out.reserve(static_cast<size_t>(st.st_size));
    }
    char buf[65536];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            IoError err{path.string(), std::strerror(errno)};
            ::close(fd);
            return std::unexpected(err);
        }
        if (n == 0) {
            break;
        }
        out.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    return out;
}

SourceTree::SourceTree(std::filesystem::path root) : m_root(std::move(root)) {}

bool SourceTree::exists(std::string_view rel) const {
    struct stat st {};
    return ::stat((m_root / rel).c_str(), &st) == 0;
}

bool SourceTree::is_dir(std::string_view rel) const {
    struct stat st {};
    return ::stat((m_root / rel).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::expected<std::string_view, IoError> SourceTree::read(std::string_view rel) const {
    std::string key(rel);
    {
        std::lock_guard lock(m_mutex);
        auto it = m_cache.find(key);
        if (it != m_cache.end()) {
            return std::string_view(*it->second);
        }
    }
    auto data = read_file(m_root / key);
    if (!data) {
        return std::unexpected(IoError{key, data.error().message});
    }
    std::lock_guard lock(m_mutex);
    auto [it, inserted] = m_cache.try_emplace(key, nullptr);
    if (inserted) {
        m_bytes += data->size();
        it->second = std::make_shared<const std::string>(std::move(*data));
    }
    return std::string_view(*it->second);
}

std::expected<std::shared_ptr<const std::string>, IoError> SourceTree::read_shared(std::string_view rel) const {
    std::string key(rel);
    {
        std::lock_guard lock(m_mutex);
        auto it = m_cache.find(key);
        if (it != m_cache.end()) {
            return it->second;
        }
    }
    auto data = read_file(m_root / key);
    if (!data) {
        return std::unexpected(IoError{key, data.error().message});
    }
    std::lock_guard lock(m_mutex);
    m_bytes += data->size();
    return std::make_shared<const std::string>(std::move(*data));
}

std::vector<std::string> SourceTree::list(std::string_view rel) const {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(m_root / rel, ec)) {
        out.push_back(entry.path().filename().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

size_t SourceTree::bytes_read() const {
    std::lock_guard lock(m_mutex);
    return m_bytes;
}

std::string normalize_path(std::string_view path) {
    std::vector<std::string_view> parts;
    size_t pos = 0;
    while (pos <= path.size()) {
        size_t slash = path.find('/', pos);
        if (slash == std::string_view::npos) {
            slash = path.size();
        }
        std::string_view part = path.substr(pos, slash - pos);
        if (part == "..") {
            if (!parts.empty() && parts.back() != "..") {
                parts.pop_back();
            } else {
                parts.push_back(part);
            }
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        pos = slash + 1;
    }
    std::string out;
    for (std::string_view part : parts) {
        if (!out.empty()) {
            out += '/';
        }
        out += part;
    }
    return out;
}

std::string_view dirname(std::string_view path) {
    size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

std::string join_path(std::string_view dir, std::string_view rel) {
    if (dir.empty()) {
        return normalize_path(rel);
    }
    std::string joined(dir);
    joined += '/';
    joined += rel;
    return normalize_path(joined);
}

}  // namespace hw
