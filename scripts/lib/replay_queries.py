#!/usr/bin/env python3
"""Replays a NINJAIT_QUERY_LOG file with curl to /dev/null: the fetch floor of scripts/bench fleet.

usage: replay_queries.py LOG [--count-rows]

Each line of LOG is {"server","database","url","query","purpose"} as the connectors log it
(Sources/Connectors/Support/QueryLog.swift). Every query is sent once, in order, the way the
client sends it: ClickHouse as a POST of the query text (FORMAT clause included) to the logged
URL; InfluxDB as a POST of the form field q=<percent-encoded InfluxQL> to the logged URL
(chunked=true&chunk_size=... already in it); `Expect:` suppressed as the client does. Credentials
come from NINJAIT_CLICKHOUSE_URL / NINJAIT_INFLUX_URL / NINJAIT_INFLUX_TOKEN and go to curl in a
private config file, never on the command line. The floor is the sum of curl's time_total.

--count-rows fetches everything a second time (not timed) to count rows: TSV lines for ClickHouse,
value rows of every series chunk for InfluxDB.

Prints key=value lines: per server and in total queries, seconds, bytes (and rows), then the
five purposes (tenant slugs folded to *) that took longest.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request


def credentials(server):
    """(user, password, token) for a server from the environment, or Nones."""
    url = os.environ.get("NINJAIT_CLICKHOUSE_URL" if server == "clickhouse" else "NINJAIT_INFLUX_URL", "")
    parts = urllib.parse.urlsplit(url) if url else None
    user = urllib.parse.unquote(parts.username) if parts and parts.username else None
    password = urllib.parse.unquote(parts.password) if parts and parts.password else None
    if server == "clickhouse":
        password = password or os.environ.get("NINJAIT_CLICKHOUSE_PASSWORD")
        return user, password, None
    password = password or os.environ.get("NINJAIT_INFLUX_PASSWORD")
    return user, password, os.environ.get("NINJAIT_INFLUX_TOKEN") or None


def body_of(entry):
    if entry["server"] == "clickhouse":
        return entry["query"].encode()
    return ("q=" + urllib.parse.quote(entry["query"], safe="-._~")).encode()


def curl_config(entry, path):
    """Writes a curl config with the auth of the entry's server (mode 600)."""
    user, password, token = credentials(entry["server"])
    lines = []
    if token:
        lines.append('header = "Authorization: Token %s"' % token.replace('"', '\\"'))
    elif user:
        lines.append('user = "%s:%s"' % (user.replace('"', '\\"'), (password or "").replace('"', '\\"')))
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
        f.write("\n".join(lines) + "\n")


def replay(entry, config):
    headers = ["-H", "Expect:"]
    if entry["server"] == "influxdb":
        headers += ["-H", "Content-Type: application/x-www-form-urlencoded"]
    out = subprocess.run(["curl", "-sS", "-K", config, "-o", "/dev/null", "-w", "%{http_code} %{size_download} %{time_total}",
                          *headers, "--data-binary", "@-", entry["url"]],
                         input=body_of(entry), capture_output=True, check=False)
    fields = out.stdout.decode().split()
    if out.returncode != 0 or len(fields) != 3 or fields[0] != "200":
        sys.exit("replay: %s query failed (%s): %s %s" % (entry["server"], entry["purpose"], out.stdout.decode(), out.stderr.decode()))
    return int(fields[1]), float(fields[2])


def count_rows(entry):
    user, password, token = credentials(entry["server"])
    request = urllib.request.Request(entry["url"], data=body_of(entry), method="POST")
    if entry["server"] == "influxdb":
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
    if token:
        request.add_header("Authorization", "Token " + token)
    elif user:
        import base64
        request.add_header("Authorization", "Basic " + base64.b64encode(("%s:%s" % (user, password or "")).encode()).decode())
    rows = 0
    with urllib.request.urlopen(request) as response:
        if entry["server"] == "clickhouse":
            while True:
                block = response.read(1 << 20)
                if not block:
                    break
                rows += block.count(b"\n")
        else:
            for line in response:
                if line.strip():
                    for result in json.loads(line).get("results", []):
                        for series in result.get("series", []):
                            rows += len(series.get("values", []))
    return rows


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        sys.exit(__doc__)
    with open(args[0]) as f:
        entries = [json.loads(line) for line in f if line.strip()]
    totals = {}
    purposes = {}
    with tempfile.TemporaryDirectory() as work:
        configs = {}
        for entry in entries:
            server = entry["server"]
            if server not in configs:
                configs[server] = os.path.join(work, server + ".curlrc")
                curl_config(entry, configs[server])
            size, seconds = replay(entry, configs[server])
            t = totals.setdefault(server, {"queries": 0, "seconds": 0.0, "bytes": 0, "rows": 0})
            t["queries"] += 1
            t["seconds"] += seconds
            t["bytes"] += size
            key = server + ": " + re.sub(r"tenant \S+", "tenant *", entry["purpose"])
            p = purposes.setdefault(key, [0, 0.0, 0])
            p[0] += 1
            p[1] += seconds
            p[2] += size
    if "--count-rows" in sys.argv:
        for entry in entries:
            totals[entry["server"]]["rows"] += count_rows(entry)
    all_ = {"queries": 0, "seconds": 0.0, "bytes": 0, "rows": 0}
    for server in sorted(totals):
        t = totals[server]
        for k in all_:
            all_[k] += t[k]
        print("%s_queries=%d %s_seconds=%.3f %s_bytes=%d %s_rows=%d" % (server, t["queries"], server, t["seconds"], server, t["bytes"], server, t["rows"]))
    print("floor_queries=%d floor_seconds=%.3f floor_bytes=%d floor_rows=%d" % (all_["queries"], all_["seconds"], all_["bytes"], all_["rows"]))
    for key, (n, seconds, size) in sorted(purposes.items(), key=lambda kv: -kv[1][1])[:5]:
        print("top purpose=%s queries=%d seconds=%.3f bytes=%d" % (json.dumps(key), n, seconds, size))


if __name__ == "__main__":
    main()
