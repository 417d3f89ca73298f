#!/usr/bin/env python3
"""Local HTTP/1.1 keep-alive server for HTTPTransport's tests and benchmark.

Binds 127.0.0.1 on --port (default 0 = any free port) and prints the bound port on its first
stdout line, so a caller never races for a port. --tls CERT KEY serves HTTPS instead.
Absolute-form request targets (a client talking to it as a proxy) are served as their path.
Endpoints:
  ANY  /echo              body echoed back; X-Echo-Method, and X-Echo-<Name> per request header
  GET  /status/N          answers status N
  GET  /slow/S            sleeps S seconds (float), then 200
  GET  /slow-started      how many /slow requests have arrived (a test's readiness signal)
  GET  /retry-after/V     429 with "Retry-After: V"
  GET  /headers           repeated and mixed-case header fields
  GET  /connections       count of distinct client connections (address, port) seen so far
  POST /users             201 with a small JSON id (the benchmark's endpoint)
  ANY  /apply-then-drop    counts the request as applied, then closes the connection unanswered
  GET  /applied            how many requests /apply-then-drop has applied
"""
import argparse
import signal
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

connections = set()
connections_lock = threading.Lock()
user_counter = 0
applied_then_dropped = 0
slow_started = 0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive unless the client says otherwise
    # Headers and body go out in two writes; with Nagle on, the body waits for the client's
    # delayed ACK (~40 ms) and every keep-alive request pays it.
    disable_nagle_algorithm = True

    def setup(self):
        super().setup()
        with connections_lock:
            connections.add(self.client_address)

    def log_message(self, format, *args):
        pass

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def reply(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def handle_any(self):
        global user_counter, applied_then_dropped, slow_started
        body = self.read_body()
        path = self.path.split("://", 1)[1].partition("/")[2] if "://" in self.path else self.path
        parts = path.split("?")[0].strip("/").split("/")
        route, argument = parts[0], (parts[1] if len(parts) > 1 else "")
        if route == "echo":
            headers = [("X-Echo-Method", self.command)]
            headers += [("X-Echo-" + name, value) for name, value in self.headers.items()]
            self.reply(200, body, headers + [("Content-Type", "application/octet-stream")])
        elif route == "status":
            self.reply(int(argument), b"status %d" % int(argument))
        elif route == "slow":
            with connections_lock:
                slow_started += 1
            time.sleep(float(argument))
            self.reply(200, b"slept")
        elif route == "retry-after":
            self.reply(429, b"slow down", [("Retry-After", argument)])
        elif route == "headers":
            self.reply(200, b"", [("X-Multi", "one"), ("x-multi", "two"), ("X-MiXeD-CaSe", "yes")])
        elif route == "slow-started":
            with connections_lock:
                count = slow_started
            self.reply(200, str(count).encode())
        elif route == "connections":
            with connections_lock:
                count = len(connections)
            self.reply(200, str(count).encode())
        elif route == "apply-then-drop":
            with connections_lock:
                applied_then_dropped += 1
            self.close_connection = True  # no answer at all: the client sees the connection close
        elif route == "applied":
            with connections_lock:
                count = applied_then_dropped
            self.reply(200, str(count).encode())
        elif route == "users":
            with connections_lock:
                user_counter += 1
                number = user_counter
            self.reply(201, b'{"id":"u%d"}' % number, [("Content-Type", "application/json")])
        else:
            self.reply(404, b"no such endpoint")

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = handle_any


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        pass  # a client that hung up (timeout and cancellation tests) is expected, not news


def main():
    # A parent that spawned us from a thread (Foundation's Process in a test runner) may pass on
    # a mask blocking SIGTERM, which would make us unkillable by Process.terminate().
    signal.pthread_sigmask(signal.SIG_UNBLOCK, signal.valid_signals())
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    arguments = parser.parse_args()
    server = Server(("127.0.0.1", arguments.port), Handler)
    if arguments.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*arguments.tls)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
