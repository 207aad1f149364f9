"""Reads the suite's alert rules and dashboards for the lint checks.

Python's standard library has no YAML parser, and the checks must not need
one from pip, so rule files are read with a small reader for the subset they
use (see alert-rules/README.md, "File layout"). It refuses anything else
rather than guess, so a rule it cannot read fails the lint instead of
escaping it.
"""
import glob
import json
import os
import re
import sys

ROOT = os.environ.get("KMS_SOURCE_DIR") or os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

RULE_GLOB = "alert-rules/*.rules.yml"
DASHBOARD_GLOB = "dashboards/*.json"


class LintError(Exception):
    pass


def path(*parts):
    return os.path.join(ROOT, *parts)


def files(pattern):
    found = sorted(glob.glob(path(pattern)))
    if not found:
        raise LintError(f"no files match {pattern}")
    return found


def _unquote(value):
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return json.loads(value)
    return value


_RULE_START = re.compile(r"^(\s*)- (alert|record): (\S+)\s*$")
_KEY = re.compile(r"^(\s*)(?:- )?([a-z_]+):(?: (.*))?$")
_SCALARS = {"for", "keep_firing_for", "severity", "summary", "description",
            "runbook_url"}
_SECTIONS = {"labels", "annotations"}


def read_rules(file_name):
    """Returns (version, rules); each rule a dict with kind, name, expr, ..."""
    version, rules, rule = None, [], None
    lines = open(file_name, encoding="utf-8").read().splitlines()
    i = 0
    while i < len(lines):
        line, where = lines[i], f"{os.path.relpath(file_name, ROOT)}:{i + 1}"
        i += 1
        if m := re.match(r"^# version: (\S+)", line):
            version = m.group(1)
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if m := _RULE_START.match(line):
            rule = {"kind": m.group(2), "name": m.group(3), "where": where}
            rules.append(rule)
            continue
        m = _KEY.match(line)
        if not m:
            raise LintError(f"{where}: cannot read {line.strip()!r}")
        indent, key, value = len(m.group(1)), m.group(2), m.group(3)
        if key == "expr":
            if rule is None:
                raise LintError(f"{where}: expr outside a rule")
            if value in ("|", "|-", ">"):
                if value == ">":
                    raise LintError(f"{where}: use 'expr: |' for long expressions")
                block = []
                while i < len(lines) and (not lines[i].strip() or
                                          len(lines[i]) - len(lines[i].lstrip()) > indent):
                    block.append(lines[i].strip())
                    i += 1
                rule["expr"] = "\n".join(block).strip()
            else:
                rule["expr"] = _unquote(value)
        elif key in _SCALARS and rule is not None:
            rule[key] = _unquote(value or "")
        elif key in _SECTIONS | {"groups", "rules", "name"}:
            continue
        else:
            raise LintError(f"{where}: unexpected key {key!r}")
    for r in rules:
        if not r.get("expr"):
            raise LintError(f"{r['where']}: {r['name']} has no expr")
    return version, rules


def case_lines(file_name, fields):
    """(line number, [field, ...]) for each case of a `a | b | c` test file."""
    for n, line in enumerate(open(file_name, encoding="utf-8"), 1):
        if line.strip() and not line.startswith("#"):
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != fields or not all(parts):
                raise LintError(f"{os.path.relpath(file_name, ROOT)}:{n}: expected {fields} fields "
                                "separated by '|'")
            yield n, parts


def all_rules():
    out = []
    for f in files(RULE_GLOB):
        version, rules = read_rules(f)
        for r in rules:
            r["file"], r["version"] = f, version
        out.extend(rules)
    return out


def load_dashboards():
    out = {}
    for f in files(DASHBOARD_GLOB):
        try:
            out[f] = json.load(open(f, encoding="utf-8"))
        except ValueError as e:
            raise LintError(f"{os.path.relpath(f, ROOT)}: invalid JSON: {e}")
    return out


def panels(dashboard):
    """Every panel, including those nested in collapsed rows."""
    for p in dashboard.get("panels", []):
        yield p
        yield from p.get("panels", [])


def run(check):
    """Runs check() -> list of problems; prints them and exits 1 if any."""
    try:
        problems = check()
    except (LintError, OSError) as e:
        problems = [str(e)]
    for p in problems:
        print(f"FAIL: {p}")
    if problems:
        sys.exit(1)
    print("OK")
