// AlignedAllocator<T, kAlign>: a std::allocator replacement that returns kAlign-byte aligned
// storage, so that std::vector<float, AlignedAllocator<float, 64>> starts on a cache line.
//
// Large blocks (the row matrices, >= 8 MiB) are aligned to 2 MiB and, on Linux, marked
// MADV_HUGEPAGE: with transparent huge pages in "madvise" mode (the Debian default) this
// removes most TLB misses from a full scan.
//
// Internal to vector/. Stateless; thread-safe as ::operator new is.
#pragma once

#include <cstddef>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace hilfsnetz::vector::internal {

template <typename T, std::size_t kAlign = 64>
class AlignedAllocator {
 public:
  using value_type = T;
  template <typename U>
  struct rebind {
    using other = AlignedAllocator<U, kAlign>;
  };

  AlignedAllocator() = default;
  template <typename U>
  AlignedAllocator(const AlignedAllocator<U, kAlign>&) {}  // NOLINT: rebinding copy

  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    void* p = ::operator new (bytes, std::align_val_t{AlignFor(bytes)});
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (bytes >= kHugeThreshold) madvise(p, bytes, MADV_HUGEPAGE);  // a hint; failure is fine
#endif
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) {
    ::operator delete (p, std::align_val_t{AlignFor(n * sizeof(T))});
  }

  template <typename U>
  bool operator==(const AlignedAllocator<U, kAlign>&) const {
    return true;
  }

 private:
  static constexpr std::size_t kHugePage = std::size_t{2} << 20;
  static constexpr std::size_t kHugeThreshold = std::size_t{8} << 20;
  static constexpr std::size_t AlignFor(std::size_t bytes) {
    return bytes >= kHugeThreshold && kHugePage > kAlign ? kHugePage : kAlign;
  }
};

}  // namespace hilfsnetz::vector::internal
