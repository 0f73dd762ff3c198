#!/usr/bin/env python3
"""Soak consumer: survives broker restarts (a durable queue, reconnect with back-off).

    consumer.py listen QUEUE OUTFILE     declare durable QUEUE bound to report.ready.# on $NINJAIT_EXCHANGE,
                                         append every message as a JSON line (routing_key, message_id, body)
                                         until SIGTERM; reconnects when the broker goes away
    consumer.py delete QUEUE...          delete the queues and the exchange $NINJAIT_EXCHANGE (cleanup)

Unlike scripts/lib/report_consumer.py (exclusive queue, dies with the connection), the queue
outlives a RabbitMQ restart, so a stopped broker does not make the consumer miss messages.
"""
import json, os, signal, sys, time
import pika

URL = os.environ.get("NINJAIT_AMQP_URL", "amqp://guest:guest@127.0.0.1:55672/")
EXCHANGE = os.environ.get("NINJAIT_EXCHANGE", "ninjait.reports")


def connect():
    params = pika.URLParameters(URL)
    params.connection_attempts = 1
    params.socket_timeout = 5
    return pika.BlockingConnection(params)


def listen(queue, outfile):
    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.__setitem__("now", True))
    signal.signal(signal.SIGINT, lambda *_: stop.__setitem__("now", True))
    ready = outfile + ".ready"
    with open(outfile, "a", encoding="utf-8") as out:
        while not stop["now"]:
            try:
                conn = connect()
                ch = conn.channel()
                ch.exchange_declare(exchange=EXCHANGE, exchange_type="topic", durable=True)
                ch.queue_declare(queue=queue, durable=True)
                ch.queue_bind(queue=queue, exchange=EXCHANGE, routing_key="report.ready.#")
                open(ready, "w").close()
                while not stop["now"]:
                    method, props, body = ch.basic_get(queue=queue, auto_ack=False)
                    if method is None:
                        conn.sleep(0.2)
                        continue
                    out.write(json.dumps({"routing_key": method.routing_key, "message_id": props.message_id,
                                          "redelivered": method.redelivered, "body": body.decode("utf-8")}) + "\n")
                    out.flush()
                    ch.basic_ack(method.delivery_tag)
                conn.close()
            except Exception as e:  # broker down or connection cut: retry
                print(f"soak consumer: {type(e).__name__}: {e}; reconnecting", file=sys.stderr, flush=True)
                time.sleep(1)


def delete(queues):
    conn = connect()
    ch = conn.channel()
    for q in queues:
        try:
            ch.queue_delete(queue=q)
        except Exception as e:
            print(f"soak consumer: delete {q}: {e}", file=sys.stderr)
            ch = conn.channel()
    try:
        ch.exchange_delete(exchange=EXCHANGE)
    except Exception as e:
        print(f"soak consumer: delete exchange {EXCHANGE}: {e}", file=sys.stderr)
    conn.close()


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "listen":
        listen(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 3 and sys.argv[1] == "delete":
        delete(sys.argv[2:])
    else:
        print(__doc__); sys.exit(64)
