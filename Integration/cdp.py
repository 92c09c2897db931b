# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0
"""A small Chrome DevTools Protocol client over `--remote-debugging-pipe` (standard library only).

Chromium started with `--remote-debugging-pipe` reads protocol messages from its descriptor 3 and
writes them to its descriptor 4, each a JSON text followed by a NUL byte: no port, no websocket,
and nobody else on the machine can talk to it.

    browser = CDPBrowser.launch(["chromium", "--headless=new", ...], env=..., log=path)
    session = browser.attach_new_page()          # a page target, "flat" session
    browser.send("Page.enable", session=session)
    event = browser.wait_event(lambda e: e["method"] == "Page.loadEventFired", timeout=10)
    browser.close()

Events are kept in arrival order (`events`), so a caller can look back at what happened before it
started waiting (a redirect, a failed load).
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import time
from collections.abc import Callable
from typing import Any

Event = dict[str, Any]


class CDPError(Exception):
    """The browser answered a command with an error, went away, or did not answer in time."""


class CDPBrowser:
    """One Chromium process and its DevTools pipe."""

    def __init__(self, process: subprocess.Popen[bytes], to_browser: int, from_browser: int) -> None:
        self.process = process
        self._out = to_browser
        self._in = from_browser
        self._buffer = b""
        self._ids = 0
        self.events: list[Event] = []
        self._answers: dict[int, dict[str, Any]] = {}

    @classmethod
    def launch(cls, argv: list[str], *, env: dict[str, str], log_path: str) -> CDPBrowser:
        """Start `argv` (which must include --remote-debugging-pipe) with the pipe on fds 3 and 4,
        stdout and stderr appended to `log_path`."""
        commands_read, commands_write = os.pipe()  # we write, the browser reads (its fd 3)
        events_read, events_write = os.pipe()  # the browser writes (its fd 4), we read

        def child_descriptors() -> None:
            # Runs in the child between fork and exec: put the pipe ends where Chromium looks, as
            # inheritable descriptors (a copy first: either end may already be 3 or 4).
            reading, writing = os.dup(commands_read), os.dup(events_write)
            os.dup2(reading, 3)
            os.dup2(writing, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        with open(log_path, "ab") as log:
            # close_fds would close 3 and 4 after preexec_fn; without it the child still inherits
            # nothing else, since Python makes every descriptor it opens non-inheritable (PEP 446).
            process = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                       close_fds=False, preexec_fn=child_descriptors)
        os.close(commands_read)
        os.close(events_write)
        return cls(process, commands_write, events_read)

    # ------------------------------------------------------------------ wire

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise CDPError("no message from the browser in time")
            ready, _, _ = select.select([self._in], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(self._in, 1 << 16)
            if not chunk:
                raise CDPError(f"the browser closed its DevTools pipe (exit status {self.process.poll()})")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def _pump(self, deadline: float) -> None:
        """Read one message: an answer is filed by id, an event appended to `events`."""
        message = self._read_message(deadline)
        if "id" in message:
            self._answers[message["id"]] = message
        else:
            self.events.append(message)

    def send(self, method: str, params: dict[str, Any] | None = None, *, session: str | None = None,
             timeout: float = 15.0) -> dict[str, Any]:
        """Send one command and return its result (raises CDPError for an error answer)."""
        self._ids += 1
        ident = self._ids
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._out, data):]
        deadline = time.monotonic() + timeout
        while ident not in self._answers:
            self._pump(deadline)
        answer = self._answers.pop(ident)
        if "error" in answer:
            raise CDPError(f"{method}: {answer['error'].get('message')}")
        return answer.get("result", {})

    def wait_event(self, predicate: Callable[[Event], bool], timeout: float, *, start: int = 0) -> Event:
        """The first event from index `start` on that satisfies `predicate`, waiting up to `timeout`."""
        deadline = time.monotonic() + timeout
        index = start
        while True:
            while index < len(self.events):
                if predicate(self.events[index]):
                    return self.events[index]
                index += 1
            self._pump(deadline)

    # ------------------------------------------------------------------ targets

    def attach_new_page(self, url: str = "about:blank") -> str:
        """Open a page target and return the id of a flat session attached to it."""
        target = self.send("Target.createTarget", {"url": url})["targetId"]
        return self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]

    def close(self, timeout: float = 5.0) -> int | None:
        """Ask the browser to quit, then make sure it has: its exit status (None if it was killed)."""
        try:
            self.send("Browser.close", timeout=timeout)
        except (CDPError, OSError):
            pass
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None
        finally:
            for fd in (self._out, self._in):
                try:
                    os.close(fd)
                except OSError:
                    pass
