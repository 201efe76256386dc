// Runs fn(i) for i in [0, n) on `threads` worker threads (work is handed out one index at a
// time, so uneven items balance). fn must be thread-safe; exceptions are not expected.
#pragma once

#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace hw {

inline unsigned default_threads() {
    unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : n;
}

template <class Fn>
void parallel_for(size_t n, unsigned threads, Fn&& fn) {
    if (threads <= 1 || n <= 1) {
        for (size_t i = 0; i < n; ++i) {
            fn(i);
        }
        return;
    }
    std::atomic<size_t> next{0};
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
        pool.emplace_back([&] {
            for (size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) {
                fn(i);
            }
        });
    }
    for (auto& th : pool) {
        th.join();
    }
}

}  // namespace hw
