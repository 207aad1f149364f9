"""Panel and dashboard builders for dashboards/generator/build.py: every
panel gets the same datasource variable, layout and conventions."""
import json
import os
import re

DASHBOARDS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The mixin release: the same version as alert-rules/CHANGELOG.md.
VERSION = re.search(r"^## (\d+\.\d+\.\d+)", open(
    os.path.join(DASHBOARDS_DIR, "..", "alert-rules", "CHANGELOG.md"), encoding="utf-8").read(),
    re.M).group(1)
DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
C = 'cluster=~"$cluster"'  # every selector carries the cluster filter


def target(expr, legend="", instant=False, fmt=None):
    t = {"datasource": DATASOURCE, "expr": expr, "legendFormat": legend or "__auto"}
    if instant:
        t["instant"], t["range"] = True, False
    if fmt:
        t["format"] = fmt
    return t


def panel(kind, title, description, unit, targets, width=12, height=8, **extra):
    defaults = {"unit": unit}
    defaults.update(extra.pop("defaults", {}))
    p = {"type": kind, "title": title, "description": description,
         "datasource": DATASOURCE, "width": width, "height": height,
         "fieldConfig": {"defaults": defaults, "overrides": []},
         "targets": [target(*t) if isinstance(t, tuple) else target(t) for t in targets]}
    p.update(extra)
    return p


def timeseries(title, description, unit, *targets, stack=False, max_value=None, **kw):
    custom = {"fillOpacity": 10, "showPoints": "never", "spanNulls": False}
    if stack:
        custom["stacking"] = {"mode": "normal", "group": "A"}
    defaults = {"custom": custom}
    if max_value is not None:
        defaults["max"] = max_value
    return panel("timeseries", title, description, unit, targets,
                 defaults=defaults,
                 options={"legend": {"displayMode": "table", "placement": "bottom",
                                     "calcs": ["lastNotNull", "max"]},
                          "tooltip": {"mode": "multi", "sort": "desc"}}, **kw)


def stat(title, description, unit, expr, thresholds=None, width=4, height=4, **kw):
    steps = [{"color": "green", "value": None}]
    steps += [{"color": c, "value": v} for v, c in (thresholds or [])]
    return panel("stat", title, description, unit, [(expr, "", True)], width, height,
                 defaults={"thresholds": {"mode": "absolute", "steps": steps},
                           "color": {"mode": "thresholds"}},
                 options={"reduceOptions": {"calcs": ["lastNotNull"], "fields": "",
                                            "values": False},
                          "colorMode": "background", "graphMode": "none",
                          "textMode": "value"}, **kw)


def table(title, description, unit, expr, width=24, height=8, hide=(), sort=None):
    excluded = {"Time": True, "__name__": True, "job": True}
    excluded.update({h: True for h in hide})
    transforms = [{"id": "organize", "options": {"excludeByName": excluded}}]
    if sort:
        transforms.append({"id": "sortBy", "options": {"sort": [{"field": sort[0], "desc": sort[1]}]}})
    return panel("table", title, description, unit, [(expr, "", True, "table")], width, height,
                 options={"showHeader": True, "cellHeight": "sm"},
                 transformations=transforms)


def row(title):
    return {"type": "row", "title": title, "collapsed": False, "width": 24, "height": 1}


def variable(name, label, query, multi=True):
    return {"type": "query", "name": name, "label": label, "datasource": DATASOURCE,
            "query": {"query": query, "refId": f"{name}-variable"},
            "definition": query, "refresh": 2, "sort": 1, "multi": multi,
            "includeAll": True, "allValue": ".*",
            "current": {"selected": True, "text": ["All"], "value": ["$__all"]}}


def layout(panels):
    """Places panels left to right, wrapping at Grafana's 24 columns."""
    x = y = row_height = 0
    for i, p in enumerate(panels, 1):
        w, h = p.pop("width"), p.pop("height")
        if x + w > 24 or p["type"] == "row":
            x, y, row_height = 0, y + row_height, 0
        p["id"], p["gridPos"] = i, {"h": h, "w": w, "x": x, "y": y}
        x, row_height = x + w, max(row_height, h)
        if p["type"] == "row":
            p["panels"] = []
            x, y, row_height = 0, y + h, 0
    return panels


def dashboard(uid, title, description, panels, variables=()):
    cluster = variable("cluster", "Cluster", 'label_values(up{job=~"kafka-.+"}, cluster)')
    return {
        "__requires": [
            {"type": "grafana", "id": "grafana", "name": "Grafana", "version": "10.0.0"},
            {"type": "datasource", "id": "prometheus", "name": "Prometheus", "version": "1.0.0"}],
        "uid": uid, "title": title, "description": description,
        "tags": ["kafka", "kafka-monitoring-suite", f"kafka-monitoring-suite-v{VERSION}"],
        "schemaVersion": 39, "version": 1, "editable": False, "graphTooltip": 1,
        "time": {"from": "now-6h", "to": "now"}, "refresh": "1m", "timezone": "",
        "links": [{"type": "dashboards", "title": "Kafka", "tags": ["kafka-monitoring-suite"],
                   "asDropdown": True, "includeVars": True, "keepTime": True}],
        "annotations": {"list": [{
            "name": "Critical alerts", "datasource": DATASOURCE, "enable": True,
            "iconColor": "red", "titleFormat": "{{alertname}}", "textFormat": "{{cluster}}",
            "expr": f'ALERTS{{alertstate="firing",severity="critical",alertname=~"Kafka.+",{C}}}'}]},
        "templating": {"list": [
            {"type": "datasource", "name": "datasource", "label": "Data source",
             "query": "prometheus", "refresh": 1, "current": {}},
            cluster, *variables]},
        "panels": layout(panels),
    }


def file_name(d):
    return os.path.join(DASHBOARDS_DIR, d["uid"].removeprefix("kafka-") + ".json")


def render(d):
    return json.dumps(d, indent=2, sort_keys=True) + "\n"
