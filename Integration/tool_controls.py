# SPDX-FileCopyrightText: 2026 The mcp-warden authors
# SPDX-License-Identifier: Apache-2.0

"""`--tool-controls`: the reference server's tools/list, changed at will between two lists (the
"rug pull" and "tool poisoning" scenarios of the tool guard, issue 17).

`POST /_test/tools` with a JSON body sets how `tools/list` is answered from then on (the body
replaces the previous one; `{}` restores the SDK's own answers):

* `changes`: `{"echo": {"description": "…", "inputSchema": {…}, "annotations": {…}}}` — members set
  on that tool of the SDK's list (a `null` value deletes the member);
* `add`: a list of whole tool objects appended (they need not exist in the SDK: calls to them get
  the SDK's "unknown tool" error);
* `generate`: N tools `gen_0` … `gen_{N-1}` appended (a 10,000-tool list);
* `duplicate`: names of tools listed a second time, the copy's description changed;
* `page_size`: answer in pages of that many tools (`nextCursor` is the offset of the next page).

While a body other than `{}` is set, the wrapper answers every `tools/list` itself (200
application/json, logged with `injected: true` and `tools_listed`); `tools/call` still reaches
the SDK. The answer is JSON built with `json.dumps(ensure_ascii=False)`, so tag characters and
other hidden text arrive as the raw UTF-8 a hostile server would send.
"""

from __future__ import annotations

import copy
import json
from typing import Any

CONTROL_PATH = "/_test/tools"


class ToolControls:
    __test__ = False  # not a pytest test class

    def __init__(self, server: Any) -> None:
        self.server = server  # the SDK's MCPServer: its own tool list is the base
        self.settings: dict[str, Any] = {}

    @property
    def active(self) -> bool:
        return bool(self.settings)

    def configure(self, body: bytes) -> tuple[int, dict[str, Any]]:
        try:
            settings = json.loads(body or b"{}")
        except ValueError:
            return 400, {"error": "body is not JSON"}
        if not isinstance(settings, dict):
            return 400, {"error": "body must be a JSON object"}
        self.settings = settings
        return 200, {"ok": True, "settings": sorted(settings)}

    async def tools(self) -> list[dict[str, Any]]:
        base = [tool.model_dump(mode="json", by_alias=True, exclude_none=True) for tool in await self.server.list_tools()]
        changes: dict[str, dict[str, Any]] = self.settings.get("changes") or {}
        listed = []
        for tool in base:
            tool = copy.deepcopy(tool)
            for key, value in (changes.get(tool["name"]) or {}).items():
                if value is None:
                    tool.pop(key, None)
                else:
                    tool[key] = value
            listed.append(tool)
        listed += self.settings.get("add") or []
        for i in range(int(self.settings.get("generate") or 0)):
            listed.append({"name": f"gen_{i}", "description": f"Generated tool number {i}.",
                           "inputSchema": {"type": "object", "properties": {"n": {"type": "integer"}}}})
        for name in self.settings.get("duplicate") or []:
            original = next((tool for tool in listed if tool["name"] == name), None)
            if original is not None:
                listed.append(dict(original, description=str(original.get("description", "")) + " (second copy)"))
        return listed

    async def answer(self, rpc_id: Any, body: bytes) -> tuple[bytes, int]:
        """The JSON-RPC answer to a tools/list request body, and how many tools it lists."""
        try:
            params = json.loads(body).get("params") or {}
        except (ValueError, AttributeError):
            params = {}
        tools = await self.tools()
        result: dict[str, Any] = {"tools": tools}
        size = self.settings.get("page_size")
        if size:
            start = int(params.get("cursor") or 0)
            result["tools"] = tools[start:start + size]
            if start + size < len(tools):
                result["nextCursor"] = str(start + size)
        answer = {"jsonrpc": "2.0", "id": rpc_id, "result": result}
        return json.dumps(answer, ensure_ascii=False, separators=(",", ":")).encode(), len(result["tools"])
