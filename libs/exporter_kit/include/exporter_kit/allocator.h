#pragma once
// glibc malloc settings for binaries that build multi-megabyte outputs each
// cycle beside librdkafka's many threads.

namespace exporter_kit {

/// \brief Keeps peak RSS close to what is in use: buffers of 1 MB and more
/// are mapped and returned to the system when freed (glibc would otherwise
/// raise its mmap threshold after the first such free and keep later ones
/// in its heap), and all threads share two arenas (glibc gives busy threads
/// up to eight per core, each holding freed memory of its own). Call at the
/// start of main.
void LimitHeapRetention();

}  // namespace exporter_kit
