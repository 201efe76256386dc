#include "modalias-db/cpp/lexed_file_cache.h"

namespace hw::cpp {

LexedFileCache::LexedFileCache(size_t budget) : m_budget(budget) {}

std::shared_ptr<const LexedFile> LexedFileCache::find(std::string_view path) {
    std::lock_guard lock(m_mutex);
    auto it = m_index.find(path);
    if (it == m_index.end()) {
        return nullptr;
    }
    m_lru.splice(m_lru.begin(), m_lru, it->second);
    return it->second->file;
}

void LexedFileCache::erase(std::list<Node>::iterator it) {
    m_bytes -= it->bytes;
    m_index.erase(std::string_view(it->path));
    m_lru.erase(it);
}

void LexedFileCache::insert(std::string_view path, std::shared_ptr<const LexedFile> file) {
    size_t bytes = file->bytes();
    std::lock_guard lock(m_mutex);
    if (auto it = m_index.find(path); it != m_index.end()) {
        erase(it->second);
    }
    if (bytes > m_budget / 4) {
        return;
    }
    m_lru.push_front(Node{std::string(path), std::move(file), bytes});
    m_index.emplace(std::string_view(m_lru.front().path), m_lru.begin());
    m_bytes += bytes;
    while (m_bytes > m_budget) {
        erase(std::prev(m_lru.end()));
    }
}

size_t LexedFileCache::bytes() const {
    std::lock_guard lock(m_mutex);
    return m_bytes;
}

size_t LexedFileCache::size() const {
    std::lock_guard lock(m_mutex);
    return m_lru.size();
}

}  // namespace hw::cpp
