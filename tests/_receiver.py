"""A real HTTP receiver of alerts on 127.0.0.1 (http.server in a thread): records every POST body; answers 503 to
the first ``fail_first`` requests, then ``status``."""
from __future__ import annotations

import json
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    def __init__(self, fail_first: int = 0, status: int = 200):
        self.fail_first = fail_first
        self.status = status
        self.requests: list[dict] = []  # every POST, failed or not: {"body", "status", "time"}
        self.lock = threading.Lock()
        self.url = ""

    @property
    def delivered(self) -> list[dict]:
        """The bodies answered with a 2xx."""
        with self.lock:
            return [r["body"] for r in self.requests if 200 <= r["status"] < 300]

    def wait(self, count: int, timeout: float = 30.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        while len(self.delivered) < count:
            assert time.monotonic() < deadline, f"{len(self.delivered)} of {count} alerts arrived: {self.requests}"
            time.sleep(0.05)
        return self.delivered


@contextmanager
def receiving(fail_first: int = 0, status: int = 200):
    receiver = Receiver(fail_first, status)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"null")
            with receiver.lock:
                failing = len(receiver.requests) < receiver.fail_first
                status = 503 if failing else receiver.status
                receiver.requests.append({"body": body, "status": status, "time": time.time(),
                                          "content_type": self.headers.get("Content-Type")})
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"ok" if status == 200 else b"unavailable")

        def log_message(self, *args):  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
