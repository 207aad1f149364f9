#!/usr/bin/env python3
"""Dashboard lint: valid JSON that matches its generator, a stable unique uid
named after the file, the `datasource` variable on every panel and query (no
__inputs), a unit and a description on every panel, $__rate_interval in
rate(), the release version in the tags, and provisioning that finds it."""
import os
import re
import subprocess
import sys

import suite_files as sf

RATE_FUNCTIONS = re.compile(r"\b(rate|irate|increase)\(([^\[]*)\[([^\]]*)\]")


def release_version():
    changelog = open(sf.path("alert-rules/CHANGELOG.md"), encoding="utf-8").read()
    return re.search(r"^## (\d+\.\d+\.\d+)", changelog, re.M).group(1)


def check_panel(where, p):
    problems = []
    title = p.get("title") or f"panel {p.get('id')}"
    here = f"{where}: {title!r}"
    if p.get("type") == "row":
        return problems
    if not p.get("description"):
        problems.append(f"{here}: no description")
    if not p.get("fieldConfig", {}).get("defaults", {}).get("unit"):
        problems.append(f"{here}: no unit")
    if p.get("datasource", {}).get("uid") != "${datasource}":
        problems.append(f"{here}: datasource is not ${{datasource}}")
    if not p.get("targets"):
        problems.append(f"{here}: no queries")
    for t in p.get("targets", []):
        if not t.get("expr"):
            problems.append(f"{here}: query {t.get('refId')} has no expr")
        if t.get("datasource", {}).get("uid") != "${datasource}":
            problems.append(f"{here}: query datasource is not ${{datasource}}")
        for m in RATE_FUNCTIONS.finditer(t.get("expr", "")):
            if m.group(3) != "$__rate_interval":
                problems.append(f"{here}: {m.group(1)}() over [{m.group(3)}], use [$__rate_interval]")
    return problems


def check_dashboard(file_name, d, version):
    where = os.path.relpath(file_name, sf.ROOT)
    problems = []
    stem = os.path.splitext(os.path.basename(file_name))[0]
    if d.get("uid") != f"kafka-{stem}":
        problems.append(f"{where}: uid {d.get('uid')!r} must be 'kafka-{stem}' (uids never change)")
    if not 8 <= len(d.get("uid", "")) <= 40:
        problems.append(f"{where}: uid must have 8 to 40 characters")
    if "__inputs" in d or "${DS_" in open(file_name, encoding="utf-8").read():
        problems.append(f"{where}: __inputs or ${{DS_...}} breaks file provisioning")
    variables = d.get("templating", {}).get("list", [])
    if not any(v.get("type") == "datasource" and v.get("name") == "datasource" and
               v.get("query") == "prometheus" for v in variables):
        problems.append(f"{where}: no Prometheus datasource variable named 'datasource'")
    if f"kafka-monitoring-suite-v{version}" not in d.get("tags", []):
        problems.append(f"{where}: tags lack the release kafka-monitoring-suite-v{version}")
    if d.get("schemaVersion") != 39:
        problems.append(f"{where}: schemaVersion must be 39 (Grafana 10 and later)")
    for p in sf.panels(d):
        problems += check_panel(where, p)
    return problems


def check_provisioning():
    problems = []
    dashboards = open(sf.path("dashboards/provisioning/dashboards/kafka.yaml"), encoding="utf-8").read()
    datasources = open(sf.path("dashboards/provisioning/datasources/prometheus.yaml"), encoding="utf-8").read()
    if "type: file" not in dashboards or "path:" not in dashboards:
        problems.append("provisioning/dashboards/kafka.yaml: needs a file provider with a path")
    if "type: prometheus" not in datasources:
        problems.append("provisioning/datasources/prometheus.yaml: needs a Prometheus datasource")
    return problems


def check():
    version = release_version()
    dashboards = sf.load_dashboards()
    problems = []
    uids = {}
    for f, d in dashboards.items():
        problems += check_dashboard(f, d, version)
        if d.get("uid") in uids:
            problems.append(f"{f}: uid {d['uid']} also used by {uids[d['uid']]}")
        uids[d.get("uid")] = f
    generator = subprocess.run([sys.executable, sf.path("dashboards/generator/build.py"), "--check"],
                               capture_output=True, text=True, timeout=60)
    if generator.returncode != 0:
        problems.append("dashboards differ from dashboards/generator/build.py; run it:\n"
                        + generator.stdout + generator.stderr)
    problems += check_provisioning()
    print(f"{len(dashboards)} dashboards, "
          f"{sum(1 for d in dashboards.values() for _ in sf.panels(d))} panels")
    return problems


if __name__ == "__main__":
    sf.run(check)
