#!/usr/bin/env python3
"""Replays every ClickHouse statement ninjait-reports sent on the current ClickHouse engine (chdb).

    clickhouse_compat.py QUERY_LOG --server http://127.0.0.1:58123 [--summary FILE]

QUERY_LOG is a NINJAIT_QUERY_LOG file written with NINJAIT_QUERY_LOG_WRITES=1 while the
project ran `migrate`, `rollup` and reports against the local (old) ClickHouse server. In
the order they were sent, every write (DDL, ALTER, inserts in RowBinary or TabSeparated,
their data decoded from the log) is executed in an in-process chdb session (the ClickHouse
engine of PyPI's chdb). Then every read query runs on both chdb and the server, and the
results must be equal: the same rows (order-insensitive where the query has no ORDER BY),
strings byte for byte, numbers equal or within 1e-9 relative (the engines add floats in
their own order). Exit 0 when everything ran and agreed; 1 with the first differences.
"""
import argparse
import base64
import json
import os
import re
import sys
import tempfile
import urllib.request

# TabSeparated inserts carry DateTime text; read it as UTC like the columns' own zone.
os.environ["TZ"] = "UTC"
import chdb  # noqa: E402
from chdb import session as chdb_session  # noqa: E402

INSERT = re.compile(r"^INSERT INTO\s+(`?[A-Za-z0-9_]+`?)\s*\(([^)]*)\)\s*FORMAT\s+(RowBinary|TabSeparated)\s*$", re.S)


def server_query(server, url, sql):
    """POST `sql` to the old server at the logged URL (host/port replaced by --server)."""
    path = url.split("/", 3)[3] if url.count("/") >= 3 else ""
    req = urllib.request.Request(server.rstrip("/") + "/" + path, data=sql.encode(), method="POST")
    with urllib.request.urlopen(req, timeout=120) as resp:
        return resp.read().decode("utf-8", "replace")


def rows(text):
    return [line.split("\t") for line in text.split("\n") if line != ""]


def same_value(a, b):
    if a == b:
        return True
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    return abs(x - y) <= 1e-9 * max(abs(x), abs(y), 1e-300)


def same_cell(a, b):
    if same_value(a, b):
        return True
    # Arrays and tuples of numbers: compare element by element.
    split = re.compile(r"[\[\](),]")
    pa, pb = [p for p in split.split(a) if p != ""], [p for p in split.split(b) if p != ""]
    return split.sub("", a) != a and len(pa) == len(pb) and split.findall(a) == split.findall(b) and all(map(same_value, pa, pb))


def same_rows(old, new, ordered):
    if len(old) != len(new):
        return False
    if not ordered:
        old, new = sorted(old), sorted(new)
    return all(len(r1) == len(r2) and all(map(same_cell, r1, r2)) for r1, r2 in zip(old, new))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("log")
    ap.add_argument("--server", required=True)
    ap.add_argument("--summary", default="")
    args = ap.parse_args()
    entries = [json.loads(l) for l in open(args.log, encoding="utf-8") if l.strip()]
    entries = [e for e in entries if e.get("server") == "clickhouse"]
    work = tempfile.mkdtemp(prefix="chdb-compat-")
    sess = chdb_session.Session(os.path.join(work, "db"))
    engine = sess.query("SELECT version()", "TabSeparated").data().strip()
    sess.query("SET session_timezone = 'UTC'")
    counts = {"ddl": 0, "inserts": 0, "inserted_rows": 0, "reads": 0, "reads_with_rows": 0, "purposes": []}
    failures = []

    def use(database):
        sess.query("CREATE DATABASE IF NOT EXISTS `%s`" % database.replace("`", ""))
        sess.query("USE `%s`" % database.replace("`", ""))

    # 1. Every write, in order, on chdb.
    for e in entries:
        if e.get("kind") != "write":
            continue
        use(e["database"])
        sql = e["query"]
        try:
            if e.get("body") is not None:
                m = INSERT.match(sql.strip())
                if not m:
                    raise ValueError("unrecognised insert header: %r" % sql[:200])
                table, cols, fmt = m.group(1), [c.strip().strip("`") for c in m.group(2).split(",")], m.group(3)
                types = dict(rows(sess.query("SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = '%s'"
                                             % table.strip("`"), "TabSeparated").data()))
                # The structure goes inside a string literal: DateTime('UTC') -> DateTime (the zone does not change the bytes).
                structure = ", ".join("`%s` %s" % (c, re.sub(r"\('[^']*'\)", "", types[c])) for c in cols)
                path = os.path.join(work, "insert-%d.bin" % counts["inserts"])
                with open(path, "wb") as f:
                    f.write(base64.b64decode(e["body"]))
                before = int(sess.query("SELECT count() FROM %s" % table, "TabSeparated").data())
                sess.query("INSERT INTO %s (%s) SELECT * FROM file('%s', '%s', '%s')"
                           % (table, ", ".join("`%s`" % c for c in cols), path, fmt, structure))
                counts["inserts"] += 1
                counts["inserted_rows"] += int(sess.query("SELECT count() FROM %s" % table, "TabSeparated").data()) - before
            else:
                sess.query(sql)
                counts["ddl"] += 1
        except Exception as ex:  # noqa: BLE001 - every failure is reported
            failures.append("write failed on chdb %s (%s): %s\n  %s" % (engine, e["purpose"], ex, sql[:300]))

    # 2. Every read on both engines, results compared.
    for e in entries:
        if e.get("kind") == "write":
            continue
        sql = e["query"]
        body = re.sub(r"\s*FORMAT\s+TabSeparated\s*$", "", sql)
        try:
            use(e["database"])
            new = rows(sess.query(body, "TabSeparated").data())
        except Exception as ex:  # noqa: BLE001
            failures.append("read failed on chdb %s (%s): %s\n  %s" % (engine, e["purpose"], ex, body[:300]))
            continue
        try:
            old = rows(server_query(args.server, e["url"], sql))
        except Exception as ex:  # noqa: BLE001
            failures.append("read failed on the server (%s): %s" % (e["purpose"], ex))
            continue
        counts["reads"] += 1
        counts["reads_with_rows"] += 1 if old else 0
        if e["purpose"] not in counts["purposes"]:
            counts["purposes"].append(e["purpose"])
        if not same_rows(old, new, ordered=re.search(r"\bORDER\s+BY\b", body, re.I) is not None):
            failures.append("results differ (%s): server %d rows, chdb %d rows\n  server: %s\n  chdb:   %s\n  %s"
                            % (e["purpose"], len(old), len(new), old[:3], new[:3], body[:300]))

    counts["engine"] = engine
    counts["failures"] = len(failures)
    if args.summary:
        with open(args.summary, "w") as f:
            json.dump(counts, f)
    print("chdb %s: %d DDL/ALTER, %d inserts (%d rows), %d reads compared (%d with rows), %d failures"
          % (engine, counts["ddl"], counts["inserts"], counts["inserted_rows"], counts["reads"], counts["reads_with_rows"], len(failures)))
    for f in failures[:20]:
        print(f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
