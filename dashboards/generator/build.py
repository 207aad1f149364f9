#!/usr/bin/env python3
"""The suite's Grafana dashboards. Edit the panel lists here, then run

    python3 dashboards/generator/build.py

to rewrite dashboards/*.json; tests/lint fails when they disagree. Metric
names are the exporters' (see their READMEs) and the recording rules of
alert-rules/. Every query sits in targets[].expr.
"""
import sys

from grafana import C, dashboard, file_name, render, row, stat, table, timeseries, variable

RATE = "$__rate_interval"
NOT_INTERNAL = 'topic!~"__.*"'
RECORDS_PER_SECOND = "suffix: records/s"


def per_second(metric, *labels, selector=C):
    """A counter's per-second rate summed by `labels`, with a legend of them."""
    by = ", ".join(labels)
    # Counters created at their first event have no series before it: show 0.
    return (f"sum by ({by}) (rate({metric}{{{selector}}}[{RATE}])) or on() vector(0)",
            " ".join("{{%s}}" % label for label in labels))


def overview():
    return dashboard(
        "kafka-overview", "Kafka / Overview",
        "Cluster health at a glance: brokers, controller, partitions at risk, lag, disk, certificates and firing alerts.",
        [
            row("Cluster"),
            stat("Brokers", "Brokers in the cluster metadata (kafka_brokers).", "short",
                 f"max by (cluster) (kafka_brokers{{{C}}})"),
            stat("Active controller", "Broker id of the active controller; -1 means none.", "none",
                 f"max by (cluster) (kafka_cluster_controller_id{{{C}}})", [(-1, "red"), (0, "green")]),
            stat("Offline partitions", "Partitions without a leader, over all topics.", "short",
                 f"sum by (cluster) (kafka_topic_offline_partitions{{{C}}})", [(1, "red")]),
            stat("Under min ISR", "Partitions with fewer in-sync replicas than min.insync.replicas.", "short",
                 f"sum by (cluster) (kafka_topic_under_min_isr_partitions{{{C}}})", [(1, "red")]),
            stat("Under-replicated", "Partitions with fewer in-sync replicas than replicas.", "short",
                 f"sum by (cluster) (kafka_topic_partition_under_replicated_partition{{{C}}})", [(1, "orange")]),
            stat("Firing alerts", "Kafka alerts firing now, all severities.", "short",
                 f'count by (cluster) (ALERTS{{alertstate="firing",alertname=~"Kafka.+",{C}}}) or on() vector(0)',
                 [(1, "orange")]),
            timeseries("Produce rate by topic", "Records appended per second: rate of the partitions' end offsets.",
                       RECORDS_PER_SECOND,
                       (f"sum by (cluster, topic) (rate(kafka_topic_partition_current_offset{{{C},{NOT_INTERNAL}}}[{RATE}]))",
                        "{{cluster}} {{topic}}")),
            timeseries("Consumer lag by group", "Records not yet consumed, per group, for the 10 groups furthest behind.",
                       "short",
                       (f"topk(10, max by (cluster, group) (kafka_consumergroup_group_sum_lag{{{C}}}))",
                        "{{cluster}} {{group}}")),
            timeseries("Log dir usage", "Used share of each log directory's filesystem (space the broker cannot use counts as used).",
                       "percentunit",
                       (f"instance_log_dir:kafka_logdir_fs_used:ratio{{{C}}}", "{{instance}} {{log_dir}}"),
                       max_value=1),
            timeseries("Days to first certificate expiry", "Days until the soonest-expiring certificate of each source expires.",
                       "d",
                       (f"min by (cluster, source_name) (x509_cert_not_after{{{C}}} - time()) / 86400",
                        "{{source_name}}")),
            table("Firing alerts", "Kafka alerts firing now, with their severity and labels.", "short",
                  f'ALERTS{{alertstate="firing",alertname=~"Kafka.+",{C}}}', hide=("Value", "alertstate")),
        ])


def brokers_topics():
    topic = variable("topic", "Topic", f'label_values(kafka_topic_partitions{{{C}}}, topic)')
    T = f'{C},topic=~"$topic"'
    return dashboard(
        "kafka-brokers-topics", "Kafka / Brokers and topics",
        "Broker reachability and latency; per-topic throughput, partitions, replication and leadership.",
        [
            row("Brokers"),
            timeseries("Brokers reachable", "1 while the exporter's connection to the broker is up.", "bool_on_off",
                       (f"max by (cluster, id) (kafka_broker_up{{{C}}})", "broker {{id}}"), width=8),
            timeseries("Request round-trip, average", "Average request round-trip time to each broker.", "s",
                       (f"max by (cluster, id) (kafka_broker_rtt_average_seconds{{{C}}})", "broker {{id}}"), width=8),
            timeseries("Request round-trip, p99", "99th percentile request round-trip time to each broker.", "s",
                       (f"max by (cluster, id) (kafka_broker_rtt_p99_seconds{{{C}}})", "broker {{id}}"), width=8),
            table("Brokers", "Brokers in the metadata with their addresses.", "short",
                  f"max by (cluster, id, address) (kafka_broker_info{{{C}}})", height=6, hide=("Value",)),
            row("Topics"),
            timeseries("Produce rate", "Records appended per second to each topic.", RECORDS_PER_SECOND,
                       (f"sum by (cluster, topic) (rate(kafka_topic_partition_current_offset{{{T}}}[{RATE}]))",
                        "{{topic}}")),
            timeseries("Retained records", "Records between the oldest and the newest offset, per topic.", "short",
                       (f"sum by (cluster, topic) (kafka_topic_partition_current_offset{{{T}}} - kafka_topic_partition_oldest_offset{{{T}}})",
                        "{{topic}}")),
            timeseries("Under-replicated partitions", "Partitions whose in-sync replicas are fewer than their replicas.", "short",
                       (f"sum by (cluster, topic) (kafka_topic_partition_under_replicated_partition{{{T}}})", "{{topic}}")),
            timeseries("Offline and under-min-ISR partitions", "Partitions without a leader, and below min.insync.replicas.", "short",
                       (f"max by (cluster, topic) (kafka_topic_offline_partitions{{{T}}})", "offline {{topic}}"),
                       (f"max by (cluster, topic) (kafka_topic_under_min_isr_partitions{{{T}}})", "under min ISR {{topic}}")),
            timeseries("Leaders not preferred", "Partitions led by a broker other than their preferred (first) replica.", "short",
                       (f"sum by (cluster, topic) (1 - kafka_topic_partition_leader_is_preferred{{{T}}})", "{{topic}}")),
            timeseries("Partition leaders by broker", "Partitions each broker leads; skew means uneven load.", "short",
                       (f'count_values by (cluster) ("leader", kafka_topic_partition_leader{{{T}}} >= 0)',
                        "broker {{leader}}")),
            table("Lowest in-sync replicas by topic", "Fewest in-sync replicas among each topic's partitions; lowest first.",
                  "short", f"min by (cluster, topic) (kafka_topic_partition_in_sync_replica{{{T}}})",
                  width=8, sort=("Value", False)),
            table("Replication factor by topic", "Replication factor of each topic (largest replica count of its partitions).",
                  "short", f"max by (cluster, topic) (kafka_topic_replication_factor{{{T}}})", width=8),
            table("Partitions by topic", "Partition count of each topic.", "short",
                  f"max by (cluster, topic) (kafka_topic_partitions{{{T}}})", width=8),
        ], [topic])


def consumer_lag():
    group = variable("group", "Consumer group", f'label_values(kafka_consumergroup_group_sum_lag{{{C}}}, group)')
    G = f'{C},group=~"$group"'
    KG = f'{C},consumergroup=~"$group"'
    return dashboard(
        "kafka-consumer-lag", "Kafka / Consumer lag",
        "Consumer group lag in records and in seconds, consumption rate, members and Burrow-style status.",
        [
            row("Lag"),
            timeseries("Lag in records by group and topic", "Records between the committed offset and the end offset, summed over partitions.",
                       "short",
                       (f"max by (cluster, group, topic) (kafka_consumergroup_group_topic_sum_lag{{{G}}})", "{{group}} {{topic}}")),
            timeseries("Lag in seconds by group", "Age of the oldest record the group has not consumed.", "s",
                       (f"max by (cluster, group) (kafka_consumergroup_group_max_lag_seconds{{{G}}})", "{{group}}")),
            timeseries("Consumption rate", "Records committed per second by each group.", RECORDS_PER_SECOND,
                       (f"sum by (cluster, consumergroup, topic) (rate(kafka_consumergroup_current_offset{{{KG}}}[{RATE}]))",
                        "{{consumergroup}} {{topic}}")),
            timeseries("Lag trend", "Change of each group's lag per second over 15 minutes; above 0 the group falls behind.",
                       RECORDS_PER_SECOND,
                       (f"deriv(cluster_group_topic:kafka_consumergroup_group_topic_sum_lag:max{{{G}}}[15m])",
                        "{{group}} {{topic}}")),
            row("Health"),
            timeseries("Members", "Consumers in each group; 0 means dead or paused.", "short",
                       (f"max by (cluster, consumergroup) (kafka_consumergroup_members{{{KG}}})", "{{consumergroup}}"), width=8),
            timeseries("Records lost to retention", "Records deleted before the group read them.", "short",
                       (f"max by (cluster, consumergroup) (kafka_consumergroup_group_lost_records{{{KG}}})", "{{consumergroup}}"), width=8),
            timeseries("Groups by status", "Groups in each Burrow-style status.", "short",
                       (f"sum by (cluster, status) (kafka_consumergroup_status{{{KG}}})", "{{status}}"), width=8, stack=True),
            table("Group status", "Current status of each group: OK, WARN, ERR (stopped, stalled or rewound) or NOTFOUND.", "short",
                  f"max by (cluster, consumergroup, status) (kafka_consumergroup_status{{{KG}}} == 1)", width=12, hide=("Value",)),
            table("Dead groups holding lag", "Groups with no members and unconsumed records; their offsets expire after offsets.retention.minutes.",
                  "short",
                  f"cluster_group_topic:kafka_consumergroup_group_topic_sum_lag:max{{{G}}} > 0 and on (cluster, job, group) cluster_group:kafka_consumergroup_members:max == 0",
                  width=12, sort=("Value", True)),
        ], [group])


def disk():
    return dashboard(
        "kafka-disk", "Kafka / Log dir disk",
        "Log directory space per broker: usage, growth, predicted time to full, size per topic and space Kafka does not account for.",
        [
            row("Space"),
            timeseries("Used", "Used share of each log directory's filesystem, as the broker sees it (root reserve counts as used).",
                       "percentunit", (f"instance_log_dir:kafka_logdir_fs_used:ratio{{{C}}}", "{{instance}} {{log_dir}}"),
                       max_value=1),
            timeseries("Available", "Bytes the broker can still write.", "bytes",
                       (f"kafka_logdir_fs_avail_bytes{{{C}}}", "{{instance}} {{log_dir}}")),
            timeseries("Growth", "Trend of used space, ignoring the retention sawtooth.", "Bps",
                       (f"kafka_logdir_growth_bytes_per_second{{{C}}}", "{{instance}} {{log_dir}}")),
            timeseries("Predicted time to full", "Time until the usage peaks reach capacity; absent when not filling within a year.",
                       "s", (f"kafka_logdir_predicted_full_timestamp_seconds{{{C}}} - time()", "{{instance}} {{log_dir}}")),
            timeseries("Written and deleted", "Bytes added by appends and removed by retention, per second.", "Bps",
                       (f"rate(kafka_logdir_written_bytes_total{{{C}}}[{RATE}])", "written {{instance}} {{log_dir}}"),
                       (f"-rate(kafka_logdir_deleted_bytes_total{{{C}}}[{RATE}])", "deleted {{instance}} {{log_dir}}")),
            timeseries("Unaccounted", "Used bytes outside any partition directory: deleted files held open, other tenants.", "bytes",
                       (f"kafka_logdir_unaccounted_bytes{{{C}}}", "{{instance}} {{log_dir}}")),
            row("Topics"),
            timeseries("Largest topics", "On-disk size of the 10 largest topics, summed over partitions and brokers.", "bytes",
                       (f"topk(10, sum by (cluster, topic) (kafka_logdir_partition_size_bytes{{{C}}}))", "{{topic}}")),
            table("Size by broker and topic", "On-disk size of each topic on each log directory, summed over its partitions.", "bytes",
                  f"sum by (cluster, instance, log_dir, topic) (kafka_logdir_partition_size_bytes{{{C}}})", width=12,
                  sort=("Value", True)),
            row("Scan"),
            timeseries("Walk duration", "Time the last walk of each log directory took.", "s",
                       (f"max by (cluster, instance, log_dir) (kafka_logdir_last_walk_duration_seconds{{{C}}})",
                        "{{instance}} {{log_dir}}"), width=8),
            timeseries("Walk errors", "Walk errors per second by reason.", "ops",
                       (f"sum by (cluster, instance, reason) (rate(kafka_logdir_walk_errors_total{{{C}}}[{RATE}]))",
                        "{{instance}} {{reason}}"), width=8),
            timeseries("Read-only or failing", "1 when the filesystem is read-only, statfs fails, or the walk is stale.", "short",
                       (f"kafka_logdir_fs_readonly{{{C}}}", "read-only {{instance}} {{log_dir}}"),
                       (f"kafka_logdir_fs_device_error{{{C}}}", "device error {{instance}} {{log_dir}}"),
                       (f"kafka_logdir_walk_stale{{{C}}}", "stale {{instance}} {{log_dir}}"), width=8),
        ])


def certificates():
    return dashboard(
        "kafka-certificates", "Kafka / Certificates",
        "Certificates in Kafka keystores and on TLS listeners: time to expiry, sources, served versus on-disk.",
        [
            row("Expiry"),
            stat("Expired", "Certificates past their notAfter.", "short",
                 f"count by (cluster) (x509_cert_not_after{{{C}}} < time()) or on() vector(0)", [(1, "red")]),
            stat("Expiring within 14 days", "Certificates in the critical band.", "short",
                 f"count by (cluster) (x509_cert_not_after{{{C}}} - time() < 14 * 86400) or on() vector(0)", [(1, "red")]),
            stat("Expiring within 28 days", "Certificates in the warning band.", "short",
                 f"count by (cluster) (x509_cert_not_after{{{C}}} - time() < 28 * 86400) or on() vector(0)", [(1, "orange")]),
            stat("Unreadable sources", "Certificate sources the exporter could not read in full.", "short",
                 f"count by (cluster) (x509_source_up{{{C}}} == 0) or on() vector(0)", [(1, "orange")]),
            stat("Listeners serving old certificates", "TLS listeners whose served certificate is no longer in their keystore.",
                 "short", f"count by (cluster) (kafka_cert_served_matches_disk{{{C}}} == 0) or on() vector(0)", [(1, "orange")],
                 width=8),
            table("Certificates by time left", "Every certificate with its remaining validity; soonest first.", "s",
                  f"x509_cert_not_after{{{C}}} - time()", height=10, sort=("Value", False),
                  hide=("filename", "format", "chain_index")),
            timeseries("Days left", "Remaining validity of each certificate, in days.", "d",
                       (f"(x509_cert_not_after{{{C}}} - time()) / 86400", "{{instance}} {{subject_CN}} {{serial_number}}")),
            row("Sources and listeners"),
            timeseries("Sources up", "1 when the source was read in full at the last collection.", "bool_on_off",
                       (f"x509_source_up{{{C}}}", "{{instance}} {{source_name}}"), width=8),
            timeseries("Source errors", "Errors reading certificate sources per second, by reason.", "ops",
                       per_second("x509_source_errors_total", "instance", "source_name", "reason"), width=8),
            timeseries("TLS probe duration", "Time the last TLS handshake probe of each listener took.", "s",
                       (f"kafka_cert_endpoint_probe_duration_seconds{{{C}}}", "{{instance}} {{source_name}}"), width=8),
            table("Served certificate in keystore", "1 when the listener serves a certificate its keystore holds; 0 means a renewal the broker has not loaded.", "short",
                  f"kafka_cert_served_matches_disk{{{C}}}", width=12),
            table("Chain verification", "1 when the served chain verifies; verify_error says why not.", "short",
                  f"kafka_cert_endpoint_verified{{{C}}}", width=12),
        ])


def alerting():
    return dashboard(
        "kafka-alerting", "Kafka / Alerting and remediation",
        "Firing alerts, the webhook receiver's remediation and PagerDuty delivery, and the health of the suite's exporters.",
        [
            row("Alerts"),
            timeseries("Firing alerts by severity", "Kafka alerts firing, per severity.", "short",
                       (f'count by (severity) (ALERTS{{alertstate="firing",alertname=~"Kafka.+",{C}}}) or on() vector(0)', "{{severity}}"),
                       stack=True),
            timeseries("Firing alerts by name", "Kafka alerts firing, per alert name.", "short",
                       (f'count by (alertname) (ALERTS{{alertstate="firing",alertname=~"Kafka.+",{C}}}) or on() vector(0)', "{{alertname}}")),
            row("Remediation"),
            timeseries("Notifications received", "Webhook notifications from Alertmanager per second, by result.", "reqps",
                       per_second("kafka_webhook_receiver_notifications_total", "result"), width=8),
            timeseries("Actions", "Remediation actions finished per second, by type and outcome.", "ops",
                       per_second("kafka_webhook_receiver_actions_total", "type", "outcome"), width=8),
            timeseries("Decisions", "Per-alert decisions per second (opened, duplicate, cooldown, ...).", "ops",
                       per_second("kafka_webhook_receiver_decisions_total", "decision"), width=8),
            timeseries("Episodes", "Episodes the receiver keeps, by state.", "short",
                       (f"sum by (state) (kafka_webhook_receiver_episodes{{{C}}})", "{{state}}"), width=8, stack=True),
            timeseries("Breaker", "1 while the blast-radius breaker stops all actions; trips in the interval.", "short",
                       (f"max(kafka_webhook_receiver_breaker_open{{{C}}})", "open"),
                       (f"sum(increase(kafka_webhook_receiver_breaker_trips_total{{{C}}}[{RATE}]))", "trips"), width=8),
            timeseries("Escalations", "Escalation calls per second, by kind and result.", "ops",
                       per_second("kafka_webhook_receiver_escalations_total", "kind", "result"), width=8),
            row("Journal and PagerDuty"),
            timeseries("Journal fsync p99", "99th percentile duration of the journal's group-commit fsyncs.", "s",
                       (f"histogram_quantile(0.99, sum by (le) (rate(kafka_webhook_receiver_journal_fsync_duration_seconds_bucket{{{C}}}[{RATE}])))",
                        "p99"), width=8),
            timeseries("Journal size and errors", "Size of the on-disk journal; failed writes in the interval.", "bytes",
                       (f"max(kafka_webhook_receiver_journal_size_bytes{{{C}}})", "size"),
                       (f"sum(increase(kafka_webhook_receiver_journal_errors_total{{{C}}}[{RATE}]))", "errors"), width=8),
            timeseries("PagerDuty events", "Events that left the outbox per second, by action and outcome.", "ops",
                       (f"sum by (action, outcome) (rate(kafka_webhook_receiver_pagerduty_events_total{{{C}}}[{RATE}]))",
                        "{{action}} {{outcome}}"), width=8),
            timeseries("PagerDuty retries", "Failed sends that will be retried, per second, by reason.", "ops",
                       per_second("kafka_webhook_receiver_pagerduty_retries_total", "reason"), width=8),
            timeseries("Outbox depth", "PagerDuty events persisted but not yet settled.", "short",
                       (f"max(kafka_webhook_receiver_pagerduty_outbox_events{{{C}}})", "events"), width=8),
            timeseries("Outbox oldest event", "Age of the oldest undelivered PagerDuty event.", "s",
                       (f"max(kafka_webhook_receiver_pagerduty_outbox_oldest_event_age_seconds{{{C}}})", "age"), width=8),
            row("Suite health"),
            timeseries("Targets up", "1 when Prometheus scraped the exporter or receiver successfully.", "bool_on_off",
                       (f'up{{job=~"kafka-.+",{C}}}', "{{job}} {{instance}}"), width=8),
            timeseries("Collector success", "1 when the collector's last run succeeded within its deadline.", "bool_on_off",
                       (f"job_collector:scrape_collector_success{{{C}}}", "{{job}} {{collector}}"), width=8),
            timeseries("Data age", "Seconds since each collector's last successful run.", "s",
                       (f"time() - job_collector:scrape_collector_last_success_timestamp_seconds{{{C}}}", "{{job}} {{collector}}"),
                       width=8),
            timeseries("Scrape duration", "How long Prometheus takes to scrape each target.", "s",
                       (f'scrape_duration_seconds{{job=~"kafka-.+",{C}}}', "{{job}} {{instance}}"), width=12),
            timeseries("Resident memory", "Resident memory of each exporter and the receiver.", "bytes",
                       (f'process_resident_memory_bytes{{job=~"kafka-.+",{C}}}', "{{job}} {{instance}}"), width=12),
        ])


DASHBOARDS = [overview, brokers_topics, consumer_lag, disk, certificates, alerting]


def main(check_only=False):
    """Writes the dashboards, or with --check lists the files that differ."""
    stale = []
    for build in DASHBOARDS:
        d = build()
        text, name = render(d), file_name(d)
        try:
            current = open(name, encoding="utf-8").read()
        except FileNotFoundError:
            current = None
        if current != text:
            stale.append(name)
            if not check_only:
                with open(name, "w", encoding="utf-8") as f:
                    f.write(text)
    return stale


if __name__ == "__main__":
    changed = main(check_only="--check" in sys.argv)
    for name in changed:
        print(("out of date: " if "--check" in sys.argv else "wrote ") + name)
    sys.exit(1 if changed and "--check" in sys.argv else 0)
