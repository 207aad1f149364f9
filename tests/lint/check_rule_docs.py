#!/usr/bin/env python3
"""Rule conventions, tests and documentation: names with the Kafka prefix,
severities critical/warning/info, a static summary shared by both bands, a
templated description, a runbook_url that points at docs/runbooks/<Alert>.md
which exists and has the four sections, a promtool case where each alert
fires and one where it must not, `for` of a minute or more, the
cluster label kept by every aggregation, every alert listed in
alert-rules/README.md and docs/runbooks/README.md, and every rule file at the CHANGELOG's version."""
import os
import re

import suite_files as sf

RUNBOOK_BASE = ("https://github.com/kafka-monitoring-suite/kafka-monitoring-suite"
                "/blob/main/docs/runbooks/")
RUNBOOK_SECTIONS = ["## Meaning", "## Confirm", "## Fix", "## Automatic remediation"]
SEVERITIES = {"critical", "warning", "info"}
GROUPING = re.compile(r"\b(by|on|without|ignoring)\s*\(([^)]*)\)")


def seconds(duration):
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
    return sum(int(n) * units[u] for n, u in re.findall(r"(\d+)(ms|s|m|h|d|w)", duration))


def check_alert(rule):
    where, name = f"{os.path.relpath(rule['file'], sf.ROOT)}: {rule['name']}", rule["name"]
    problems = []
    if not re.fullmatch(r"Kafka(?:[A-Z][a-z0-9]*)+", name):
        problems.append(f"{where}: alert names are CamelCase and start with Kafka")
    if rule.get("severity") not in SEVERITIES:
        problems.append(f"{where}: severity {rule.get('severity')!r} is not one of {sorted(SEVERITIES)}")
    summary = rule.get("summary", "")
    if not summary.endswith(".") or "{{" in summary:
        problems.append(f"{where}: summary must be a static sentence ending with a full stop")
    if "{{" not in rule.get("description", ""):
        problems.append(f"{where}: description must be templated")
    if rule.get("runbook_url") != RUNBOOK_BASE + name + ".md":
        problems.append(f"{where}: runbook_url must be {RUNBOOK_BASE}{name}.md")
    if "for" in rule and seconds(rule["for"]) < 60:
        problems.append(f"{where}: for: {rule['for']} is shorter than a minute")
    for kind, labels in GROUPING.findall(rule["expr"]):
        if kind in ("by", "on") and "cluster" not in re.split(r"[\s,]+", labels):
            problems.append(f"{where}: {kind} ({labels}) drops the cluster label")
    return problems


def check_runbook(name):
    runbook = sf.path("docs/runbooks", name + ".md")
    if not os.path.exists(runbook):
        return [f"docs/runbooks/{name}.md is missing"]
    text = open(runbook, encoding="utf-8").read()
    return [f"docs/runbooks/{name}.md: no '{s}' section" for s in RUNBOOK_SECTIONS if s not in text]


def check_tests(names):
    """Every alert has a promtool case where it fires and one where it must not."""
    fires, silent = set(), set()
    for f in sf.files("alert-rules/tests/*.test.yml"):
        text = open(f, encoding="utf-8").read()
        silent |= set(re.findall(r"alertname: (\w+),? *\n?\s*exp_alerts: \[\]", text))
        fires |= set(re.findall(r"alertname: (\w+)\n\s+exp_alerts:\n\s+- exp_labels", text))
    return ([f"alert-rules/tests: no case where {n} fires" for n in names if n not in fires] +
            [f"alert-rules/tests: no case where {n} must stay silent" for n in names if n not in silent])


def check():
    rules = sf.all_rules()
    alerts = [r for r in rules if r["kind"] == "alert"]
    problems = []
    for r in alerts:
        problems += check_alert(r)
    summaries = {}
    for r in alerts:
        if summaries.setdefault(r["name"], r.get("summary")) != r.get("summary"):
            problems.append(f"{r['name']}: both bands must share one summary")
    names = sorted(summaries)
    problems += check_tests(names)
    for name in names:
        problems += check_runbook(name)
    for f in os.listdir(sf.path("docs/runbooks")):
        if f.endswith(".md") and f != "README.md" and f[:-3] not in summaries:
            problems.append(f"docs/runbooks/{f}: no alert of that name")
    for index in ("alert-rules/README.md", "docs/runbooks/README.md"):
        text = open(sf.path(index), encoding="utf-8").read()
        problems += [f"{index} does not list {n}" for n in names
                     if not re.search(rf"\b{n}\b", text)]
    changelog = open(sf.path("alert-rules/CHANGELOG.md"), encoding="utf-8").read()
    latest = re.search(r"^## (\d+\.\d+\.\d+)", changelog, re.M).group(1)
    for f in sorted({r["file"] for r in rules}):
        version = next(r["version"] for r in rules if r["file"] == f)
        if version != latest:
            problems.append(f"{os.path.relpath(f, sf.ROOT)}: version {version}, CHANGELOG says {latest}")
    print(f"{len(alerts)} alert rules, {len(names)} alerts, release {latest}")
    return problems


if __name__ == "__main__":
    sf.run(check)
