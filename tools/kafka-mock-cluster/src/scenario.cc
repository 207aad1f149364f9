#include "scenario.h"

#include <exporter_kit/duration.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "number.h"
#include "yaml_reader.h"

namespace mock_cluster {
namespace {

constexpr int kMaxBrokers = 100;
constexpr int kMaxPartitions = 100'000;
constexpr int64_t kMaxRecordsPerBatch = 10'000'000;
constexpr int kMaxPayloadBytes = 1 << 20;
constexpr double kMaxRate = 1e6;
constexpr int64_t kMaxOffset = std::numeric_limits<int64_t>::max();

class ScenarioParser {
 public:
  ScenarioParser(int64_t now_ms, std::optional<int> brokers_override)
      : now_ms_(now_ms), brokers_override_(brokers_override) {}

  Scenario Parse(const YamlReader& root) {
    root.ExpectMap({"brokers", "topics", "producers", "groups", "events"});
    if (brokers_override_) {
      scenario_.brokers = *brokers_override_;
    } else if (root.Has("brokers")) {
      scenario_.brokers =
          static_cast<int>(root.Child("brokers").Integer(1, kMaxBrokers));
    }
    root.Child("topics").ForEach([&](const YamlReader& t) { Topic(t); });
    root.Child("producers").ForEach([&](const YamlReader& p) { Producer(p); });
    root.Child("groups").ForEach([&](const YamlReader& g) { Group(g); });
    root.Child("events").ForEach([&](const YamlReader& e) { Event(e); });
    std::stable_sort(
        scenario_.events.begin(), scenario_.events.end(),
        [](const EventSpec& a, const EventSpec& b) { return a.at < b.at; });
    return std::move(scenario_);
  }

 private:
  void Topic(const YamlReader& t) {
    t.ExpectMap({"name", "partitions", "leaders", "messages"});
    TopicSpec topic;
    topic.name = TopicName(t.Child("name"));
    if (!topic_names_.insert(topic.name).second) {
      t.Child("name").Fail("duplicate topic '" + topic.name + "'");
    }
    topic.partitions =
        static_cast<int>(t.Child("partitions").Integer(1, kMaxPartitions));
    t.Child("leaders").ForEachEntry(
        [&](const std::string& key, const YamlReader& broker) {
          const int32_t partition = PartitionKey(key, broker, topic);
          topic.leaders[partition] =
              static_cast<int32_t>(broker.Integer(-1, scenario_.brokers));
          if (topic.leaders[partition] == 0) {
            broker.Fail("must be a broker id in [1, " +
                        std::to_string(scenario_.brokers) + "] or -1");
          }
        });
    t.Child("messages").ForEach([&](const YamlReader& m) {
      topic.messages.push_back(Messages(m, topic));
    });
    scenario_.topics.push_back(std::move(topic));
  }

  MessageSpec Messages(const YamlReader& m, const TopicSpec& topic) {
    m.ExpectMap({"count", "timestamp", "until", "key_size", "value_size",
                 "partitions"});
    MessageSpec spec;
    Records& r = spec.records;
    r.count = m.Child("count").Integer(0, kMaxRecordsPerBatch);
    r.timestamp_ms = m.Has("timestamp") ? Time(m.Child("timestamp")) : now_ms_;
    if (m.Has("until")) {
      r.last_timestamp_ms = Time(m.Child("until"));
      if (r.last_timestamp_ms < r.timestamp_ms) {
        m.Child("until").Fail("must not be before timestamp");
      }
    }
    if (m.Has("key_size")) {
      r.key_size =
          static_cast<int>(m.Child("key_size").Integer(0, kMaxPayloadBytes));
    }
    if (m.Has("value_size")) {
      r.value_size =
          static_cast<int>(m.Child("value_size").Integer(0, kMaxPayloadBytes));
    }
    m.Child("partitions").ForEach([&](const YamlReader& p) {
      spec.partitions.push_back(
          static_cast<int32_t>(p.Integer(0, topic.partitions - 1)));
    });
    return spec;
  }

  void Producer(const YamlReader& p) {
    p.ExpectMap({"topic", "rate"});
    ProducerSpec producer{ExistingTopic(p.Child("topic"))->name,
                          p.Child("rate").Number(0, kMaxRate)};
    scenario_.producers.push_back(std::move(producer));
  }

  void Group(const YamlReader& g) {
    g.ExpectMap({"name", "topics", "rate", "track"});
    GroupSpec group;
    group.name = g.Child("name").String();
    if (!group_names_.insert(group.name).second) {
      g.Child("name").Fail("duplicate group '" + group.name + "'");
    }
    if (g.Has("rate") && g.Has("track")) {
      g.Fail("set at most one of rate and track");
    }
    if (g.Has("rate")) {
      group.motion = {GroupMotion::Kind::kRate,
                      g.Child("rate").Number(0, kMaxRate), 0};
    } else if (g.Has("track")) {
      group.motion = {GroupMotion::Kind::kTrack, 0,
                      g.Child("track").Integer(0, kMaxOffset)};
    }
    g.Child("topics").ForEach(
        [&](const YamlReader& t) { group.topics.push_back(GroupTopic(t)); });
    scenario_.groups.push_back(std::move(group));
  }

  GroupTopicSpec GroupTopic(const YamlReader& t) {
    t.ExpectMap({"topic", "offsets", "offset", "lag"});
    const TopicSpec* topic = ExistingTopic(t.Child("topic"));
    GroupTopicSpec spec{topic->name, {}, std::nullopt, std::nullopt};
    if (t.Has("offset") && t.Has("lag")) {
      t.Fail("set at most one of offset and lag");
    }
    if (t.Has("offset")) spec.offset = t.Child("offset").Integer(0, kMaxOffset);
    if (t.Has("lag")) spec.lag = t.Child("lag").Integer(0, kMaxOffset);
    t.Child("offsets").ForEachEntry(
        [&](const std::string& key, const YamlReader& offset) {
          spec.offsets[PartitionKey(key, offset, *topic)] =
              offset.Integer(0, kMaxOffset);
        });
    if (spec.offsets.empty() && !spec.offset && !spec.lag) {
      t.Fail("set offsets, offset or lag");
    }
    return spec;
  }

  void Event(const YamlReader& e) {
    e.ExpectMap({"at", "command"});
    EventSpec event;
    try {
      event.at = exporter_kit::ParseDuration(e.Child("at").String());
    } catch (const std::invalid_argument& error) {
      e.Child("at").Fail(std::string("must be a duration like 30s: ") +
                         error.what());
    }
    event.text = e.Child("command").String();
    try {
      event.command = ParseCommand(event.text);
    } catch (const CommandError& error) {
      e.Child("command").Fail(error.what());
    }
    scenario_.events.push_back(std::move(event));
  }

  std::string TopicName(const YamlReader& name) const {
    static const std::regex kLegal("[a-zA-Z0-9._-]{1,249}");
    std::string text = name.String();
    if (!std::regex_match(text, kLegal)) {
      name.Fail("'" + text +
                "' is not a legal topic name (1-249 of a-z A-Z 0-9 . _ -)");
    }
    return text;
  }

  const TopicSpec* ExistingTopic(const YamlReader& name) const {
    const std::string text = name.String();
    const TopicSpec* topic = scenario_.FindTopic(text);
    if (topic == nullptr) name.Fail("unknown topic '" + text + "'");
    return topic;
  }

  static int32_t PartitionKey(const std::string& key, const YamlReader& at,
                              const TopicSpec& topic) {
    const auto partition = ParseInteger(key);
    if (!partition || *partition < 0 || *partition >= topic.partitions) {
      at.Fail("key must be a partition of " + topic.name + " in [0, " +
              std::to_string(topic.partitions - 1) + "]");
    }
    return static_cast<int32_t>(*partition);
  }

  int64_t Time(const YamlReader& at) const {
    try {
      return ParseTimeSpec(at.String()).Resolve(now_ms_);
    } catch (const std::invalid_argument& error) {
      at.Fail(error.what());
    }
  }

  const int64_t now_ms_;
  const std::optional<int> brokers_override_;
  Scenario scenario_;
  std::set<std::string> topic_names_;
  std::set<std::string> group_names_;
};

}  // namespace

const TopicSpec* Scenario::FindTopic(const std::string& name) const {
  for (const TopicSpec& topic : topics) {
    if (topic.name == name) return &topic;
  }
  return nullptr;
}

Scenario ParseScenario(const std::string& yaml, int64_t now_ms,
                       std::optional<int> brokers_override) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    throw ScenarioError("invalid YAML: " + e.msg + " at line " +
                        std::to_string(e.mark.line + 1));
  }
  if (brokers_override &&
      (*brokers_override < 1 || *brokers_override > kMaxBrokers)) {
    throw ScenarioError("--brokers: must be in [1, " +
                        std::to_string(kMaxBrokers) + "]");
  }
  if (root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
  try {
    return ScenarioParser(now_ms, brokers_override).Parse(YamlReader(root, ""));
  } catch (const YAML::Exception& e) {  // e.g. a mapping used as a key
    throw ScenarioError("unsupported YAML: " + e.msg + " at line " +
                        std::to_string(e.mark.line + 1));
  }
}

Scenario LoadScenarioFile(const std::string& path, int64_t now_ms,
                          std::optional<int> brokers_override) {
  std::ifstream in(path);
  if (!in) throw ScenarioError(path + ": cannot read the file");
  std::stringstream text;
  text << in.rdbuf();
  try {
    return ParseScenario(text.str(), now_ms, brokers_override);
  } catch (const ScenarioError& e) {
    throw ScenarioError(path + ": " + e.what());
  }
}

}  // namespace mock_cluster
