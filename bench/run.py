"""`make bench`: load-test caseapp as production runs it, each page next to a bare baseline.

Starts its own PostgreSQL and Redis on loopback ports (throwaway folders), prepares the demo
case and the residents, serves the app with gunicorn and production settings (bench/settings.py:
the app's, with bench/urls.py adding the baseline view), measures each endpoint with wrk in
rounds interleaved with the baseline (baseline, page, baseline, page, …, baseline), runs the
synchronized-start scenario, checks that the answers it acknowledged were stored exactly once,
and writes bench-results/latest.{json,md} and the README's short bench section. Everything it
started is stopped at the end, on failure too.
"""

import argparse
import json
import os
import platform
import re
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PGBIN = Path(os.environ.get("CASEAPP_PGBIN", "/usr/lib/postgresql/15/bin"))
README = ROOT / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
TITLE = "# caseapp load benchmark (`make bench`)\n\n"

# The endpoints, measured in this order (the answer post writes: last), each in rounds
# interleaved with the baseline: the machine's speed drifts during a run (the baseline once
# fell from 4,097 to 1,409 req/s between the first and the last endpoint), so each run of a
# page is compared with the baseline runs just before and just after it.
BASELINE = "baseline"
BASELINE_LABEL = "baseline: bare view, same stack"
ENDPOINTS = {
    "catalogue": ("case catalogue", "cycle"),
    "step": ("step page (step 1, unanswered)", "cycle"),
    "summary": ("summary of a finished attempt", "cycle"),
    "image": ("image rendition (/media/, via Django)", "cycle"),
    "static": ("stylesheet (/static/, WhiteNoise)", "cycle"),
    "answer": ("answer post (htmx, every one a first answer)", "once"),
}
LABELS = {BASELINE: BASELINE_LABEL} | {name: label for name, (label, _) in ENDPOINTS.items()}

# Shares of the baseline's requests per second (the median of a page's ratios), and the p99
# of the page's worst run.
TARGETS = {"step": 0.30, "answer": 0.18}
P99_TARGET_MS = 250


def schedule(endpoints, rounds: int) -> list[tuple[str, int]]:
    """The runs in order: for each endpoint `rounds` times [baseline, endpoint], then a last
    baseline, so every run of an endpoint has a baseline run just before and just after it.

    Each item is (name, round); the baseline's rounds count its runs over the whole list.
    """
    order, baselines = [], 0
    for name in endpoints:
        for r in range(rounds):
            order += [(BASELINE, baselines), (name, r)]
            baselines += 1
    return [*order, (BASELINE, baselines)]


def pair_ratios(runs: list[dict]) -> list[dict]:
    """Each page run's rate over the mean of the baseline runs next to it in `runs` (the one
    before and the one after; only one if the other side is not a baseline run)."""
    pairs = []
    for i, run in enumerate(runs):
        if run["endpoint"] == BASELINE:
            continue
        before = runs[i - 1]["rps"] if i > 0 and runs[i - 1]["endpoint"] == BASELINE else None
        after = (
            runs[i + 1]["rps"]
            if i + 1 < len(runs) and runs[i + 1]["endpoint"] == BASELINE
            else None
        )
        sides = [rps for rps in (before, after) if rps is not None]
        base = sum(sides) / len(sides) if sides else 0
        pairs.append(
            {
                "endpoint": run["endpoint"],
                "round": run["round"],
                "rps": run["rps"],
                "baseline_before": before,
                "baseline_after": after,
                "ratio": round(run["rps"] / base, 4) if base else 0,
            }
        )
    return pairs


def ratio_summary(pairs: list[dict]) -> dict[str, dict]:
    """Per endpoint: the median of its runs' ratios, and their spread (min and max)."""
    out = {}
    for pair in pairs:
        out.setdefault(pair["endpoint"], []).append(pair["ratio"])
    return {
        name: {
            "median": round(statistics.median(values), 4),
            "min": min(values),
            "max": max(values),
            "ratios": values,
        }
        for name, values in out.items()
    }


def aggregate(runs: list[dict]) -> dict:
    """One endpoint's runs as one line: the median rate and latencies, the worst run's p99 and
    max, errors and statuses summed, cores on average."""
    statuses = {}
    for run in runs:
        for status, count in run["statuses"].items():
            statuses[status] = statuses.get(status, 0) + count

    def median(key):
        return round(statistics.median(run[key] for run in runs), 1)

    return {
        "runs": len(runs),
        "requests": sum(run["requests"] for run in runs),
        "seconds": round(sum(run["seconds"] for run in runs), 2),
        "rps": median("rps"),
        "rps_min": min(run["rps"] for run in runs),
        "rps_max": max(run["rps"] for run in runs),
        "p50_ms": median("p50_ms"),
        "p95_ms": median("p95_ms"),
        "p99_ms": max(run["p99_ms"] for run in runs),
        "p99_ms_median": median("p99_ms"),
        "max_ms": max(run["max_ms"] for run in runs),
        "errors_status": sum(run["errors_status"] for run in runs),
        "errors_socket": sum(run["errors_socket"] for run in runs),
        "statuses": statuses,
        "bytes_per_response": round(statistics.mean(run["bytes_per_response"] for run in runs)),
        "threads_out_of_requests": sum(run["threads_out_of_requests"] for run in runs),
        "cores": {
            key: round(statistics.mean(run["cores"][key] for run in runs), 2)
            for key in runs[0]["cores"]
        },
    }


def requests_file(name: str, r: int) -> str:
    # The answer post sends each prepared post once: every round has a file of its own.
    return f"answer-{r + 1}.tsv" if name == "answer" else f"{name}.tsv"


# What each scenario request must answer; anything else is an error.
EXPECTED = {"catalogue": 200, "start": 302, "resume": 302, "step": 200}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up within {timeout:.0f} s")


def as_postgres(args: list) -> list:
    # initdb and postgres refuse to run as root.
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def run(cmd: list, env=None, capture=False) -> str:
    cmd = [str(c) for c in cmd]
    out = subprocess.PIPE if capture else None
    result = subprocess.run(cmd, env=env, cwd=ROOT, text=True, stdout=out, stderr=out)
    if result.returncode != 0:
        detail = (result.stderr or "")[-3000:] if capture else ""
        raise RuntimeError(f"failed ({result.returncode}): {' '.join(cmd)}\n{detail}")
    return result.stdout or ""


def last_json(text: str) -> dict:
    return json.loads(text.strip().splitlines()[-1])


def stop_process(proc: subprocess.Popen, name: str, grace: float = 15) -> None:
    """Stop a process this script started, then its own process group, by their ids."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            log(f"{name} did not stop within {grace:.0f} s: killing its process group")
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # the group start_new_session made for it
    except ProcessLookupError:
        pass
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        pass


# ---------------------------------------------------------------------------- services


class Postgres:
    def __init__(self, stack: ExitStack, port: int):
        self.port = port
        self.data = Path(tempfile.mkdtemp(prefix="caseapp-bench-pg."))
        if os.geteuid() == 0:
            shutil.chown(self.data, "postgres")
        stack.callback(self.stop)
        run(
            as_postgres(
                [
                    PGBIN / "initdb",
                    "-D",
                    self.data,
                    *"-A trust -U postgres".split(),
                    *"-E UTF8 --no-sync".split(),
                ]
            ),
            capture=True,
        )
        options = f"-p {port} -k {self.data} -c listen_addresses=127.0.0.1 -c max_connections=100"
        run(
            as_postgres(
                [
                    PGBIN / "pg_ctl",
                    "-D",
                    self.data,
                    "-l",
                    self.data / "server.log",
                    *"-w -t 60 start -o".split(),
                    options,
                ]
            ),
            capture=True,
        )
        run(
            [PGBIN / "createdb", *f"-h 127.0.0.1 -p {port} -U postgres caseapp".split()],
            capture=True,
        )
        self.url = f"postgres://postgres@127.0.0.1:{port}/caseapp"

    @property
    def pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def stop(self) -> None:
        pidfile = self.data / "postmaster.pid"
        if pidfile.exists():
            stop = [PGBIN / "pg_ctl", "-D", self.data, *"-m fast -w -t 30 stop".split()]
            subprocess.run([str(c) for c in as_postgres(stop)], capture_output=True)
        if pidfile.exists():  # pg_ctl could not stop it: end our postmaster by its id
            try:
                os.kill(int(pidfile.read_text().split()[0]), signal.SIGKILL)
            except (ProcessLookupError, ValueError):
                pass
        shutil.rmtree(self.data, ignore_errors=True)


def start_redis(stack: ExitStack, port: int, work: Path) -> subprocess.Popen:
    (work / "redis").mkdir()
    cmd = [
        "redis-server",
        "--port",
        str(port),
        "--dir",
        str(work / "redis"),
        "--save",
        "",
        *"--bind 127.0.0.1 --appendonly no --daemonize no --loglevel warning".split(),
    ]
    with (work / "redis.log").open("w") as logfile:
        proc = subprocess.Popen(
            cmd, stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True
        )
    stack.callback(stop_process, proc, "redis-server")

    def ping():
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")

    wait_for(ping, "redis-server", 20)
    return proc


def start_gunicorn(stack: ExitStack, env: dict, port: int, work: Path, opts) -> subprocess.Popen:
    cmd = [
        Path(sys.executable).parent / "gunicorn",
        "caseapp.wsgi:application",
        "--chdir",  # the project's folder, on sys.path: bench.settings and bench.urls import
        ROOT,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        opts.workers,
        "--worker-class",
        opts.worker_class,
        "--threads",
        opts.worker_threads,
        "--worker-connections",
        opts.worker_connections,
        *(["--reuse-port"] if opts.reuse_port else []),
        "--keep-alive",
        "5",
        "--timeout",
        "60",
        "--backlog",
        "2048",
        "--error-logfile",
        work / "gunicorn.log",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(
        [str(c) for c in cmd],
        env=env,
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    stack.callback(stop_process, proc, "gunicorn")

    def ready():
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {(work / 'gunicorn.log').read_text()[-2000:]}")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/baseline/", timeout=2) as r:
            return r.status == 200 and len(children(proc.pid)) == int(opts.workers)

    wait_for(ready, "gunicorn", 60)
    return proc


# ---------------------------------------------------------------- processes and CPU


def parents() -> dict[int, int]:
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            found[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return found


def children(pid: int) -> list[int]:
    return sorted(child for child, parent in parents().items() if parent == pid)


def tree(root: int, table: dict[int, int]) -> list[int]:
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo += [child for child, parent in table.items() if parent == pid]
    return pids


def cpu_ticks(pids: list[int]) -> dict[int, int]:
    ticks = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks[pid] = int(fields[11]) + int(fields[12])  # utime + stime, all threads
        except (OSError, IndexError):
            pass
    return ticks


def machine_ticks() -> tuple[int, int]:
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    return sum(fields) - fields[3] - fields[4], sum(fields)  # busy, all (idle+iowait out)


def cpu_busy_cores(seconds: float = 2.0) -> float:
    """How many cores the whole machine kept busy over a short look (all processes)."""
    busy0, all0 = machine_ticks()
    time.sleep(seconds)
    busy1, all1 = machine_ticks()
    return round((busy1 - busy0) / max(all1 - all0, 1) * (os.cpu_count() or 1), 2)


class CpuWatch:
    """Cores used during a measurement by each of our processes and by everything else.

    Our process trees are looked at every half second, so a process that ends during the
    measurement (a database connection reaching DJANGO_CONN_MAX_AGE) keeps its time. Start it
    before wrk starts: wrk's time is read from this process's reaped children.
    """

    def __init__(self, roots: dict[str, int]):
        self.roots = roots
        self.first: dict[str, dict[int, int]] = {name: {} for name in roots}
        self.last: dict[str, dict[int, int]] = {name: {} for name in roots}
        self.stopping = threading.Event()

    def _look(self, initial=False):
        table = parents()
        for name, root in self.roots.items():
            ticks = cpu_ticks(tree(root, table))
            for pid, value in ticks.items():
                # A process born during the measurement started from zero.
                self.first[name].setdefault(pid, value if initial else 0)
            self.last[name].update(ticks)

    def _watch(self):
        while not self.stopping.wait(0.5):
            self._look()

    def _children_seconds(self) -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    def __enter__(self):
        self._look(initial=True)
        self.start = (self._children_seconds(), machine_ticks()[0], time.monotonic())
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.thread.join()
        self._look()
        wrk0, busy0, t0 = self.start
        wrk1, busy1, t1 = self._children_seconds(), machine_ticks()[0], time.monotonic()
        hz = os.sysconf("SC_CLK_TCK")
        elapsed = max(t1 - t0, 1e-6)
        self.cores = {
            name: round(
                sum(self.last[name][pid] - self.first[name][pid] for pid in self.last[name])
                / hz
                / elapsed,
                2,
            )
            for name in self.roots
        }
        self.cores["wrk"] = round((wrk1 - wrk0) / elapsed, 2)
        total = (busy1 - busy0) / hz / elapsed
        self.cores["other"] = round(max(0.0, total - sum(self.cores.values())), 2)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


# ------------------------------------------------------------------------------ wrk


def wrk(name, script, url, threads, conns, seconds, env, work, roots, wait=None):
    """One wrk run; returns what the script's done() wrote (JSON) and the cores used."""
    out = work / "wrk" / f"{name}.json"
    out.parent.mkdir(exist_ok=True)
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{conns}",
        f"-d{int(seconds)}s",
        "--timeout",
        "30s",
        "--latency",
        "-s",
        str(BENCH / "lua" / script),
        url,
    ]
    env = {**os.environ, **env, "BENCH_OUT": str(out), "BENCH_THREADS": str(threads)}
    proc = subprocess.Popen(
        cmd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        with CpuWatch(roots) as watch:
            if wait is not None:
                wait(proc)  # may end the run early with SIGINT; wrk then reports as usual
            text, _ = proc.communicate(timeout=seconds + 120)
    finally:
        if proc.poll() is None:
            stop_process(proc, "wrk", 5)
    (work / "wrk" / f"{name}.txt").write_text(text)
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"wrk {name} failed:\n{text[-2000:]}")
    return json.loads(out.read_text()), watch.cores


def until_sent(marker: Path, threads: int, seconds: float):
    """A `wait` for wrk() in BENCH_MODE=once: end the run as soon as each of its threads has
    sent every line (pages.lua appends a line to BENCH_DONE when one has)."""

    def wait(proc):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and proc.poll() is None:
            if marker.exists() and len(marker.read_text().splitlines()) >= threads:
                time.sleep(1)  # the server answers the last ones sent before the next run
                proc.send_signal(signal.SIGINT)
                return
            time.sleep(0.2)

    return wait


def summarize(raw: dict, cores: dict) -> dict:
    seconds = raw["duration_us"] / 1e6
    lat = raw["latency_us"]
    return {
        "requests": raw["requests"],
        "seconds": round(seconds, 2),
        "rps": round(raw["requests"] / seconds, 1),
        "p50_ms": round(lat["p50"] / 1000, 1),
        "p95_ms": round(lat["p95"] / 1000, 1),
        "p99_ms": round(lat["p99"] / 1000, 1),
        "max_ms": round(lat["max"] / 1000, 1),
        # wrk counts responses >= 400 as status errors; the others are socket errors.
        "errors_status": raw["errors"]["status"],
        "errors_socket": sum(raw["errors"][k] for k in ("connect", "read", "write", "timeout")),
        "errors_detail": raw["errors"],
        "statuses": raw["statuses"],
        "bytes_per_response": round(raw["bytes"] / max(raw["requests"], 1)),
        "threads_out_of_requests": raw.get("threads_out_of_requests", 0),
        "cores": cores,
    }


# ------------------------------------------------------------------------- scenario


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(-(-pct * len(ordered) // 100)) - 1))]


def run_scenario(opts, url: str, work: Path, data: Path, meta: dict, roots: dict) -> dict:
    logs = work / "scenario"
    logs.mkdir()
    conns = min(opts.scenario_connections, opts.learners)
    limit = opts.scenario_limit

    def wait(proc):
        # Every thread writes "#done" when its residents are through: then stop wrk.
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline and proc.poll() is None:
            done = 0
            for path in logs.glob("scenario-*.tsv"):
                with path.open("rb") as handle:
                    handle.seek(max(0, path.stat().st_size - 6))
                    done += handle.read() == b"#done\n"
            if done >= conns:
                break
            time.sleep(0.1)
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)

    env = {
        "BENCH_SCENARIO": str(data / "scenario.tsv"),
        "BENCH_CASE_ID": str(meta["case_id"]),
        "BENCH_LOG_DIR": str(logs),
    }
    t0_us = time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000
    raw, cores = wrk(
        "scenario", "scenario.lua", url, conns, conns, limit + 30, env, work, roots, wait
    )

    rows, threads_done = [], 0
    for path in sorted(logs.glob("scenario-*.tsv")):
        for line in path.read_text().splitlines():
            if line == "#done":
                threads_done += 1
                continue
            f = line.split("\t")
            rows.append(
                {
                    "learner": int(f[1]),
                    "phase": f[2],
                    "status": int(f[3]),
                    "latency_ms": int(f[4]) / 1000,
                    "end_s": (int(f[5]) - t0_us) / 1e6,
                }
            )
    by_phase = {}
    for phase in sorted({r["phase"] for r in rows}):
        items = [r for r in rows if r["phase"] == phase]
        latencies = [r["latency_ms"] for r in items]
        statuses = {}
        for r in items:
            statuses[str(r["status"])] = statuses.get(str(r["status"]), 0) + 1
        by_phase[phase] = {
            "requests": len(items),
            "errors": sum(1 for r in items if r["status"] != EXPECTED.get(phase, 200)),
            "statuses": statuses,
            "p50_ms": round(percentile(latencies, 50), 1),
            "p95_ms": round(percentile(latencies, 95), 1),
            "p99_ms": round(percentile(latencies, 99), 1),
        }
    answered = {}
    for r in rows:
        if r["phase"].startswith("answer") and r["status"] == 200:
            answered.setdefault(r["learner"], []).append(r["end_s"])
    needed = len(meta["step1_questions"])
    finish = sorted(max(ends) for ends in answered.values() if len(ends) >= needed)
    latencies = [r["latency_ms"] for r in rows]
    return {
        "learners": opts.learners,
        "connections": conns,
        "limit_seconds": limit,
        "requests": len(rows),
        "errors": sum(1 for r in rows if r["status"] != EXPECTED.get(r["phase"], 200)),
        "lost_requests": sum(1 for r in rows if r["status"] == 0),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "by_phase": by_phase,
        "learners_finished_step1": len(finish),
        "finish_p50_s": round(percentile(finish, 50), 1),
        "finish_p95_s": round(percentile(finish, 95), 1),
        "last_finished_s": round(finish[-1], 1) if finish else None,
        "all_within_limit": len(finish) == opts.learners and finish[-1] <= limit,
        "wrk_threads_done": threads_done,
        "wrk": summarize(raw, cores),
    }


# ----------------------------------------------------------------------------- report


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    mem_kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    release = Path("/etc/os-release")
    found = re.search(r'PRETTY_NAME="([^"]+)"', release.read_text()) if release.exists() else None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": round(mem_kib / 1024 / 1024, 1),
        "kernel": platform.release(),
        "os": found.group(1) if found else platform.system(),
    }


def versions() -> dict:
    from importlib.metadata import version

    def first_line(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0]
        except (OSError, IndexError):
            return "? ? ?"

    names = ("django", "gunicorn", "psycopg", "redis", "whitenoise")
    return {
        "python": platform.python_version(),
        **{name: version(name) for name in names},
        "postgresql": first_line([str(PGBIN / "postgres"), "--version"]).split()[2],
        "redis-server": first_line(["redis-server", "--version"]).split()[2].removeprefix("v="),
        "wrk": first_line(["wrk", "-v"]).split()[1],
    }


def n(value, digits=1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def spread(s: dict) -> str:
    """A page's median ratio to its baselines and the spread of its rounds: 35% (31–38%)."""
    return f"{s['median']:.0%} ({s['min']:.0%}–{s['max']:.0%})"


def verdicts(r: dict, name: str) -> list[str]:
    e, notes = r["endpoints"][name], []
    if e.get("threads_out_of_requests"):
        # Posts ran out before the time did: the rate is what was prepared, not the server's.
        notes.append("**ran out of prepared posts: a lower bound**")
    if name in TARGETS:
        met = "met" if r["ratios"][name]["median"] >= TARGETS[name] else "**not met**"
        notes.append(f"≥ {TARGETS[name]:.0%} of baseline: {met}")
        met = "met" if e["p99_ms"] < P99_TARGET_MS else "**not met**"
        notes.append(f"p99 < {P99_TARGET_MS} ms: {met}")
    return notes


def baseline_cell(r: dict) -> str:
    b = r["endpoints"][BASELINE]
    return f"{b['runs']} runs, {b['rps_min']:,.0f}–{b['rps_max']:,.0f} req/s"


def run_line(r: dict) -> str:
    m, load, srv = r["machine"], r["load"], r["server"]
    return (
        f"Last run: {r['finished_at']} on {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB "
        f"RAM, Linux {m['kernel']} ({m['os']}). Server: gunicorn {r['versions']['gunicorn']}, "
        f"{srv['workers']} {srv['worker_class']} workers × {srv['threads']} threads. Load: wrk, "
        f"{load['threads']} threads, {load['connections']} connections, {load['rounds']} rounds "
        f"of {load['seconds']} s per endpoint, each request signed in as another resident. "
        "Each run of a page is divided by the mean of the baseline runs just before and just "
        "after it; a page's ratio is the median of its rounds (min–max in brackets), its req/s "
        "the median of its runs, its p99 that of its worst run."
    )


def sync_line(r: dict, short: bool = False) -> str:
    s = r["scenario"]
    eo = s["exactly_once"]
    within = "**met**" if s["all_within_limit"] else "**not met**"
    once = "**passed**" if eo["exactly_once"] else "**FAILED**"
    if short:
        return (
            f"**Synchronized start**: {s['learners']:,} residents at once (catalogue → start → "
            f"step 1 → {len(r['meta']['step1_questions'])} answers): {s['requests']:,} requests, "
            f"**{s['errors']} errors**, p95 {n(s['p95_ms'])} ms; the last resident through step "
            f"1 after {n(s['last_finished_s'])} s (within {s['limit_seconds']} s: {within}); "
            f"every acknowledged answer stored exactly once: {once}."
        )
    return (
        f"**Synchronized start**: {s['learners']:,} signed-in residents start together, "
        f"{s['connections']:,} connections at once (one each, no think time), each doing GET "
        "catalogue → POST start → GET resume (302) → GET step 1 → POST its "
        f"{len(r['meta']['step1_questions'])} answers (htmx). {s['requests']:,} requests, "
        f"**{s['errors']} errors** ({s['lost_requests']} lost), **p95 {n(s['p95_ms'])} ms** "
        f"(p50 {n(s['p50_ms'])}, p99 {n(s['p99_ms'])}). {s['learners_finished_step1']:,} of "
        f"{s['learners']:,} finished step 1, the last {n(s['last_finished_s'])} s after the start "
        f"(p95 {n(s['finish_p95_s'])} s): within {s['limit_seconds']} s {within}. Exactly once: "
        f"{eo['acknowledged']:,} answers acknowledged (200), {eo['acknowledged_not_stored']} "
        f"missing, {eo['acknowledged_stored_more_than_once']} stored twice, "
        f"{eo['stored_not_acknowledged']} stored without a 200, "
        f"{eo['learners_with_several_attempts']} residents with two attempts: {once}."
    )


def memory_line(r: dict) -> str:
    mem = r["memory"]
    return (
        f"Serving worker resident memory after the load (VmRSS): {mem['worker_rss_mib_max']} MiB "
        f"at most ({mem['worker_rss_mib_mean']} MiB on average over {len(mem['workers'])} "
        f"workers; master {mem['master_rss_mib']} MiB)."
    )


def summary_markdown(r: dict) -> str:
    """The README's short section: one table, the synchronized start, memory."""
    m, load, srv = r["machine"], r["load"], r["server"]
    out = [
        f"Last run: {r['finished_at']}, {m['cores']} cores ({m['cpu']}), {srv['workers']} "
        f"gunicorn {srv['worker_class']} workers × {srv['threads']} threads, wrk with "
        f"{load['connections']} connections, {load['rounds']} rounds of {load['seconds']} s per "
        "endpoint, each run next to a baseline run before and after it.",
        "",
        "| endpoint | req/s | vs its baseline: median (min–max) | p99 ms | target |",
        "|---|---:|---:|---:|---|",
        f"| {BASELINE_LABEL} | {r['endpoints'][BASELINE]['rps']:,.0f} | {baseline_cell(r)} | "
        f"{n(r['endpoints'][BASELINE]['p99_ms'])} |  |",
    ]
    for name, (label, _mode) in ENDPOINTS.items():
        e = r["endpoints"][name]
        out.append(
            f"| {label} | {e['rps']:,.0f} | {spread(r['ratios'][name])} | {n(e['p99_ms'])} | "
            f"{'; '.join(verdicts(r, name))} |"
        )
    out += [
        "",
        sync_line(r, short=True),
        "",
        memory_line(r),
        "",
        "All the numbers (per round, per learner page, cores used, settings) are in "
        "`bench-results/latest.md`; how the benchmark works and what each page costs and why, in "
        "[`bench/README.md`](bench/README.md).",
    ]
    return "\n".join(out) + "\n"


def markdown(r: dict) -> str:
    """Everything measured (bench-results/latest.md)."""
    m, pg = r["machine"], r["pages"]
    out = [
        run_line(r),
        "",
        "| endpoint | req/s | vs its baseline: median (min–max) | p50 ms | p95 ms | p99 ms "
        "| errors: status / socket | target |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name in LABELS:
        e = r["endpoints"][name]
        ratio = baseline_cell(r) if name == BASELINE else spread(r["ratios"][name])
        notes = [] if name == BASELINE else verdicts(r, name)
        out.append(
            f"| {LABELS[name]} | {e['rps']:,.0f} | {ratio} | {n(e['p50_ms'])} | "
            f"{n(e['p95_ms'])} | {n(e['p99_ms'])} | {e['errors_status']} / "
            f"{e['errors_socket']} | {'; '.join(notes)} |"
        )
    out += [
        "",
        "Each round, in the order run: the page's rate and the baseline runs just before and "
        "after it (the ratio is over their mean).",
        "",
        "| endpoint | round | baseline before | page req/s | baseline after | ratio | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    pages_runs = [run for run in r["runs"] if run["endpoint"] != BASELINE]
    for run, pair in zip(pages_runs, r["pairs"], strict=True):
        out.append(
            f"| {LABELS[pair['endpoint']]} | {pair['round'] + 1} | {n(pair['baseline_before'], 0)} "
            f"| {pair['rps']:,.0f} | {n(pair['baseline_after'], 0)} | {pair['ratio']:.1%} | "
            f"{n(run['p99_ms'])} |"
        )
    ans = r["answer_check"]
    out += [
        "",
        "Errors: responses outside 2xx/3xx / socket errors and time-outs (30 s). Each answer "
        "post was a first answer (a fresh attempt and question each, none sent twice, each round "
        f"with attempts of its own): {ans['responses_200']:,} answered 200, "
        f"{ans['responses_409']} refused as already answered, {ans['stored']:,} answers stored "
        "(the difference: posts still in flight when wrk stopped, at most one per connection "
        "and round).",
        "",
        sync_line(r),
        "",
        "| per learner page | queries | HTML bytes | in process ms | of which: queries | "
        "cache (session) | templates | rest |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key, label in [
        ("baseline", "baseline"),
        ("catalogue", "catalogue"),
        ("step", "step page (nothing answered on it yet)"),
        ("step_answered", "step page (a question on it answered)"),
        ("answer", "answer post (htmx fragment)"),
        ("summary", "summary"),
    ]:
        b = pg["breakdown"][key]
        out.append(
            f"| {label} | {pg['queries'][key]} | {pg['bytes'][key]:,} | {n(b['total_ms'], 2)} | "
            f"{n(b['queries_ms'], 2)} | {n(b['cache_ms'], 2)} | {n(b['template_ms'], 2)} | "
            f"{n(b['rest_ms'], 2)} |"
        )
    sc = r["scorm"]
    out += [
        "",
        "In process: Django's test client against the same database and Redis, one request at "
        "a time, no HTTP server (timers around queries, cache calls and template rendering; "
        f"'rest' is middleware, view code and the test client). The frozen case version's content "
        f"({pg['content_json_bytes']:,} bytes of JSON) is read once per worker process; a step "
        "nobody has answered on is rendered once per version, then filled in per request. "
        f"Before images, the step page's CSS and scripts add {pg['bytes']['step_css_js']:,} bytes "
        f"({pg['bytes']['step_css_js_gzip']:,} gzipped by WhiteNoise); the image measured is "
        f"{r['meta']['media_bytes']:,} bytes.",
        "",
        f"{memory_line(r)} SCORM 2004 export of the demo: {sc['command_seconds']} s for "
        f"`manage.py export_scorm` (process start included; {sc['in_process_seconds']} s in "
        f"process), {sc['bytes']:,} bytes.",
        "",
        "| cores used during (mean of the runs) | app (gunicorn) | PostgreSQL | Redis | wrk "
        "| other processes |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    rows = [(LABELS[name], r["endpoints"][name]["cores"]) for name in LABELS]
    for label, c in [*rows, ("synchronized start", r["scenario"]["wrk"]["cores"])]:
        out.append(
            f"| {label} | {c['app']} | {c['postgres']} | {c['redis']} | {c['wrk']} | {c['other']} |"
        )
    busy = r["machine"]["background_busy_cores"]
    quiet = ""
    if busy > 0.25:
        quiet = f" **Other processes kept {busy} cores busy just before: numbers are lower.**"
    out += [
        "",
        "Settings: DJANGO_DEBUG=false, a generated DJANGO_SECRET_KEY, "
        "DJANGO_ALLOWED_HOSTS=127.0.0.1, DJANGO_SECURE_SSL_REDIRECT=false (plain HTTP on "
        f"loopback), DATABASE_URL to PostgreSQL {r['versions']['postgresql']} (loopback TCP, "
        f"default durability), REDIS_URL to Redis {r['versions']['redis-server']} (cache, "
        "Django's cached_db sessions, users kept there: caseapp.speed.users), "
        "DJANGO_CONN_MAX_AGE=60, collectstatic + WhiteNoise, "
        f"DJANGO_SERVE_MEDIA=true, DJANGO_SETTINGS_MODULE=bench.settings (the app's settings, "
        "with bench/urls.py adding the baseline view); Python "
        f"{r['versions']['python']}, Django {r['versions']['django']}, wrk "
        f"{r['versions']['wrk']}. wrk, PostgreSQL and Redis run on the same {m['cores']} cores "
        "as the app." + quiet,
    ]
    return "\n".join(out) + "\n"


def update_readme(summary: str) -> bool:
    text = README.read_text()
    if START not in text or END not in text:
        return False
    section = (BENCH / "readme_section.md").read_text().replace("{{results}}", summary.rstrip())
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1]
    README.write_text(f"{head}{START}\n{section.rstrip()}\n{END}{tail}")
    return True


# ------------------------------------------------------------------------------ main


def options():
    cores = os.cpu_count() or 1
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--learners", type=int, default=1000, help="residents in the scenario")
    p.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="runs of each endpoint, each after a run of the baseline (and one baseline last)",
    )
    p.add_argument("--seconds", type=int, default=4, help="wrk time per run (whole seconds)")
    p.add_argument("--connections", type=int, default=64, help="wrk connections per endpoint")
    p.add_argument("--threads", type=int, default=2, help="wrk threads per endpoint")
    # One gthread worker per core, each with threads enough to cover its waits on Redis and
    # PostgreSQL: more processes than cores contend for them and share wrk's connections
    # unevenly (5 workers x 4 threads gave the same rates with p99s up to 400 ms).
    p.add_argument("--workers", default=str(cores), help="gunicorn workers")
    # gthread: keep-alive, idle connections cost nothing. sync workers need a buffering proxy
    # in front: each one is held by a single connection, idle ones included.
    p.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    p.add_argument("--worker-threads", default="10", help="threads per gthread worker")
    p.add_argument(
        "--reuse-port",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="a listening socket per worker (SO_REUSEPORT): the kernel spreads connections",
    )
    p.add_argument(
        "--worker-connections",
        default="1000",
        help="connections a gthread worker holds at most (gunicorn's default: 1000)",
    )
    p.add_argument(
        "--scenario-connections",
        type=int,
        default=0,
        help="residents at once in the scenario (default: all of them)",
    )
    p.add_argument("--scenario-limit", type=int, default=60, help="seconds")
    p.add_argument(
        "--answer-attempts",
        type=int,
        default=0,
        help="fresh attempts for the answer post, 2 answers each, shared out over the rounds "
        "(default: enough for 1,600 posts a second in every round)",
    )
    p.add_argument(
        "--quiet-wait",
        type=int,
        default=30,
        help="seconds to wait at most for other processes to leave the cores idle",
    )
    p.add_argument("--results", default=str(ROOT / "bench-results"))
    p.add_argument("--no-readme", action="store_true", help="leave README.md as it is")
    p.add_argument(
        "--render-only",
        action="store_true",
        help="measure nothing: write latest.md and the README section again from latest.json",
    )
    opts = p.parse_args()
    if opts.rounds < 1 or opts.seconds < 1:
        p.error("--rounds and --seconds must be at least 1")
    if opts.worker_class == "sync":
        opts.worker_threads = "1"
    opts.scenario_connections = opts.scenario_connections or opts.learners
    # Answer posts are sent once each: in every round enough for up to 1,600 posts/s.
    opts.answer_attempts = opts.answer_attempts or opts.rounds * max(1000, 800 * opts.seconds)
    return opts


def main() -> int:
    opts = options()
    if opts.render_only:
        result = json.loads((Path(opts.results) / "latest.json").read_text())
        table = markdown(result)
        (Path(opts.results) / "latest.md").write_text(TITLE + table)
        if not opts.no_readme:
            update_readme(summary_markdown(result))
        print(table)
        return 0
    for tool in ("wrk", "redis-server"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing (make bench installs it with apt-get)")
    if not (PGBIN / "postgres").exists():
        raise SystemExit(f"PostgreSQL binaries not found in {PGBIN} (set CASEAPP_PGBIN)")
    results = Path(opts.results)
    results.mkdir(parents=True, exist_ok=True)
    begun = time.monotonic()

    def interrupted(signum, _frame):  # SIGTERM/SIGHUP: the same clean-up as an error
        raise SystemExit(f"stopped by signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)

    with ExitStack() as stack:
        work = Path(tempfile.mkdtemp(prefix="caseapp-bench."))
        stack.callback(shutil.rmtree, work, True)
        postgres = Postgres(stack, free_port())
        redis_port = free_port()
        redis = start_redis(stack, redis_port, work)
        log(f"PostgreSQL on 127.0.0.1:{postgres.port}, Redis on 127.0.0.1:{redis_port}")
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CASEAPP_"))},
            # The app's settings with the benchmark's URLconf: bench/urls.py adds the baseline.
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": postgres.url,
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "DJANGO_CONN_MAX_AGE": "60",
            "DJANGO_SERVE_MEDIA": "true",
            "DJANGO_MEDIA_ROOT": str(work / "media"),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        manage = [sys.executable, ROOT / "manage.py"]
        tasks = [sys.executable, BENCH / "django_tasks.py"]
        log("migrate, load_demo, collectstatic")
        run([*manage, "migrate", "--no-input", "-v", "0"], env=env)
        run([*manage, "load_demo"], env=env, capture=True)
        run([*manage, "collectstatic", "--no-input", "-v", "0"], env=env)

        data = work / "data"
        log(
            f"residents and sessions: {opts.learners} for the scenario, 64 for the pages, "
            f"{opts.answer_attempts} with a fresh attempt for the answer posts "
            f"({opts.rounds} rounds)"
        )
        meta = last_json(
            run(
                [
                    *tasks,
                    "prepare",
                    "--out",
                    data,
                    "--learners",
                    opts.learners,
                    "--answer-attempts",
                    opts.answer_attempts,
                    "--answer-rounds",
                    opts.rounds,
                ],
                env=env,
                capture=True,
            )
        )

        log("queries, bytes and time per page in process; SCORM export")
        pages = last_json(run([*tasks, "pages", "--data", data], env=env, capture=True))
        scorm_zip = work / "scorm-2004.zip"
        started = time.perf_counter()
        run(
            [
                *manage,
                "export_scorm",
                "uremic-tumoral-calcinosis",
                "--version",
                "2004",
                "--output",
                scorm_zip,
            ],
            env=env,
            capture=True,
        )
        scorm = {
            "command_seconds": round(time.perf_counter() - started, 2),
            "in_process_seconds": pages["scorm_in_process_seconds"],
            "bytes": scorm_zip.stat().st_size,
        }

        # Other work on the machine lowers every number: give it a moment to calm down.
        background = cpu_busy_cores()
        deadline = time.monotonic() + opts.quiet_wait
        while background > 0.25 and time.monotonic() < deadline:
            log(f"other processes keep {background} cores busy; waiting for a quieter machine")
            background = cpu_busy_cores(5)

        app_port = free_port()
        log(
            f"gunicorn on 127.0.0.1:{app_port}: {opts.workers} {opts.worker_class} workers × "
            f"{opts.worker_threads} threads"
        )
        server = start_gunicorn(stack, env, app_port, work, opts)
        url = f"http://127.0.0.1:{app_port}"
        roots = {"app": server.pid, "postgres": postgres.pid, "redis": redis.pid}

        log("warm-up")
        for name in ("baseline", "catalogue", "step", "summary", "image", "static"):
            wrk(
                f"warmup-{name}",
                "pages.lua",
                url,
                2,
                16,
                3 if name == "step" else 1,
                {"BENCH_REQUESTS": str(data / f"{name}.tsv"), "BENCH_MODE": "cycle"},
                work,
                roots,
            )

        # The residents who answer open their step first (each once), as in a browser; the
        # run ends when every one has (at most 1 s per 100 residents).
        limit, marker = max(5, opts.answer_attempts // 100), work / "answer-warm.done"
        wrk(
            "warmup-answer",
            "pages.lua",
            url,
            2,
            opts.connections,
            limit,
            {
                "BENCH_REQUESTS": str(data / "answer_warm.tsv"),
                "BENCH_MODE": "once",
                "BENCH_DONE": str(marker),
            },
            work,
            roots,
            until_sent(marker, 2, limit),
        )

        order = schedule(ENDPOINTS, opts.rounds)
        log(
            f"{len(order)} runs of {opts.seconds} s: {opts.rounds} rounds of [baseline, "
            "endpoint] for each endpoint, then the baseline"
        )
        runs = []
        for i, (name, r) in enumerate(order):
            mode = "cycle" if name == BASELINE else ENDPOINTS[name][1]
            raw, cores = wrk(
                f"{i + 1:02d}-{name}-{r + 1}",
                "pages.lua",
                url,
                opts.threads,
                opts.connections,
                opts.seconds,
                {"BENCH_REQUESTS": str(data / requests_file(name, r)), "BENCH_MODE": mode},
                work,
                roots,
            )
            e = summarize(raw, cores) | {"endpoint": name, "round": r}
            runs.append(e)
            base = ""
            if name != BASELINE:
                base = f"  ({e['rps'] / runs[-2]['rps']:.0%} of the baseline before)"
            log(
                f"{LABELS[name][:40]:<40} {r + 1:>2} {e['rps']:>7,.0f} req/s  p50 "
                f"{e['p50_ms']:>6} ms  p99 {e['p99_ms']:>6} ms  errors "
                f"{e['errors_status'] + e['errors_socket']}{base}"
            )
            if e["threads_out_of_requests"]:
                log(f"  {e['threads_out_of_requests']} wrk threads ran out of answer posts")
        endpoints = {
            name: aggregate([each for each in runs if each["endpoint"] == name]) for name in LABELS
        }
        pairs = pair_ratios(runs)
        stored = last_json(run([*tasks, "answers"], env=env, capture=True))
        statuses = endpoints["answer"]["statuses"]
        answer_check = {
            "responses_200": statuses.get("200", 0),
            "responses_409": statuses.get("409", 0),
            "stored": stored["stored"],
            "prepared_posts": meta["answer_slots"],
        }

        log(f"synchronized start: {opts.learners} residents, {opts.scenario_connections} at once")
        scenario = run_scenario(opts, url, work, data, meta, roots)
        scenario["exactly_once"] = last_json(
            run([*tasks, "scenario", "--logs", work / "scenario"], env=env, capture=True)
        )
        s = scenario
        log(
            f"{s['requests']} requests, {s['errors']} errors, p95 {s['p95_ms']} ms, last "
            f"resident through step 1 after {s['last_finished_s']} s, exactly once: "
            f"{s['exactly_once']['exactly_once']}"
        )

        workers = {pid: rss_kib(pid) for pid in children(server.pid)}
        memory = {
            "workers": {str(pid): round(kib / 1024, 1) for pid, kib in workers.items()},
            "worker_rss_mib_max": round(max(workers.values()) / 1024, 1),
            "worker_rss_mib_mean": round(statistics.mean(workers.values()) / 1024, 1),
            "master_rss_mib": round(rss_kib(server.pid) / 1024, 1),
        }
        shutil.rmtree(results / "wrk", ignore_errors=True)
        shutil.copytree(work / "wrk", results / "wrk", ignore=shutil.ignore_patterns("*.json"))
        shutil.copy(work / "gunicorn.log", results / "gunicorn.log")

        result = {
            "finished_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": {**machine(), "background_busy_cores": background},
            "versions": versions(),
            "server": {
                "command": "gunicorn caseapp.wsgi:application (bench.settings)",
                "workers": int(opts.workers),
                "worker_class": opts.worker_class,
                "threads": int(opts.worker_threads),
                "keep_alive_seconds": 5,
                "settings": {
                    k: "<generated>" if k == "DJANGO_SECRET_KEY" else v
                    for k, v in env.items()
                    if k.startswith(("DJANGO_", "CASEAPP_"))
                }
                | {"DATABASE_URL": postgres.url, "REDIS_URL": env["REDIS_URL"]},
            },
            "load": {
                "tool": "wrk",
                "threads": opts.threads,
                "connections": opts.connections,
                "seconds": opts.seconds,
                "rounds": opts.rounds,
                "timeout_seconds": 30,
            },
            "targets": {
                "step_vs_baseline": TARGETS["step"],
                "answer_vs_baseline": TARGETS["answer"],
                "p99_ms": P99_TARGET_MS,
            },
            "endpoints": endpoints,
            # Each page run over the mean of the baseline runs before and after it.
            "pairs": pairs,
            "ratios": ratio_summary(pairs),
            "runs": runs,
            "answer_check": answer_check,
            "scenario": scenario,
            "pages": pages,
            "memory": memory,
            "scorm": scorm,
            "meta": meta,
            "server_log_lines": len((work / "gunicorn.log").read_text().splitlines()),
        }
        table = markdown(result)
        result["total_seconds"] = round(time.monotonic() - begun, 1)
        (results / "latest.json").write_text(json.dumps(result, indent=2) + "\n")
        (results / "latest.md").write_text(TITLE + table)
        readme = not opts.no_readme and update_readme(summary_markdown(result))
        log("stopping gunicorn, Redis and PostgreSQL")

    print("\n" + table)
    written = [results / "latest.json", results / "latest.md"] + (["README.md"] if readme else [])
    print("Written: " + ", ".join(map(str, written)))
    log(f"done in {time.monotonic() - begun:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
