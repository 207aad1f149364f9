#!/usr/bin/env python3
"""Runs the route tests in deploy/alertmanager/tests/routes.txt with
`amtool config routes test`: each alert must reach exactly the receivers
listed, in order."""
import subprocess

import suite_files as sf

CONFIG = sf.path("deploy/alertmanager/alertmanager.yml")
CASES = sf.path("deploy/alertmanager/tests/routes.txt")


def cases():
    for n, (receivers, labels) in sf.case_lines(CASES, 2):
        yield n, receivers, labels.split()


def check():
    problems, count = [], 0
    for n, receivers, labels in cases():
        count += 1
        r = subprocess.run(["amtool", "config", "routes", "test", f"--config.file={CONFIG}",
                            f"--verify.receivers={receivers}", *labels],
                           capture_output=True, text=True, timeout=30)
        if r.returncode != 0:
            got = r.stdout.splitlines()[0] if r.stdout else r.stderr.strip()
            problems.append(f"routes.txt:{n}: {' '.join(labels)} reached {got}, expected {receivers}")
    print(f"{count} route cases")
    return problems


if __name__ == "__main__":
    sf.run(check)
