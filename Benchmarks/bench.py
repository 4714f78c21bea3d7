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

    def __init__(self, binary, seed, latency_ms, rate_limits=()):
        argv = [binary, "simulator", "--seed", seed, "--latency-ms", str(latency_ms), "--console-job-ms", "0"]
        for limit in rate_limits:
            argv += ["--rate-limit", limit]
        self.process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        lines = [self.process.stdout.readline().strip() for _ in range(2)]
        values = dict(line.split("=", 1) for line in lines if "=" in line)
        if "OKTA_CLIENT_ORGURL" not in values or "OKTA_CLIENT_TOKEN" not in values:
            self.stop()
            raise BenchError(f"the simulator did not print its two lines: {lines}")
        self.url = values["OKTA_CLIENT_ORGURL"]
        self.token = values["OKTA_CLIENT_TOKEN"]

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method, headers={
            "Authorization": "SSWS " + self.token, "Accept": "application/json", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
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
                "OKTA_CLIENT_ORGURL": self.url, "OKTA_CLIENT_TOKEN": self.token}

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
    def __init__(self, label, tool, status, wall_s, peak_kb, stdout, stderr, log):
        self.label, self.tool, self.status = label, tool, status
        self.wall_ms = wall_s * 1000
        self.peak_mb = peak_kb / 1024
        self.stdout, self.stderr, self.log = stdout, stderr, log
        self.requests = len(log)
        self.waves = waves(log)
        self.throttled = sum(1 for e in log if e["status"] == 429)
        self.api_ms = (max(e["endedAt"] for e in log) - min(e["startedAt"] for e in log)) if log else 0.0
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
        child = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                 env=simulator.environment(home), cwd=home)
        _, wait_status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(wait_status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    run = Run(label, tool, child.returncode, wall, usage.ru_maxrss, stdout, stderr, simulator.requests())
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


def inspect_large(tools, binary, latency, home):
    simulator = Simulator(binary, "large", latency)
    try:
        ours = measure("inspect large", "ours", tools.ours("inspect", "--json"), simulator, home, (0, 3))
        peer = measure("inspect large", "peer", tools.peer("inspect"), simulator, home)
        state = simulator.state()
        return ours, peer, state
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

    def frames():
        try:
            with open(frame_log) as f:
                return [json.loads(line) for line in f if line.strip()]
        except (OSError, ValueError):
            return []

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
        keys = ["Tab", "Down", "Down", "Up", "Tab", "Up"]
        renders, draws, missed = [], [], 0
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
        return {"available": True, "firstFrameMs": first["sinceStartMs"], "keystrokes": keystrokes, "noFrame": missed,
                "p50": statistics.median(ordered) if ordered else None,
                "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else None,
                "max": ordered[-1] if ordered else None, "drawP50": statistics.median(draws) if draws else None,
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


def row(run, latency):
    return (f"| {run.label} | {run.tool} | {run.requests} | {run.waves} | {run.wall_ms:.0f} | {run.wall_ms / latency:.1f} "
            f"| {run.api_ms:.0f} | {run.peak_mb:.0f} | {run.throttled} |")


def ratio(peer, ours):
    return peer / ours if ours else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "dialpad-okta"))
    parser.add_argument("--python", default=os.path.join(ROOT, "Benchmarks", ".venv", "bin", "python"))
    parser.add_argument("--latency-ms", type=int, default=int(os.environ.get("LATENCY_MS", "100")))
    parser.add_argument("--keystrokes", type=int, default=200)
    parser.add_argument("--rate-limit", action="append",
                        default=None, help="BUCKET=N for the tight-rate-limit run (repeatable)")
    parser.add_argument("--results", default=os.path.join(ROOT, "Benchmarks", "RESULTS.md"))
    parser.add_argument("--no-results", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args()
    latency = args.latency_ms
    if latency <= 0:
        sys.exit("bench: --latency-ms (LATENCY_MS) must be above 0: the table divides by it")
    # apply on `fresh` sends about 14 requests to the /api/v1 bucket: a limit of 10 makes it pace.
    limits = args.rate_limit or ["/api/v1=10", "/api/v1/apps/{id}=4", "/api/v1/apps=4"]
    tools = Tools(args.binary, args.python)
    for path in (args.binary, args.python):
        if not os.access(path, os.X_OK):
            sys.exit(f"bench: {path} is missing; run `make bench`")
    started = time.monotonic()
    home = tempfile.mkdtemp(prefix="dialpad-okta-bench-")
    problems = []
    try:
        print(f"latency {latency} ms per request; binary {os.path.relpath(args.binary, ROOT)}", flush=True)
        print("fresh org: ours ...", flush=True)
        ours, ours_first, ours_second, ours_complete = full_setup(tools, "ours", args.binary, latency, os.path.join(home, "ours"))
        print("fresh org: peer ...", flush=True)
        peer, peer_first, peer_second, peer_complete = full_setup(tools, "peer", args.binary, latency, os.path.join(home, "peer"))
        print("large org: both ...", flush=True)
        large_ours, large_peer, _ = inspect_large(tools, args.binary, latency, os.path.join(home, "large"))
        print("enterprise org (2,000 apps): both ...", flush=True)
        big = enterprise(tools, args.binary, latency, os.path.join(home, "enterprise"))
        print(f"tight rate limit ({', '.join(limits)}): ours ...", flush=True)
        limited = rate_limited(tools, args.binary, latency, os.path.join(home, "limited"), limits)
        print("wizard at 200x60 ...", flush=True)
        frames = wizard(args.binary, args.keystrokes, os.path.join(home, "wizard"))
    except BenchError as error:
        sys.exit(f"bench: {error}")
    finally:
        shutil.rmtree(home, ignore_errors=True)

    # What must hold for the figures to mean anything.
    same_first = first_difference(ours_first, peer_first, "after apply")
    same_second = first_difference(ours_second, peer_second, "after console + apply")
    if same_first:
        problems.append(f"the peer's writes leave another state than ours: {same_first}")
    if same_second:
        problems.append(f"the peer's writes leave another state than ours: {same_second}")
    if not ours_complete or not peer_complete:
        problems.append(f"org not complete at the end (ours {ours_complete}, peer {peer_complete})")
    normal = [*ours.values(), *peer.values(), large_ours, large_peer, *big.values()]
    throttled = sum(r.throttled for r in normal)
    if throttled:
        problems.append(f"{throttled} answers were 429 in the normal runs")
    floor = 3
    for run in (ours["inspect"], large_ours):
        if run.waves > floor:
            problems.append(f"ours {run.label}: {run.waves} waves, above the floor of {floor}")
    # Same work: the same requests (method and path) in each run, ours and the peer's.
    pairs = [(ours[k], peer[k]) for k in ("inspect", "apply1", "apply2")] + [(large_ours, large_peer)] \
        + [(big[("ours", k)], big[("peer", k)]) for k in ("inspect", "apply")]
    if big[("ours", "inspect")].requests > 20:
        problems.append(f"inspect enterprise: {big[('ours', 'inspect')].requests} requests, above the goal of 20")
    for ours_run, peer_run in pairs:
        if requests_made(ours_run.log) != requests_made(peer_run.log):
            problems.append(f"{ours_run.label}: the peer sends other requests than ours "
                            f"({describe(requests_made(peer_run.log) - requests_made(ours_run.log))} more, "
                            f"{describe(requests_made(ours_run.log) - requests_made(peer_run.log))} fewer)")
    verified = big[("ours", "verify")].json() or {}
    if verified.get("checked") != 4000:
        problems.append(f"verify enterprise checked {verified.get('checked')} users, not the 4,000 assigned to Dialpad")
    if limited.status != 3:
        problems.append(f"the rate-limited apply ended with exit {limited.status}")

    def pair(ours_run, peer_run):
        return (ratio(peer_run.wall_ms, ours_run.wall_ms), ratio(peer_run.work_ms, ours_run.wall_ms),
                ratio(peer_run.api_ms, ours_run.api_ms))

    apply_ours = ours["apply1"].wall_ms + ours["apply2"].wall_ms
    apply_peer = peer["apply1"].wall_ms + peer["apply2"].wall_ms
    ratios = [
        ("inspect fresh", *pair(ours["inspect"], peer["inspect"])),
        ("inspect large", *pair(large_ours, large_peer)),
        ("inspect enterprise", *pair(big[("ours", "inspect")], big[("peer", "inspect")])),
        ("apply enterprise, API steps", *pair(big[("ours", "apply")], big[("peer", "apply")])),
        ("apply fresh, API steps", *pair(ours["apply1"], peer["apply1"])),
        ("apply after console", *pair(ours["apply2"], peer["apply2"])),
        ("full apply (both)", ratio(apply_peer, apply_ours),
         ratio(peer["apply1"].work_ms + peer["apply2"].work_ms, apply_ours),
         ratio(peer["apply1"].api_ms + peer["apply2"].api_ms, ours["apply1"].api_ms + ours["apply2"].api_ms)),
    ]
    for name, wall_ratio, _, _ in ratios:
        if name in ("inspect fresh", "full apply (both)") and wall_ratio < 2:
            problems.append(f"{name}: peer/ours {wall_ratio:.2f}x, below the 2x target")

    info = machine()
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"Run {now} on {info['nproc']} CPUs ({info['cpu']}), {info['ramGB']} GB RAM, {info['os']}; "
        f"load average at the end {info['load']}. {info['swift']}; peer on Python {info['python']} with okta "
        f"{peer_sdk_version(args.python)}. Added latency {latency} ms per request; `make bench` took "
        f"{time.monotonic() - started:.0f} s for the measurements.",
        "",
        "| run | tool | requests | waves | wall ms | wall / latency | API span ms | peak MB | 429s |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key in ("inspect", "apply1", "apply2"):
        lines += [row(ours[key], latency), row(peer[key], latency)]
    lines += [row(large_ours, latency), row(large_peer, latency)]
    lines += [row(big[(tool, k)], latency) for k in ("inspect", "apply") for tool in ("ours", "peer")]
    lines += [row(big[("ours", "verify")], latency)]
    lines += [row(limited, latency)]
    lines += ["", "| run | peer / ours, wall | peer without its SDK import / ours, wall | peer / ours, API span |",
              "| --- | ---: | ---: | ---: |"]
    lines += [f"| {name} | {w:.2f}x | {k:.2f}x | {a:.2f}x |" for name, w, k, a in ratios]
    imports = [r.import_ms for r in normal if r.import_ms is not None]
    if imports:
        lines += ["", f"The peer spends {min(imports) / 1000:.1f} to {max(imports) / 1000:.1f} s importing the SDK "
                  "(`from okta.client import Client`) before its first request, on this machine at this load."]
    lines += [""]
    if frames["available"]:
        lines += [f"Wizard (`dialpad-okta demo`, 200x60, {frames['keystrokes']} keystrokes): first frame "
                  f"{frames['firstFrameMs']:.1f} ms after start; render per keystroke p50 {fmt(frames['p50'])} ms, "
                  f"p99 {fmt(frames['p99'])} ms, max {fmt(frames['max'])} ms (of which ncurses, p50 {fmt(frames['drawP50'])} ms); "
                  f"keystrokes without a frame "
                  f"{frames['noFrame']}; quit with q, y: {'yes' if frames['quitWithQY'] else 'NO'}."]
    else:
        lines += [f"wizard: not available in this build ({frames['why']})."]
    lines += ["", f"Tight rate limit ({', '.join(f'`{x}`' for x in limits)} per minute): exit {limited.status}, "
              f"{limited.requests} requests of which {limited.throttled} answered 429, {limited.wall_ms / 1000:.1f} s "
              "(paced on X-Rate-Limit-Remaining/Reset; Okta's windows are one minute)."]
    lines += ["", "Checks: " + ("all hold (zero 429s in the normal runs; the peer sends the same requests as ours "
                                "and leaves the same org state; inspect at the 3-wave floor; the org is complete at "
                                "the end)." if not problems else "; ".join(problems))]
    report = "\n".join(lines)
    print()
    print(report)
    if not args.no_results:
        write_results(args.results, report, ours, peer, large_ours, big)
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


def write_results(path, report, ours, peer, large_ours, big):
    timelines = []
    for run in (ours["inspect"], ours["apply1"], ours["apply2"], large_ours, big[("ours", "inspect")], big[("ours", "apply")],
                peer["apply1"], peer["apply2"]):
        timelines += [f"{run.tool}, {run.label} ({run.requests} requests, {run.waves} waves):", "```", *timeline(run.log), "```", ""]
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
maximum resident set.

The inspect floor is 3 waves: the mapping's properties need the mapping id
(listProfileMappings), which needs the app id and the user type id, which need a first
read (Sources/SetupEngine/Observer.swift). On `enterprise` (2,000 apps, each mapping into
Okta users, as on real orgs) the app list's ten pages are one more chain of dependent
reads, beside the three waves; the goal there is at most 20 requests.

"""


if __name__ == "__main__":
    main()
