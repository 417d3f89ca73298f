#!/usr/bin/env python3
"""A small Aria Operations suite-api stand-in for the connector socket tests.

Listens on 127.0.0.1 on a free port and prints that port as its first stdout line.
Behaviour the tests rely on:
  - the first token it issues is answered 401 once on import (an expired token);
  - a user named "flaky" gets 503 + Retry-After: 0 on its first import;
  - a user named "slow" is stored, then answered only after 1.5 s (longer than the client waits);
  - GET /_stats returns how many times each user name was created and tokens acquired/released.
It exits when its stdin closes, so a crashed test run leaves no server behind.
"""
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

PREFIX = "/suite-api/api/auth"
lock = threading.Lock()
state = {"acquired": 0, "released": 0, "created": {}, "users": {}, "expired_once": False, "flaky_seen": False}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=None, headers=None):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if self.headers.get("Content-Type") != "application/json":
            return None
        return json.loads(raw or b"null")

    def token(self):
        scheme, _, token = (self.headers.get("Authorization") or "").partition(" ")
        return token if scheme == "OpsToken" else None

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/_stats":
            with lock:
                return self.reply(200, {k: state[k] for k in ("acquired", "released", "created")})
        if url.path == PREFIX + "/users":
            if not self.token():
                return self.reply(401, {"message": "no token"})
            names = parse_qs(url.query).get("username", [])
            with lock:
                found = [state["users"][n] for n in names if n in state["users"]]
            return self.reply(200, {"users": found})
        self.reply(404, {"message": "no route"})

    def do_POST(self):
        path = urlparse(self.path).path
        body = self.body()
        if path == PREFIX + "/token/acquire":
            if body != {"username": "admin", "password": "pw"} and body != {"username": "admin", "password": "pw", "authSource": "LOCAL"}:
                return self.reply(401, {"message": "Invalid username or password."})
            with lock:
                state["acquired"] += 1
                token = "tok-%d" % state["acquired"]
            return self.reply(200, {"token": token, "validity": 1, "expiresAt": "later"})
        if path == PREFIX + "/token/release":
            with lock:
                state["released"] += 1
            return self.reply(200)
        if path == PREFIX + "/sources/src-1/users":
            token = self.token()
            with lock:
                expire = token == "tok-1" and not state["expired_once"]
                if expire:
                    state["expired_once"] = True
            if token is None or expire:
                return self.reply(401, {"message": "token expired"})
            if body is None:
                return self.reply(415, {"message": "Content-Type must be application/json."})
            users = body.get("users") or []
            if any("Last login time" in u or u.get("enabled") is not True for u in users):
                return self.reply(400, {"message": "bad user object"})
            names = [u.get("username") for u in users]
            with lock:
                if "flaky" in names and not state["flaky_seen"]:
                    state["flaky_seen"] = True
                    return self.reply(503, {"message": "busy"}, {"Retry-After": "0"})
                echoed = []
                for user in users:
                    name = user["username"]
                    if "id" not in user:
                        if name in state["users"]:
                            return self.reply(409, {"message": "User '%s' already exists" % name})
                        state["created"][name] = state["created"].get(name, 0) + 1
                    stored = dict(user, id=user.get("id") or "id-" + name)
                    state["users"][name] = stored
                    echoed.append(stored)
            if "slow" in names:
                time.sleep(1.5)
            return self.reply(201, {"users": echoed})
        self.reply(404, {"message": "no route"})


def exit_when_stdin_closes():
    sys.stdin.buffer.read()
    os._exit(0)


threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
