#!/usr/bin/env python3
"""A real SMTP server on loopback for the mailer tests (aiosmtpd), and a parser for what it received.

    smtp_sink.py [serve] --dir DIR (--port-file FILE | --port N) [--mode MODE] [--reject ADDR]... [--auth USER:PASSWORD]
        Listens on 127.0.0.1:N (with --port-file: a free port, written to FILE once it accepts
        connections) and stores every accepted message as DIR/NNNN.eml, its envelope as
        DIR/.envelope/NNNN.json.
        MODE: accept (default) | reject-rcpt (550 to every RCPT) | reject-data (554 after DATA)
              | tempfail (451 after DATA) | drop (closes the connection at DATA).
        --reject ADDR refuses that one recipient with 550 (the others are accepted).
        --auth USER:PASSWORD offers AUTH PLAIN/LOGIN without TLS and requires it.
        Stops on SIGTERM or SIGINT.

    smtp_sink.py inspect DIR
        Prints a JSON array, one object per DIR/*.eml in name order, parsed with Python's
        `email` package: envelope, headers (decoded), text and HTML bodies, and every
        attachment's file name, content type, size and sha256 (of the decoded bytes).
"""
import argparse
import asyncio
import email
import email.policy
import hashlib
import json
import os
import signal
import sys


def serve(args):
    # A test runner may start us with SIGTERM/SIGINT blocked (inherited mask): unblock them so stop works.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    try:
        from aiosmtpd.smtp import SMTP, AuthResult
    except ImportError:
        sys.stderr.write("smtp_sink: the Python package aiosmtpd is missing "
                         "(python3 -m pip install -r scripts/requirements-test.txt)\n")
        sys.exit(3)

    os.makedirs(os.path.join(args.dir, ".envelope"), exist_ok=True)
    rejected = set(a.lower() for a in (args.reject or []))

    class Handler:
        count = 0

        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if args.mode == "reject-rcpt" or address.lower() in rejected:
                return "550 5.1.1 <%s>: Recipient address rejected: mailbox unavailable" % address
            envelope.rcpt_tos.append(address)
            return "250 2.1.5 OK"

        async def handle_DATA(self, server, session, envelope):
            if args.mode == "tempfail":
                return "451 4.3.0 Temporary local problem, try again later"
            if args.mode == "reject-data":
                return "554 5.6.0 Message content refused"
            if args.mode == "drop":
                server.transport.close()
                return "421 4.4.2 Connection dropped"
            Handler.count += 1
            base = os.path.join(args.dir, "%04d" % Handler.count)
            side = os.path.join(args.dir, ".envelope", "%04d" % Handler.count)
            with open(side + ".json.tmp", "w") as f:
                json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, f)
            os.rename(side + ".json.tmp", side + ".json")
            with open(base + ".eml.tmp", "wb") as f:
                f.write(envelope.original_content or envelope.content)
            os.rename(base + ".eml.tmp", base + ".eml")
            return "250 2.0.0 Ok: queued as %04d" % Handler.count

    def authenticator(server, session, envelope, mechanism, auth_data):
        user, _, password = args.auth.partition(":")
        ok = (auth_data.login.decode() == user and auth_data.password.decode() == password)
        return AuthResult(success=ok, handled=False)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    handler = Handler()

    def factory():
        kwargs = dict(hostname="sink.test", ident="ninjait test sink")
        if args.auth:
            kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=False)
        return SMTP(handler, **kwargs)

    server = loop.run_until_complete(loop.create_server(factory, host="127.0.0.1", port=args.port))
    port = server.sockets[0].getsockname()[1]
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write(str(port))
        os.rename(args.port_file + ".tmp", args.port_file)
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, loop.stop)
    loop.run_forever()
    server.close()


def structure(part):
    """The MIME tree as text: multipart/mixed(multipart/alternative(text/plain,multipart/related(text/html,image/png)),application/pdf)."""
    if part.is_multipart():
        return "%s(%s)" % (part.get_content_type(), ",".join(structure(p) for p in part.get_payload()))
    return part.get_content_type()


def parent_type(root, target):
    """The content type of the multipart that directly holds `target` (chain: its grandparent too, joined by '<')."""
    def find(node, chain):
        if node is target:
            return chain
        if node.is_multipart():
            for child in node.get_payload():
                found = find(child, [node.get_content_type()] + chain)
                if found is not None:
                    return found
        return None
    chain = find(root, [])
    return "<".join(chain or [])


def inspect(args):
    result = []
    names = sorted(n for n in os.listdir(args.dir) if n.endswith(".eml"))
    for name in names:
        path = os.path.join(args.dir, name)
        with open(path, "rb") as f:
            raw = f.read()
        envelope = {}
        side = os.path.join(args.dir, ".envelope", name[:-4] + ".json")
        if os.path.exists(side):
            with open(side) as f:
                envelope = json.load(f)
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        defects = [str(d) for part in msg.walk() for d in part.defects]
        html = msg.get_body(preferencelist=("html",))
        text = msg.get_body(preferencelist=("plain",))
        attachments = []
        for part in msg.iter_attachments():
            payload = part.get_payload(decode=True) or b""
            attachments.append({
                "filename": part.get_filename(),
                "content_type": part.get_content_type(),
                "bytes": len(payload),
                "sha256": hashlib.sha256(payload).hexdigest(),
            })
        alternative = [p.get_content_type() for p in msg.walk() if p.get_content_maintype() != "multipart"]
        inline = []
        for part in msg.walk():
            cid = part.get("content-id")
            if cid is None or part.get_content_maintype() == "multipart":
                continue
            payload = part.get_payload(decode=True) or b""
            png = None
            if payload[:8] == b"\x89PNG\r\n\x1a\n" and payload[12:16] == b"IHDR":
                png = [int.from_bytes(payload[16:20], "big"), int.from_bytes(payload[20:24], "big")]
            inline.append({
                "content_id": str(cid).strip().strip("<>"),
                "content_type": part.get_content_type(),
                "disposition": part.get_content_disposition(),
                "parent": parent_type(msg, part),
                "bytes": len(payload),
                "sha256": hashlib.sha256(payload).hexdigest(),
                "png_size": png,
            })
        result.append({
            "file": name,
            "mail_from": envelope.get("mail_from"),
            "rcpt_tos": envelope.get("rcpt_tos", []),
            "subject": str(msg["subject"] or ""),
            "raw_subject": str(email.message_from_bytes(raw)["subject"] or ""),
            "from": str(msg["from"] or ""),
            "to": str(msg["to"] or ""),
            "date": str(msg["date"] or ""),
            "message_id": str(msg["message-id"] or ""),
            "content_type": msg.get_content_type(),
            "leaf_types": alternative,
            "structure": structure(msg),
            "inline": inline,
            "html": html.get_content() if html is not None else None,
            "text": text.get_content() if text is not None else None,
            "attachments": attachments,
            "defects": defects,
            "headers": {k: str(v) for k, v in msg.items() if k.lower().startswith(("x-", "auto-"))},
        })
    json.dump(result, sys.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve")
    s.add_argument("--dir", required=True)
    s.add_argument("--port-file")
    s.add_argument("--port", type=int, default=0)
    s.add_argument("--mode", default="accept", choices=["accept", "reject-rcpt", "reject-data", "tempfail", "drop"])
    s.add_argument("--reject", action="append")
    s.add_argument("--auth")
    i = sub.add_parser("inspect")
    i.add_argument("dir")
    argv = sys.argv[1:]
    if argv and argv[0] not in ("serve", "inspect", "-h", "--help"):
        argv = ["serve"] + argv  # `smtp_sink.py --port N --dir DIR` serves
    args = parser.parse_args(argv)
    if args.command == "serve" and not args.port_file and not args.port:
        parser.error("serve needs --port-file FILE or --port N")
    serve(args) if args.command == "serve" else inspect(args)


if __name__ == "__main__":
    main()
