# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""A small CONNECT proxy for the proxy tests, over TLS (an `HTTPS_PROXY=https://…` proxy) or plain
TCP (`HTTPS_PROXY=http://…`), with a PKI of its own so its chain and the origin's differ.

Bounded and loopback only: it listens on a 127.0.0.x address, tunnels only to 127.0.0.x, reads at
most 8 KiB of CONNECT head, serves at most `MAX_CLIENTS` connections at a time, and every socket has
a timeout. Each tunnel it opens is recorded (`tunnels()`), so a test can tell that the bridge went
through it and did not connect to the origin directly.

Modes:

* `tunnel` (default): answers `200 Connection established` and relays bytes both ways.
* `intercept`: answers 200, then plays TLS server itself on the tunnel with `intercept_chain` (a
  TLS-inspecting proxy, which presents a certificate for the origin's name) and closes.

`make_proxy_pki(outdir)` writes a second test CA ("proxy test root CA") and leaves issued by it;
see `ProxyPKI`.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import select
import socket
import ssl
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509

from pki import _key_pem, _make_ca, _make_leaf, _new_key, _pem, spki_pin

MAX_CLIENTS = 16
MAX_HEAD = 8192
TIMEOUT = 20.0


@dataclass(frozen=True)
class ProxyPKI:
    """The proxy's own CA and its leaves (all EC P-256)."""

    root: Path
    """`proxy test root CA`: add it to the origin's root in the `--ca-file` to trust the proxy."""
    chain: Path
    """leaf (SAN IP:127.0.0.2 only, CN `proxy`) + nothing else: issued directly by `root`."""
    key: Path
    localhost_chain: Path
    """a leaf for SAN DNS:localhost only: a trusted certificate that does not name 127.0.0.2."""
    localhost_key: Path
    untrusted_root: Path
    untrusted_chain: Path
    """a leaf for IP:127.0.0.2 issued by a CA that nobody trusts."""
    untrusted_key: Path
    origin_chain: Path
    """a leaf for the origin's names (IP:127.0.0.1, DNS:localhost) issued by `root`: what a
    TLS-inspecting proxy presents in place of the origin's certificate."""
    origin_key: Path
    leaf_pin: str
    origin_leaf_pin: str


def _leaf(outdir: Path, name: str, sans: list[x509.GeneralName], ca: x509.Certificate, ca_key, now: dt.datetime) -> tuple[Path, Path, str]:
    key = _new_key()
    cert = _make_leaf(name, key, sans, ca, ca_key, now - dt.timedelta(days=1), now + dt.timedelta(days=30))
    chain, key_path = outdir / f"{name}-chain.pem", outdir / f"{name}.key"
    chain.write_bytes(_pem(cert))
    key_path.write_bytes(_key_pem(key))
    key_path.chmod(0o600)
    return chain, key_path, spki_pin(cert)


def make_proxy_pki(outdir: Path) -> ProxyPKI:
    outdir.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    root_key = _new_key()
    root = _make_ca("proxy test root CA", root_key, None, None, 0, now)
    (outdir / "proxy-root.pem").write_bytes(_pem(root))
    other_key = _new_key()
    other = _make_ca("untrusted proxy root CA", other_key, None, None, 0, now)
    (outdir / "untrusted-proxy-root.pem").write_bytes(_pem(other))
    proxy_ip = [x509.IPAddress(ipaddress.ip_address("127.0.0.2"))]
    chain, key, pin = _leaf(outdir, "proxy", proxy_ip, root, root_key, now)
    localhost_chain, localhost_key, _ = _leaf(outdir, "proxy-as-localhost", [x509.DNSName("localhost")], root, root_key, now)
    untrusted_chain, untrusted_key, _ = _leaf(outdir, "untrusted-proxy", proxy_ip, other, other_key, now)
    origin_names = [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
    origin_chain, origin_key, origin_pin = _leaf(outdir, "inspected-origin", origin_names, root, root_key, now)
    return ProxyPKI(root=outdir / "proxy-root.pem", chain=chain, key=key, localhost_chain=localhost_chain,
                    localhost_key=localhost_key, untrusted_root=outdir / "untrusted-proxy-root.pem",
                    untrusted_chain=untrusted_chain, untrusted_key=untrusted_key, origin_chain=origin_chain,
                    origin_key=origin_key, leaf_pin=pin, origin_leaf_pin=origin_pin)


def _loopback_v4(host: str) -> bool:
    try:
        return ipaddress.IPv4Address(host) in ipaddress.IPv4Network("127.0.0.0/8")
    except ValueError:
        return False


class ConnectProxy:
    """`with ConnectProxy(...) as proxy:` listens on `host` (a 127.0.0.x address), port chosen by
    the system; `proxy.url` is what goes into HTTPS_PROXY."""

    def __init__(self, host: str = "127.0.0.2", *, chain: Path | None = None, key: Path | None = None,
                 mode: str = "tunnel", intercept_chain: Path | None = None, intercept_key: Path | None = None) -> None:
        assert _loopback_v4(host), "the test proxy listens on 127.0.0.x only"
        assert mode in ("tunnel", "intercept")
        self.host = host
        self.mode = mode
        self._tls: ssl.SSLContext | None = None
        if chain is not None:
            self._tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self._tls.load_cert_chain(chain, key)
        self._intercept: ssl.SSLContext | None = None
        if mode == "intercept":
            self._intercept = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self._intercept.load_cert_chain(intercept_chain, intercept_key)
        self._listener = socket.create_server((host, 0))
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._tunnels: list[str] = []
        self._handshake_failures = 0
        self._slots = threading.BoundedSemaphore(MAX_CLIENTS)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        return f"{'https' if self._tls else 'http'}://{self.host}:{self.port}"

    def tunnels(self) -> list[str]:
        """`host:port` of every CONNECT the proxy answered with 200, in order."""
        with self._lock:
            return list(self._tunnels)

    def handshake_failures(self) -> int:
        """How many clients broke off the TLS handshake with the proxy (e.g. refused its chain)."""
        with self._lock:
            return self._handshake_failures

    def __enter__(self) -> ConnectProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._listener.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if not self._slots.acquire(blocking=False):
                client.close()
                continue
            threading.Thread(target=self._handle, args=(client,), daemon=True).start()

    def _handle(self, client: socket.socket) -> None:
        try:
            client.settimeout(TIMEOUT)
            if self._tls is not None:
                try:
                    client = self._tls.wrap_socket(client, server_side=True)
                except (ssl.SSLError, OSError):
                    with self._lock:
                        self._handshake_failures += 1
                    return
            target = self._read_connect(client)
            if target is None:
                client.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                return
            host, port = target
            if not _loopback_v4(host):
                client.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                return
            if self.mode == "intercept":
                self._record(host, port)
                client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                self._play_origin(client)
                return
            try:
                upstream = socket.create_connection((host, port), timeout=TIMEOUT)
            except OSError:
                client.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                return
            self._record(host, port)
            client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            self._relay(client, upstream)
        except OSError:
            pass
        finally:
            client.close()
            self._slots.release()

    def _record(self, host: str, port: int) -> None:
        with self._lock:
            self._tunnels.append(f"{host}:{port}")

    @staticmethod
    def _read_connect(client: socket.socket) -> tuple[str, int] | None:
        head = b""
        while b"\r\n\r\n" not in head:
            if len(head) > MAX_HEAD:
                return None
            chunk = client.recv(1024)
            if not chunk:
                return None
            head += chunk
        request_line = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
        if len(request_line) != 3 or request_line[0] != "CONNECT":
            return None
        host, _, port = request_line[1].rpartition(":")
        return (host, int(port)) if port.isdigit() and host else None

    def _play_origin(self, client: socket.socket) -> None:
        """TLS server on the tunnel (inside the proxy's own TLS when there is one), with memory BIOs."""
        assert self._intercept is not None
        incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        inner = self._intercept.wrap_bio(incoming, outgoing, server_side=True)
        try:
            while True:
                try:
                    inner.do_handshake()
                    break
                except ssl.SSLWantReadError:
                    if pending := outgoing.read():
                        client.sendall(pending)
                    data = client.recv(65536)
                    if not data:
                        return
                    incoming.write(data)
            if pending := outgoing.read():
                client.sendall(pending)
            client.recv(65536)  # the client's verdict: an alert, or it closes
        except (ssl.SSLError, OSError):
            pass

    @staticmethod
    def _relay(client: socket.socket, upstream: socket.socket) -> None:
        """One thread, both directions (an SSL object must not be read and written concurrently);
        ends when either side closes or both are idle for TIMEOUT."""
        try:
            while True:
                if isinstance(client, ssl.SSLSocket) and client.pending():
                    readable = [client]
                else:
                    readable, _, _ = select.select([client, upstream], [], [], TIMEOUT)
                    if not readable:
                        return
                for source in readable:
                    sink = upstream if source is client else client
                    try:
                        chunk = source.recv(65536)
                    except ssl.SSLWantReadError:
                        continue
                    if not chunk:
                        return
                    sink.sendall(chunk)
        except OSError:
            pass
        finally:
            upstream.close()
