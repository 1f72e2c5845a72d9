"""Processes the serve bench starts, and stops again by their PIDs, whatever happens."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class Skipped(Exception):
    """A peer the bench cannot set up here: the message says why, and the row shows it."""


def peers_dir() -> Path:
    """Where peers are installed: never inside the repository."""
    path = Path(os.environ.get("BENCH_PEERS_DIR") or ROOT.parent / "peers").resolve()
    if path == ROOT or ROOT in path.parents:
        raise SystemExit(f"BENCH_PEERS_DIR ({path}) must be outside the repository ({ROOT})")
    path.mkdir(parents=True, exist_ok=True)
    return path


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def wait_for_port(
    port: int, process: subprocess.Popen[bytes], log: Path, timeout: float = 90
) -> None:
    """Until something listens on `port`; a clear error if `process` dies first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"{process.args[0]} exited ({process.returncode}) before listening on "
                f"port {port}; its log: {log}\n{tail(log)}"
            )
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on port {port} after {timeout:.0f}s; log: {log}")


def wait_for_path(
    path: Path, process: subprocess.Popen[bytes], log: Path, timeout: float = 90
) -> None:
    """Until `path` (a socket) exists; a clear error if `process` dies first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"{process.args[0]} exited ({process.returncode}); its log: {log}\n{tail(log)}"
            )
        if path.exists():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{path} did not appear after {timeout:.0f}s; log: {log}")


def tail(log: Path, lines: int = 15) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


class Services:
    """Every process the bench started, stopped in reverse order by PID (SIGTERM, then SIGKILL
    after a grace period). Servers that fork workers (granian, gunicorn, nginx, php-fpm) stop
    their own workers on SIGTERM."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.started: list[tuple[str, subprocess.Popen[bytes]]] = []

    def start(
        self,
        name: str,
        command: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        port: int | None = None,
        ready_path: Path | None = None,
    ) -> subprocess.Popen[bytes]:
        if port is not None and not port_is_free(port):
            raise SystemExit(
                f"port {port} (for {name}) is taken: stop what listens there or set "
                "BENCH_PORT_BASE to another free range"
            )
        log = self.logs / f"{name}.log"
        with log.open("ab") as out:
            process = subprocess.Popen(
                list(command),
                cwd=cwd,
                env=dict(env) if env is not None else None,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        self.started.append((name, process))
        if port is not None:
            wait_for_port(port, process, log)
        if ready_path is not None:
            wait_for_path(ready_path, process, log)
        return process

    def stop_all(self) -> None:
        for _, process in reversed(self.started):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 30
        for name, process in reversed(self.started):
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                print(f"{name} (pid {process.pid}) ignored SIGTERM: killing it")
                process.kill()
                process.wait()
        self.started.clear()
