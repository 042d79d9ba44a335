"""Session fixtures: one live service (scripts/serve-for-tests.sh) and gRPC stubs connected to it.

Only the generated stubs in gen/python plus grpcio, grpcio-status and googleapis-common-protos are
used, as any Python enforcer would.
"""

from __future__ import annotations

import os
import queue
import secrets
import signal
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import grpc
import pytest

from sessionpolicy.v1 import admin_service_pb2_grpc, resolver_service_pb2_grpc

REPO_ROOT = Path(__file__).resolve().parents[3]
READY_TIMEOUT_S = float(os.environ.get("SESSION_POLICY_READY_TIMEOUT_S", "300"))
STOP_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class LiveService:
    target: str
    token: str


def _tail(path: Path, limit: int = 8000) -> str:
    try:
        return path.read_text(errors="replace")[-limit:]
    except OSError:
        return "(none)"


@pytest.fixture(scope="session")
def live_service() -> Iterator[LiveService]:
    """Runs `bash scripts/serve-for-tests.sh` from the repo root until the session ends."""
    workdir = Path(tempfile.mkdtemp(prefix="sessionpolicy-pytest-"))
    stderr_path = workdir / "serve-for-tests.stderr"
    service_log = workdir / "service.log"
    env = dict(os.environ, SERVE_LOG=str(service_log))
    with open(stderr_path, "wb") as stderr:
        process = subprocess.Popen(
            ["bash", "scripts/serve-for-tests.sh"],
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            # Its own process group, so a server that ignores SIGTERM can still be killed whole.
            start_new_session=True,
        )
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:  # keeps draining stdout so the script never blocks on a full pipe
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, name="serve-for-tests-stdout", daemon=True).start()

    def diagnostics() -> str:
        return (
            f"\n--- serve-for-tests.sh stderr ---\n{_tail(stderr_path)}"
            f"\n--- service log ---\n{_tail(service_log)}"
        )

    def stop() -> int | None:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                return process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                return None
        return process.returncode

    try:
        try:
            line = lines.get(timeout=READY_TIMEOUT_S)
        except queue.Empty:
            line = None
        fields = line.split() if line else []
        if len(fields) != 3 or fields[0] != "READY" or not fields[1].isdigit():
            stop()
            pytest.fail(f"serve-for-tests.sh did not print 'READY <port> <token>' (got {line!r}){diagnostics()}", pytrace=False)
    except BaseException:
        stop()
        raise

    try:
        yield LiveService(target=f"127.0.0.1:{fields[1]}", token=fields[2])
    finally:
        code = stop()
    if code is None:
        pytest.fail(f"serve-for-tests.sh ignored SIGTERM for {STOP_TIMEOUT_S:.0f} s and was killed{diagnostics()}", pytrace=False)
    if code != 0:
        pytest.fail(f"serve-for-tests.sh exited with {code} on SIGTERM{diagnostics()}", pytrace=False)


@pytest.fixture(scope="session")
def channel(live_service: LiveService) -> Iterator[grpc.Channel]:
    with grpc.insecure_channel(live_service.target) as ch:
        grpc.channel_ready_future(ch).result(timeout=30)
        yield ch


@pytest.fixture(scope="session")
def admin(channel: grpc.Channel) -> admin_service_pb2_grpc.SessionPolicyAdminServiceStub:
    return admin_service_pb2_grpc.SessionPolicyAdminServiceStub(channel)


@pytest.fixture(scope="session")
def resolver(channel: grpc.Channel) -> resolver_service_pb2_grpc.SessionPolicyResolverServiceStub:
    return resolver_service_pb2_grpc.SessionPolicyResolverServiceStub(channel)


@pytest.fixture(scope="session")
def auth(live_service: LiveService) -> tuple[tuple[str, str], ...]:
    """Call metadata of the service's dev admin (platform admin: application and every organization)."""
    return (("authorization", f"Bearer {live_service.token}"),)


@pytest.fixture(scope="session")
def run_id() -> str:
    """Distinguishes this run's organizations from any other run's on a shared store."""
    return secrets.token_hex(3)
