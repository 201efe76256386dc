// Read-only access to a source tree rooted at a directory given by the caller. This is the one
// place the indexer touches the file system, so parsers stay string-in/value-out and tests can
// hand them fixtures. Paths are '/'-separated and relative to the root ("drivers/net/Makefile").
#pragma once

#include <expected>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hw {

struct IoError {
    std::string path;
    std::string message;  // strerror-style text
};

// Reads a whole file into a string.
std::expected<std::string, IoError> read_file(const std::filesystem::path& path);

class SourceTree {
public:
    explicit SourceTree(std::filesystem::path root);

    const std::filesystem::path& root() const { return m_root; }

    bool exists(std::string_view rel) const;
    bool is_dir(std::string_view rel) const;

    // Returns the file's contents; each file is read at most once and the returned view stays
    // valid for the life of the SourceTree. Thread-safe.
    std::expected<std::string_view, IoError> read(std::string_view rel) const;

    // Reads a file without adding it to the cache (a cached file is shared, not read again). For
    // files needed only for a while, such as one compilation unit's sources: the buffer lives as
    // long as its last holder. Thread-safe.
    std::expected<std::shared_ptr<const std::string>, IoError> read_shared(std::string_view rel) const;

    // Directory entries (names only, sorted), or an empty list if not a directory.
    std::vector<std::string> list(std::string_view rel) const;

    // Total bytes read so far (for --stats).
    size_t bytes_read() const;

private:
    std::filesystem::path m_root;
    mutable std::mutex m_mutex;
    mutable std::unordered_map<std::string, std::shared_ptr<const std::string>> m_cache;
    mutable size_t m_bytes = 0;
};

// Lexically normalises a relative path: "a/b/../c/./d" -> "a/c/d". Leading ".." are kept.
std::string normalize_path(std::string_view path);

// "drivers/net/foo.c" -> "drivers/net"; "foo.c" -> "".
std::string_view dirname(std::string_view path);

// Joins a directory and a relative path and normalises the result.
std::string join_path(std::string_view dir, std::string_view rel);

}  // namespace hw
