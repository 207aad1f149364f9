#include "mount_table.h"

#include <gtest/gtest.h>
#include <sys/sysmacros.h>

namespace kafka_disk {
namespace {

constexpr std::string_view kMountInfo =
    "22 1 253:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw\n"
    "30 22 253:2 / /var/lib/kafka rw,noatime shared:5 - xfs /dev/nvme1n1 rw\n"
    "31 22 253:3 / /var/lib/kafka/data\\0402 rw - ext4 /dev/nvme2n1 rw\n"
    "32 22 0:45 / /mnt/nfs rw master:3 - nfs4 server:/export rw,vers=4.2\n"
    "garbage line\n"
    "33 30 253:2 /sub /var/lib/kafka rw - xfs /dev/nvme1n1 rw\n";

TEST(ParseMountInfo, ReadsFieldsAfterTheOptionalOnes) {
  const auto mounts = ParseMountInfo(kMountInfo);
  ASSERT_EQ(mounts.size(), 5u);
  EXPECT_EQ(mounts[1].mount_point, "/var/lib/kafka");
  EXPECT_EQ(mounts[1].fs_type, "xfs");
  EXPECT_EQ(mounts[1].device, "/dev/nvme1n1");
  EXPECT_EQ(mounts[1].major, 253u);
  EXPECT_EQ(mounts[1].minor, 2u);
  EXPECT_EQ(mounts[2].mount_point, "/var/lib/kafka/data 2");
  EXPECT_EQ(mounts[3].device, "server:/export");
}

TEST(FindMount, LongestPrefixOnAPathBoundary) {
  const auto mounts = ParseMountInfo(kMountInfo);
  EXPECT_EQ(
      FindMount(mounts, "/var/lib/kafka/data 2/t-0", std::nullopt)->device,
      "/dev/nvme2n1");
  // "/var/lib/kafka-old" is not under "/var/lib/kafka".
  EXPECT_EQ(FindMount(mounts, "/var/lib/kafka-old", std::nullopt)->mount_point,
            "/");
  // Stacked mounts: the later one wins.
  EXPECT_EQ(FindMount(mounts, "/var/lib/kafka/logs", std::nullopt)->device,
            "/dev/nvme1n1");
}

TEST(FindMount, DeviceNumberMustMatchWhenGiven) {
  const auto mounts = ParseMountInfo(kMountInfo);
  EXPECT_EQ(FindMount(mounts, "/var/lib/kafka/logs", makedev(253, 2))->device,
            "/dev/nvme1n1");
  // A path under a mount point but on another device (e.g. the mount is
  // gone and the directory sits on the root filesystem).
  EXPECT_EQ(
      FindMount(mounts, "/var/lib/kafka/logs", makedev(253, 1))->mount_point,
      "/");
  EXPECT_FALSE(FindMount(mounts, "/x", makedev(9, 9)).has_value());
}

}  // namespace
}  // namespace kafka_disk
