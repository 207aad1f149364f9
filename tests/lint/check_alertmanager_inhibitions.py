#!/usr/bin/env python3
"""Runs the inhibition cases of deploy/alertmanager/tests/inhibitions.txt
against a real Alertmanager on a free loopback port, loaded with
alertmanager.yml: each target alert must be inhibited by its source alert,
or not, as the case says. amtool cannot test inhibitions."""
import datetime
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import suite_files as sf

CONFIG = sf.path("deploy/alertmanager/alertmanager.yml")
CASES = sf.path("deploy/alertmanager/tests/inhibitions.txt")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def labels(text):
    return dict(pair.split("=", 1) for pair in text.split())


def cases():
    for n, (expect, source, target) in sf.case_lines(CASES, 3):
        if expect not in ("inhibited", "not-inhibited"):
            raise sf.LintError(f"inhibitions.txt:{n}: expected inhibited or not-inhibited")
        cluster = f"case-{n}"
        yield n, expect == "inhibited", {**labels(source), "cluster": cluster}, \
            {**labels(target), "cluster": cluster}


def request(url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.loads(r.read() or b"null")


def wait_ready(base, process):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise sf.LintError(f"alertmanager exited: {process.stderr.read()}")
        try:
            urllib.request.urlopen(base + "/-/ready", timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    raise sf.LintError("alertmanager did not become ready in 30 s")


def check():
    all_cases = list(cases())
    now = datetime.datetime.now(datetime.timezone.utc)
    ends = (now + datetime.timedelta(hours=1)).isoformat()
    alerts = [{"labels": l, "startsAt": now.isoformat(), "endsAt": ends}
              for _, _, source, target in all_cases for l in (source, target)]
    port, storage = free_port(), tempfile.mkdtemp()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        ["prometheus-alertmanager", f"--config.file={CONFIG}", f"--storage.path={storage}",
         f"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address="],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_ready(base, process)
        request(base + "/api/v2/alerts", alerts)
        state = {}
        for a in request(base + "/api/v2/alerts"):
            state[tuple(sorted(a["labels"].items()))] = bool(a["status"]["inhibitedBy"])
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(storage, ignore_errors=True)
    problems = []
    for n, expected, _, target in all_cases:
        got = state.get(tuple(sorted(target.items())))
        if got is None:
            problems.append(f"inhibitions.txt:{n}: target alert not found in Alertmanager")
        elif got != expected:
            should = "should be inhibited but is not" if expected else "should not be inhibited but is"
            problems.append(f"inhibitions.txt:{n}: target {should}: {target}")
    print(f"{len(all_cases)} inhibition cases")
    return problems


if __name__ == "__main__":
    sf.run(check)
