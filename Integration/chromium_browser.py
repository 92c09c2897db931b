# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0
"""Headless Chromium as `$BROWSER`, for the real-browser OAuth tests (tests/test_real_browser.py).

    chromium_browser.sh AUTHORIZATION_URL        (the .sh picks the repository's venv python)

mcp-warden launches it as it launches any browser: no shell, exactly one argument. It returns at
once (exit 0, like a desktop browser handing the URL to a running window) and does the work in a
detached child, which:

1. makes a private HOME whose NSS database (`~/.pki/nssdb`, where Chromium on Linux reads the
   user's trust anchors) trusts the test CA, with `certutil`: Chromium then verifies the
   authorization server's chain for real (no certificate error is ignored);
2. starts `chromium --headless=new` with a throw-away profile and the DevTools protocol on a pipe
   (`--remote-debugging-pipe`, see cdp.py: no port) and without its sandbox (it refuses root
   and needs user namespaces; the pages are the test's own);
3. opens the URL in an 800x450 page and lets Chromium follow the authorization server's redirect
   to mcp-warden's loopback listener, as a person's browser does;
4. once that page has loaded, writes what it showed into `$WARDEN_CHROMIUM_DIR`:
   `result.json` (the documents loaded on the way — scheme, host, port, path, parameter NAMES,
   HTTP status and the final page's security headers, never a query value — the final page's
   title, visible text, HTML, whether its style sheet applied, and the console's errors and
   warnings) and `page.png`, a screenshot; then closes the browser.

Environment:
  WARDEN_CHROMIUM_DIR      required: the profile, HOME, result.json, page.png and chromium.log go here
  WARDEN_CHROMIUM_CA       the PEM certificate of the CA to trust (the test root)
  WARDEN_CHROMIUM_BIN      the browser (default: `chromium` on PATH)
  WARDEN_CHROMIUM_TIMEOUT  seconds the visit may take, from the browser's start (default 30)
  WARDEN_CHROMIUM_FOREGROUND  if set, do everything before returning (for debugging by hand)
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from browser import describe, detach, is_loopback, safe_error
from cdp import CDPBrowser, CDPError

VIEWPORT = {"width": 800, "height": 450}
# The response headers recorded for the final page (never Location, which carries the code).
RECORDED_HEADERS = ("content-security-policy", "cache-control", "referrer-policy", "x-content-type-options", "content-type")
NSS_NICKNAME = "mcp-warden test root"


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Atomically, so that a reader never sees half a file."""
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1)
    os.replace(tmp, path)


def trust_ca(home: Path, ca_file: str) -> None:
    """A fresh NSS database in `home/.pki/nssdb` in which `ca_file` is a trusted CA for TLS servers."""
    nssdb = home / ".pki" / "nssdb"
    nssdb.mkdir(parents=True, exist_ok=True)
    database = f"sql:{nssdb}"
    for argv in (["certutil", "-N", "-d", database, "--empty-password"],
                 ["certutil", "-A", "-d", database, "-n", NSS_NICKNAME, "-t", "C,,", "-i", ca_file]):
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(argv[:2])} failed: {done.stderr.strip()[:300]}")


def chromium_argv(binary: str, profile: Path) -> list[str]:
    argv = [
        binary, "--headless=new", "--remote-debugging-pipe", f"--user-data-dir={profile}",
        "--no-first-run", "--no-default-browser-check", "--disable-gpu", "--disable-extensions",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--metrics-recording-only", "--password-store=basic",
        "--hide-scrollbars", "--force-device-scale-factor=1", "--lang=en-US",
        f"--window-size={VIEWPORT['width']},{VIEWPORT['height']}",
    ]
    # Chromium's sandbox refuses root and needs user namespaces, which containers often lack; the
    # pages are the test's own.
    argv.append("--no-sandbox")
    return argv


def documents(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The top-level documents the page loaded, in order, as `describe` shows a URL plus the
    HTTP status it got (a redirect's status comes with the request that follows it)."""
    found: list[dict[str, Any]] = []
    for event in events:
        params = event.get("params", {})
        if params.get("type") != "Document":
            continue
        if event["method"] == "Network.requestWillBeSent":
            redirect = params.get("redirectResponse")
            if redirect and found:
                found[-1]["status"] = redirect.get("status")
            found.append(describe(params["request"]["url"]))
        elif event["method"] == "Network.responseReceived" and found:
            found[-1]["status"] = params["response"].get("status")
            headers = {k.lower(): v for k, v in params["response"].get("headers", {}).items()}
            found[-1]["headers"] = {k: headers[k] for k in RECORDED_HEADERS if k in headers}
        elif event["method"] == "Network.loadingFailed" and found:
            found[-1]["error"] = params.get("errorText")
    return found


def top_frame_navigated(event: dict[str, Any]) -> bool:
    if event.get("method") != "Page.frameNavigated":
        return False
    frame = event["params"]["frame"]
    return "parentId" not in frame and frame.get("url") != "about:blank"


def visit(browser: CDPBrowser, url: str, deadline: float) -> dict[str, Any]:
    """Open `url`, follow it to a page that is not the authorization server's, read that page."""
    session = browser.attach_new_page()
    for method, params in (("Page.enable", {}), ("Network.enable", {}), ("Runtime.enable", {}), ("Log.enable", {}),
                           ("Emulation.setDeviceMetricsOverride", {**VIEWPORT, "deviceScaleFactor": 1, "mobile": False})):
        browser.send(method, params, session=session)
    started = time.monotonic()
    browser.send("Page.navigate", {"url": url}, session=session)
    index = 0
    while True:
        navigated = browser.wait_event(top_frame_navigated, deadline - time.monotonic(), start=index)
        index = browser.events.index(navigated) + 1
        landed = urlsplit(navigated["params"]["frame"]["url"])
        if landed.scheme == "http" and is_loopback(landed.hostname):
            break  # the redirect URI: the page mcp-warden serves
        if landed.scheme not in ("https", "http"):  # chrome-error://…: the load failed
            break
    browser.wait_event(lambda e: e.get("method") == "Page.loadEventFired", deadline - time.monotonic(), start=index)
    loaded = time.monotonic() - started
    page = browser.send("Runtime.evaluate", {
        # What the page is, and whether its style sheet applied (a CSP-blocked sheet is not in
        # document.styleSheets, and the mark above the message keeps no colour).
        "expression": "JSON.stringify({title: document.title, text: document.body ? document.body.innerText : '',"
                      " html: document.documentElement.outerHTML, url: location.href,"
                      " sheets: document.styleSheets.length, body_class: document.body ? document.body.className : '',"
                      " mark: getComputedStyle(document.querySelector('p') || document.documentElement).borderTopColor,"
                      " font: getComputedStyle(document.body || document.documentElement).fontFamily})",
        "returnByValue": True,
    }, session=session)["result"]["value"]
    page = json.loads(page)
    shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=session)["data"]
    final = describe(page.pop("url"))
    console = [safe_error(RuntimeError(e["params"]["entry"].get("text", ""))).removeprefix("RuntimeError: ")
               for e in browser.events if e.get("method") == "Log.entryAdded"
               and e["params"]["entry"].get("level") in ("error", "warning")]
    return {"final": final, "page": page, "console": console, "screenshot": shot, "loaded_after": round(loaded, 3)}


def run(url: str, workdir: Path) -> None:
    started = time.monotonic()
    result: dict[str, Any] = {"ok": False, "opened": describe(url)}
    browser: CDPBrowser | None = None
    try:
        binary = os.environ.get("WARDEN_CHROMIUM_BIN") or shutil.which("chromium")
        if not binary:
            raise RuntimeError("chromium is not installed (Debian: apt-get install chromium; make test installs it)")
        home = workdir / "home"
        home.mkdir(parents=True, exist_ok=True)
        ca_file = os.environ.get("WARDEN_CHROMIUM_CA")
        if ca_file:
            trust_ca(home, ca_file)
        env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
        timeout = float(os.environ.get("WARDEN_CHROMIUM_TIMEOUT", "30") or "30")
        browser = CDPBrowser.launch(chromium_argv(binary, workdir / "profile"), env=env,
                                    log_path=str(workdir / "chromium.log"))
        result["chromium"] = browser.send("Browser.getVersion").get("product")
        result["started_after"] = round(time.monotonic() - started, 3)
        seen = visit(browser, url, started + timeout)
        (workdir / "page.png").write_bytes(base64.b64decode(seen.pop("screenshot")))
        result.update(seen)
        result["ok"] = True
    except (CDPError, OSError, RuntimeError, ValueError, KeyError) as exc:
        result["error"] = safe_error(exc)
    finally:
        if browser is not None:
            result["documents"] = documents(browser.events)
            result["browser_exit"] = browser.close()
        result["seconds"] = round(time.monotonic() - started, 3)
        write_json(workdir / "result.json", result)


def main(argv: list[str]) -> int:
    directory = os.environ.get("WARDEN_CHROMIUM_DIR")
    if len(argv) != 2 or not directory:
        print(f"usage: WARDEN_CHROMIUM_DIR=DIR {argv[0]} URL", file=sys.stderr)
        return 2
    workdir = Path(directory)
    workdir.mkdir(parents=True, exist_ok=True)
    write_json(workdir / "args.json", {"argc": len(argv) - 1, "first_is_https": argv[1].startswith("https://")})
    foreground = bool(os.environ.get("WARDEN_CHROMIUM_FOREGROUND"))
    if not foreground and not detach():
        return 0
    try:
        run(argv[1], workdir)
    finally:
        if not foreground:
            os._exit(0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
