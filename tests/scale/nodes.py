"""Web nodes started as separate processes against the test database, and a small HTTP client
that keeps its cookies like a browser behind a load balancer (one jar for every node)."""

from __future__ import annotations

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent.parent
START_TIMEOUT = 30.0
REQUEST_TIMEOUT = 20.0
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def database_url(settings_dict: dict) -> str:
    """``DATABASE_URL`` for the database the test runs on (``test_utlysning``, or
    ``test_utlysning_gw0`` … under pytest-xdist); a socket folder as host is percent-encoded."""
    user = quote(settings_dict.get("USER") or "postgres", safe="")
    password = settings_dict.get("PASSWORD")
    auth = f"{user}:{quote(password, safe='')}" if password else user
    host = quote(str(settings_dict.get("HOST") or "localhost"), safe="")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{quote(settings_dict['NAME'], safe='')}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Node:
    name: str
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"


def node_environment(*, database: str, private_root: Path, **extra: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.scale.node_settings",
        "DATABASE_URL": database,
        "UTLYSNING_PRIVATE_MEDIA_ROOT": str(private_root),
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def start_node(name: str, *, environment: dict, log_dir: Path) -> Node:
    """One gunicorn server with one worker on a free loopback port."""
    port = free_port()
    log = log_dir / f"{name}.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--timeout",
                "30",
                "--access-logfile",
                "-",
                "config.wsgi",
            ],
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Node(name, port, process, log)


def wait_until_serving(node: Node, *, timeout: float = START_TIMEOUT) -> None:
    """Until /healthz answers 200; fails with the node's log when it exits or takes too long."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if node.process.poll() is not None:
            break
        try:
            connection = http.client.HTTPConnection("127.0.0.1", node.port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.2)
    raise AssertionError(f"node {node.name} did not start:\n{node.log.read_text()[-3000:]}")


def stop(process: subprocess.Popen, *, timeout: float = 10.0) -> None:
    """SIGTERM to the process group, SIGKILL when it has not exited in time."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)
    except ProcessLookupError:
        pass


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    def csrf_token(self) -> str:
        found = TOKEN.search(self.text)
        assert found, f"no CSRF token on the page (status {self.status})"
        return found.group(1)


@dataclass
class Browser:
    """Cookies are per host, not per port, so one jar serves every node as a browser's would."""

    cookies: dict = field(default_factory=dict)

    def request(self, node: Node, method: str, path: str, *, body=b"", headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", node.port, timeout=REQUEST_TIMEOUT)
        sent = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body or None, headers=sent)
            answer = connection.getresponse()
            response = Response(answer.status, answer.headers, answer.read())
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response

    def get(self, node: Node, path: str) -> Response:
        return self.request(node, "GET", path)

    def post(self, node: Node, path: str, data: dict) -> Response:
        return self.request(
            node,
            "POST",
            path,
            body=urlencode(data).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )

    def upload(self, node: Node, path: str, data: dict, *, field_name, filename, content, kind):
        boundary = secrets.token_hex(16)
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            for name, value in data.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field_name}"; '
            f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            node,
            "POST",
            path,
            body=b"".join(parts),
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )


def start_worker(name: str, *, environment: dict, log_dir: Path) -> subprocess.Popen:
    """A background worker (``manage.py db_worker``) on the same database as the nodes."""
    log = log_dir / f"{name}.log"
    with open(log, "wb") as out:
        return subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            [sys.executable, "manage.py", "db_worker"],
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
