# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""Plumbing shared by the integration tests, the self-check and the demo.

* `ReferenceServer`: runs reference_server.py as a subprocess (start, stop, restart on the
  same port, read its request log; with `auth=MODE`, the SDK's OAuth server and its secrets file).
* `EditorRecord`: the editor's side of a session — elicitation and sampling callbacks that
  answer deterministically, and a message_handler that records every exception the SDK saw
  while reading (a non-JSON line on the bridge's stdout shows up there).
* `bridge_session`: spawns mcp-warden exactly as an editor does — the SDK's `stdio_client`
  plus `ClientSession` — with stderr captured to a file and stdout teed to a capture file.
* `direct_session`: the same ClientSession connected straight to the server over HTTPS
  (Streamable HTTP or legacy SSE): the "no bridge" baseline and the harness self-check.
* `RawBridge`: mcp-warden driven by a plain subprocess writing raw lines on stdin.
* `FastMCPServer`: fastmcp_server.py (FastMCP, the second server and authorization server) with the
  same request-log and restart plumbing as `ReferenceServer`.
* `stdout_problems`: every stdout line must be one JSON-RPC message.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from unittest import mock
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import httpx2

import mcp.types as types
from mcp.types.version import LATEST_HANDSHAKE_VERSION
from mcp.client.session import ClientRequestContext, ClientSession
from mcp.client.sse import sse_client
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client

from pki import PKIPaths

INTEGRATION_DIR = Path(__file__).resolve().parent
PYTHON = sys.executable
SERVER_SCRIPT = INTEGRATION_DIR / "reference_server.py"
TEE_SCRIPT = INTEGRATION_DIR / "stdout_tee.py"
# What the SDK's stdio client lets through to the child; raw subprocess tests use the same.
EDITOR_ENV_KEYS = ("HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER")


def free_port() -> int:
    """A TCP port on 127.0.0.1 with nothing listening on it (at the time of the call)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def editor_env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment an editor gives the bridge: the SDK's safe set plus MCP_WARDEN_HOME, plus
    `extra` (e.g. BROWSER and SSL_CERT_FILE for the OAuth tests, see oauth_harness.TestBrowser)."""
    env = {k: os.environ[k] for k in EDITOR_ENV_KEYS if k in os.environ}
    env["MCP_WARDEN_HOME"] = str(home)
    env.update(extra or {})
    return env


# --------------------------------------------------------------------------- server


class ReferenceServer:
    """reference_server.py in a subprocess. One request log per instance, kept across restarts."""

    def __init__(
        self,
        pki: PKIPaths,
        workdir: Path,
        *,
        sse_only: bool = False,
        json_response: bool = False,
        modern_only: bool = False,
        name: str = "server",
        chain: Path | None = None,
        key: Path | None = None,
        auth: str | None = None,
        access_token_ttl: float | None = None,
        refresh_token_ttl: float | None = None,
        test_controls: bool = False,
        request_log: bool = True,
        http_server: str = "uvicorn",
        tool_controls: bool = False,
    ) -> None:
        """`auth`: None (no OAuth at all) or an --auth MODE such as "ok" or "iss,scope-stepup".
        `test_controls` (with `auth`): serve /_test/revoke-all and /_test/fail-token, used by
        `revoke_all()` and `fail_token()`. `request_log=False` (the benchmark) writes no request
        log, so the server spends nothing on it; `requests()` is then always empty.
        `http_server="hypercorn"` serves the same app over HTTP/2 (ALPN h2, and http/1.1 for a client
        that offers only that); uvicorn, the default, speaks HTTP/1.1 only.
        `tool_controls`: serve /_test/tools, used by `set_tools()` (tool_controls.py)."""
        self.pki = pki
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.sse_only = sse_only
        self.json_response = json_response
        self.modern_only = modern_only
        self.name = name
        self.chain = chain or pki.chain
        self.key = key or pki.leaf_key
        self.request_log = self.workdir / f"{name}.requests.jsonl"
        self.stderr_path = self.workdir / f"{name}.stderr"
        self.ready_file = self.workdir / f"{name}.ready"
        self.auth = auth
        self.access_token_ttl = access_token_ttl
        self.refresh_token_ttl = refresh_token_ttl
        self.test_controls = test_controls
        self.log_requests = request_log
        self.http_server = http_server
        self.tool_controls = tool_controls
        self.auth_secrets = self.workdir / f"{name}.secrets.json" if auth else None
        self.port: int | None = None
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    # URLs use 127.0.0.1, the address the leaf certificate names and the server binds.
    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def mcp_url(self) -> str:
        return self.origin + "/mcp"

    @property
    def sse_url(self) -> str:
        return self.origin + "/sse"

    @property
    def resource_metadata_url(self) -> str:
        """With auth: the RFC 9728 document named in every 401 (one for /mcp and /sse)."""
        return self.origin + "/.well-known/oauth-protected-resource"

    @property
    def as_metadata_url(self) -> str:
        return self.origin + "/.well-known/oauth-authorization-server"

    def secrets(self) -> dict[str, Any]:
        """The parsed --auth-secrets file: every secret the server issued or received (see
        auth_provider.SecretLedger). Empty without auth."""
        if self.auth_secrets is None or not self.auth_secrets.exists():
            return {}
        return json.loads(self.auth_secrets.read_text())

    def secret_values(self) -> set[str]:
        """Every secret value of `secrets()` in one set, for leak searches."""
        data = self.secrets()
        return {value for kind, values in data.items() if isinstance(values, list) and kind != "modes"
                for value in values}

    #: How start-up errors name the server.
    kind = "reference server"

    def argv(self, port: int | None) -> list[str]:
        """The server's command line (`port` None: a free one)."""
        argv = [
            PYTHON, str(SERVER_SCRIPT),
            "--port", str(port or 0),
            "--cert-chain", str(self.chain),
            "--key", str(self.key),
            "--ready-file", str(self.ready_file),
        ]
        if self.log_requests:
            argv += ["--request-log", str(self.request_log)]
        if self.sse_only:
            argv.append("--sse-only")
        if self.json_response:
            argv.append("--json-response")
        if self.modern_only:
            argv.append("--modern-only")
        if self.http_server != "uvicorn":
            argv += ["--server", self.http_server]
        if self.tool_controls:
            argv.append("--tool-controls")
        if self.auth:
            argv += ["--auth", self.auth, "--auth-secrets", str(self.auth_secrets)]
            if self.access_token_ttl is not None:
                argv += ["--access-token-ttl", str(self.access_token_ttl)]
            if self.refresh_token_ttl is not None:
                argv += ["--refresh-token-ttl", str(self.refresh_token_ttl)]
            if self.test_controls:
                argv.append("--test-controls")
        return argv

    def start(self, port: int | None = None, timeout: float = 20.0) -> None:
        """Start and wait for the ready file; on a restart the port may be held for a moment."""
        assert self.proc is None, "server already running"
        self.ready_file.unlink(missing_ok=True)
        argv = self.argv(port)
        deadline = time.monotonic() + timeout
        while True:
            with open(self.stderr_path, "ab") as err:
                err.write(f"--- start #{self.starts + 1}: {' '.join(argv)}\n".encode())
                err.flush()
                self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=err, stderr=err)
            while not self.ready_file.exists():
                if self.proc.poll() is not None:
                    break
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"{self.kind} did not start in {timeout} s; see {self.stderr_path}")
                time.sleep(0.02)
            if self.ready_file.exists():
                break
            # Exited before ready: on a restart the port may still be held for a moment.
            self.proc = None
            if port is None or time.monotonic() > deadline:
                raise RuntimeError(f"{self.kind} exited at start; see {self.stderr_path}:\n{self.stderr()[-2000:]}")
            time.sleep(0.2)
        self.port = int(self.ready_file.read_text().strip())
        self.starts += 1

    def stop(self, kill: bool = False) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.proc = None

    def restart(self) -> None:
        """Kill the server (forgetting every session) and start a fresh one on the same port."""
        port = self.port
        self.stop(kill=True)
        self.start(port=port)
        assert self.port == port

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""

    def tool_events(self) -> list[dict[str, Any]]:
        """What tools recorded (see `record_tool_event` in reference_server.py)."""
        path = Path(str(self.request_log) + ".tools")
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]

    def requests(self) -> list[dict[str, Any]]:
        if not self.request_log.exists():
            return []
        out = []
        for line in self.request_log.read_text().splitlines():
            if line.strip():
                out.append(json.loads(line))
        return out

    def mark(self) -> int:
        """A position in the request log; pass it to `requests_since`."""
        return len(self.requests())

    def requests_since(self, mark: int) -> list[dict[str, Any]]:
        return self.requests()[mark:]

    def wait_for_request(
        self, predicate: Callable[[dict[str, Any]], bool], since: int = 0, timeout: float = 2.0
    ) -> dict[str, Any] | None:
        deadline = time.monotonic() + timeout
        while True:
            for entry in self.requests_since(since):
                if predicate(entry):
                    return entry
            if time.monotonic() > deadline:
                return None
            time.sleep(0.02)

    # ---------------------------------------------------------------- OAuth: counts and controls

    def requests_to(self, path: str, since: int = 0) -> list[dict[str, Any]]:
        """Request-log entries for `path` (e.g. "/token", "/mcp"), from position `since` on."""
        return [e for e in self.requests_since(since) if e.get("path") == path]

    def count(self, path: str, since: int = 0) -> int:
        """How many requests reached `path` (e.g. "/authorize", "/register")."""
        return len(self.requests_to(path, since))

    def token_requests(self, grant_type: str | None = None, since: int = 0,
                       status: int | None = None) -> list[dict[str, Any]]:
        """/token entries, optionally only one grant_type ("authorization_code", "refresh_token")
        and one HTTP status."""
        return [e for e in self.requests_to("/token", since)
                if (grant_type is None or (e.get("oauth") or {}).get("grant_type") == grant_type)
                and (status is None or e.get("status") == status)]

    def refresh_token_statuses(self, since: int = 0) -> list[str | None]:
        """`refresh_token_status` of each refresh request ("live", "reused", "revoked", …); "reused"
        means the server detected a replay of a rotated token and revoked its family."""
        return [(e.get("oauth") or {}).get("refresh_token_status") for e in self.token_requests("refresh_token", since)]

    def reuse_detections(self, since: int = 0) -> int:
        return sum(1 for status in self.refresh_token_statuses(since) if status == "reused")

    def set_tools(self, **settings: Any) -> dict[str, Any]:
        """How tools/list answers from now on (tool_controls.py): `changes={"echo": {"description": …}}`,
        `add=[tool, …]`, `generate=N`, `duplicate=[name]`, `page_size=N`; no argument restores the
        SDK's own list. Blocking (a short HTTPS request)."""
        assert self.tool_controls, "start the server with tool_controls=True to use /_test/tools"
        return self._post_control("/_test/tools", settings, check=False)

    def _post_control(self, path: str, body: dict[str, Any] | None = None, check: bool = True) -> dict[str, Any]:
        assert not check or self.test_controls, "start the server with test_controls=True to use its /_test/ routes"
        assert self.port is not None, "server not started"
        with httpx2.Client(verify=client_ssl_context(self.pki.root), timeout=60.0) as http:
            response = http.post(self.origin + path, json=body or {})
        assert response.status_code == 200, f"POST {path} answered {response.status_code}: {response.text}"
        return response.json()

    def revoke_all(self) -> dict[str, Any]:
        """Revoke every grant on the server (clients stay registered): every live access and refresh
        token is dead from now on. Returns {"revoked": N, "access_tokens": A, "refresh_tokens": R,
        "grants": G}. Blocking (a short HTTPS request)."""
        return self._post_control("/_test/revoke-all")

    def fail_token(self, count: int, status: int = 503, retry_after: str | None = None,
                   error: str | None = None) -> dict[str, Any]:
        """The next `count` requests to /token are answered `status` with
        {"error": "temporarily_unavailable"} (or `error`: e.g. "invalid_client"; nothing issued,
        nothing consumed), and `Retry-After: retry_after` when given; their log entries have
        `oauth.injected == "fail-token"`. Blocking (a short HTTPS request)."""
        body: dict[str, Any] = {"count": count, "status": status}
        if retry_after is not None:
            body["retry_after"] = retry_after
        if error is not None:
            body["error"] = error
        return self._post_control("/_test/fail-token", body)

    def fail_revoke(self, count: int, status: int = 503) -> dict[str, Any]:
        """The same for /revoke: the next `count` revocation requests fail, nothing is revoked."""
        return self._post_control("/_test/fail-revoke", {"count": count, "status": status})


def format_requests(entries: Sequence[dict[str, Any]]) -> str:
    """The request log as short human lines, for assertion messages."""
    lines = []
    for e in entries:
        sid = e.get("mcp-session-id")
        bits = [f"{e['method']} {e['path']}", f"-> {e.get('status')}"]
        if e.get("rpc_method") or e.get("rpc_kind"):
            bits.append(f"rpc={e.get('rpc_method') or e.get('rpc_kind')} id={e.get('rpc_id')}")
        if e.get("rpc_name"):
            bits.append(f"tool={e['rpc_name']}")
        if sid:
            bits.append(f"session={sid[:8]}")
        if e.get("last-event-id"):
            bits.append(f"last-event-id={e['last-event-id']}")
        if e.get("mcp-protocol-version"):
            bits.append(f"pv={e['mcp-protocol-version']}")
        lines.append("  " + " ".join(bits))
    return "\n".join(lines) or "  (no requests)"


# --------------------------------------------------------------------------- editor side


def elicitation_answer(question: str) -> str:
    return f"answer to: {question}"


def model_reply(prompt: str) -> str:
    return f"model reply to: {prompt}"


@dataclass
class EditorRecord:
    """Everything the editor's ClientSession saw besides plain responses."""

    stream_exceptions: list[Exception] = field(default_factory=list)
    notifications: list[Any] = field(default_factory=list)
    logs: list[types.LoggingMessageNotificationParams] = field(default_factory=list)
    elicitations: list[types.ElicitRequestParams] = field(default_factory=list)
    samplings: list[types.CreateMessageRequestParams] = field(default_factory=list)

    async def message_handler(self, message: Any) -> None:
        if isinstance(message, Exception):
            self.stream_exceptions.append(message)
        else:
            self.notifications.append(message)

    async def logging_callback(self, params: types.LoggingMessageNotificationParams) -> None:
        self.logs.append(params)

    async def elicitation_callback(
        self, context: ClientRequestContext, params: types.ElicitRequestParams
    ) -> types.ElicitResult | types.ErrorData:
        self.elicitations.append(params)
        return types.ElicitResult(action="accept", content={"answer": elicitation_answer(params.message)})

    async def sampling_callback(
        self, context: ClientRequestContext, params: types.CreateMessageRequestParams
    ) -> types.CreateMessageResult | types.ErrorData:
        self.samplings.append(params)
        content = params.messages[-1].content if params.messages else None
        prompt = content.text if isinstance(content, types.TextContent) else repr(content)
        return types.CreateMessageResult(
            role="assistant",
            content=types.TextContent(type="text", text=model_reply(prompt)),
            model="integration-test-model",
            stop_reason="endTurn",
        )

    def session_kwargs(self) -> dict[str, Any]:
        return {
            "message_handler": self.message_handler,
            "logging_callback": self.logging_callback,
            "elicitation_callback": self.elicitation_callback,
            "sampling_callback": self.sampling_callback,
        }

    def exception_report(self) -> str:
        return "\n".join(f"  {type(e).__name__}: {e}" for e in self.stream_exceptions)


def result_text(message: dict[str, Any]) -> str | None:
    """The text of a raw JSON-RPC tool-call response line, None for anything else."""
    result = message.get("result")
    if not isinstance(result, dict) or not isinstance(result.get("content"), list):
        return None
    return "".join(c.get("text", "") for c in result["content"] if isinstance(c, dict))


def stdout_problems(data: bytes, limit: int = 10) -> list[str]:
    """Why `data` (a whole stdout) is not a sequence of newline-terminated JSON-RPC messages."""
    if not data:
        return []
    problems: list[str] = []
    lines = data.split(b"\n")
    if lines[-1]:
        problems.append(f"stdout ends with an unterminated line: {lines[-1][:200]!r}")
    for number, line in enumerate(lines[:-1], start=1):
        try:
            types.jsonrpc_message_adapter.validate_json(line, by_name=False)
        except ValueError as exc:
            first = str(exc).splitlines()[0]
            problems.append(f"stdout line {number} is not a JSON-RPC message ({first}): {line[:200]!r}")
        if len(problems) >= limit:
            problems.append("…")
            break
    return problems


@dataclass
class BridgeRun:
    """Files of one spawned mcp-warden process."""

    name: str
    argv: list[str]
    workdir: Path
    shared_home: Path | None = None  # MCP_WARDEN_HOME shared with other runs; default <name>.home

    @property
    def stderr_path(self) -> Path:
        return self.workdir / f"{self.name}.stderr"

    @property
    def stdout_path(self) -> Path:
        return self.workdir / f"{self.name}.stdout"

    @property
    def home(self) -> Path:
        """MCP_WARDEN_HOME of this run: `<workdir>/<name>.home`, or the `home=` it was given."""
        return self.shared_home if self.shared_home is not None else self.workdir / f"{self.name}.home"

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""

    def stdout_bytes(self) -> bytes:
        return self.stdout_path.read_bytes() if self.stdout_path.exists() else b""

    def stdout_messages(self) -> list[dict[str, Any]]:
        out = []
        for line in self.stdout_bytes().split(b"\n"):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except ValueError:
                    out.append({"_unparsable": line[:200].decode("utf-8", "replace")})
        return out

    def exit_status(self, timeout: float = 1.0) -> str | None:
        """"exit N" or "signal N" as recorded by the stdout tee, None if it never exited by itself."""
        rc_path = Path(str(self.stdout_path) + ".rc")
        deadline = time.monotonic() + timeout
        while not rc_path.exists():
            if time.monotonic() > deadline:
                return None
            time.sleep(0.02)
        return rc_path.read_text().strip()

    def stderr_tail(self, n: int = 3000) -> str:
        text = self.stderr()
        return text[-n:] if text else "(stderr empty)"


@dataclass
class EditorConnection:
    session: ClientSession
    record: EditorRecord
    init: types.InitializeResult
    run: BridgeRun | None = None  # None when connected directly to the server

    def context(self) -> str:
        """Extra text for assertion messages: the bridge's stderr tail."""
        if self.run is None:
            return ""
        return f"\n--- mcp-warden stderr ({self.run.stderr_path}):\n{self.run.stderr_tail()}"


def check_binary(binary: str | None) -> str:
    """The bridge binary to test, or an AssertionError saying why there is none."""
    if not binary:
        raise AssertionError(
            "MCP_WARDEN_BIN is not set: the integration tests need the mcp-warden binary "
            "(e.g. MCP_WARDEN_BIN=/work/main/.build/release/mcp-warden); they fail rather than skip"
        )
    path = Path(binary)
    if not path.is_file() or not os.access(path, os.X_OK):
        raise AssertionError(f"MCP_WARDEN_BIN={binary} is not an executable file (build it first)")
    return str(path)


def bridge_argv(binary: str, url: str, ca_file: Path, args: Sequence[str] = ()) -> list[str]:
    return [binary, url, "--allow-unlisted", "--ca-file", str(ca_file), *args]


@asynccontextmanager
async def bridge_session(
    binary: str,
    url: str,
    *,
    ca_file: Path,
    workdir: Path,
    name: str = "bridge",
    args: Sequence[str] = (),
    record: EditorRecord | None = None,
    read_timeout: float = 30.0,
    init_timeout: float = 20.0,
    expect_clean_exit: bool = True,
    handshake: str = "initialize",
    handshake_version: str | None = None,
    env: dict[str, str] | None = None,
    home: Path | None = None,
) -> AsyncIterator[EditorConnection]:
    """Spawn mcp-warden like an editor (SDK stdio_client + ClientSession) and initialize.

    `handshake="discover"` makes the editor speak the stateless 2026-07-28 era instead: a
    `server/discover` probe, then every request carries the protocol version in `_meta`.
    `handshake_version` (with `handshake="initialize"`): the version the editor's `initialize`
    asks for, e.g. "2025-06-18" (default: the SDK's newest handshake version, 2025-11-25).

    On a normal exit of the `async with` body, asserts that the SDK saw no bad stdout line,
    that the captured stdout is only JSON-RPC lines, and that the bridge exited 0 by itself
    after stdin closed (the SDK client gives it 2 s before SIGTERM).

    `env` adds variables to the editor's environment (the SDK passes only a safe set).

    `home`: MCP_WARDEN_HOME for this run instead of `<workdir>/<name>.home`, so that differently
    named runs (each with its own stderr and stdout files) can share one vault.
    """
    record = record or EditorRecord()
    run = BridgeRun(name=name, argv=bridge_argv(binary, url, ca_file, args), workdir=Path(workdir),
                    shared_home=Path(home) if home is not None else None)
    run.home.mkdir(parents=True, exist_ok=True)
    run.home.chmod(0o700)  # mcp-warden refuses a configuration directory others can read
    params = StdioServerParameters(
        command=PYTHON,
        args=[str(TEE_SCRIPT), str(run.stdout_path), "--", *run.argv],
        env=editor_env(run.home, env),
    )
    body_failed = False
    try:
        with open(run.stderr_path, "w") as errlog:
            async with stdio_client(params, errlog=errlog) as (read, write):
                async with ClientSession(read, write, read_timeout_seconds=read_timeout, **record.session_kwargs()) as session:
                    try:
                        with anyio.fail_after(init_timeout), _handshake_version(handshake_version):
                            init = await (session.discover() if handshake == "discover" else session.initialize())
                    except Exception as exc:
                        raise AssertionError(
                            f"initialize through mcp-warden failed: {exc!r}\n--- stderr:\n{run.stderr_tail()}"
                        ) from exc
                    try:
                        yield EditorConnection(session=session, record=record, init=init, run=run)
                    except BaseException:
                        body_failed = True
                        raise
    except BaseExceptionGroup as group:
        # The SDK's task groups wrap the test's own failure; show that failure plainly.
        leaves = _leaf_exceptions(group)
        if len(leaves) == 1 and isinstance(leaves[0], Exception):
            raise leaves[0] from None
        raise
    if body_failed:
        return
    problems = []
    if record.stream_exceptions:
        problems.append("the SDK client saw errors while reading mcp-warden's stdout:\n" + record.exception_report())
    problems += stdout_problems(run.stdout_bytes())
    if expect_clean_exit:
        status = run.exit_status()
        if status != "exit 0":
            problems.append(
                f"mcp-warden did not exit 0 by itself after stdin EOF (status: {status or 'killed by the SDK client after 2 s'})"
            )
    if problems:
        raise AssertionError("\n".join(problems) + f"\n--- stderr:\n{run.stderr_tail()}")


@contextmanager
def _handshake_version(version: str | None) -> Iterator[None]:
    """The SDK's `ClientSession.initialize` always asks for its newest handshake version; an
    editor of an older release asks for `version` instead."""
    if version is None:
        yield
        return
    import mcp.client.session as sdk_session
    with mock.patch.object(sdk_session, "LATEST_HANDSHAKE_VERSION", version):
        yield


def _leaf_exceptions(group: BaseExceptionGroup) -> list[BaseException]:
    leaves: list[BaseException] = []
    for exc in group.exceptions:
        leaves.extend(_leaf_exceptions(exc) if isinstance(exc, BaseExceptionGroup) else [exc])
    return leaves


def client_ssl_context(ca_file: Path) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(ca_file))


@asynccontextmanager
async def direct_session(
    url: str,
    *,
    ca_file: Path,
    transport: str = "http",
    record: EditorRecord | None = None,
    read_timeout: float = 30.0,
    auth: httpx2.Auth | None = None,
) -> AsyncIterator[EditorConnection]:
    """The SDK client connected straight to the server (no bridge) over HTTPS.

    `auth`: an httpx2 auth such as the SDK's `OAuthClientProvider` (see oauth_harness.py)."""
    record = record or EditorRecord()
    ctx = client_ssl_context(ca_file)
    if transport == "http":
        async with httpx2.AsyncClient(verify=ctx, timeout=httpx2.Timeout(30.0, read=300.0), auth=auth) as http:
            async with streamable_http_client(url, http_client=http, max_sse_event_size=None) as (read, write):
                async with ClientSession(read, write, read_timeout_seconds=read_timeout, **record.session_kwargs()) as session:
                    init = await session.initialize()
                    yield EditorConnection(session=session, record=record, init=init)
    elif transport == "sse":

        def factory(headers=None, timeout=None, auth=None):  # type: ignore[no-untyped-def]
            return httpx2.AsyncClient(verify=ctx, headers=headers, timeout=timeout, auth=auth)

        async with sse_client(url, httpx_client_factory=factory, auth=auth) as (read, write):
            async with ClientSession(read, write, read_timeout_seconds=read_timeout, **record.session_kwargs()) as session:
                init = await session.initialize()
                yield EditorConnection(session=session, record=record, init=init)
    else:
        raise ValueError(transport)
    assert not record.stream_exceptions, "transport errors:\n" + record.exception_report()


# --------------------------------------------------------------------------- raw stdin/stdout


class RawBridge:
    """mcp-warden under a plain subprocess: raw lines in, every stdout line recorded."""

    def __init__(self, binary: str, url: str, *, ca_file: Path, workdir: Path, name: str = "raw", args: Sequence[str] = (),
                 env: dict[str, str] | None = None, home: Path | None = None) -> None:
        self.run = BridgeRun(name=name, argv=bridge_argv(binary, url, ca_file, args), workdir=Path(workdir),
                             shared_home=Path(home) if home is not None else None)
        self.extra_env = env
        self.run.home.mkdir(parents=True, exist_ok=True)
        self.run.home.chmod(0o700)
        self._lines: queue.Queue[bytes | None] = queue.Queue()
        self._raw = bytearray()
        self.proc: subprocess.Popen[bytes] | None = None
        self._stderr = None
        self._reader: threading.Thread | None = None
        self.exit_time: float | None = None

    def start(self) -> RawBridge:
        self._stderr = open(self.run.stderr_path, "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(
            self.run.argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env=editor_env(self.run.home, self.extra_env),
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read_stdout, daemon=True)
        self._reader.start()
        return self

    def _read_stdout(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        buf = b""
        with open(self.run.stdout_path, "wb", buffering=0) as cap:
            while True:
                chunk = os.read(self.proc.stdout.fileno(), 1 << 16)
                if not chunk:
                    break
                cap.write(chunk)
                self._raw += chunk
                buf += chunk
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    self._lines.put(line)
        if buf:
            self._lines.put(buf)
        self._lines.put(None)

    def send_raw(self, text: str | bytes) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        data = text.encode() if isinstance(text, str) else text
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message: dict[str, Any]) -> None:
        self.send_raw(json.dumps(message, separators=(",", ":")) + "\n")

    def recv(self, timeout: float = 10.0) -> dict[str, Any]:
        """The next stdout line, parsed; AssertionError if none comes or it is not JSON."""
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no line on mcp-warden's stdout within {timeout} s\n--- stderr:\n{self.run.stderr_tail()}") from None
        if line is None:
            self._lines.put(None)
            raise AssertionError(f"mcp-warden closed stdout (exit {self.proc.poll() if self.proc else '?'})\n--- stderr:\n{self.run.stderr_tail()}")
        try:
            return json.loads(line)
        except ValueError:
            raise AssertionError(f"stdout line is not JSON: {line[:300]!r}") from None

    def recv_response(self, request_id: Any, timeout: float = 10.0) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """Wait for the response to `request_id`; also return the other messages seen meanwhile."""
        others = []
        deadline = time.monotonic() + timeout
        while True:
            msg = self.recv(timeout=max(0.01, deadline - time.monotonic()))
            if "method" not in msg and msg.get("id") == request_id:
                return msg, others
            others.append(msg)

    def handshake(self, request_id: Any = 1) -> dict[str, Any]:
        """initialize (asserting a result) then notifications/initialized; returns the initialize response."""
        self.send(initialize_request(request_id))
        response, _ = self.recv_response(request_id, timeout=20)
        assert "result" in response, f"initialize failed: {response!r}\n--- stderr:\n{self.run.stderr_tail()}"
        self.send(INITIALIZED_NOTIFICATION)
        return response

    def initialize_once(self) -> tuple[dict[str, Any], int | None, str]:
        """Sends one initialize and lets the bridge finish (closing stdin if it keeps running): the
        response, the exit status and stderr. stdout must hold JSON-RPC lines only."""
        self.send(initialize_request(1))
        response, _ = self.recv_response(1, timeout=20)
        rc = self.wait(timeout=5)
        if rc is None:
            self.close_stdin()
            rc = self.wait(timeout=5)
        assert not stdout_problems(self.stdout_bytes()), stdout_problems(self.stdout_bytes())
        return response, rc, self.run.stderr()

    def close_stdin(self) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass

    def wait(self, timeout: float) -> int | None:
        assert self.proc is not None
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
        if self._reader is not None:
            self._reader.join(timeout=2)
        return rc

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(timeout=5)
        if self._reader is not None:
            self._reader.join(timeout=2)
        if self._stderr is not None:
            self._stderr.close()

    def stdout_bytes(self) -> bytes:
        return bytes(self._raw)

    def __enter__(self) -> RawBridge:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def initialize_request(request_id: Any = 1, protocol_version: str = LATEST_HANDSHAKE_VERSION) -> dict[str, Any]:
    return {
        "jsonrpc": "2.0",
        "id": request_id,
        "method": "initialize",
        "params": {
            "protocolVersion": protocol_version,
            "capabilities": {},
            "clientInfo": {"name": "raw-test-editor", "version": "0"},
        },
    }


INITIALIZED_NOTIFICATION = {"jsonrpc": "2.0", "method": "notifications/initialized"}
# One initialize (id 1) as an editor writes it on the bridge's stdin.
INITIALIZE_LINE = (json.dumps(initialize_request(1)) + "\n").encode()


def tool_call(request_id: Any, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": request_id, "method": "tools/call", "params": {"name": name, "arguments": arguments}}


# --------------------------------------------------------------------------- FastMCP server

FASTMCP_SCRIPT = INTEGRATION_DIR / "fastmcp_server.py"


class FastMCPServer(ReferenceServer):
    """fastmcp_server.py (FastMCP 4.2.3, the second, independent server and authorization server) in a
    subprocess. Everything of `ReferenceServer` that reads files works the same (request log with the
    same field names, `tool_events()`, `secrets()`, `restart()` on the same port, which forgets every
    session, client and token); the test controls and the reference server's injected answers do not
    exist here.

    `transport`: "http" (Streamable HTTP at /mcp) or "sse" (legacy HTTP+SSE: /sse and /messages/;
    `mcp_url` is then /sse). `stateless`, `json_response`, `modern_only`: see fastmcp_server.py.
    `auth`: None, "default-scopes" (`--auth`) or "no-default-scopes" (`--auth-no-default-scopes`);
    `confidential_only` and `access_token_ttl` (whole seconds) go with it."""

    def __init__(
        self,
        pki: PKIPaths,
        workdir: Path,
        *,
        name: str = "fastmcp",
        transport: str = "http",
        stateless: bool = False,
        json_response: bool = False,
        modern_only: bool = False,
        auth: str | None = None,
        confidential_only: bool = False,
        access_token_ttl: int | None = None,
    ) -> None:
        if auth not in (None, "default-scopes", "no-default-scopes"):
            raise ValueError(f"FastMCPServer auth must be None, 'default-scopes' or 'no-default-scopes', not {auth!r}")
        super().__init__(pki, workdir, name=name, json_response=json_response, auth=auth,
                         access_token_ttl=access_token_ttl)
        self.transport = transport
        self.stateless = stateless
        self.modern_only = modern_only
        self.confidential_only = confidential_only

    kind = "FastMCP server"

    @property
    def mcp_url(self) -> str:
        return self.origin + ("/sse" if self.transport == "sse" else "/mcp")

    def argv(self, port: int | None) -> list[str]:
        argv = [
            PYTHON, str(FASTMCP_SCRIPT),
            "--port", str(port or 0),
            "--cert-chain", str(self.chain),
            "--key", str(self.key),
            "--ready-file", str(self.ready_file),
            "--request-log", str(self.request_log),
            "--transport", self.transport,
        ]
        for flag, on in (("--stateless", self.stateless), ("--json-response", self.json_response),
                         ("--modern-only", self.modern_only), ("--confidential-only", self.confidential_only)):
            if on:
                argv.append(flag)
        if self.auth:
            argv += ["--auth" if self.auth == "default-scopes" else "--auth-no-default-scopes",
                     "--auth-secrets", str(self.auth_secrets)]
            if self.access_token_ttl is not None:
                argv += ["--access-token-ttl", str(int(self.access_token_ttl))]
        return argv

    def revocations(self, since: int = 0) -> list[dict[str, Any]]:
        """The /revoke entries of the request log: `oauth.token_kind` (access, refresh, unknown: what
        the token was to this server when it arrived), `oauth.revoked` (live tokens it removed),
        `oauth.client_auth`, `status`."""
        return self.requests_to("/revoke", since)

    def registrations(self, since: int = 0) -> list[dict[str, Any]]:
        """The /register entries: what the client asked for (`oauth.scope`, `oauth.has_scope`,
        `oauth.token_endpoint_auth_method`) and got (`oauth.registered_scope`,
        `oauth.registered_auth_method`, `oauth.issued_client_secret`, or `oauth.error`)."""
        return self.requests_to("/register", since)


# --------------------------------------------------------------------------- a second editor: FastMCP's Client


@asynccontextmanager
async def fastmcp_editor(binary: str, url: str, *, ca_file: Path, workdir: Path, name: str = "fastmcp-editor",
                         mode: str = "legacy", args: Sequence[str] = (), env: dict[str, str] | None = None,
                         timeout: float = 30.0) -> AsyncIterator[Any]:
    """mcp-warden spawned by FastMCP's `Client` over its `StdioTransport`, an editor other than the
    SDK's `ClientSession` (FastMCP's transport still starts the process with the SDK's `stdio_client`).

    `mode`: the Client's era negotiation: "legacy" (initialize) or "auto" (FastMCP's default: a
    `server/discover` probe first, then the 2026-07-28 era if the server is modern). Yields the
    connected `fastmcp.Client`; its `.warden_run` is the `BridgeRun` (stderr, the teed stdout, exit
    status). After a normal exit of the body, stdout must be JSON-RPC lines only and mcp-warden
    must have exited 0 by itself (the Client closes its stdin)."""
    from fastmcp import Client
    from fastmcp.client.transports import StdioTransport

    run = BridgeRun(name=name, argv=bridge_argv(binary, url, ca_file, args), workdir=Path(workdir))
    run.home.mkdir(parents=True, exist_ok=True)
    run.home.chmod(0o700)
    transport = StdioTransport(command=PYTHON, args=[str(TEE_SCRIPT), str(run.stdout_path), "--", *run.argv],
                               env=editor_env(run.home, env), keep_alive=False, log_file=run.stderr_path)
    client = Client(transport, mode=mode, timeout=timeout, init_timeout=timeout)
    try:
        async with client:
            client.warden_run = run  # type: ignore[attr-defined]
            yield client
    except AssertionError:
        raise
    except Exception as exc:
        raise AssertionError(f"FastMCP's Client through mcp-warden failed: {exc!r}\n--- stderr:\n{run.stderr_tail()}") from exc
    problems = stdout_problems(run.stdout_bytes())
    status = run.exit_status(timeout=5.0)
    if status != "exit 0":
        problems.append(f"mcp-warden did not exit 0 after FastMCP's Client closed its stdin (status: {status})")
    if problems:
        raise AssertionError("\n".join(problems) + f"\n--- stderr:\n{run.stderr_tail()}")
