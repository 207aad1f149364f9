#include "exporter_kit/allocator.h"

#include <malloc.h>

namespace exporter_kit {

void LimitHeapRetention() {
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  mallopt(M_ARENA_MAX, 2);
}

}  // namespace exporter_kit
