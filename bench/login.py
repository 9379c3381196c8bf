#!/usr/bin/env python3
"""Measures the password step of a login (POST /api/v1/auth/login) through the gateway of a running
local platform: Argon2id verification, the stored event, the encrypted code, and the round trip
through gateway and identity-service.

Start the platform with the gateway's flood guard raised, e.g.
    ATTEST_RATE_LIMIT_PER_IP=1000000 ./mvnw -Plocal -DskipTests verify
then: python3 bench/login.py [requests] [concurrency]
It creates a client and enough users that none of them fails more than ten times in a row (the account
throttle would answer 429 from the eleventh on; docs/decisions/0007), reading the mails it needs over
IMAP. Then it sends [requests] logins with a wrong password spread over those users, as many for
addresses that have no account (the two medians should match: LoginTiming), and as many with the
operator's right password (one account: its commands queue on one aggregate). It talks only to
localhost and stops by itself.
"""
import imaplib
import json
import re
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

GATEWAY = "http://localhost:8080"
REQUESTS = int(sys.argv[1]) if len(sys.argv) > 1 else 400
CONCURRENCY = int(sys.argv[2]) if len(sys.argv) > 2 else 4
WARM_UP = 40
FREE_FAILURES = 10  # per account, before the account throttle makes attempts wait
USERS = -(-(WARM_UP + REQUESTS) // FREE_FAILURES)
OPERATOR = "operator@attest.local"
OPERATOR_PASSWORD = (Path(__file__).resolve().parent.parent / "data" / "operator-password").read_text().strip()


def call(method, path, body=None, token=None):
    request = urllib.request.Request(GATEWAY + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def mailbox(address):
    """The number of mails in the address's inbox and a function that reads the n-th one."""
    box = imaplib.IMAP4("localhost", 3143)
    try:
        box.login(address, address)
    except imaplib.IMAP4.error:
        return 0, None
    count = int(box.select("INBOX")[1][0])
    return count, lambda n: box.fetch(str(n), "(BODY[TEXT])")[1][0][1].decode("utf-8", "replace")


def await_mail(address, number):
    for _ in range(120):
        count, read = mailbox(address)
        if count >= number:
            return read(number)
        time.sleep(0.25)
    raise RuntimeError("no mail for " + address)


def settled_count(address):
    """Waits until no more mail arrives (codes of earlier runs may still be on their way)."""
    count = mailbox(address)[0]
    while True:
        time.sleep(1.5)
        now = mailbox(address)[0]
        if now == count:
            return count
        count = now


def log_in(address, password):
    before = settled_count(address)
    status, challenge = call("POST", "/api/v1/auth/login", {"email": address, "password": password})
    assert status == 200, (status, challenge)
    code = re.search(r"\b(\d{6})\b", await_mail(address, before + 1)).group(1)
    status, tokens = call("POST", "/api/v1/auth/login/second-factor",
                          {"challengeId": challenge["challengeId"], "code": code})
    assert status == 200, (status, tokens)
    return tokens["accessToken"]


def set_up_users():
    operator = log_in(OPERATOR, OPERATOR_PASSWORD)
    run = uuid.uuid4().hex[:6]
    admin = f"bench-admin-{run}@bench.test"
    status, _ = call("POST", "/api/v1/clients", {"name": "Bench " + run,
                     "admin": {"email": admin, "firstName": "Bench", "lastName": "Admin"}}, operator)
    assert status == 201
    token = re.search(r"token=(\S+)", await_mail(admin, 1)).group(1)
    password = "bench admin passphrase " + run
    assert call("POST", "/api/v1/auth/password/set",
                {"token": urllib.parse.unquote(token), "password": password})[0] == 204
    admin_token = log_in(admin, password)
    users = []
    for i in range(USERS):
        address = f"bench-{run}-{i}@bench.test"
        for _ in range(100):  # the admin's permission arrives asynchronously
            status, _ = call("POST", "/api/v1/users", {"email": address, "firstName": "Bench", "lastName": "User"},
                             admin_token)
            if status != 403:
                break
            time.sleep(0.2)
        assert status == 201, status
        users.append(address)
    return users


def measure(name, attempts, expected):
    latencies, unexpected, lock = [], [], threading.Lock()
    work = iter(attempts)

    def worker():
        for address, password in work:
            body = json.dumps({"email": address, "password": password}).encode()
            request = urllib.request.Request(GATEWAY + "/api/v1/auth/login", data=body, method="POST",
                                             headers={"Content-Type": "application/json"})
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request) as response:
                    status = response.status
                    response.read()
            except urllib.error.HTTPError as error:
                status = error.code
            seconds = time.perf_counter() - started
            with lock:
                (latencies if status == expected else unexpected).append(seconds if status == expected else status)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    print(f"{name}: " + json.dumps({
        "requests": len(attempts), "concurrency": CONCURRENCY, "unexpected": len(unexpected),
        "per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(latencies[max(0, int(len(latencies) * 0.95) - 1)] * 1000, 1)}))


if __name__ == "__main__":
    users = set_up_users()
    warm_up = [(users[i % len(users)], "wrong password for warm-up") for i in range(WARM_UP)]
    measure("warm-up", warm_up, 401)
    measure(f"wrong password, {len(users)} accounts",
            [(users[(WARM_UP + i) % len(users)], "not the password at all") for i in range(REQUESTS)], 401)
    measure("no such account", [(f"nobody-{uuid.uuid4().hex}@bench.test", "not the password at all")
                                for _ in range(REQUESTS)], 401)
    measure("right password, one account (code mailed)", [(OPERATOR, OPERATOR_PASSWORD)] * REQUESTS, 200)
