#!/usr/bin/env python3
"""Benchmarks the running local platform from outside its JVMs, with wrk (installed from Debian's
packages if missing), and says per scenario: rate, latency p50/p90/p99, CPU milliseconds per request in
every JVM of the platform (the launcher with the embedded Kafka, MongoDB and SMTP included), their RSS
before and after, and for the password steps the Argon2id hashes of the same run measured inside
identity-service (time and CPU of the hash alone, and the rate the cores could reach doing nothing else:
cores / CPU per hash).

Start the platform with the gateway's flood guard raised (every request comes from 127.0.0.1):
    ATTEST_RATE_LIMIT_PER_IP=100000000 ./mvnw -Plocal -DskipTests verify
then, in a second terminal:
    python3 bench/bench.py                       # every scenario, 60 s warm-up and 20 s measured each
                                                 # (second-factor: 2 + duration/4 rounds of 100 codes)
    python3 bench/bench.py me login-right --warm-up 10 --duration 10 --connections 8
The accounts it needs are created once (their passwords set from the welcome mails, read over IMAP) and
kept in data/bench-accounts.tsv for later runs. It talks only to localhost and stops by itself.
"""
import argparse
import http.client
import imaplib
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
GATEWAY = "http://localhost:8080"
IDENTITY = "http://127.0.0.1:8081"
SCRIPT = Path(__file__).resolve().parent / "wrk" / "requests.lua"
ACCOUNTS_FILE = DATA / "bench-accounts.tsv"
OPERATOR = "operator@attest.local"
TICKS = os.sysconf("SC_CLK_TCK")
# Which JVM is which, by a part of its command line.
JVMS = {"launcher (Kafka, MongoDB, SMTP)": "dev.attest.local.LocalPlatform",
        "identity": "identity-service.jar", "membership": "membership-service.jar",
        "notification": "notification-service.jar", "gateway": "gateway.jar"}


# ---------------------------------------------------------------- talking to the platform

def call(method, url, body=None, token=None):
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def mails(address):
    box = imaplib.IMAP4("localhost", 3143)
    try:
        box.login(address, address)
    except imaplib.IMAP4.error:
        return []
    count = int(box.select("INBOX")[1][0])
    return [box.fetch(str(n), "(BODY[TEXT])")[1][0][1].decode("utf-8", "replace") for n in range(1, count + 1)]


def await_mail(address, pattern):
    for _ in range(240):
        found = [m for m in mails(address) if re.search(pattern, m)]
        if found:
            return found[-1]
        time.sleep(0.25)
    raise RuntimeError(f"no mail matching {pattern} for {address}")


def log_in(address, password):
    return session(address, password)["accessToken"]


def session(address, password):
    """A new session's tokens, through the password step and the code mailed for it."""
    before = inbox_size(address)
    challenge = password_step(address, password)
    status, tokens = call("POST", GATEWAY + "/api/v1/auth/login/second-factor",
                          {"challengeId": challenge, "code": newest_code(address, before)})
    assert status == 200, (status, tokens)
    return tokens


def password_step(address, password):
    status, challenge = call("POST", GATEWAY + "/api/v1/auth/login", {"email": address, "password": password})
    assert status == 200, (status, challenge)
    return challenge["challengeId"]


def set_password_from_welcome_mail(address, password):
    token = re.search(r"token=(\S+)", await_mail(address, r"token=")).group(1)
    status, body = call("POST", GATEWAY + "/api/v1/auth/password/set",
                        {"token": urllib.parse.unquote(token), "password": password})
    assert status == 204, (status, body)


def accounts(count):
    """`count` users of one client with known passwords: made once, then read from ACCOUNTS_FILE."""
    known = [line.split("\t") for line in ACCOUNTS_FILE.read_text().splitlines()] if ACCOUNTS_FILE.exists() else []
    if len(known) >= count + 1:
        return known[0], known[1:count + 1]
    print(f"creating {count} accounts (once; kept in {ACCOUNTS_FILE.relative_to(ROOT)}) …", flush=True)
    operator = log_in(OPERATOR, (DATA / "operator-password").read_text().strip())
    run = uuid.uuid4().hex[:6]
    admin = [f"bench-admin-{run}@bench.test", f"bench admin passphrase {run}"]
    status, body = call("POST", GATEWAY + "/api/v1/clients", {"name": "Bench " + run, "admin": {
        "email": admin[0], "firstName": "Bench", "lastName": "Admin"}}, operator)
    assert status == 201, (status, body)
    set_password_from_welcome_mail(*admin)
    admin_token = log_in(*admin)
    made = [admin]
    for i in range(count):
        user = [f"bench-{run}-{i}@bench.test", f"bench user passphrase {run} {i}"]
        for _ in range(100):  # the administrator's permission arrives asynchronously
            status, body = call("POST", GATEWAY + "/api/v1/users", {
                "email": user[0], "firstName": "Bench", "lastName": "User"}, admin_token)
            if status != 403:
                break
            time.sleep(0.2)
        assert status == 201, (status, body)
        made.append(user)
    for user in made[1:]:
        set_password_from_welcome_mail(*user)
    ACCOUNTS_FILE.write_text("".join("\t".join(user) + "\n" for user in made))
    ACCOUNTS_FILE.chmod(0o600)
    return made[0], made[1:]


# ---------------------------------------------------------------- what each JVM spends

def jvm_pids():
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "java" not in command:
            continue
        for name, marker in JVMS.items():
            if marker in command and "/bin/sh" not in command.split(" ")[0]:
                found[name] = int(entry.name)
    missing = set(JVMS) - set(found)
    if missing:
        sys.exit(f"not running: {', '.join(sorted(missing))}; start the platform first (see the top of this file)")
    return found


def cpu_seconds(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def hashing():
    """identity-service's own figures of the Argon2id work: (count, seconds, CPU seconds) so far."""
    with urllib.request.urlopen(IDENTITY + "/actuator/prometheus", timeout=10) as response:
        text = response.read().decode()

    def value(name):
        match = re.search(rf"^{name}(?:{{[^}}]*}})? ([0-9.eE+-]+)$", text, re.MULTILINE)
        return float(match.group(1)) if match else 0.0
    return (value("attest_password_hashing_seconds_count"), value("attest_password_hashing_seconds_sum"),
            value("attest_password_hashing_cpu_seconds_total"))


# ---------------------------------------------------------------- load

def ensure_wrk():
    if shutil.which("wrk"):
        return
    print("installing wrk from Debian's packages …", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run(sudo + ["apt-get", "install", "-y", "wrk"], check=False, stdout=subprocess.DEVNULL)
    if not shutil.which("wrk"):
        subprocess.run(sudo + ["apt-get", "update"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(sudo + ["apt-get", "install", "-y", "wrk"], check=True, stdout=subprocess.DEVNULL)


def wrk(base, seconds, connections, method, path, expected, lines="-", template=None, token=None, carry=None):
    """One wrk run; with `carry`, each connection is a chain of its own thread (see requests.lua)."""
    threads = connections if carry else min(2, connections)
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s",
               "--timeout", "10s", "-s", str(SCRIPT)]
    if token:
        command += ["-H", "Authorization: Bearer " + token]
    command += [base, "--", method, path, str(expected), str(lines)] + ([template] if template else [])
    command += [carry] if carry else []
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(re.search(r"^RESULT (.*)$", output, re.MULTILINE).group(1))


def burst(bodies, connections, path, expected):
    """
    Sends each body once, POSTed over `connections` kept-alive connections at once, for requests that work
    only once each (a login's code); answers each expected answer's seconds, the others' count, the time.
    """
    work = queue.Queue()
    for body in bodies:
        work.put(json.dumps(body))
    took, unexpected, lock = [], [0], threading.Lock()

    def sender():
        connection = http.client.HTTPConnection(urllib.parse.urlsplit(GATEWAY).hostname,
                                                urllib.parse.urlsplit(GATEWAY).port, timeout=30)
        while True:
            try:
                body = work.get_nowait()
            except queue.Empty:
                break
            started = time.perf_counter()
            connection.request("POST", path, body=body, headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            with lock:
                if response.status == expected:
                    took.append(time.perf_counter() - started)
                else:
                    unexpected[0] += 1
        connection.close()

    started = time.perf_counter()
    senders = [threading.Thread(target=sender) for _ in range(connections)]
    for thread in senders:
        thread.start()
    for thread in senders:
        thread.join()
    return {"latencies": took, "unexpected": unexpected[0], "duration_us": int((time.perf_counter() - started) * 1e6)}


def challenges(users):
    """A password step for each user at once; then each challenge with the code mailed for it."""
    inbox_before = {address: inbox_size(address) for address, _ in users}
    with ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(lambda user: password_step(*user), users))
    return [{"challengeId": challenge, "code": newest_code(address, inbox_before[address])}
            for (address, _), challenge in zip(users, ids)]


def inbox_size(address):
    box = imaplib.IMAP4("localhost", 3143)
    try:
        box.login(address, address)
        return int(box.select("INBOX")[1][0])
    except imaplib.IMAP4.error:
        return 0
    finally:
        box.logout()


def newest_code(address, before):
    """The code of the first mail after the first `before` (polled for; only that one is fetched)."""
    for _ in range(240):
        if inbox_size(address) > before:
            box = imaplib.IMAP4("localhost", 3143)
            try:
                box.login(address, address)
                box.select("INBOX")
                text = box.fetch(str(before + 1), "(BODY[TEXT])")[1][0][1].decode("utf-8", "replace")
                return re.search(r"\b(\d{6})\b", text).group(1)
            finally:
                box.logout()
        time.sleep(0.25)
    raise RuntimeError(f"no code mailed to {address}")


def jdk_tool(pid, tool):
    """The tool of the JDK the process runs on (jcmd, jfr), so the recording matches the JVM."""
    java = Path(os.readlink(f"/proc/{pid}/exe"))
    found = java.parent / tool
    return str(found) if found.exists() else tool


def refuse_profiling_while_recording(pids):
    """JFR in a JVM that records its AOT cache made JDK 25.0.3 crash when it wrote the cache at the stop."""
    recording = [name for name, pid in pids.items()
                 if b"-XX:AOTCacheOutput" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    if recording:
        sys.exit(f"{', '.join(recording)}: recording the AOT cache (the first start after a build); stop the "
                 "platform and start it again before profiling")


def profile_start(pids, directory, scenario):
    for name, pid in pids.items():
        subprocess.run([jdk_tool(pid, "jcmd"), str(pid), "JFR.start", "name=bench", "settings=profile",
                        f"filename={directory / (slug(name) + '-' + slug(scenario) + '.jfr')}"],
                       check=True, stdout=subprocess.DEVNULL)


def profile_stop(pids, directory, scenario, top):
    """Stops the recordings and prints each JVM's hottest methods (JFR execution samples)."""
    for name, pid in pids.items():
        recording = directory / (slug(name) + "-" + slug(scenario) + ".jfr")
        subprocess.run([jdk_tool(pid, "jcmd"), str(pid), "JFR.stop", "name=bench"], check=True,
                       stdout=subprocess.DEVNULL)
        view = subprocess.run([jdk_tool(pid, "jfr"), "view", "--width", "160", "hot-methods", str(recording)],
                              capture_output=True, text=True).stdout
        recording.with_suffix(".txt").write_text(view)
        rows = [line for line in view.splitlines() if re.search(r"\d+\.\d+%\s*$", line)][:top]
        print(f"  hottest in {name}:", flush=True)
        for row in rows:
            print("    " + row.strip(), flush=True)


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80]


def settle(pids, quiet=0.15, limit=180):
    """
    Waits until the platform has done what the load left behind (mails, projections, consumers: work that
    lags the requests), so it is counted with them: until all JVMs together use less than `quiet` of a core
    for two seconds in a row. Returns how many seconds that took.
    """
    started = time.time()
    calm = 0
    before = sum(cpu_seconds(p) for p in pids.values())
    while time.time() - started < limit and calm < 2:
        time.sleep(1)
        now = sum(cpu_seconds(p) for p in pids.values())
        calm = calm + 1 if now - before < quiet else 0
        before = now
    return round(time.time() - started)


def measured(name, args, run, hashes=False):
    """Warms up, then measures one scenario; prints its figures and returns them."""
    if args.warm_up > 0:
        run(args.warm_up)
    pids = jvm_pids()
    if args.profile:
        profile_start(pids, args.profile, name)
    cpu_before = {n: cpu_seconds(p) for n, p in pids.items()}
    rss_before = {n: rss_mb(p) for n, p in pids.items()}
    hash_before = hashing() if hashes else None
    result = run(args.duration)
    if args.profile:
        profile_stop(pids, args.profile, name, 12)
    settled = settle(pids)
    cpu_used = {n: cpu_seconds(p) - cpu_before[n] for n, p in pids.items()}
    hashed = [a - b for a, b in zip(hashing(), hash_before)] if hashes else None
    return report(name, args, pids, result, cpu_used, rss_before, settled, hashed)


def measured_in_rounds(name, args, prepare, send, rounds, warm_up_rounds=2):
    """
    For requests that each work once (a login's code): every round prepares its requests, unmeasured, lets
    the platform settle, then sends them all at once; rate, latencies and CPU count the sending and what it
    left behind only. Warm-up is in rounds too.
    """
    for _ in range(warm_up_rounds):
        send(prepare())
    pids = jvm_pids()
    rss_before = {n: rss_mb(p) for n, p in pids.items()}
    cpu_used = {n: 0.0 for n in pids}
    took, unexpected, duration_us, settled = [], 0, 0, 0
    for _ in range(rounds):
        requests = prepare()
        settle(pids)
        cpu_before = {n: cpu_seconds(p) for n, p in pids.items()}
        result = send(requests)
        settled += settle(pids)
        for n, p in pids.items():
            cpu_used[n] += cpu_seconds(p) - cpu_before[n]
        took += result["latencies"]
        unexpected += result["unexpected"]
        duration_us += result["duration_us"]
    took.sort()

    def percentile(p):
        return int(took[min(len(took) - 1, int(len(took) * p / 100))] * 1e6) if took else 0
    result = {"expected": len(took), "unexpected": unexpected, "socket_errors": 0, "duration_us": duration_us,
              "p50_us": percentile(50), "p90_us": percentile(90), "p99_us": percentile(99)}
    return report(name, args, pids, result, cpu_used, rss_before, settled, None)


def report(name, args, pids, result, cpu_used, rss_before, settled, hashed):
    """Prints a scenario's figures as one line of JSON and returns them."""
    done = max(result["expected"], 1)
    figures = {
        "scenario": name, "connections": args.connections,
        "per_second": round(result["expected"] / (result["duration_us"] / 1e6), 1),
        "unexpected": result["unexpected"] + result["socket_errors"],
        "p50_ms": round(result["p50_us"] / 1000, 1), "p90_ms": round(result["p90_us"] / 1000, 1),
        "p99_ms": round(result["p99_us"] / 1000, 1),
        "cpu_ms_per_request": {n: round(cpu_used[n] * 1000 / done, 2) for n in pids},
        "settled_after_s": settled,
        "rss_mb_before": {n: round(rss_before[n]) for n in pids},
        "rss_mb_after": {n: round(rss_mb(p)) for n, p in pids.items()},
    }
    figures["cpu_ms_per_request"]["all"] = round(sum(figures["cpu_ms_per_request"].values()), 2)
    if hashed and hashed[0]:
        count, seconds, cpu = hashed
        figures["hash_only"] = {"hashes": int(count), "ms_each": round(seconds * 1000 / count, 1),
                                "cpu_ms_each": round(cpu * 1000 / count, 1),
                                "ceiling_per_second": round(os.cpu_count() / (cpu / count), 1)}
    print(json.dumps(figures), flush=True)
    return figures


def main():
    scenarios = ["login-right", "login-right-100", "login-wrong", "login-unknown", "second-factor", "refresh",
                 "me", "me-direct", "create-users"]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenarios", nargs="*", default=scenarios, help=" ".join(scenarios))
    parser.add_argument("--warm-up", type=int, default=60, help="seconds of load before each measurement")
    parser.add_argument("--duration", type=int, default=20, help="seconds measured")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--profile", type=Path, metavar="DIR",
                        help="record each JVM with JFR while measuring; recordings and hot methods go to DIR")
    args = parser.parse_args()
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    unknown = set(args.scenarios) - set(scenarios)
    if unknown:
        parser.error("unknown scenarios: " + ", ".join(sorted(unknown)))
    ensure_wrk()
    pids = jvm_pids()
    if args.profile:
        refuse_profiling_while_recording(pids)
    admin, users = accounts(100)
    DATA.mkdir(exist_ok=True)
    one = DATA / "bench-one-account.tsv"
    one.write_text("\t".join(users[0]) + "\n")
    hundred = DATA / "bench-accounts-only.tsv"
    hundred.write_text("".join("\t".join(u) + "\n" for u in users))
    login = '{"email":"{1}","password":"{2}"}'
    wrong = '{"email":"{1}","password":"not the password {uuid}"}'
    c = args.connections
    for name in args.scenarios:
        if name == "login-right":
            measured("password step, right password (code mailed), one account", args, lambda s: wrk(
                GATEWAY, s, c, "POST", "/api/v1/auth/login", 200, one, login), hashes=True)
        elif name == "login-right-100":
            measured("password step, right password (code mailed), 100 accounts", args, lambda s: wrk(
                GATEWAY, s, c, "POST", "/api/v1/auth/login", 200, hundred, login), hashes=True)
        elif name == "login-wrong":
            # Ten failures in a row make an account wait (decision 0007) and a right password ends the streak:
            # the warm-up logs the 100 accounts in with their right passwords, and the measurement is kept short
            # enough (10 s) that none of them fails ten times at the rates reached here (< 90 a second).
            wrk(GATEWAY, max(args.warm_up, 1), c, "POST", "/api/v1/auth/login", 200, hundred, login)
            short = argparse.Namespace(**{**vars(args), "warm_up": 0, "duration": min(args.duration, 10)})
            measured("password step, wrong password, 100 accounts", short, lambda s: wrk(
                GATEWAY, s, c, "POST", "/api/v1/auth/login", 401, hundred, wrong), hashes=True)
        elif name == "login-unknown":
            measured("password step, address without an account", args, lambda s: wrk(
                GATEWAY, s, c, "POST", "/api/v1/auth/login", 401, "-",
                '{"email":"nobody-{uuid}@bench.test","password":"not the password"}'), hashes=True)
        elif name == "second-factor":
            # A user has one login challenge open at a time: a round is one challenge for each of the 100 accounts.
            measured_in_rounds("second-factor step (mailed code → tokens), 100 accounts", args,
                               lambda: challenges(users),
                               lambda answers: burst(answers, c, "/api/v1/auth/login/second-factor", 200),
                               rounds=max(1, args.duration // 4))
        elif name == "refresh":
            # A refresh token works once: each connection follows its own session's chain of tokens; the
            # sessions of both runs (warm-up, measured) are made before either.
            runs = []
            for run in ("warm-up", "measured"):
                chains = DATA / f"bench-refresh-tokens-{run}.tsv"
                chains.write_text("".join(session(*admin)["refreshToken"] + "\n" for _ in range(c)))
                chains.chmod(0o600)
                runs.append(chains)
            measured("refresh (token rotated, new access token)", args, lambda s: wrk(
                GATEWAY, s, c, "POST", "/api/v1/auth/refresh", 200, runs.pop(0), '{"refreshToken":"{carry}"}',
                carry="refreshToken"))
        elif name in ("me", "me-direct"):
            token = log_in(*admin)
            base = GATEWAY if name == "me" else IDENTITY
            # Tokens live five minutes: each measurement gets a fresh one.
            measured("GET /api/v1/me " + ("through the gateway" if name == "me" else "straight to identity-service"),
                     args, lambda s: wrk(base, s, c, "GET", "/api/v1/me", 200, token=log_in(*admin)))
        elif name == "create-users":
            token = log_in(*admin)
            measured("POST /api/v1/users (a user created, a welcome mail sent)", args, lambda s: wrk(
                GATEWAY, s, c, "POST", "/api/v1/users", 201, "-",
                '{"email":"made-{uuid}@bench.test","firstName":"Made","lastName":"By Bench"}', token=token))


if __name__ == "__main__":
    main()
