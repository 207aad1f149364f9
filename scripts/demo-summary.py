#!/usr/bin/env python3
"""One screen of what the demo pipeline is doing: firing alerts, the
receiver's episodes and actions, and the pages sent. Reads the URLs that
scripts/demo.sh wrote to urls.env."""
import json
import sys
import time
import urllib.request


def load_env(path):
    env = {}
    with open(path) as handle:
        for line in handle:
            key, _, value = line.strip().partition("=")
            env[key] = value
    return env


def get_json(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return json.load(response)
    except (OSError, ValueError) as error:
        return {"error": str(error)}


def pages(path):
    try:
        with open(path) as handle:
            return [json.loads(line) for line in handle if line.strip()]
    except OSError:
        return []


def main():
    env = load_env(sys.argv[1])
    print(time.strftime("── %H:%M:%S ") + "─" * 60)
    alerts = get_json(env["PROMETHEUS"] + "/api/v1/alerts").get("data", {}).get("alerts", [])
    firing = [a for a in alerts if a.get("state") == "firing"]
    print(f"Firing alerts ({len(firing)}, {len(alerts) - len(firing)} pending):")
    for alert in firing:
        labels = alert["labels"]
        subject = " ".join(f"{k}={labels[k]}" for k in ("topic", "group", "log_dir", "subject_CN")
                           if k in labels)
        print(f"  {labels.get('severity', '?'):8} {labels['alertname']} {subject}")
    episodes = get_json(env["RECEIVER"] + "/api/v1/episodes")
    items = episodes.get("episodes", episodes if isinstance(episodes, list) else [])
    print(f"Receiver episodes ({len(items)}):")
    for episode in items[:8]:
        print("  " + " ".join(f"{k}={episode[k]}" for k in ("rule", "alertname", "state", "attempts")
                               if k in episode))
    sent = pages(env["PAGERDUTY_EVENTS"])
    print(f"PagerDuty events ({len(sent)}):")
    for event in sent[-6:]:
        body = event.get("event", event)
        summary = body.get("payload", {}).get("summary", "")
        print(f"  {body.get('event_action', '?'):8} {body.get('dedup_key', '')[:24]:24} {summary[:60]}")


if __name__ == "__main__":
    main()
