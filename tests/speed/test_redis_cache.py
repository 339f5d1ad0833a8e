"""The Redis cache (sessions in production) on a real Redis server started for the test."""

import shutil
import socket
import subprocess
import time

import pytest

from caseapp.speed.redis_cache import RedisCache


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_redis(port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return proc
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError("redis-server did not start")


@pytest.fixture
def redis_port():
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (make bench installs it)")
    port = free_port()
    proc = start_redis(port)
    yield port
    proc.kill()
    proc.wait()


def test_values_round_trip_and_survive_a_redis_restart(redis_port):
    cache = RedisCache(f"redis://127.0.0.1:{redis_port}/0", {})
    cache.set("session:a", {"user": 7}, 60)
    cache.set_many({"b": 1, "c": [1, 2]}, 60)
    assert cache.get("session:a") == {"user": 7}
    assert cache.get_many(["b", "c", "nope"]) == {"b": 1, "c": [1, 2]}
    cache.delete("b")
    assert cache.get("b") is None
    # The client object is kept between calls; its pool reconnects after a restart.
    subprocess.run(["redis-cli", "-p", str(redis_port), "shutdown", "nosave"], check=False)
    time.sleep(0.2)
    restarted = start_redis(redis_port)
    try:
        cache.set("after", "restart", 60)
        assert cache.get("after") == "restart"
    finally:
        restarted.kill()
        restarted.wait()
