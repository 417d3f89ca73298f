#!/usr/bin/env python3
"""Reference client for `dirbridge-bench transport`: the straightforward Python way to post
users one by one, a requests.Session keep-alive loop. Prints requests per second."""
import sys
import time

import requests

url, count, body = sys.argv[1], int(sys.argv[2]), sys.argv[3].encode()
session = requests.Session()
headers = {"Content-Type": "application/json"}
for _ in range(50):  # warm-up, as the Swift client gets
    session.post(url, data=body, headers=headers)
started = time.perf_counter()
for _ in range(count):
    response = session.post(url, data=body, headers=headers)
    if response.status_code != 201:
        sys.exit(f"unexpected status {response.status_code}")
elapsed = time.perf_counter() - started
print(f"{count / elapsed:.1f}")
