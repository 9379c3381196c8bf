#!/usr/bin/env python3
"""Measures the password step of a login (POST /api/v1/auth/login) through the gateway of a running
local platform: Argon2id verification, the stored LoginFailed/SecondFactorChallengeIssued event, the
encrypted code, and the round trip through gateway and identity-service.

Start the platform with the rate limits raised, e.g.
    ATTEST_RATE_LIMIT_PER_IP=1000000 ATTEST_RATE_LIMIT_PER_ACCOUNT=1000000 ./mvnw -Plocal -DskipTests verify
then: python3 bench/login.py [requests] [concurrency]
It talks only to localhost and stops after the given number of requests.
"""
import json
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

GATEWAY = "http://localhost:8080"
REQUESTS = int(sys.argv[1]) if len(sys.argv) > 1 else 400
CONCURRENCY = int(sys.argv[2]) if len(sys.argv) > 2 else 4
EMAIL = "operator@attest.local"
PASSWORD = (Path(__file__).resolve().parent.parent / "data" / "operator-password").read_text().strip()


def login(password):
    body = json.dumps({"email": EMAIL, "password": password}).encode()
    request = urllib.request.Request(GATEWAY + "/api/v1/auth/login", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request) as response:
            status = response.status
            response.read()
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - started


def run(password, expected):
    latencies, failures, lock = [], [], threading.Lock()
    counter = iter(range(REQUESTS))

    def worker():
        for _ in counter:
            status, seconds = login(password)
            with lock:
                (latencies if status == expected else failures).append(seconds if status == expected else status)

    for _ in range(20):  # warm-up: JIT, connection pools
        login(password)
    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": REQUESTS, "concurrency": CONCURRENCY, "unexpected": len(failures),
        "throughput_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1),
    }


if __name__ == "__main__":
    print("right password (200, code mailed):", json.dumps(run(PASSWORD, 200)))
    print("wrong password (401):             ", json.dumps(run("not the password at all", 401)))
