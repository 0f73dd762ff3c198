#!/usr/bin/env python3
"""A loopback TCP proxy in front of RabbitMQ that cuts the connection right after a publish.

    amqp_cut_proxy.py --upstream HOST:PORT [--hits FILE] [--cuts N]

Prints "port N" once listening. Bytes are relayed both ways until the client sends a
basic.publish (class 60, method 40); the publish and its content frames are still forwarded
to the broker, but nothing more comes back to the client (no basic.ack), and both sockets
are closed: "the connection was cut before the ack". Only the first N connections that
publish are cut (default 1); later connections are relayed untouched. Each cut increments
the number in --hits.
"""
import argparse
import os
import socket
import threading
import time

PUBLISH = b"\x00\x3c\x00\x28"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--hits", default="")
    ap.add_argument("--cuts", type=int, default=1)
    args = ap.parse_args()
    host, port = args.upstream.rsplit(":", 1)
    lock = threading.Lock()
    state = {"cuts": 0}

    def record():
        if args.hits:
            with open(args.hits + ".tmp", "w") as f:
                f.write(str(state["cuts"]))
            os.replace(args.hits + ".tmp", args.hits)

    def serve(client):
        upstream = socket.create_connection((host, int(port)))
        cut = threading.Event()

        def down():  # broker -> client
            try:
                while not cut.is_set():
                    data = upstream.recv(65536)
                    if not data or cut.is_set():
                        break
                    client.sendall(data)
            except OSError:
                pass

        t = threading.Thread(target=down, daemon=True)
        t.start()
        try:
            while True:
                data = client.recv(65536)
                if not data:
                    break
                if PUBLISH in data and not cut.is_set():
                    with lock:
                        take = state["cuts"] < args.cuts
                        if take:
                            state["cuts"] += 1
                            record()
                    if take:
                        cut.set()
                        upstream.sendall(data)
                        # Let the content header and body frames through too, then cut.
                        client.settimeout(0.3)
                        try:
                            while True:
                                more = client.recv(65536)
                                if not more:
                                    break
                                upstream.sendall(more)
                        except OSError:
                            pass
                        time.sleep(0.3)
                        break
                upstream.sendall(data)
        except OSError:
            pass
        for s in (client, upstream):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    print("port %d" % listener.getsockname()[1], flush=True)
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
