#!/usr/bin/env python3
"""A loopback HTTP proxy that forwards to a real InfluxDB or ClickHouse and injects faults.

    fault_proxy.py --upstream http://127.0.0.1:58086 --mode MODE [--match TEXT] [--hits FILE]

Prints "port N" on stdout once it listens on a free loopback port. Requests whose path or
body contain --match (every request when not given) get the fault; the others are forwarded
untouched. Each faulted request increments the number in --hits.

MODE:
  pass                 forward (counting hits)
  status:N             answer HTTP N with a short text body
  delay:S              sleep S seconds, then forward
  truncate             forward, but send half the body chunked and cut the connection
  ch-exception         forward a 200 and append a ClickHouse mid-stream exception after the
                       first rows (as ClickHouse 18.x-25.x write it: "Code: N. DB::Exception" text)
  ch-exception-tag     the same as ClickHouse 25.11+ does it: an X-ClickHouse-Exception-Tag header
                       and, after the first rows, an __exception__ block carrying that tag
  ch-exception-code:N  answer HTTP N with X-ClickHouse-Exception-Code: 241 and the exception text
                       (how every version fails before the body; N=200 for a proxy that hides it)
  influx-error         answer 200 with an "error" inside the InfluxDB JSON result
  echo-auth:N          answer HTTP N with a body that echoes the credentials of the request (basic auth
                       decoded, as http://user:password@host): a server that leaks secrets into errors
"""
import argparse
import http.client
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host", "te", "trailer", "upgrade", "proxy-connection", "date", "server"}
EXCEPTION_LINE = b"Code: 395, e.displayText() = DB::Exception: Value passed to 'throwIf' function is non zero (injected by fault_proxy)\n"
EXCEPTION_TAG = "pu1fnufh98kzqxwa"
TAGGED_MESSAGE = b"Code: 395. DB::Exception: Value passed to 'throwIf' function is non-zero (injected by fault_proxy, tagged). (FUNCTION_THROW_IF_VALUE_IS_NON_ZERO)"
TAGGED_BLOCK = (b"__exception__\r\n" + EXCEPTION_TAG.encode() + b"\r\n" + TAGGED_MESSAGE + b"\r\n"
                + str(len(TAGGED_MESSAGE)).encode() + b" " + EXCEPTION_TAG.encode() + b"\r\n__exception__\r\n")
MEMORY_MESSAGE = b"Code: 241. DB::Exception: Memory limit (for query) exceeded (injected by fault_proxy). (MEMORY_LIMIT_EXCEEDED)\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--mode", default="pass")
    ap.add_argument("--match", default="")
    ap.add_argument("--hits", default="")
    args = ap.parse_args()
    up = urllib.parse.urlsplit(args.upstream)
    lock = threading.Lock()
    hits = [0]

    def count():
        with lock:
            hits[0] += 1
            if args.hits:
                with open(args.hits + ".tmp", "w") as f:
                    f.write(str(hits[0]))
                import os
                os.replace(args.hits + ".tmp", args.hits)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def forward(self, body):
            conn = http.client.HTTPConnection(up.hostname, up.port, timeout=120)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
            conn.request(self.command, self.path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            out_headers = [(k, v) for k, v in resp.getheaders() if k.lower() not in HOP]
            conn.close()
            return resp.status, out_headers, data

        def send_plain(self, status, headers, data):
            self.send_response(status)
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def send_chunked(self, status, headers, pieces, terminate=True):
            self.send_response(status)
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for p in pieces:
                if p:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(p), p))
                    self.wfile.flush()
            if terminate:
                self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()

        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            text = self.path + (body or b"").decode("utf-8", "replace")
            faulted = (not args.match) or (args.match in text) or (args.match in urllib.parse.unquote_plus(text))
            if not faulted:
                self.send_plain(*self.forward(body))
                return
            count()
            mode = args.mode
            if mode == "pass":
                self.send_plain(*self.forward(body))
            elif mode.startswith("status:"):
                code = int(mode.split(":", 1)[1])
                self.send_plain(code, [("Content-Type", "text/plain")], b"injected fault: HTTP %d\n" % code)
            elif mode.startswith("delay:"):
                time.sleep(float(mode.split(":", 1)[1]))
                self.send_plain(*self.forward(body))
            elif mode == "truncate":
                status, headers, data = self.forward(body)
                self.send_chunked(status, headers, [data[: max(1, len(data) // 2)]], terminate=False)
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            elif mode == "ch-exception":
                status, headers, data = self.forward(body)
                lines = data.split(b"\n")
                head = b"\n".join(lines[:3]) + b"\n" if len(lines) > 1 and data else b""
                self.send_chunked(200, headers, [head, EXCEPTION_LINE])
            elif mode == "ch-exception-tag":
                status, headers, data = self.forward(body)
                lines = data.split(b"\n")
                head = b"\n".join(lines[:3]) + b"\n" if len(lines) > 1 and data else b""
                self.send_chunked(200, headers + [("X-ClickHouse-Exception-Tag", EXCEPTION_TAG)], [head, TAGGED_BLOCK])
            elif mode.startswith("ch-exception-code:"):
                code = int(mode.split(":", 1)[1])
                self.send_plain(code, [("Content-Type", "text/plain"), ("X-ClickHouse-Exception-Code", "241")],
                                MEMORY_MESSAGE if code != 200 else b"")
            elif mode.startswith("echo-auth:"):
                import base64
                code = int(mode.split(":", 1)[1])
                auth = self.headers.get("Authorization") or ""
                user, password = "", ""
                if auth.startswith("Basic "):
                    user, _, password = base64.b64decode(auth[6:]).decode("utf-8", "replace").partition(":")
                text = "injected fault: refused http://%s:%s@%s%s (password %s)\n" % (user, password, self.headers.get("Host"), self.path[:40], password)
                self.send_plain(code, [("Content-Type", "text/plain")], text.encode())
            elif mode == "influx-error":
                self.send_plain(200, [("Content-Type", "application/json")],
                                b'{"results":[{"statement_id":0,"error":"injected: query interrupted"}]}\n')
            else:
                self.send_plain(500, [], b"unknown fault mode\n")

        do_GET = handle_any
        do_POST = handle_any
        do_HEAD = handle_any

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print("port %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
