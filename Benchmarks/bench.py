#!/usr/bin/env python3
"""`make bench`: dialpad-okta (release build) and the Okta-SDK peer against the same
simulated org, measured the same way by the server.

For each run the simulator's request log (GET /simulator/v1/requests) gives the number of
requests, the 429s and the dependent round-trip waves: the longest chain of requests in
which each started only after the previous one ended (RequestLog.waves in
Sources/OktaClient/RequestLog.swift). Wall time and peak memory (ru_maxrss) are the
child process's, from spawn to exit.

Only the Python standard library: it runs before and outside the peer's virtualenv.
"""

import argparse
import datetime
import heapq
import json
import os
import platform
import shutil
import signal
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEER = os.path.join(ROOT, "Benchmarks", "peers", "okta_sdk_peer.py")
# Fields the org stamps itself; everything else must match between two runs of the same work.
VOLATILE = {"created", "lastUpdated", "statusChanged", "lastMembershipUpdated", "passwordChanged",
            "lastLogin", "activated", "transitioningToStatus"}


class BenchError(Exception):
    pass


# The simulator


class Simulator:
    """`dialpad-okta simulator` as a child process, stopped with SIGTERM."""

    def __init__(self, binary, seed, latency_ms, rate_limits=(), dialpad_users=None, tls=False, oauth_key=None):
        """`tls`: HTTPS with the simulator's test CA (SSL_CERT_FILE for the measured tool);
        `oauth_key`: a path for a service app's private key, the tool then signs in with it (DPoP)."""
        argv = [binary, "simulator", "--seed", seed, "--latency-ms", str(latency_ms), "--console-job-ms", "0"]
        for limit in rate_limits:
            argv += ["--rate-limit", limit]
        if dialpad_users:
            argv += ["--dialpad-users", str(dialpad_users)]
        expected = {"OKTA_CLIENT_ORGURL", "OKTA_CLIENT_TOKEN"}
        if tls:
            argv += ["--tls"]
            expected.add("SSL_CERT_FILE")
        if oauth_key:
            argv += ["--oauth-client-id", "bench-service-app", "--oauth-write-key", oauth_key]
            expected |= {"OKTA_CLIENT_AUTHORIZATIONMODE", "OKTA_CLIENT_CLIENTID", "OKTA_CLIENT_PRIVATEKEY"}
        self.process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        lines = [self.process.stdout.readline().strip() for _ in range(len(expected))]
        values = dict(line.split("=", 1) for line in lines if "=" in line)
        if not expected <= set(values):
            self.stop()
            raise BenchError(f"the simulator did not print its lines: {lines}")
        self.url = values["OKTA_CLIENT_ORGURL"]
        self.token = values["OKTA_CLIENT_TOKEN"]
        self.settings = {k: v for k, v in values.items() if k not in ("OKTA_CLIENT_ORGURL", "OKTA_CLIENT_TOKEN")}
        self.context = ssl.create_default_context(cafile=values["SSL_CERT_FILE"]) if tls else None
        self.offset_ms = self.calibrate()

    def calibrate(self, tries=7):
        """The simulator's request log counts milliseconds from its own start: the offset that turns
        this process's perf_counter into that clock. The public org metadata answers at once and is
        logged; its arrival lies after the moment we sent it, so the smallest difference is the offset
        (to within loopback's transit, which a measured child's first request also has)."""
        self.clear_requests()
        sent = []
        for _ in range(tries):
            sent.append(time.perf_counter() * 1000)
            with urllib.request.urlopen(self.url + "/.well-known/okta-organization", timeout=10, context=self.context) as response:
                response.read()
        arrived = [e["startedAt"] for e in self.requests() if e["path"] == "/.well-known/okta-organization"]
        self.clear_requests()
        if len(arrived) != tries:
            raise BenchError(f"the simulator logged {len(arrived)} of {tries} clock calibration requests")
        return min(a - s for a, s in zip(sorted(arrived), sent))

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method, headers={
            "Authorization": "SSWS " + self.token, "Accept": "application/json", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60, context=self.context) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            raise BenchError(f"{method} {path}: {error.code} {error.read()[:300]!r}") from None

    def requests(self):
        return self.call("GET", "/simulator/v1/requests")

    def clear_requests(self):
        self.call("DELETE", "/simulator/v1/requests")

    def state(self):
        return self.call("GET", "/simulator/v1/state")

    def environment(self, home):
        return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "NO_COLOR": "1", "LANG": "C.UTF-8",
                "XDG_STATE_HOME": os.path.join(home, "state"),
                "OKTA_CLIENT_ORGURL": self.url,
                **({} if "OKTA_CLIENT_CLIENTID" in self.settings else {"OKTA_CLIENT_TOKEN": self.token}), **self.settings}

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def waves(entries):
    """The longest chain of requests each starting after the previous one ended.
    Sorted by start, a request's predecessors are exactly those that ended by its start."""
    ordered = sorted(entries, key=lambda e: e["startedAt"])
    ended = []  # heap of (endedAt, depth)
    best = longest = 0
    for entry in ordered:
        while ended and ended[0][0] <= entry["startedAt"]:
            best = max(best, heapq.heappop(ended)[1])
        depth = best + 1
        longest = max(longest, depth)
        heapq.heappush(ended, (entry["endedAt"], depth))
    return longest


def depths(entries):
    """Each request's wave (the longest chain ending in it), in order of start."""
    ordered = sorted(entries, key=lambda e: e["startedAt"])
    ends = sorted((e["endedAt"], i) for i, e in enumerate(ordered))
    result, best, taken = [], 0, 0
    for entry in ordered:
        # Requests that ended by this one's start, in order of end: their deepest wave is its predecessor.
        while taken < len(ends) and ends[taken][0] <= entry["startedAt"] and ends[taken][1] < len(result):
            best = max(best, result[ends[taken][1]])
            taken += 1
        result.append(best + 1)
    return ordered, result


def wave_gaps(entries):
    """Between the last answer of each wave and the first request of the next, in ms (negative:
    the next wave began before its wave's last answer, on an earlier one it needed)."""
    ordered, wave_of = depths(entries)
    first, last = {}, {}
    for entry, wave in zip(ordered, wave_of):
        first[wave] = min(first.get(wave, entry["startedAt"]), entry["startedAt"])
        last[wave] = max(last.get(wave, entry["endedAt"]), entry["endedAt"])
    return [first[w + 1] - last[w] for w in sorted(last) if w + 1 in first]


def timeline(entries):
    """One line per request with its wave (the longest chain ending in it)."""
    ordered = sorted(entries, key=lambda e: e["startedAt"])
    origin = ordered[0]["startedAt"] if ordered else 0
    depths, lines = [], []
    for index, e in enumerate(ordered):
        depth = 1 + max([0] + [depths[j] for j in range(index) if ordered[j]["endedAt"] <= e["startedAt"]])
        depths.append(depth)
        query = f"?{e['query']}" if e.get("query") else ""
        lines.append(f"{e['startedAt'] - origin:8.1f} → {e['endedAt'] - origin:8.1f} ms  wave {depth:2}  "
                     f"{e['method']:4} {e['path']}{query}  {e['status']}")
    return lines


# Measured runs


class Run:
    def __init__(self, label, tool, status, wall_s, peak_kb, stdout, stderr, log, spawned_ms=None, offset_ms=None):
        self.label, self.tool, self.status = label, tool, status
        self.wall_ms = wall_s * 1000
        self.peak_mb = peak_kb / 1024
        self.stdout, self.stderr, self.log = stdout, stderr, log
        self.requests = len(log)
        self.waves = waves(log)
        self.throttled = sum(1 for e in log if e["status"] == 429)
        self.api_ms = (max(e["endedAt"] for e in log) - min(e["startedAt"] for e in log)) if log else 0.0
        # Spawn to the first request's arrival, on the simulator's clock (Simulator.calibrate).
        self.startup_ms = (min(e["startedAt"] for e in log) - offset_ms - spawned_ms) \
            if log and spawned_ms is not None and offset_ms is not None else None
        # With an OAuth service app the first requests are the token's: the first API request after them.
        api = [e["startedAt"] for e in log if e["path"].startswith("/api/")]
        self.first_api_ms = (min(api) - offset_ms - spawned_ms) if api and spawned_ms is not None and offset_ms is not None else None
        self.gaps = wave_gaps(log)
        self.gap_ms = statistics.median(self.gaps) if self.gaps else None
        # The peer reports how long its SDK import took; the rest of its wall time is the work.
        document = self.json() if tool == "peer" else None
        self.import_ms = document.get("importMs") if isinstance(document, dict) else None
        self.work_ms = self.wall_ms - (self.import_ms or 0)

    def json(self):
        try:
            return json.loads(self.stdout)
        except ValueError:
            return None


def measure(label, tool, argv, simulator, home, expect=(0,)):
    """Runs argv to completion against a cleared request log; wall time and peak RSS are the child's."""
    os.makedirs(home, exist_ok=True)
    simulator.clear_requests()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        spawned_ms = started * 1000
        child = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                 env=simulator.environment(home), cwd=home)
        _, wait_status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(wait_status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    run = Run(label, tool, child.returncode, wall, usage.ru_maxrss, stdout, stderr, simulator.requests(),
              spawned_ms, simulator.offset_ms)
    if run.status not in expect:
        raise BenchError(f"{tool} {label}: exit {run.status}, expected {expect}\n{stderr[-2000:]}")
    return run


class Tools:
    def __init__(self, binary, python):
        self.binary, self.python = os.path.abspath(binary), os.path.abspath(python)

    def ours(self, *arguments):
        return [self.binary, *arguments]

    def peer(self, mode):
        return [self.python, PEER, mode]


# The console actions an admin performs between the two applies (no public API)


def dialpad_app(simulator):
    apps = simulator.call("GET", "/api/v1/apps?q=Dialpad&limit=200")
    return next(a for a in apps if a.get("label", "").lower().startswith("dialpad"))


def console_steps(simulator):
    """The Admin Console between the two applies, as on a real org: Import Now (app users get
    their numbers only with an import), then Dialpad as the lowest profile source."""
    app = dialpad_app(simulator)
    simulator.call("POST", f"/simulator/v1/console/apps/{app['id']}/import", {})
    sources = simulator.call("POST", f"/simulator/v1/console/apps/{app['id']}/profile-sourcing",
                             {"enabled": True, "deactivationAction": "NONE"})
    order = [i for i in sources["profileSourceOrder"] if i != app["id"]] + [app["id"]]
    simulator.call("POST", "/simulator/v1/console/profile-sources/order", {"order": order})


def apply_updates_now(simulator):
    """"Apply updates now", once the override makes Dialpad the source of dialpadPhone."""
    app = dialpad_app(simulator)
    mappings = simulator.call("GET", f"/api/v1/mappings?sourceId={app['id']}&limit=200")
    # Every source maps into every user type (REAL-ORGS R30): the default type's is named "user".
    inbound = next(m for m in mappings if m["target"].get("type") == "user" and m["target"].get("name") == "user")
    simulator.call("POST", f"/simulator/v1/console/mappings/{inbound['id']}/apply-updates")


def comparable(value):
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    return value


def first_difference(a, b, path="state"):
    if type(a) is not type(b):
        return f"{path}: {json.dumps(a)[:200]} vs {json.dumps(b)[:200]}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{path}.{key}: only in {'ours' if key in a else 'peer'}"
            found = first_difference(a[key], b[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items vs {len(b)}"
        for index, (x, y) in enumerate(zip(a, b)):
            found = first_difference(x, y, f"{path}[{index}]")
            if found:
                return found
        return None
    return None if a == b else f"{path}: {json.dumps(a)[:200]} vs {json.dumps(b)[:200]}"


def full_setup(tools, tool, binary, latency, home):
    """inspect, apply up to the manual steps, the console actions, apply again: one fresh org."""
    simulator = Simulator(binary, "fresh", latency)
    try:
        runs = {}
        if tool == "ours":
            runs["inspect"] = measure("inspect fresh", tool, tools.ours("inspect", "--json"), simulator, home, (3,))
            runs["apply1"] = measure("apply fresh, API steps", tool, tools.ours("apply", "--yes", "--json"), simulator, home, (3,))
        else:
            runs["inspect"] = measure("inspect fresh", tool, tools.peer("inspect"), simulator, home)
            runs["apply1"] = measure("apply fresh, API steps", tool, tools.peer("apply"), simulator, home)
        after_first = comparable(simulator.state())
        console_steps(simulator)
        if tool == "ours":
            measure("confirm", tool, tools.ours("confirm", "do-nothing-lowest-priority", "--yes"), simulator, home)
            # Exit 3: existing users get their numbers only with Apply updates now, after this apply.
            runs["apply2"] = measure("apply after console", tool, tools.ours("apply", "--yes", "--json"), simulator, home, (3,))
        else:
            runs["apply2"] = measure("apply after console", tool, tools.peer("apply"), simulator, home)
        apply_updates_now(simulator)
        after_second = comparable(simulator.state())
        # The org must now be complete, as our inspect sees it (not timed).
        check = measure("check", tool, tools.ours("inspect", "--json"), simulator, home, (0, 3))
        complete = (check.json() or {}).get("complete")
        return runs, after_first, after_second, complete
    finally:
        simulator.stop()


def inspect_large(tools, binary, latency, home, runs):
    """inspect reads only: ours and the peer's in turn, each pair on an org of its own. Each run
    reads 28 apps by id, in Okta's `/api/v1/apps/{id}` bucket (500 a minute): twenty runs on one
    org within a minute used up its window, which no admin's single run does."""
    pairs = []
    for index in range(runs):
        progress(f"large org: run {index + 1}/{runs}")
        simulator = Simulator(binary, "large", latency)
        try:
            pairs.append((measure("inspect large", "ours", tools.ours("inspect", "--json"), simulator, home, (0, 3)),
                          measure("inspect large", "peer", tools.peer("inspect"), simulator, home)))
        finally:
            simulator.stop()
    return [p[0] for p in pairs], [p[1] for p in pairs]


SCALE_SEED = "complete"
# listApplicationUsers is in Okta's /api/v1/apps bucket (100 a minute on Workforce, half of it
# for one token by default): 200 pages are paced over minutes there, as the tight-rate-limit run
# shows for apply. Raised here, so the run measures the page chain itself.
SCALE_RATE_LIMIT = "/api/v1/apps=100000"


def verify_at_scale(tools, binary, latency, home, users, runs):
    """verify on an org of `users` users assigned to Dialpad (`simulator --dialpad-users`, built at
    start), every one in sync: verify reads only, so one org serves every run."""
    started = time.perf_counter()
    simulator = Simulator(binary, SCALE_SEED, latency, [SCALE_RATE_LIMIT], dialpad_users=users)
    built_s = time.perf_counter() - started
    try:
        results = []
        for index in range(runs):
            progress(f"verify at scale ({users:,} users): run {index + 1}/{runs}")
            results.append(measure(f"verify, {users:,} users", "ours", tools.ours("verify", "--json"), simulator, home, (0, 3)))
        return results, built_s
    finally:
        simulator.stop()


def enterprise(tools, binary, latency, home):
    """inspect and apply on 2,000 apps that all map into Okta users (OKTA-API R2), each tool on its own org."""
    runs = {}
    for tool in ("ours", "peer"):
        simulator = Simulator(binary, "enterprise", latency)
        try:
            if tool == "ours":
                runs[(tool, "inspect")] = measure("inspect enterprise", tool, tools.ours("inspect", "--json"), simulator, home, (3,))
                runs[(tool, "apply")] = measure("apply enterprise, API steps", tool, tools.ours("apply", "--yes", "--json"), simulator, home, (3,))
                # verify: every user assigned to Dialpad (4,000), once an import gave the app users their numbers.
                dialpad = next(app for app in simulator.call("GET", "/api/v1/apps?q=Dialpad&limit=20") if app["label"] == "Dialpad")
                simulator.call("POST", f"/simulator/v1/console/apps/{dialpad['id']}/import", {})
                runs[(tool, "verify")] = measure("verify enterprise (4,000 users)", tool, tools.ours("verify", "--json"), simulator, home, (3,))
            else:
                runs[(tool, "inspect")] = measure("inspect enterprise", tool, tools.peer("inspect"), simulator, home)
                runs[(tool, "apply")] = measure("apply enterprise, API steps", tool, tools.peer("apply"), simulator, home)
        finally:
            simulator.stop()
    return runs


def rate_limited(tools, binary, latency, home, limits):
    simulator = Simulator(binary, "fresh", latency, limits)
    try:
        return measure("apply fresh, tight rate limit", "ours", tools.ours("apply", "--yes", "--json"), simulator, home, (3,))
    finally:
        simulator.stop()


def secured_startup(tools, binary, latency, home, runs):
    """inspect over HTTPS (the simulator's test CA in SSL_CERT_FILE, as a corporate CA would be),
    then signed in as an OAuth service app with DPoP: what TLS and the token add to start-up."""
    results = {}
    os.makedirs(home, exist_ok=True)
    for label, oauth in (("TLS", False), ("OAuth", True)):
        simulator = Simulator(binary, "fresh", latency, tls=True,
                              oauth_key=os.path.join(home, "service-app.pem") if oauth else None)
        try:
            results[label] = []
            for index in range(runs):
                progress(f"start-up over {label}: ours, run {index + 1}/{runs}")
                results[label].append(measure(f"inspect fresh over {label}", "ours", tools.ours("inspect", "--json"),
                                              simulator, home, (3,)))
        finally:
            simulator.stop()
    return results


# The wizard


def wizard(binary, keystrokes, home):
    """First frame and per-keystroke render time of `dialpad-okta demo` at 200x60, from the
    frame log the wizard writes when DIALPAD_OKTA_FRAME_LOG is set."""
    if not shutil.which("tmux"):
        return {"available": False, "why": "tmux is not installed"}
    os.makedirs(home, exist_ok=True)
    frame_log = os.path.join(home, "frames.jsonl")
    socket = f"dialpad-okta-bench-{os.getpid()}"
    session = "wizard"
    tmux = ["tmux", "-L", socket]
    environment = {"DIALPAD_OKTA_FRAME_LOG": frame_log, "TERM": "xterm-256color", "HOME": home, "LANG": "C.UTF-8"}
    command = " ".join(f"{k}='{v}'" for k, v in environment.items()) + f" exec '{binary}' demo"

    # Read as it grows, never again from the top: parsing the whole log every 2 ms took a CPU
    # of the two from the wizard it measures by the 200th key.
    seen, offset = [], [0]

    def frames():
        try:
            with open(frame_log, "rb") as f:
                f.seek(offset[0])
                chunk = f.read()
        except OSError:
            return seen
        complete = chunk[:chunk.rfind(b"\n") + 1]
        offset[0] += len(complete)
        for line in complete.decode().splitlines():
            if line.strip():
                try:
                    seen.append(json.loads(line))
                except ValueError:
                    pass
        return seen

    def alive():
        return subprocess.run(tmux + ["has-session", "-t", session], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).returncode == 0

    subprocess.run(tmux + ["-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "200", "-y", "60", command], check=True)
    try:
        deadline = time.monotonic() + 15
        while not frames():
            if not alive() or time.monotonic() > deadline:
                return {"available": False, "why": "no frame log (DIALPAD_OKTA_FRAME_LOG) from `dialpad-okta demo`"}
            time.sleep(0.02)
        first = next((f for f in frames() if f.get("frame") == 1), frames()[0])
        # The demo connects by itself: keys go to the overview once it is there (Escape on the
        # connect screen would quit).
        while "Attributes" not in subprocess.run(tmux + ["capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout:
            if not alive() or time.monotonic() > deadline:
                return {"available": False, "why": "`dialpad-okta demo` never showed its overview"}
            time.sleep(0.02)
        # The overview, a phase's screen, its apply dialog (A) and back: each screen a key leads to.
        keys = ["Tab", "Down", "Down", "Up", "1", "A", "Escape", "Down", "Escape", "Up"]
        renders, draws, states, missed = [], [], [], 0
        for index in range(keystrokes):
            before = len(frames())
            subprocess.run(tmux + ["send-keys", "-t", session, keys[index % len(keys)]], check=True)
            # A key that changes nothing may draw nothing: wait a little, then count it as such.
            deadline = time.monotonic() + 0.5
            while len(frames()) <= before and time.monotonic() < deadline:
                time.sleep(0.002)
            drawn = frames()[before:]
            if drawn:
                slowest = max(drawn, key=lambda f: f["renderMs"])
                renders.append(slowest["renderMs"])
                draws.append(slowest.get("drawMs", slowest["renderMs"]))
                # State to cells, ours alone: the rest is ncurses and the terminal reading what it wrote.
                states.append(max(f["renderMs"] - f.get("drawMs", 0) for f in drawn))
            else:
                missed += 1
            if not alive():
                break
        subprocess.run(tmux + ["send-keys", "-t", session, "q"], check=True)
        time.sleep(0.3)
        # q asks only while a write is in flight; otherwise the wizard has already gone.
        if alive():
            subprocess.run(tmux + ["send-keys", "-t", session, "y"], check=False)
        deadline = time.monotonic() + 5
        while alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        quit_cleanly = not alive()
        ordered = sorted(renders)

        def p99(values):
            values = sorted(values)
            return values[min(len(values) - 1, int(len(values) * 0.99))] if values else None
        return {"available": True, "firstFrameMs": first["sinceStartMs"], "keystrokes": keystrokes, "noFrame": missed,
                "p50": statistics.median(ordered) if ordered else None, "p99": p99(ordered),
                "max": ordered[-1] if ordered else None, "drawP50": statistics.median(draws) if draws else None,
                "drawP99": p99(draws), "stateP50": statistics.median(states) if states else None, "stateP99": p99(states),
                "quitWithQY": quit_cleanly}
    finally:
        subprocess.run(tmux + ["kill-server"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# Report


def machine():
    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
        with open("/proc/meminfo") as f:
            memory_kb = int(next(line.split()[1] for line in f if line.startswith("MemTotal")))
    except OSError:
        memory_kb = 0
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
    return {"nproc": os.cpu_count(), "cpu": cpu, "ramGB": round(memory_kb / 1024 / 1024, 1),
            "os": platform.platform(), "python": platform.python_version(), "swift": swift[0] if swift else "unknown",
            "load": " ".join(f"{x:.1f}" for x in os.getloadavg())}


BENCH_STARTED = time.monotonic()


def progress(message):
    print(f"[{time.monotonic() - BENCH_STARTED:4.0f} s] {message} ...", flush=True)


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def spread(values, digits=0):
    """The median and the range over runs: `383 (371–402)`; one run, the value alone."""
    values = [v for v in values if v is not None]
    if not values:
        return "n/a"
    middle = statistics.median(values)
    if len(values) == 1 or min(values) == max(values):
        return f"{middle:.{digits}f}"
    return f"{middle:.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def row(runs, latency):
    first = runs[0]
    return (f"| {first.label} | {first.tool} | {len(runs)} | {spread([r.requests for r in runs])} | {spread([r.waves for r in runs])} "
            f"| {spread([r.wall_ms for r in runs])} | {spread([r.wall_ms / latency for r in runs], 1)} "
            f"| {spread([r.api_ms for r in runs])} | {spread([r.startup_ms for r in runs], 1)} | {spread([r.gap_ms for r in runs], 1)} "
            f"| {spread([r.peak_mb for r in runs])} | {sum(r.throttled for r in runs)} |")


def ratio(peer, ours):
    return peer / ours if ours and peer is not None else float("nan")


def typical(runs):
    """The run of median wall time: its timeline stands for the series."""
    ordered = sorted(runs, key=lambda r: r.wall_ms)
    return ordered[(len(ordered) - 1) // 2]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "dialpad-okta"))
    parser.add_argument("--simulator-binary", default=None,
                        help="the binary whose `simulator` serves the orgs (default: --binary)")
    parser.add_argument("--python", default=os.path.join(ROOT, "Benchmarks", ".venv", "bin", "python"))
    parser.add_argument("--latency-ms", type=int, default=int(os.environ.get("LATENCY_MS", "100")))
    parser.add_argument("--runs", type=int, default=int(os.environ.get("RUNS", "10")),
                        help="runs of each measurement; each figure is their median with its range (RUNS, default 10)")
    parser.add_argument("--limited-runs", type=int, default=int(os.environ.get("LIMITED_RUNS", "1")),
                        help="runs of the tight-rate-limit apply, a minute each (LIMITED_RUNS, default 1)")
    parser.add_argument("--scale-runs", type=int, default=int(os.environ["SCALE_RUNS"]) if os.environ.get("SCALE_RUNS") else None,
                        help="runs of verify at scale, 30 s each at 100 ms (SCALE_RUNS, default: --runs)")
    parser.add_argument("--scale-users", type=int, default=int(os.environ.get("SCALE_USERS", "100000")),
                        help="users assigned to Dialpad for verify at scale (SCALE_USERS, default 100000)")
    parser.add_argument("--keystrokes", type=int, default=200)
    parser.add_argument("--rate-limit", action="append",
                        default=None, help="BUCKET=N for the tight-rate-limit run (repeatable)")
    parser.add_argument("--results", default=os.path.join(ROOT, "Benchmarks", "RESULTS.md"))
    parser.add_argument("--no-results", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args()
    latency = args.latency_ms
    if latency <= 0:
        sys.exit("bench: --latency-ms (LATENCY_MS) must be above 0: the table divides by it")
    if args.runs < 1 or args.limited_runs < 0 or args.scale_users < 1 or (args.scale_runs is not None and args.scale_runs < 1):
        sys.exit("bench: --runs (RUNS) and --scale-runs must be 1 or more, --limited-runs 0 or more, --scale-users 1 or more")
    runs = args.runs
    # apply on `fresh` sends about 14 requests to the /api/v1 bucket: a limit of 10 makes it pace.
    limits = args.rate_limit or ["/api/v1=10", "/api/v1/apps/{id}=4", "/api/v1/apps=4"]
    tools = Tools(args.binary, args.python)
    server = os.path.abspath(args.simulator_binary or args.binary)
    for path in (args.binary, args.python, server):
        if not os.access(path, os.X_OK):
            sys.exit(f"bench: {path} is missing; run `make bench`")
    started = time.monotonic()
    home = tempfile.mkdtemp(prefix="dialpad-okta-bench-")
    problems = []
    try:
        print(f"latency {latency} ms per request; binary {os.path.relpath(args.binary, ROOT)}; {runs} runs of each", flush=True)
        setups = {"ours": [], "peer": []}
        for index in range(runs):
            # Ours and the peer's in turn, so a change of load over the bench falls on both.
            for tool in ("ours", "peer"):
                progress(f"fresh org: {tool}, run {index + 1}/{runs}")
                setups[tool].append(full_setup(tools, tool, server, latency, os.path.join(home, tool)))
        large_ours, large_peer = inspect_large(tools, server, latency, os.path.join(home, "large"), runs)
        big = []
        for index in range(runs):
            progress(f"enterprise org (2,000 apps): both, run {index + 1}/{runs}")
            big.append(enterprise(tools, server, latency, os.path.join(home, "enterprise")))
        scale, scale_built_s = verify_at_scale(tools, server, latency, os.path.join(home, "scale"), args.scale_users,
                                               args.scale_runs or runs)
        limited = []
        for index in range(args.limited_runs):
            progress(f"tight rate limit ({', '.join(limits)}): ours, run {index + 1}/{args.limited_runs}")
            limited.append(rate_limited(tools, server, latency, os.path.join(home, "limited"), limits))
        secured = secured_startup(tools, server, latency, os.path.join(home, "secured"), runs)
        frames = []
        for index in range(runs):
            progress(f"wizard at 200x60: run {index + 1}/{runs}")
            frames.append(wizard(args.binary, args.keystrokes, os.path.join(home, f"wizard{index}")))
    except BenchError as error:
        sys.exit(f"bench: {error}")
    finally:
        shutil.rmtree(home, ignore_errors=True)

    def series(tool, key):
        return [setup[0][key] for setup in setups[tool]]

    ours = {k: series("ours", k) for k in ("inspect", "apply1", "apply2")}
    peer = {k: series("peer", k) for k in ("inspect", "apply1", "apply2")}
    enterprise_runs = {key: [b[key] for b in big] for key in big[0]}

    # What must hold for the figures to mean anything, in every run.
    for index, (ours_setup, peer_setup) in enumerate(zip(setups["ours"], setups["peer"])):
        _, ours_first, ours_second, ours_complete = ours_setup
        _, peer_first, peer_second, peer_complete = peer_setup
        for label, a, b in (("after apply", ours_first, peer_first), ("after console + apply", ours_second, peer_second)):
            difference = first_difference(a, b, label)
            if difference:
                problems.append(f"run {index + 1}: the peer's writes leave another state than ours: {difference}")
        if not ours_complete or not peer_complete:
            problems.append(f"run {index + 1}: org not complete at the end (ours {ours_complete}, peer {peer_complete})")
    normal = [r for group in (*ours.values(), *peer.values(), large_ours, large_peer, *enterprise_runs.values(), scale,
                              *secured.values()) for r in group]
    throttled = sum(r.throttled for r in normal)
    if throttled:
        problems.append(f"{throttled} answers were 429 in the normal runs")
    floor = 3
    for run in ours["inspect"] + large_ours:
        if run.waves > floor:
            problems.append(f"ours {run.label}: {run.waves} waves, above the floor of {floor}")
    # Same work: the same requests (method and path) in each run, ours and the peer's.
    pairs = [pair for k in ("inspect", "apply1", "apply2") for pair in zip(ours[k], peer[k])] + list(zip(large_ours, large_peer)) \
        + [pair for k in ("inspect", "apply") for pair in zip(enterprise_runs[("ours", k)], enterprise_runs[("peer", k)])]
    for run in enterprise_runs[("ours", "inspect")]:
        if run.requests > 20:
            problems.append(f"inspect enterprise: {run.requests} requests, above the goal of 20")
    for ours_run, peer_run in pairs:
        if requests_made(ours_run.log) != requests_made(peer_run.log):
            problems.append(f"{ours_run.label}: the peer sends other requests than ours "
                            f"({describe(requests_made(peer_run.log) - requests_made(ours_run.log))} more, "
                            f"{describe(requests_made(ours_run.log) - requests_made(peer_run.log))} fewer)")
    for run in enterprise_runs[("ours", "verify")]:
        checked = (run.json() or {}).get("checked")
        if checked != 4000:
            problems.append(f"verify enterprise checked {checked} users, not the 4,000 assigned to Dialpad")
    pages = -(-args.scale_users // 500)
    for run in scale:
        document = run.json() or {}
        if document.get("checked") != args.scale_users:
            problems.append(f"{run.label}: checked {document.get('checked')} users, not {args.scale_users:,}")
        if run.status != 0:
            problems.append(f"{run.label}: exit {run.status}; every user of the `{SCALE_SEED}` org holds the number")
    for run in limited:
        if run.status != 3:
            problems.append(f"the rate-limited apply ended with exit {run.status}")

    def pair(ours_runs, peer_runs):
        return (ratio(median([r.wall_ms for r in peer_runs]), median([r.wall_ms for r in ours_runs])),
                ratio(median([r.work_ms for r in peer_runs]), median([r.wall_ms for r in ours_runs])),
                ratio(median([r.api_ms for r in peer_runs]), median([r.api_ms for r in ours_runs])))

    def both(group, attribute):
        return [getattr(a, attribute) + getattr(b, attribute) for a, b in zip(group["apply1"], group["apply2"])]

    ratios = [
        ("inspect fresh", *pair(ours["inspect"], peer["inspect"])),
        ("inspect large", *pair(large_ours, large_peer)),
        ("inspect enterprise", *pair(enterprise_runs[("ours", "inspect")], enterprise_runs[("peer", "inspect")])),
        ("apply enterprise, API steps", *pair(enterprise_runs[("ours", "apply")], enterprise_runs[("peer", "apply")])),
        ("apply fresh, API steps", *pair(ours["apply1"], peer["apply1"])),
        ("apply after console", *pair(ours["apply2"], peer["apply2"])),
        ("full apply (both)", ratio(median(both(peer, "wall_ms")), median(both(ours, "wall_ms"))),
         ratio(median(both(peer, "work_ms")), median(both(ours, "wall_ms"))),
         ratio(median(both(peer, "api_ms")), median(both(ours, "api_ms")))),
    ]
    for name, wall_ratio, _, _ in ratios:
        if name in ("inspect fresh", "full apply (both)") and wall_ratio < 2:
            problems.append(f"{name}: peer/ours {wall_ratio:.2f}x, below the 2x target")

    info = machine()
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"Run {now} on {info['nproc']} CPUs ({info['cpu']}), {info['ramGB']} GB RAM, {info['os']}; "
        f"load average at the end {info['load']}. {info['swift']}; peer on Python {info['python']} with okta "
        f"{peer_sdk_version(args.python)}. Added latency {latency} ms per request; {runs} runs of each measurement "
        f"(`RUNS={runs}`), {args.limited_runs} of the tight-rate-limit apply (a minute each; `LIMITED_RUNS`); "
        f"`make bench` took {time.monotonic() - started:.0f} s for the measurements.",
        "",
        "Each figure is the median over the runs, with the range (min–max) in brackets.",
        "",
        "| run | tool | runs | requests | waves | wall ms | wall / latency | API span ms | start-up ms | wave gap ms | peak MB | 429s |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key in ("inspect", "apply1", "apply2"):
        lines += [row(ours[key], latency), row(peer[key], latency)]
    lines += [row(large_ours, latency), row(large_peer, latency)]
    lines += [row(enterprise_runs[(tool, k)], latency) for k in ("inspect", "apply") for tool in ("ours", "peer")]
    lines += [row(enterprise_runs[("ours", "verify")], latency), row(scale, latency)]
    if limited:
        lines += [row(limited, latency)]
    lines += ["", "| run | peer / ours, wall | peer without its SDK import / ours, wall | peer / ours, API span |",
              "| --- | ---: | ---: | ---: |"]
    lines += [f"| {name} | {w:.2f}x | {k:.2f}x | {a:.2f}x |" for name, w, k, a in ratios]
    imports = [r.import_ms for r in normal if r.import_ms is not None]
    if imports:
        lines += ["", f"The peer spends {min(imports) / 1000:.1f} to {max(imports) / 1000:.1f} s importing the SDK "
                  "(`from okta.client import Client`) before its first request, on this machine at this load "
                  "(its start-up column includes it)."]
    ours_reads = [r for group in (ours["inspect"], large_ours, enterprise_runs[("ours", "inspect")]) for r in group]
    ours_all = [r for group in (*ours.values(), large_ours, *[enterprise_runs[("ours", k)] for k in ("inspect", "apply")]) for r in group]
    all_gaps = [gap for r in ours_all for gap in r.gaps]
    lines += ["", f"Start-up, ours (spawn to the first request's arrival at the simulator, {len(ours_all)} runs of inspect and apply): "
              f"median {spread([r.startup_ms for r in ours_all], 1)} ms. Inter-wave gap, ours (the last answer of a wave to the "
              f"first request of the next, every wave of those runs, {len(all_gaps)} gaps): median {spread(all_gaps, 1)} ms; "
              f"per run (the *wave gap* column) the median of that run's gaps. inspect at the 3-wave floor: "
              f"{sum(1 for r in ours['inspect'] + large_ours if r.waves <= floor)} of {len(ours['inspect'] + large_ours)} runs."]
    tls_runs, oauth_runs = secured["TLS"], secured["OAuth"]
    lines += ["", f"Start-up over TLS (`simulator --tls`, its test CA in SSL_CERT_FILE; inspect on `fresh`, {len(tls_runs)} runs): "
              f"{spread([r.startup_ms for r in tls_runs], 1)} ms to the first request's arrival (TCP and the TLS handshake "
              f"included), wall {spread([r.wall_ms for r in tls_runs])} ms. Signed in as an OAuth 2.0 service app with DPoP "
              f"({len(oauth_runs)} runs): {spread([r.startup_ms for r in oauth_runs], 1)} ms to the token request's arrival, "
              f"{spread([r.first_api_ms for r in oauth_runs], 1)} ms to the first API request: the token's "
              f"{spread([sum(1 for e in r.log if e['path'] == '/oauth2/v1/token') for r in oauth_runs])} requests (Okta asks "
              f"for a DPoP nonce first; the simulator answers the token endpoint without the added latency) and our own work "
              f"between them (the signed assertion, the DPoP proofs) come to "
              f"{spread([r.first_api_ms - r.startup_ms for r in oauth_runs], 1)} ms; on a real org add two round trips. "
              f"Wall {spread([r.wall_ms for r in oauth_runs])} ms."]
    scale_pages = [r for r in scale]
    lines += ["", f"Verify at scale: `simulator --seed {SCALE_SEED} --dialpad-users {args.scale_users} --rate-limit {SCALE_RATE_LIMIT}` "
              "(the org built at start, "
              f"in {scale_built_s:.1f} s), `verify --json` {len(scale_pages)} times: {spread([r.requests for r in scale])} requests "
              f"({pages} pages of 500 after inspect's reads), {spread([r.waves for r in scale])} waves, wall "
              f"{spread([r.wall_ms / 1000 for r in scale], 2)} s, {spread([r.wall_ms / (pages * latency) for r in scale], 2)}x "
              f"the page chain's {pages} × {latency} ms; the gap between one page's answer and the next page's request "
              f"{spread([r.gap_ms for r in scale], 1)} ms; peak {spread([r.peak_mb for r in scale])} MB against "
              f"{spread([r.peak_mb for r in enterprise_runs[('ours', 'verify')]])} MB for verify on 4,000 users. "
              "listApplicationUsers is in Okta's `/api/v1/apps` bucket (Workforce: 100 a minute, by default half of it for "
              "one API token), raised here to measure the chain: on such an org, verify paces its pages on the rate-limit "
              f"headers, and {pages} pages take {-(-pages // 100)} to {-(-pages // 50)} minute windows."]
    drawn = [f for f in frames if f["available"]]
    if drawn:
        lines += ["", f"Wizard (`dialpad-okta demo`, 200x60, {args.keystrokes} keystrokes over the overview, phase 1's "
                  f"screen and its apply dialog, {len(drawn)} runs): first frame "
                  f"{spread([f['firstFrameMs'] for f in drawn], 1)} ms after start; render per keystroke (state to cells, "
                  f"ours), each run's p50 {spread([f['stateP50'] for f in drawn], 2)} ms, p99 "
                  f"{spread([f['stateP99'] for f in drawn], 2)} ms; the whole frame with ncurses and the write to the "
                  f"terminal, p50 {spread([f['p50'] for f in drawn], 2)} ms, p99 {spread([f['p99'] for f in drawn], 2)} ms, max "
                  f"{fmt(max((f['max'] for f in drawn if f['max'] is not None), default=None))} ms "
                  f"(of which ncurses and the terminal, p50 {spread([f['drawP50'] for f in drawn], 2)} ms, p99 "
                  f"{spread([f['drawP99'] for f in drawn], 2)} ms: a key that changes screen repaints most of 12,000 cells, "
                  f"and tmux reads them on the same 2 CPUs); keystrokes without a frame "
                  f"{sum(f['noFrame'] for f in drawn)}; quit with q, y: {'yes' if all(f['quitWithQY'] for f in drawn) else 'NO'}."]
    else:
        lines += ["", f"wizard: not available in this build ({frames[0]['why'] if frames else 'not run'})."]
    if limited:
        lines += ["", f"Tight rate limit ({', '.join(f'`{x}`' for x in limits)} per minute; {len(limited)} run(s), a minute "
                  f"each, so fewer than the others: `LIMITED_RUNS=N`): exit {', '.join(str(r.status) for r in limited)}, "
                  f"{spread([r.requests for r in limited])} requests of which {sum(r.throttled for r in limited)} answered 429, "
                  f"{spread([r.wall_ms / 1000 for r in limited], 1)} s (paced on X-Rate-Limit-Remaining/Reset; Okta's windows are one minute)."]
    lines += ["", "Checks, in every run: " + ("all hold (zero 429s in the normal runs; the peer sends the same requests as ours "
                                              "and leaves the same org state; inspect at the 3-wave floor; the org is complete at "
                                              "the end; verify checks every user)." if not problems else "; ".join(problems))]
    report = "\n".join(lines)
    print()
    print(report)
    if not args.no_results:
        write_results(args.results, report, ours, peer, large_ours, enterprise_runs, scale)
    if problems:
        sys.exit(1)


def requests_made(log):
    """What a run asked for: method and path, with the query's keys (their order aside)."""
    from collections import Counter
    return Counter((e["method"], e["path"], tuple(sorted(p.split("=", 1)[0] for p in e["query"].split("&") if p)))
                   for e in log)


def describe(counter):
    return ", ".join(f"{m} {p}" for (m, p, _), n in counter.items() for _ in range(n)) or "none"


def fmt(value):
    return "n/a" if value is None else f"{value:.2f}"


def peer_sdk_version(python):
    result = subprocess.run([python, "-c", "import importlib.metadata as m; print(m.version('okta'))"],
                            capture_output=True, text=True)
    return result.stdout.strip() or "unknown"


def write_results(path, report, ours, peer, large_ours, big, scale):
    timelines = []
    for runs in (ours["inspect"], ours["apply1"], ours["apply2"], large_ours, big[("ours", "inspect")], big[("ours", "apply")],
                 peer["apply1"], peer["apply2"]):
        run = typical(runs)
        timelines += [f"{run.tool}, {run.label} (the run of median wall time; {run.requests} requests, {run.waves} waves):",
                      "```", *timeline(run.log), "```", ""]
    run = typical(scale)
    lines = timeline(run.log)
    timelines += [f"{run.tool}, {run.label} (the run of median wall time; {run.requests} requests, {run.waves} waves; "
                  "the first and last ten):", "```", *lines[:10], "...", *lines[-10:], "```", ""]
    with open(path, "w") as f:
        f.write(HEADER + report + "\n\n## Request timelines (from the simulator's log)\n\n" + "\n".join(timelines))


HEADER = """# Benchmark results

Written by `make bench` (Benchmarks/bench.py). `ours` is the release build of
dialpad-okta; `peer` is Benchmarks/peers/okta_sdk_peer.py, the same reads and writes
scripted with Okta's Python SDK (asyncio.gather for independent calls). Both run
against the same simulator build, each on its own fresh org, and are measured by the
simulator's request log: *waves* are the longest chain of requests each starting after
the previous one ended; *API span* runs from the first request's arrival to the last
answer; *wall* is the process's, spawn to exit (startup included); *peak MB* is its
maximum resident set; *start-up* runs from the spawn to the first request's arrival at the
simulator (its log's clock set against ours by a few requests answered at once); *wave
gap* is a run's median time from the last answer of one wave to the first request of the
next (negative: the next wave began on an earlier answer it needed). Every figure is the
median over `RUNS` runs (default 10) with its range.

The inspect floor is 3 waves: the mapping's properties need the mapping id
(listProfileMappings), which needs the app id and the user type id, which need a first
read (Sources/SetupEngine/Observer.swift). On `enterprise` (2,000 apps, each mapping into
Okta users, as on real orgs) the app list's ten pages are one more chain of dependent
reads, beside the three waves; the goal there is at most 20 requests.

Verify at scale reads every user assigned to Dialpad on an org the simulator builds at
start (`--dialpad-users`): after inspect's reads, a chain of pages of 500, each asked for
as soon as the previous page's Link header arrived; its memory must not grow with the
users (compare the peak with verify on 4,000 users).

"""


if __name__ == "__main__":
    main()
