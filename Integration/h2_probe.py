# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""An HTTP/2 server over TLS that reports how far the client's flow control lets it send.

Built on the `h2` library (which Hypercorn uses), which enforces the client's windows exactly: a
DATA frame goes out only within the window the client granted. So the bytes this server has sent
on a stream, while the client reads nothing of it, are what the client holds for that stream.

Routes (GET):
  * /bytes?size=N  : N bytes of body, sent as fast as the client's windows allow;
  * anything else  : 200 with a 2-byte body.
Every body waits for the windows (the stream's and the connection's) like any other.
After every frame batch it rewrites --report FILE (JSON): the client's SETTINGS_INITIAL_WINDOW_SIZE,
how many connections it accepted, and per stream {path, sent, ended}.

    python h2_probe.py --cert-chain chain.pem --key leaf.key --ready-file ready --report report.json
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import ssl
import sys
import threading
from urllib.parse import parse_qs, urlsplit

import h2.config
import h2.connection
import h2.events
import h2.exceptions
import h2.settings

CHUNK = 16384


class Probe:
    def __init__(self, report: str) -> None:
        self.report_path = report
        self.lock = threading.Lock()
        self.connections = 0
        self.initial_window: int | None = None
        self.streams: list[dict] = []

    def write(self) -> None:
        with self.lock:
            data = {"connections": self.connections, "initial_window": self.initial_window, "streams": self.streams}
            tmp = self.report_path + ".tmp"
            with open(tmp, "w") as f:
                json.dump(data, f)
            os.replace(tmp, self.report_path)

    def pump(self, conn: h2.connection.H2Connection, pending: dict[int, tuple[dict, int]]) -> int:
        """Queues DATA within the windows; returns how many bytes."""
        queued = 0
        for stream_id in list(pending):
            entry, left = pending[stream_id]
            while left > 0:
                room = min(conn.local_flow_control_window(stream_id), conn.max_outbound_frame_size, CHUNK, left)
                if room <= 0:
                    break
                conn.send_data(stream_id, b"x" * room)
                left -= room
                queued += room
                with self.lock:
                    entry["sent"] += room
            if left == 0:
                conn.end_stream(stream_id)
                with self.lock:
                    entry["ended"] = True
                del pending[stream_id]
            else:
                pending[stream_id] = (entry, left)
        return queued

    def serve(self, raw: socket.socket, context: ssl.SSLContext) -> None:
        with self.lock:
            self.connections += 1
        try:
            sock = context.wrap_socket(raw, server_side=True)
        except (ssl.SSLError, OSError):
            raw.close()
            return
        conn = h2.connection.H2Connection(config=h2.config.H2Configuration(client_side=False))
        conn.initiate_connection()
        sock.sendall(conn.data_to_send())
        pending: dict[int, tuple[dict, int]] = {}  # stream id -> (its report entry, bytes left)
        try:
            while True:
                # Send all the windows allow before waiting for the client: a window it granted is
                # used whether or not the client sends anything more.
                if self.pump(conn, pending):
                    sock.sendall(conn.data_to_send())
                    self.write()
                    continue
                data = sock.recv(65536)
                if not data:
                    return
                for event in conn.receive_data(data):
                    if isinstance(event, h2.events.RemoteSettingsChanged):
                        changed = event.changed_settings.get(h2.settings.SettingCodes.INITIAL_WINDOW_SIZE)
                        if changed is not None:
                            with self.lock:
                                self.initial_window = changed.new_value
                    elif isinstance(event, h2.events.RequestReceived):
                        headers = {k.decode(): v.decode() for k, v in event.headers}
                        target = urlsplit(headers.get(":path", "/"))
                        entry = {"path": target.path, "sent": 0, "ended": False}
                        with self.lock:
                            self.streams.append(entry)
                        size = int(parse_qs(target.query).get("size", ["0"])[0]) if target.path == "/bytes" else 2
                        conn.send_headers(event.stream_id, [(":status", "200"), ("content-type", "application/octet-stream")])
                        pending[event.stream_id] = (entry, size)
                    elif isinstance(event, h2.events.StreamReset):
                        pending.pop(event.stream_id, None)
                sock.sendall(conn.data_to_send())
                self.write()
        except (OSError, ssl.SSLError, h2.exceptions.ProtocolError) as error:
            print(f"h2 probe: connection ended: {error!r}", file=sys.stderr, flush=True)
            return
        finally:
            sock.close()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cert-chain", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--ready-file", required=True, help="written with the port once listening")
    p.add_argument("--report", required=True)
    args = p.parse_args()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert_chain, args.key)
    context.set_alpn_protocols(["h2"])
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    probe = Probe(args.report)
    probe.write()
    with open(args.ready_file + ".tmp", "w") as f:
        f.write(f"{listener.getsockname()[1]}\n")
    os.replace(args.ready_file + ".tmp", args.ready_file)
    while True:
        raw, _ = listener.accept()
        threading.Thread(target=probe.serve, args=(raw, context), daemon=True).start()


if __name__ == "__main__":
    main()
