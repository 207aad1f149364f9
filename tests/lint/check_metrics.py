#!/usr/bin/env python3
"""Every PromQL expression in the alert rules and dashboards parses, and every
metric it names is documented by one of the suite's READMEs, defined by a
recording rule, or standard Prometheus.

Parsing is promtool's: all expressions go into one throwaway rule file (JSON
is valid YAML) checked in a single run.
"""
import json
import os
import re
import subprocess
import tempfile

import suite_files as sf

# Besides exporters/<each>/README.md.
READMES = ["webhook-receiver/README.md", "webhook-receiver/pagerduty/README.md",
           "libs/exporter_kit/README.md"]

# Series Prometheus itself produces.
STANDARD = {"up", "ALERTS", "ALERTS_FOR_STATE", "scrape_duration_seconds",
            "scrape_samples_scraped", "scrape_samples_post_metric_relabeling",
            "scrape_series_added"}
STANDARD_PREFIXES = ("process_", "prometheus_", "alertmanager_")
HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")

# Grafana variables become something promtool accepts.
GRAFANA_INTERVALS = re.compile(r"\$(__rate_interval|__interval|__range)\b|\$\{(__rate_interval|__interval|__range)\}")
GRAFANA_VARIABLE = re.compile(r"\$\{?\w+(:\w+)?\}?")

KEYWORDS = {"and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset", "inf", "nan", "Inf", "NaN"}


def strip_strings(expr):
    return re.sub(r'"(\\.|[^"\\])*"|\'(\\.|[^\'\\])*\'|`[^`]*`', '""', expr)


def metric_names(expr):
    """Names of the series an expression selects (not functions or labels)."""
    text = strip_strings(expr)
    text = re.sub(r"#[^\n]*", " ", text)
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = re.sub(r"\[[^\]]*\]", " ", text)
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)
    names = set()
    for m in re.finditer(r"(?<![\w.:])[A-Za-z_:][\w:]*", text):
        name = m.group(0)
        if name in KEYWORDS or re.match(r"\s*\(", text[m.end():]):
            continue
        names.add(name)
    return names


def documented_names():
    """Every snake_case word of the READMEs, with <ns> expanded per exporter."""
    names = set()
    exporters = [os.path.dirname(p) for p in sf.files("exporters/*/CMakeLists.txt")]
    readmes = [os.path.join(d, "README.md") for d in exporters]
    readmes += [sf.path(p) for p in READMES]
    # An exporter's namespace is kafka_<directory>_exporter (exporter_kit App).
    namespaces = [f"kafka_{os.path.basename(d)}_exporter" for d in exporters]
    missing = [os.path.relpath(p, sf.ROOT) for p in readmes if not os.path.exists(p)]
    for p in readmes:
        if not os.path.exists(p):
            continue
        text = open(p, encoding="utf-8").read()
        names |= set(re.findall(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b", text))
        for suffix in re.findall(r"<ns>(_[a-z0-9_]+)", text):
            names |= {ns + suffix for ns in namespaces}
    return names, missing


def is_known(name, documented, recorded):
    if name in STANDARD or name in recorded or name in documented:
        return True
    if name.startswith(STANDARD_PREFIXES):
        return True
    return any(name.endswith(s) and name[: -len(s)] in documented
               for s in HISTOGRAM_SUFFIXES)


def expressions():
    """(where, expr) for every rule and dashboard panel query."""
    out = [(f"{os.path.relpath(r['file'], sf.ROOT)}: {r['name']}", r["expr"])
           for r in sf.all_rules()]
    for f, d in sf.load_dashboards().items():
        for p in sf.panels(d):
            for t in p.get("targets", []):
                if t.get("expr"):
                    out.append((f"{os.path.relpath(f, sf.ROOT)}: panel {p.get('title')!r}",
                                t["expr"]))
        for v in d.get("templating", {}).get("list", []):
            q = v.get("query")
            if v.get("type") == "query" and isinstance(q, dict):
                q = q.get("query")
            if v.get("type") == "query" and q:
                m = re.match(r"^label_values\((.*),\s*\w+\)$", q.strip())
                if m:
                    out.append((f"{os.path.relpath(f, sf.ROOT)}: variable {v['name']}",
                                m.group(1)))
    return out


def for_promtool(expr):
    expr = GRAFANA_INTERVALS.sub("5m", expr)
    return GRAFANA_VARIABLE.sub("x", expr)


def unparsable(exprs):
    rules = [{"record": f"lint:expr_{i}", "expr": for_promtool(e)}
             for i, (_, e) in enumerate(exprs)]
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as f:
        json.dump({"groups": [{"name": "lint", "rules": rules}]}, f)
    try:
        r = subprocess.run(["promtool", "check", "rules", f.name],
                           capture_output=True, text=True, timeout=60)
    finally:
        os.unlink(f.name)
    if r.returncode == 0:
        return []
    problems = []
    for m in re.finditer(r"(\d+):\d+: group \"lint\", rule (\d+), \"lint:expr_(\d+)\": (.*)", r.stdout + r.stderr):
        where, expr = exprs[int(m.group(3))]
        problems.append(f"{where}: does not parse: {m.group(4)}\n    {expr}")
    return problems or [f"promtool check rules failed:\n{r.stdout}{r.stderr}"]


def check():
    exprs = expressions()
    problems = unparsable(exprs)
    documented, missing = documented_names()
    recorded = {r["name"] for r in sf.all_rules() if r["kind"] == "record"}
    undocumented = {}
    for where, expr in exprs:
        for name in metric_names(expr):
            if not is_known(name, documented, recorded):
                undocumented.setdefault(name, []).append(where)
    for name, places in sorted(undocumented.items()):
        problems.append(f"metric {name} is not documented by any exporter README; used by "
                        + "; ".join(sorted(set(places))))
    if missing and problems:
        problems.append("READMEs not found: " + ", ".join(missing))
    print(f"{len(exprs)} expressions checked against {len(documented)} documented names")
    return problems


if __name__ == "__main__":
    sf.run(check)
