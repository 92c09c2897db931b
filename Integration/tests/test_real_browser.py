# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0
"""The first authorization in a real browser (issue 19 item 4): headless Chromium is the browser
mcp-warden launches.

Integration/chromium_browser.sh is `$BROWSER`. Chromium trusts the test CA through an NSS
database (no certificate error is ignored), loads the authorization URL from the SDK's own
authorization server, follows its redirect to mcp-warden's loopback listener, and reports the page
it showed (DevTools protocol: status, headers, text, HTML, whether its style sheet applied under
the page's Content-Security-Policy) with a screenshot, kept in this test's tmp directory
(`chromium/page.png`). With WARDEN_SCREENSHOT_DIR set, the screenshots are also copied
there (the README's picture is docs/oauth-authorized.png, made this way).

Chromium comes from Debian's `chromium` package, which `make test` installs: without it these
tests fail, saying so.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from harness import INTEGRATION_DIR
from png_pixels import read_png

pytestmark = pytest.mark.anyio

LAUNCHER = INTEGRATION_DIR / "chromium_browser.sh"
EXIT_UNAUTHORIZED = 77
# What may never appear on a page the browser shows (or in its address bar's history of pages).
SECRET_KINDS = ("authorization_codes", "access_tokens", "refresh_tokens", "code_verifiers", "client_secrets")
# The mark above the message (CallbackPage.style), as Chromium computes it.
GREEN, RED = "rgb(26, 127, 55)", "rgb(207, 34, 46)"


class Chromium:
    """The launcher's environment for mcp-warden and what the launcher reported."""

    def __init__(self, workdir: Path, ca_file: Path) -> None:
        self.workdir = workdir
        self.ca_file = ca_file

    def env(self) -> dict[str, str]:
        return {"BROWSER": str(LAUNCHER), "WARDEN_CHROMIUM_DIR": str(self.workdir), "WARDEN_CHROMIUM_CA": str(self.ca_file)}

    def result(self, timeout: float = 45.0) -> dict[str, Any]:
        """result.json, once the launcher has written it (it closes the browser first)."""
        path = self.workdir / "result.json"
        deadline = time.monotonic() + timeout
        while not path.exists():
            assert time.monotonic() < deadline, f"Chromium wrote no result in {timeout} s:\n{self.log_tail()}"
            time.sleep(0.1)
        result = json.loads(path.read_text())
        assert result.get("ok"), f"Chromium did not show mcp-warden's page: {result.get('error')}\n" \
                                 f"documents: {result.get('documents')}\n{self.log_tail()}"
        return result

    def screenshot(self, name: str) -> Path:
        """page.png, checked to be a drawn 800x450 picture; copied to $WARDEN_SCREENSHOT_DIR/name."""
        path = self.workdir / "page.png"
        assert path.is_file(), f"no screenshot in {self.workdir}"
        picture = read_png(path)
        assert (picture.width, picture.height) == (800, 450), picture
        # Text on a plain background: some pixels differ from it, most do not (a blank or an
        # all-black page fails).
        assert 0.002 < picture.drawn < 0.5 and picture.colours > 2, picture
        target = os.environ.get("WARDEN_SCREENSHOT_DIR")
        if target:
            Path(target).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, Path(target) / name)
        return path

    def log_tail(self) -> str:
        log = self.workdir / "chromium.log"
        return "--- chromium.log:\n" + (log.read_text(errors="replace")[-2000:] if log.exists() else "(none)")


@pytest.fixture
def chromium(pki, tmp_path: Path) -> Chromium:
    if not shutil.which("chromium"):
        pytest.fail("chromium is not installed: the real-browser tests need Debian's chromium package "
                    "(make test installs it; or apt-get install chromium)", pytrace=False)
    if not shutil.which("certutil"):
        pytest.fail("certutil is not installed: Chromium trusts the test CA through it (apt-get install libnss3-tools)",
                    pytrace=False)
    return Chromium(tmp_path / "chromium", pki.root)


def assert_styled(seen: dict[str, Any], mark: str) -> None:
    """The page's one style sheet is allowed by the hash its Content-Security-Policy names, and
    Chromium applied it: the sheet is loaded, the mark has its colour, no CSP complaint."""
    page = seen["page"]
    policy = seen["documents"][-1].get("headers", {}).get("content-security-policy", "")
    assert policy.startswith("default-src 'none'; style-src 'sha256-"), policy
    sheets = re.findall(r"<style>(.*?)</style>", page["html"], re.S)
    assert len(sheets) == 1, page["html"]
    digest = base64.b64encode(hashlib.sha256(sheets[0].encode()).digest()).decode()
    assert policy == f"default-src 'none'; style-src 'sha256-{digest}'", (policy, digest)
    assert page["sheets"] == 1 and page["mark"] == mark, page
    assert "sans-serif" in page["font"], page["font"]
    assert not [c for c in seen["console"] if "Content Security Policy" in c], seen["console"]


def assert_no_secret_in(page: dict[str, Any], secrets: dict[str, Any]) -> None:
    shown = page["html"] + page["text"] + page["title"]
    checked = 0
    for kind in SECRET_KINDS:
        for value in secrets.get(kind, []):
            checked += 1
            assert value not in shown, f"the page shows a value of {kind}"
    assert checked, "the server issued no secret: nothing was checked"


async def test_chromium_authorizes_the_bridge_and_the_page_says_so(warden, auth_server, chromium) -> None:
    server = auth_server("ok")
    started = time.monotonic()
    async with warden.session(server.mcp_url, env=chromium.env(), init_timeout=60) as editor:
        # The bridge goes on after the browser: the editor's initialize was answered, tools work.
        result = await editor.session.call_tool("echo", {"text": "after a real browser"})
        assert result.content[0].text == "after a real browser", editor.context()
        stderr = editor.run.stderr()
    seen = chromium.result()
    elapsed = time.monotonic() - started
    # mcp-warden launched the launcher with one argument, the https authorization URL.
    assert json.loads((chromium.workdir / "args.json").read_text()) == {"argc": 1, "first_is_https": True}
    # Chromium itself followed the authorization server's redirect to the loopback listener.
    hops = [(d["scheme"], d["host"], d["path"], d.get("status")) for d in seen["documents"]]
    assert hops == [("https", "127.0.0.1", "/authorize", 302), ("http", "127.0.0.1", "/oauth/callback", 200)], seen["documents"]
    callback = seen["documents"][1]
    assert {"code", "state"} <= set(callback["params"]), callback
    assert (seen["final"]["scheme"], seen["final"]["host"], seen["final"]["path"]) == ("http", "127.0.0.1", "/oauth/callback")
    # The page says what happened, and holds no code, token, verifier or secret.
    page = seen["page"]
    assert page["title"] == "mcp-warden", page
    assert page["text"].strip() == "mcp-warden: authorized, you can close this tab", page["text"]
    assert_no_secret_in(page, server.secrets())
    assert "<script" not in page["html"].lower(), page["html"]
    assert_styled(seen, GREEN)
    chromium.screenshot("oauth-authorized.png")
    # One authorization, one code exchange: the browser's visit was the whole flow.
    assert len(server.requests_to("/authorize")) == 1 and len(server.requests_to("/token")) == 1, stderr
    assert elapsed < 60, f"the real-browser flow took {elapsed:.1f} s"


def test_a_denied_authorization_shows_the_error_page(warden, auth_server, chromium, tmp_path: Path) -> None:
    server = auth_server("deny")
    home = warden.home("denied")
    run, messages = warden.connect_once(server.mcp_url, *warden.trust_args(), home=home, env=chromium.env())
    assert run.returncode == EXIT_UNAUTHORIZED, run.stderr
    assert len(messages) == 1 and messages[0].get("id") == 1 and "error" in messages[0], messages
    assert "access_denied" in run.stderr, run.stderr
    seen = chromium.result()
    hops = [(d["scheme"], d["path"], d.get("status")) for d in seen["documents"]]
    assert hops == [("https", "/authorize", 302), ("http", "/oauth/callback", 200)], seen["documents"]
    assert "error" in seen["documents"][1]["params"] and "code" not in seen["documents"][1]["params"], seen["documents"]
    page = seen["page"]
    assert page["text"].strip() == "mcp-warden: authorization was denied: access_denied", page["text"]
    assert_styled(seen, RED)
    chromium.screenshot("oauth-denied.png")
    assert server.requests_to("/token") == [], "a denied authorization must not reach the token endpoint"
