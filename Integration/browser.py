#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""A headless stand-in for the user's web browser, for `$BROWSER` in the OAuth tests.

    python browser.py AUTHORIZATION_URL        (or browser.sh, which picks the venv's python)

It is launched the way mcp-warden launches a browser: no shell, exactly one argument. It returns
at once (exit 0) and does the work in a detached child process, because the caller treats the
browser as "launch and forget". The child:

1. GETs the URL over HTTPS, trusting `$SSL_CERT_FILE` (the test CA), and follows redirects itself,
   one hop at a time, like a browser (no HTTP library auto-redirects). Only loopback hosts
   (127.0.0.0/8, ::1, localhost) are visited; anything else is logged as refused.
2. When a redirect points at an `http://` loopback URL (the client's redirect URI), it delivers it
   with a plain HTTP GET carrying a browser-like `Host: HOST:PORT` header, and logs the status
   and the first 200 characters of the page.

Environment (all optional):
  WARDEN_BROWSER_MODE       follow (default) | wrong-state (another state value is delivered) |
                            drop-state (state removed) | forge-first (first a forged callback
                            `code=forged&state=forged`, then the real one) | never (visit the
                            authorization URL, never deliver the callback) | record-only (only log
                            the URL's host and path)
  WARDEN_BROWSER_LOG        append one JSON line per action. It holds schemes, hosts, ports, paths,
                            parameter NAMES, statuses and the callback page's first 200 characters:
                            never a query value.
  WARDEN_BROWSER_ARGS_FILE  write {"argc": N, "first_is_https": bool, …} about the argv received
                            (without the URL itself), before returning
  WARDEN_BROWSER_NOISE      if set, print a line on stdout and one on stderr before returning, so a
                            test can check that the caller keeps a browser's output off its stdout
  WARDEN_BROWSER_FOREGROUND if set, do everything before returning (no detached child)
  WARDEN_BROWSER_DELAY      seconds the user takes before the browser visits the URL (default 0)
  WARDEN_BROWSER_LOCALHOST  ipv6: connect to ::1 for a `localhost` URL (as browsers that resolve
                            localhost to ::1 first do); the Host header still says localhost
  SSL_CERT_FILE             the CA bundle for HTTPS hops (default: the system's)

Only the standard library is used, so any python3 can run it.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import os
import secrets
import ssl
import sys
import time
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

MODES = ("follow", "wrong-state", "drop-state", "forge-first", "never", "record-only")
MAX_HOPS = 10
TIMEOUT = 10.0
USER_AGENT = "warden-test-browser/1 (headless)"


def log(entry: dict) -> None:
    path = os.environ.get("WARDEN_BROWSER_LOG")
    if not path:
        return
    entry = {"t": round(time.time(), 4), "pid": os.getpid(), **entry}
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(entry, separators=(",", ":")) + "\n")


def describe(url: str) -> dict:
    """Where a URL points, without any query value."""
    parts = urlsplit(url)
    return {
        "scheme": parts.scheme,
        "host": parts.hostname,
        "port": parts.port,
        "path": parts.path,
        "params": [name for name, _ in parse_qsl(parts.query, keep_blank_values=True)],
    }


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def safe_error(exc: BaseException) -> str:
    """An exception as text, cut before anything that looks like a query string."""
    text = f"{type(exc).__name__}: {exc}"
    return text.split("?", 1)[0][:300]


def get(url: str, context: ssl.SSLContext) -> tuple[int, dict[str, str], bytes]:
    """One GET, no redirect following. Host header as a browser sends it: the URL's host[:port]."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            parts.hostname, parts.port or 443, timeout=TIMEOUT, context=context)
    else:
        conn = http.client.HTTPConnection(connect_address(parts.hostname), parts.port or 80, timeout=TIMEOUT)
    target = urlunsplit(("", "", parts.path or "/", parts.query, ""))
    try:
        conn.request("GET", target, headers={
            "Host": parts.netloc,
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
            "Connection": "close",
        })
        response = conn.getresponse()
        body = response.read(64 * 1024)
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


def connect_address(host: str | None) -> str | None:
    """Where a plain-http GET connects: ::1 for `localhost` with WARDEN_BROWSER_LOCALHOST=ipv6."""
    if host == "localhost" and os.environ.get("WARDEN_BROWSER_LOCALHOST") == "ipv6":
        return "::1"
    return host


def rewrite_callback(url: str, mode: str) -> str:
    """The callback URL as the mode wants it delivered."""
    parts = urlsplit(url)
    params = parse_qsl(parts.query, keep_blank_values=True)
    if mode == "wrong-state":
        params = [(k, "wrong-" + secrets.token_urlsafe(16) if k == "state" else v) for k, v in params]
    elif mode == "drop-state":
        params = [(k, v) for k, v in params if k != "state"]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(params), ""))


def deliver(url: str, context: ssl.SSLContext, action: str) -> None:
    try:
        status, _, body = get(url, context)
    except OSError as exc:
        log({"action": action, **describe(url), "error": safe_error(exc)})
        return
    log({"action": action, **describe(url), "connected_to": connect_address(urlsplit(url).hostname), "status": status,
         "body": body.decode("utf-8", "replace")[:200]})


def run(url: str, mode: str) -> None:
    context = ssl.create_default_context(cafile=os.environ.get("SSL_CERT_FILE") or None)
    current = url
    for _ in range(MAX_HOPS):
        parts = urlsplit(current)
        if not is_loopback(parts.hostname):
            log({"action": "refused", "reason": "not a loopback host", **describe(current)})
            return
        if parts.scheme == "http":
            # The redirect URI: what a browser does last.
            if mode == "never":
                log({"action": "withheld", **describe(current)})
                return
            if mode == "forge-first":
                forged = urlunsplit((parts.scheme, parts.netloc, parts.path, "code=forged&state=forged", ""))
                deliver(forged, context, "forged-callback")
            deliver(rewrite_callback(current, mode), context, "callback")
            return
        if parts.scheme != "https":
            log({"action": "refused", "reason": "scheme", **describe(current)})
            return
        try:
            status, headers, _ = get(current, context)
        except (OSError, ssl.SSLError) as exc:
            log({"action": "visit", **describe(current), "error": safe_error(exc)})
            return
        location = headers.get("location")
        log({"action": "visit", **describe(current), "status": status,
             **({"redirect": describe(urljoin(current, location))} if location else {})})
        if status not in (301, 302, 303, 307, 308) or not location:
            log({"action": "stopped", "reason": f"HTTP {status} without a redirect"})
            return
        current = urljoin(current, location)
    log({"action": "stopped", "reason": f"more than {MAX_HOPS} redirects"})


def record_args(argv: list[str]) -> None:
    path = os.environ.get("WARDEN_BROWSER_ARGS_FILE")
    if not path:
        return
    args = argv[1:]
    info = {
        "argc": len(args),
        "first_is_https": bool(args) and args[0].startswith("https://"),
        "first_is_loopback_http": bool(args) and args[0].startswith("http://")
        and is_loopback(urlsplit(args[0]).hostname),
        "lengths": [len(a) for a in args],
    }
    with open(path, "w", encoding="utf-8") as f:
        json.dump(info, f)


def detach() -> bool:
    """Fork a child in its own session with stdio on /dev/null. True in the child."""
    child = os.fork()
    if child > 0:
        os.waitpid(child, 0)  # the intermediate child exits at once
        return False
    os.setsid()
    if os.fork() > 0:  # the grandchild is not a session leader and is reparented to init
        os._exit(0)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    # Hold none of the caller's pipes open (its stdout may be an editor's JSON-RPC channel).
    os.closerange(3, 1024)
    return True


def main(argv: list[str]) -> int:
    record_args(argv)
    mode = os.environ.get("WARDEN_BROWSER_MODE", "follow") or "follow"
    if os.environ.get("WARDEN_BROWSER_NOISE"):
        print("browser.py: noise on stdout", flush=True)
        print("browser.py: noise on stderr", file=sys.stderr, flush=True)
    if len(argv) != 2:
        log({"action": "error", "reason": f"expected exactly one argument, got {len(argv) - 1}"})
        print(f"usage: {argv[0]} URL", file=sys.stderr)
        return 2
    if mode not in MODES:
        log({"action": "error", "reason": f"unknown WARDEN_BROWSER_MODE {mode!r}"})
        print(f"unknown WARDEN_BROWSER_MODE {mode!r}; known: {', '.join(MODES)}", file=sys.stderr)
        return 2
    url = argv[1]
    if mode == "record-only":
        log({"action": "record", "mode": mode, **describe(url)})
        return 0
    if not os.environ.get("WARDEN_BROWSER_FOREGROUND"):
        if not detach():
            return 0
    try:
        time.sleep(float(os.environ.get("WARDEN_BROWSER_DELAY", "0") or "0"))
        log({"action": "open", "mode": mode, **describe(url)})
        run(url, mode)
    except BaseException as exc:  # noqa: BLE001 - the detached child has nobody else to tell
        log({"action": "error", "reason": safe_error(exc)})
    if not os.environ.get("WARDEN_BROWSER_FOREGROUND"):
        os._exit(0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
