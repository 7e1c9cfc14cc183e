"""A loopback stand-in for Slack: the Web API (records every call, answers like Slack,
can answer 429 with Retry-After), response URLs, and a Socket Mode WebSocket."""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from aiohttp import WSMsgType, web


@dataclass
class Call:
    method: str
    args: dict
    status: int = 200
    result: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == 200 and self.result.get("ok", True)


@dataclass
class SlackStandIn:
    calls: list[Call] = field(default_factory=list)
    socket_acks: list[dict] = field(default_factory=list)
    rate_limited: dict[str, int] = field(default_factory=dict)  # method -> 429s still to give
    admins: set[str] = field(default_factory=set)  # users.info says these are workspace admins
    # channel or user id -> the error Slack answers (HTTP 200, ok false) for any call about it,
    # e.g. {"CSTAFF": "not_in_channel", "UGONE": "user_not_found"}
    refusals: dict[str, str] = field(default_factory=dict)
    port: int = 0

    def __post_init__(self):
        self.posted: dict[tuple[str, str], dict] = {}  # (channel, ts) -> message, for conversations.history
        self.uploads: dict[str, bytes] = {}  # file id -> content sent to its upload URL
        self.files: dict[str, dict] = {}  # file id -> filename, alt_txt, title, channel once the upload completes
        self._ts = itertools.count(1)
        self._sockets: list[web.WebSocketResponse] = []
        self._loop = asyncio.new_event_loop()
        self._started = threading.Event()
        self._arrived = threading.Condition()  # notified on every call recorded

    # -- test-facing ---------------------------------------------------------------

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"http://127.0.0.1:{self.port}/response/{name}"

    def of(self, method: str) -> list[Call]:
        """The calls of `method` Slack answered ok."""
        return [c for c in self.calls if c.method == method and c.ok]

    def refused(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method and c.status == 200 and not c.ok]

    def wait_for(self, method: str, count: int = 1, timeout: float = 60, where=lambda call: True) -> list[Call]:
        """The first `count` (or more) successful calls of `method` matching `where`. Each
        call is looked at once, when it arrives: many waiters cost the server little."""
        deadline, found, seen = time.monotonic() + timeout, [], 0
        while True:
            fresh = self.calls[seen:]
            seen += len(fresh)
            found += [c for c in fresh if c.method == method and c.ok and where(c)]
            remaining = deadline - time.monotonic()
            if len(found) >= count or remaining <= 0:
                break
            with self._arrived:  # held only to wait, never while looking, so the server never waits on us
                if len(self.calls) == seen:
                    self._arrived.wait(remaining)
        if len(found) >= count:
            return found
        raise AssertionError(f"{method}: {len([c for c in self.of(method) if where(c)])} of {count} calls "
                             f"after {timeout}s; calls so far: {[c.method for c in self.calls]}")

    def _record(self, call: Call) -> None:
        with self._arrived:
            self.calls.append(call)
            self._arrived.notify_all()

    def push(self, envelope: dict) -> None:
        """Send a Socket Mode envelope to every connected app."""
        for socket in list(self._sockets):
            asyncio.run_coroutine_threadsafe(socket.send_str(json.dumps(envelope)), self._loop).result(5)

    def wait_for_socket(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not self._sockets and time.monotonic() < deadline:
            time.sleep(0.05)
        assert self._sockets, "no Socket Mode client connected"

    def start(self) -> SlackStandIn:
        threading.Thread(target=self._serve, daemon=True).start()
        self._started.wait(10)
        return self

    # -- the server ----------------------------------------------------------------

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)  # users.info and friends use GET
        app.router.add_post("/response/{name}", self._response)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/socket", self._socket)
        runner = web.AppRunner(app)
        self._loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, "127.0.0.1", 0)
        self._loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]
        self._started.set()
        self._loop.run_forever()

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        raw = await request.text()
        args = dict(request.query)  # some methods (users.info, conversations.open) send query params
        if request.content_type == "application/json":
            args.update(json.loads(raw or "{}"))
        else:
            args.update({k: v[0] for k, v in parse_qs(raw).items()})
        for key in ("blocks", "view"):
            if isinstance(args.get(key), str):
                args[key] = json.loads(args[key])
        if self.rate_limited.get(method, 0) > 0:
            self.rate_limited[method] -= 1
            self._record(Call(method, args, 429))
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "1"})
        refusal = next((self.refusals[args[key]] for key in ("channel", "users", "user")
                        if args.get(key) in self.refusals), None)
        if refusal:
            self._record(Call(method, args, result={"ok": False, "error": refusal}))
            return web.json_response({"ok": False, "error": refusal})
        if (error := self._refusal(method, args)) is not None:  # Slack answers 200 with ok: false
            self._record(Call(method, args, result={"ok": False, "error": error}))
            return web.json_response({"ok": False, "error": error})
        result = {"ok": True, **self._answer(method, args)}
        self._record(Call(method, args, result=result))
        return web.json_response(result)

    def _refusal(self, method: str, args: dict) -> str | None:
        """What Slack would refuse: an image block whose slack_file is not an uploaded file."""
        blocks = (args.get("view") or {}).get("blocks", []) if method == "views.publish" else args.get("blocks") or []
        for block in blocks if isinstance(blocks, list) else []:
            if block.get("type") == "image" and "slack_file" in block:
                if block["slack_file"].get("id") not in self.files or not block.get("alt_text"):
                    return "invalid_blocks"
        return None

    def _answer(self, method: str, args: dict) -> dict:
        if method == "auth.test":
            return {"user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1", "user": "coach", "team": "Precinct"}
        if method == "users.info":
            user = args.get("user", "U?")
            return {"user": {"id": user, "name": user.lower(), "real_name": f"Officer {user}",
                             "tz": "America/Chicago", "is_admin": user in self.admins,
                             "profile": {"display_name": f"Sgt. {user}"}}}
        if method in ("chat.postMessage", "chat.update"):
            ts = args.get("ts") or f"1700000000.{next(self._ts):06d}"
            self.posted[(args.get("channel"), ts)] = {"ts": ts, "text": args.get("text"),
                                                      "blocks": args.get("blocks", [])}
            return {"channel": args.get("channel"), "ts": ts}
        if method == "conversations.history":
            found = self.posted.get((args.get("channel"), args.get("latest")))
            return {"messages": [found] if found else []}
        if method == "conversations.open":
            return {"channel": {"id": f"D{args.get('users', 'X')}"}}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ts):06d}"
            self.files[file_id] = {"filename": args.get("filename"), "alt_txt": args.get("alt_txt")}
            return {"upload_url": f"http://127.0.0.1:{self.port}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = json.loads(args["files"]) if isinstance(args.get("files"), str) else args.get("files", [])
            for f in files:
                self.files.setdefault(f["id"], {}).update(title=f.get("title"), channel=args.get("channel_id"))
            return {"files": [{"id": f["id"], "title": f.get("title")} for f in files]}
        if method == "apps.connections.open":
            return {"url": f"ws://127.0.0.1:{self.port}/socket"}
        return {}

    async def _upload(self, request: web.Request) -> web.Response:
        self.uploads[request.match_info["file_id"]] = await request.read()
        return web.Response(text="OK")

    async def _response(self, request: web.Request) -> web.Response:
        self._record(Call(f"response:{request.match_info['name']}", await request.json()))
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_str(json.dumps({"type": "hello", "num_connections": 1,
                                          "connection_info": {"app_id": "A1"}}))
        self._sockets.append(socket)
        try:
            async for message in socket:
                if message.type == WSMsgType.TEXT:
                    self.socket_acks.append(json.loads(message.data))
        finally:
            self._sockets.remove(socket)
        return socket
