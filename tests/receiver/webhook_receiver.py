#!/usr/bin/env python3
"""The test harness's webhook receiver: verifies every POST with the maintained `standardwebhooks`
library (Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature`).

Usage: webhook_receiver.py --port N --dir DIR

All state lives in DIR, so the process can be killed and started again on the same port (an outage)
without losing anything:

- DIR/secrets.json  {"/path": ["whsec_...", ...]}: the secrets a path trusts; re-read on every
  request. A request is verified if any of them verifies it (default timestamp tolerance).
- DIR/answers.json  {"/path": 500} (optional): the status a verified delivery on that path is
  answered; 204 by default. Re-read on every request.
- DIR/received.jsonl: one JSON line per POST, verified or not, flushed and fsynced before answering:
  {"path", "id", "timestamp", "signature", "body", "verified", "status", "received_at"}.
  An unverified POST is answered 401.

The path is the request target as sent (query string included). GET /healthz answers 200.
"""

import argparse
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import EmptyWebhookSecretError, Webhook, WebhookVerificationError

HEADERS = ("webhook-id", "webhook-timestamp", "webhook-signature")


def read_json(path, default):
    """The JSON in `path`, or `default` when the file is missing or unreadable."""
    try:
        with open(path, encoding="utf-8") as file:
            return json.load(file)
    except (OSError, ValueError):
        return default


def verified(secrets, body, headers):
    """Whether any of `secrets` verifies the request (signature and timestamp tolerance)."""
    for secret in secrets:
        try:
            Webhook(secret).verify(body, headers, json_parse=False)
            return True
        except WebhookVerificationError:
            continue
        except (EmptyWebhookSecretError, ValueError, RuntimeError):  # a malformed secret verifies nothing
            continue
    return False


class Handler(BaseHTTPRequestHandler):
    server_version = "webhook-receiver"

    def log_message(self, format, *args):  # quiet: the record is received.jsonl
        pass

    def answer(self, status, text=b""):
        self.send_response(status)
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        if text:
            self.wfile.write(text)

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def do_GET(self):
        if self.path == "/healthz":
            self.answer(200, b"ok")
        else:
            self.answer(404)

    def do_POST(self):
        body = self.read_body()
        headers = {name: self.headers.get(name) or "" for name in HEADERS}
        state = self.server.state_dir
        secrets = read_json(os.path.join(state, "secrets.json"), {}).get(self.path) or []
        ok = verified(secrets, body, headers)
        status = 401
        if ok:
            status = int(read_json(os.path.join(state, "answers.json"), {}).get(self.path, 204))
        record = {
            "path": self.path,
            "id": headers["webhook-id"],
            "timestamp": headers["webhook-timestamp"],
            "signature": headers["webhook-signature"],
            "body": body.decode("utf-8", errors="replace"),
            "verified": ok,
            "status": status,
            "received_at": time.time(),
        }
        line = (json.dumps(record) + "\n").encode("utf-8")
        with self.server.lock:
            with open(os.path.join(state, "received.jsonl"), "ab") as file:
                file.write(line)
                file.flush()
                os.fsync(file.fileno())
        self.answer(status)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.state_dir = args.dir
    server.lock = threading.Lock()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
