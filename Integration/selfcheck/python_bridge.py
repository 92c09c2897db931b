# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""A deliberately small Python stand-in for mcp-warden, used only to self-check the harness.

It implements the command-line contract the integration tests drive
(`URL --allow-unlisted --ca-file PEM [--transport auto|http|sse] [--header 'N: v']...
[--ignore-tool GLOB]...`), so that `MCP_WARDEN_BIN=Integration/selfcheck/python_bridge.py`
runs tests/ end to end and shows that every test *can* pass — a failure against the real
binary is then about the binary. It is not a product: no OAuth, no pinning, no limits.
"""

from __future__ import annotations

import asyncio
import fnmatch
import json
import os
import ssl
import sys
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx2

PARSE_ERROR, INVALID_REQUEST, INTERNAL_ERROR = -32700, -32600, -32603
# Deliberate bugs for the self-check, so it can show that each test fails for its reason.
FAULT = os.environ.get("PYTHON_BRIDGE_FAULT", "")


async def sse_lines(r: httpx2.Response):  # type: ignore[no-untyped-def]
    """Lines of an event stream: split on CRLF, LF or CR only (not on U+2028 and friends)."""
    if FAULT == "splitlines":
        async for line in r.aiter_lines():
            yield line
        return
    buf = b""
    async for chunk in r.aiter_bytes():
        buf += chunk
        while True:
            cut = min((i for i in (buf.find(b"\r"), buf.find(b"\n")) if i >= 0), default=-1)
            if cut < 0 or (buf[cut:cut + 1] == b"\r" and cut == len(buf) - 1):
                break  # no terminator yet, or a CR that may be the first half of CRLF
            end = cut + 2 if buf[cut:cut + 2] == b"\r\n" else cut + 1
            yield buf[:cut].decode("utf-8")
            buf = buf[end:]
    if buf:
        yield buf.rstrip(b"\r").decode("utf-8")


def log(text: str) -> None:
    print(f"python-bridge: {text}", file=sys.stderr, flush=True)


class Bridge:
    def __init__(self, args: dict[str, Any]) -> None:
        self.url: str = args["url"]
        self.transport: str = args["transport"]
        self.ignore: list[str] = args["ignore"]
        ctx = ssl.create_default_context(cafile=args["ca_file"])
        self.http = httpx2.AsyncClient(verify=ctx, timeout=httpx2.Timeout(30.0, read=300.0), headers=args["headers"])
        self.session_id: str | None = None
        self.protocol_version: str | None = None
        self.init_params: dict[str, Any] | None = None
        self.methods: dict[Any, str] = {}  # in-flight editor request id -> method
        self.endpoint: str | None = None  # legacy SSE POST endpoint
        self.sse_task: asyncio.Task[None] | None = None
        self.tasks: set[asyncio.Task[None]] = set()
        self.write_lock = asyncio.Lock()
        self.reinit_count = 0

    # ------------------------------------------------------------------ stdout
    async def emit(self, msg: dict[str, Any]) -> None:
        if "id" in msg and "method" not in msg:
            method = self.methods.pop(msg["id"], None)
            if method == "tools/list" and isinstance(msg.get("result"), dict):
                tools = msg["result"].get("tools", [])
                msg["result"]["tools"] = [t for t in tools if not self.ignored(t.get("name", ""))]
        if FAULT == "truncate-big" and "result" in msg:
            for c in msg["result"].get("content", []):
                if len(c.get("text", "")) > 1_000_000:
                    c["text"] = c["text"][:1_000_000]
        data = (json.dumps(msg, separators=(",", ":"), ensure_ascii=False) + "\n").encode()
        async with self.write_lock:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()

    async def error(self, rid: Any, code: int, message: str) -> None:
        self.methods.pop(rid, None)
        await self.emit({"jsonrpc": "2.0", "id": rid, "error": {"code": code, "message": message}})

    def ignored(self, name: str) -> bool:
        if FAULT == "no-filter":
            return False
        return any(fnmatch.fnmatchcase(name, g) for g in self.ignore)

    # ------------------------------------------------------------------ stdin
    async def handle_line(self, line: bytes) -> None:
        try:
            msg = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            await self.error(0 if FAULT == "parse-error-id" else None, PARSE_ERROR, "parse error")
            return
        valid = isinstance(msg, dict) and msg.get("jsonrpc") == "2.0" and (
            isinstance(msg.get("method"), str) or ("id" in msg and ("result" in msg or "error" in msg))
        )
        if not valid:
            await self.error(None, INVALID_REQUEST, "invalid request")
            return
        if "method" in msg and "id" in msg:
            self.methods[msg["id"]] = msg["method"]
            if msg["method"] == "tools/call" and self.ignored(str(msg.get("params", {}).get("name", ""))):
                await self.error(msg["id"], -32602, "tool is ignored by --ignore-tool")
                return
        if msg.get("method") == "initialize":
            await self.initialize(msg)  # inline: nothing else may overtake it
            return
        task = asyncio.ensure_future(self.forward(msg))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    # ------------------------------------------------------------------ HTTP
    def headers(self, sse_only: bool = False) -> dict[str, str]:
        h = {"accept": "text/event-stream" if sse_only else "application/json, text/event-stream"}
        if not sse_only:
            h["content-type"] = "application/json"
        if self.session_id:
            h["mcp-session-id"] = self.session_id
        if self.protocol_version and FAULT != "no-version-header":
            h["mcp-protocol-version"] = self.protocol_version
        return h

    async def initialize(self, msg: dict[str, Any]) -> None:
        self.init_params = msg.get("params")
        try:
            if self.transport == "sse":
                await self.connect_legacy()
                await self.forward(msg)
                return
            status = await self.post(msg, on_message=self.remember_init)
            if status in (400, 404, 405) and self.transport == "auto":
                log(f"POST answered {status}: falling back to legacy SSE")
                await self.connect_legacy()
                await self.forward(msg)
        except httpx2.TransportError as exc:
            host = urlsplit(self.url).netloc
            log(f"error: cannot reach {host}: {exc}")
            await self.error(msg["id"], INTERNAL_ERROR, f"cannot reach {host}: {exc}")
            sys.exit(0 if FAULT == "unreachable-exit0" else 3)

    async def remember_init(self, message: dict[str, Any]) -> None:
        result = message.get("result")
        if isinstance(result, dict):
            self.protocol_version = result.get("protocolVersion")

    async def forward(self, msg: dict[str, Any]) -> None:
        if self.endpoint is not None:
            r = await self.http.post(self.endpoint, json=msg, headers={"content-type": "application/json"})
            if r.status_code >= 400 and "id" in msg and "method" in msg:
                await self.error(msg["id"], INTERNAL_ERROR, f"HTTP {r.status_code}")
            return
        await self.post(msg)

    async def post(self, msg: dict[str, Any], on_message: Any = None, retried: bool = False) -> int:
        """POST one message; forward what comes back. Returns the HTTP status."""
        is_request = "method" in msg and "id" in msg
        async with self.http.stream("POST", self.url, json=msg, headers=self.headers()) as r:
            if msg.get("method") == "initialize" and r.status_code < 400:
                self.session_id = r.headers.get("mcp-session-id")
            if r.status_code == 404 and self.session_id and not retried and FAULT != "no-reinit":
                await r.aread()
                log("session expired (404): re-initializing")
                await self.reinitialize()
                return await self.post(msg, on_message, retried=True)
            if r.status_code >= 400:
                body = await r.aread()
                if msg.get("method") == "initialize" and self.transport == "auto" and r.status_code in (400, 404, 405):
                    return r.status_code
                if is_request:
                    await self.error(msg["id"], INTERNAL_ERROR, f"HTTP {r.status_code}: {body[:200].decode(errors='replace')}")
                return r.status_code
            if not is_request:
                await r.aread()
                return r.status_code
            ctype = r.headers.get("content-type", "")
            if ctype.startswith("application/json"):
                message = json.loads(await r.aread())
                if on_message:
                    await on_message(message)
                await self.emit(message)
                return r.status_code
            done, last_id, retry = await self.consume_sse(r, msg["id"], on_message)
        while not done:
            if last_id is None or FAULT == "no-resume":
                await self.error(msg["id"], INTERNAL_ERROR, "stream ended without a response")
                break
            await asyncio.sleep((retry or 1000) / 1000)
            h = {**self.headers(sse_only=True), "last-event-id": last_id}
            async with self.http.stream("GET", self.url, headers=h) as r:
                done, new_id, new_retry = await self.consume_sse(r, msg["id"], on_message)
                last_id, retry = new_id or last_id, new_retry or retry
        return 200

    async def consume_sse(self, r: httpx2.Response, rid: Any, on_message: Any = None) -> tuple[bool, str | None, int | None]:
        last_id, retry, data, event = None, None, [], "message"
        async for line in sse_lines(r):
            if line == "":
                if data and event == "message":
                    payload = "\n".join(data)
                    if payload.strip():
                        message = json.loads(payload)
                        if on_message:
                            await on_message(message)
                        await self.emit(message)
                        if "method" not in message and message.get("id") == rid:
                            return True, last_id, retry
                data, event = [], "message"
                continue
            if line.startswith(":"):
                continue
            field, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if field == "data":
                data.append(value)
            elif field == "id":
                last_id = value
            elif field == "retry" and value.isdigit():
                retry = int(value)
            elif field == "event":
                event = value
        return False, last_id, retry

    async def reinitialize(self) -> None:
        self.session_id = None
        self.reinit_count += 1
        rid = f"python-bridge-reinit-{self.reinit_count}"
        init = {"jsonrpc": "2.0", "id": rid, "method": "initialize", "params": self.init_params}
        saved_version, self.protocol_version = self.protocol_version, None
        async with self.http.stream("POST", self.url, json=init, headers=self.headers()) as r:
            r.raise_for_status()
            self.session_id = r.headers.get("mcp-session-id")
            await r.aread()  # the private response is swallowed
        self.protocol_version = saved_version
        note = {"jsonrpc": "2.0", "method": "notifications/initialized"}
        await self.http.post(self.url, json=note, headers=self.headers())

    # ------------------------------------------------------------------ legacy SSE
    async def connect_legacy(self) -> None:
        ready: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self.sse_task = asyncio.ensure_future(self.legacy_reader(ready))
        self.endpoint = await asyncio.wait_for(ready, 15)

    async def legacy_reader(self, ready: asyncio.Future[str]) -> None:
        async with self.http.stream("GET", self.url, headers={"accept": "text/event-stream"}) as r:
            r.raise_for_status()
            data: list[str] = []
            event = "message"
            async for line in sse_lines(r):
                if line == "":
                    payload = "\n".join(data)
                    if event == "endpoint" and not ready.done():
                        endpoint = urljoin(self.url, payload)
                        if urlsplit(endpoint)[:2] != urlsplit(self.url)[:2]:
                            raise RuntimeError("endpoint on another origin")
                        ready.set_result(endpoint)
                    elif event == "message" and payload.strip():
                        await self.emit(json.loads(payload))
                    data, event = [], "message"
                elif line.startswith("data:"):
                    data.append(line[5:].removeprefix(" "))
                elif line.startswith("event:"):
                    event = line[6:].strip()

    async def shutdown(self) -> None:
        if FAULT == "late-banner":
            sys.stdout.write("python-bridge: bye\n")
            sys.stdout.flush()
        if FAULT == "slow-exit":
            await asyncio.sleep(1.5)
        if self.session_id and self.endpoint is None and FAULT != "no-delete":
            try:
                await asyncio.wait_for(self.http.delete(self.url, headers=self.headers()), 0.5)
            except (httpx2.HTTPError, asyncio.TimeoutError) as exc:
                log(f"DELETE failed: {exc!r}")


def parse_args(argv: list[str]) -> dict[str, Any]:
    args: dict[str, Any] = {"url": None, "transport": "auto", "headers": {}, "ignore": [], "ca_file": None}
    it = iter(argv)
    for a in it:
        if a == "--ca-file":
            args["ca_file"] = next(it)
        elif a == "--transport":
            args["transport"] = next(it)
        elif a == "--header":
            name, _, value = next(it).partition(":")
            args["headers"][name.strip()] = value.strip()
        elif a == "--ignore-tool":
            args["ignore"].append(next(it))
        elif a in ("--allow-unlisted", "--debug"):
            pass
        else:
            args["url"] = a
    return args


async def main() -> int:
    if FAULT == "banner":
        print("python-bridge starting", flush=True)
    bridge = Bridge(parse_args(sys.argv[1:]))
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=256 * 1024 * 1024)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line:
            break
        if line.strip():
            await bridge.handle_line(line)
    await bridge.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
