"""A production-like server (gunicorn, DEBUG off): killed workers and a stopped database."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from django.db import connections

from caseapp.models import Answer, Attempt
from tests.factories import make_case

from .clients import Learner, NoRedirect, run_all

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
PGBIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    db = connections["default"].settings_dict
    if connections["default"].vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def production_env(url: str, static: Path) -> dict:
    from django.conf import settings

    return {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "caseapp.settings",
        "DJANGO_DEBUG": "false",
        # The tests' key: sessions made by the tests must hold for the server too.
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SERVE_MEDIA": "true",
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DJANGO_STATIC_ROOT": str(static),
        "DATABASE_URL": url,
    }


class Server:
    def __init__(self, env: dict, workers: int = 3):
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [str(GUNICORN), "caseapp.wsgi", "-b", f"127.0.0.1:{self.port}", "-w", str(workers),
             "--graceful-timeout", "3", "--timeout", "30"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while status(self.base + "/accounts/login/") != 200:
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)

    def workers(self) -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == self.process.pid:
                    pids.append(int(entry.name))
        return pids

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


def status(url: str, cookie: str = "") -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    opener = urllib.request.build_opener(NoRedirect())
    try:
        with opener.open(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return -1


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_load_loses_no_acknowledged_answer(tmp_path):
    case = make_case(steps=6)
    server = Server(production_env(database_url(), tmp_path / "static"))
    try:
        learners = [Learner(server.base, f"k{i}") for i in range(12)]
        acknowledged = []

        def walk(learner, index):
            def run():
                assert learner.post(f"/cases/{case.pk}/start/", {}, htmx=False) == 302
                attempt = Attempt.objects.get(learner__username=f"k{index}")
                for step in attempt.version.content["steps"]:
                    for question in step["questions"]:
                        data = {"choice": "b"} if question["type"] == "single" else {
                            "x": "0.2", "y": "0.5"}  # fmt: skip
                        url = f"/attempts/{attempt.pk}/questions/{question['key']}/answer/"
                        for _ in range(5):  # a learner presses again when a request breaks
                            code = learner.post(url, data)
                            if code == 200:
                                acknowledged.append((attempt.pk, question["key"]))
                            if code in (200, 409):
                                break
                            time.sleep(0.2)

            return run

        killer_done = []

        def killer():
            deadline = time.monotonic() + 30
            while len(acknowledged) < 20 and time.monotonic() < deadline:
                time.sleep(0.01)  # strike in the middle of the load
            victim = server.workers()[0]
            os.kill(victim, signal.SIGKILL)
            killer_done.append(victim)

        run_all([walk(learner, i) for i, learner in enumerate(learners)] + [killer])
        assert killer_done
        assert len(acknowledged) > 20
        stored = Counter(Answer.objects.values_list("attempt_id", "question_key"))
        assert all(count == 1 for count in stored.values())
        assert len(stored) == 12 * 7  # every learner got every answer in, in the end
        assert set(acknowledged) <= set(stored)
        assert len(acknowledged) == len(set(acknowledged))
        # The master replaced the worker and the server keeps serving.
        assert status(server.base + "/accounts/login/") == 200
        assert killer_done[0] not in server.workers()
        # The memory budget: each serving worker stays under 150 MB resident after the load.
        for pid in server.workers():
            rss = int(re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())[1])
            assert rss < 150 * 1024, f"worker {pid} holds {rss // 1024} MiB"
    finally:
        server.stop()


def as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@pytest.fixture
def own_postgres():
    """A throwaway PostgreSQL server this test can stop and start again."""
    if not (PGBIN / "postgres").exists():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL binaries are missing")
        pytest.skip("PostgreSQL binaries are missing")
    data = Path(tempfile.mkdtemp(prefix="caseapp-pg-"))
    if os.geteuid() == 0:
        shutil.chown(data, "postgres")
    port = free_port()
    ctl = [str(PGBIN / "pg_ctl"), "-D", str(data), "-w", "-l", str(data / "log")]
    options = ["-o", f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off"]
    run = lambda args: subprocess.run(as_postgres(args), check=True, capture_output=True)  # noqa: E731
    run([str(PGBIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"])
    run([*ctl, *options, "start"])
    try:
        yield {
            "url": f"postgres://postgres@127.0.0.1:{port}/postgres",
            "stop": lambda: run([*ctl, "-m", "fast", "stop"]),
            "start": lambda: run([*ctl, *options, "start"]),
        }
    finally:
        subprocess.run(as_postgres([*ctl, "-m", "immediate", "stop"]), capture_output=True)
        shutil.rmtree(data, ignore_errors=True)


def test_a_stopped_database_gives_503_and_service_returns_without_a_restart(own_postgres, tmp_path):
    env = production_env(own_postgres["url"], tmp_path / "static")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    server = Server(env, workers=2)
    cookie = "sessionid=" + "x" * 32  # a session the database must be asked about
    page = server.base + "/"
    try:
        assert status(page, cookie) == 302  # unknown session: sent to sign in
        own_postgres["stop"]()
        request = urllib.request.Request(page, headers={"Cookie": cookie})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 503
        assert b"temporarily unavailable" in refused.value.read()
        own_postgres["start"]()
        deadline = time.monotonic() + 20
        while status(page, cookie) != 302:
            assert time.monotonic() < deadline, "service did not come back"
            time.sleep(0.3)
    finally:
        server.stop()
