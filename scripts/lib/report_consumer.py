#!/usr/bin/env python3
"""A report.ready consumer that is not ours (Python pika): collects and checks notifications.

    report_consumer.py listen QUEUE OUTFILE      bind QUEUE to report.ready.# and append every message to OUTFILE (JSON lines)
    report_consumer.py verify OUTFILE            check schema and that every file's sha256 and size match the disk

Used by scripts/demo and the delivery tests. Environment: NINJAIT_AMQP_URL, NINJAIT_EXCHANGE.
"""
import hashlib
import json
import os
import signal
import sys

import pika

REQUIRED = ["schema", "run_id", "definition", "kind", "title", "tenant", "period", "generated_at", "recipients", "files", "summary"]


def connect():
    url = os.environ.get("NINJAIT_AMQP_URL", "amqp://guest:guest@127.0.0.1:55672/")
    return pika.BlockingConnection(pika.URLParameters(url))


def listen(queue, outfile):
    exchange = os.environ.get("NINJAIT_EXCHANGE", "ninjait.reports")
    connection = connect()
    channel = connection.channel()
    channel.exchange_declare(exchange=exchange, exchange_type="topic", durable=True)
    # Exclusive: the queue goes away with this consumer, so it never collects messages nobody reads.
    channel.queue_declare(queue=queue, exclusive=True)
    channel.queue_bind(queue=queue, exchange=exchange, routing_key="report.ready.#")
    print(f"consumer: bound {queue} to {exchange} report.ready.#", flush=True)
    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.__setitem__("now", True))
    with open(outfile, "a", encoding="utf-8") as out:
        while not stop["now"]:
            method, props, body = channel.basic_get(queue=queue, auto_ack=False)
            if method is None:
                connection.sleep(0.2)
                continue
            record = {"routing_key": method.routing_key, "message_id": props.message_id,
                      "content_type": props.content_type, "delivery_mode": props.delivery_mode,
                      "body": body.decode("utf-8")}
            out.write(json.dumps(record) + "\n")
            out.flush()
            channel.basic_ack(method.delivery_tag)
    connection.close()


def verify(outfile):
    seen = {}
    problems = []
    with open(outfile, encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    for r in records:
        body = json.loads(r["body"])
        missing = [k for k in REQUIRED if k not in body]
        if missing:
            problems.append(f"{r['message_id']}: missing {missing}")
            continue
        if body["schema"] != "ninjait.report.ready/v1":
            problems.append(f"{r['message_id']}: schema {body['schema']}")
        if r["message_id"] != body["run_id"]:
            problems.append(f"{r['message_id']}: message_id != run_id")
        if r["content_type"] != "application/json" or r["delivery_mode"] != 2:
            problems.append(f"{r['message_id']}: not persistent JSON")
        expected_key = f"report.ready.{body['tenant']['slug']}.{body['definition']}"
        if r["routing_key"] != expected_key:
            problems.append(f"{r['message_id']}: routing key {r['routing_key']} != {expected_key}")
        for f in body["files"]:
            try:
                data = open(f["path"], "rb").read()
            except OSError as e:
                problems.append(f"{r['message_id']}: {e}")
                continue
            if hashlib.sha256(data).hexdigest() != f["sha256"] or len(data) != f["bytes"]:
                problems.append(f"{r['message_id']}: checksum/size mismatch for {f['path']}")
        seen[r["message_id"]] = seen.get(r["message_id"], 0) + 1
    duplicates = {k: v for k, v in seen.items() if v > 1}
    result = {"messages": len(records), "unique": len(seen), "duplicates": len(duplicates), "problems": problems}
    print(json.dumps(result))
    return 0 if not problems else 1


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "listen":
        listen(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "verify":
        sys.exit(verify(sys.argv[2]))
    else:
        print(__doc__)
        sys.exit(64)
