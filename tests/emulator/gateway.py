"""The gateway websocket: HELLO, IDENTIFY/READY, heartbeats, RESUME, dispatches and faults.

Supports the `compress=zlib-stream` transport discord.py asks for (one deflate stream per
connection, every message ending in a sync flush) as well as uncompressed text frames.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
import zlib
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

if TYPE_CHECKING:
    from .server import Emulator

_log = logging.getLogger(__name__)

DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE, RESUME, RECONNECT = 0, 1, 2, 3, 6, 7
REQUEST_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 8, 9, 10, 11


class Session:
    """A gateway session: survives reconnects, so RESUME can replay what was missed."""

    def __init__(self, session_id: str) -> None:
        self.id = session_id
        self.seq = 0
        self.history: list[tuple[int, str]] = []  # (seq, encoded frame) for replay on RESUME


class Connection:
    """One websocket; owns the compressor so frames go out in one ordered stream."""

    def __init__(self, ws: web.WebSocketResponse, compress: str | None) -> None:
        self.ws = ws
        self.compress = compress
        self._zlib = zlib.compressobj() if compress == "zlib-stream" else None
        self._zstd = None
        if compress == "zstd-stream":
            import zstandard  # discord.py only asks for zstd when it has it installed too

            self._zstd = zstandard.ZstdCompressor().compressobj()
        self.lock = asyncio.Lock()
        self.session: Session | None = None
        self.ready = False

    async def send_raw(self, text: str) -> None:
        data = text.encode()
        if self._zlib is not None:
            await self.ws.send_bytes(self._zlib.compress(data) + self._zlib.flush(zlib.Z_SYNC_FLUSH))
        elif self._zstd is not None:
            import zstandard

            await self.ws.send_bytes(self._zstd.compress(data) + self._zstd.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK))
        else:
            await self.ws.send_str(text)

    async def send(self, op: int, d: Any, t: str | None = None, s: int | None = None) -> None:
        async with self.lock:
            await self.send_raw(json.dumps({"op": op, "d": d, "t": t, "s": s}))


class Gateway:
    """All websocket state of one emulator."""

    def __init__(self, emu: "Emulator", heartbeat_interval: float) -> None:
        self.emu = emu
        self.heartbeat_interval = heartbeat_interval  # seconds
        self.sessions: dict[str, Session] = {}
        self.current: Connection | None = None
        self.connections: set[Connection] = set()
        self.heartbeats: list[float] = []  # monotonic times of every op 1 received
        self.identify_count = 0
        self.resume_count = 0
        self.connect_count = 0
        self.identify_payloads: list[dict[str, Any]] = []
        self._ready = asyncio.Event()
        self._posts: set[asyncio.Task[None]] = set()

    # -- websocket handler ------------------------------------------------------------------
    async def handle(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(max_msg_size=0, autoping=True)
        await ws.prepare(request)
        compress = request.query.get("compress")
        conn = Connection(ws, compress)
        self.connections.add(conn)
        self.connect_count += 1
        try:
            await conn.send(HELLO, {"heartbeat_interval": int(self.heartbeat_interval * 1000)})
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    await self._on_message(conn, json.loads(msg.data))
                elif msg.type == WSMsgType.BINARY:
                    await self._on_message(conn, json.loads(zlib.decompress(msg.data)))
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            self.connections.discard(conn)
            if self.current is conn:
                self.current = None
                self._ready.clear()
        return ws

    async def _on_message(self, conn: Connection, msg: dict[str, Any]) -> None:
        op, d = msg.get("op"), msg.get("d")
        if op == HEARTBEAT:
            self.heartbeats.append(time.monotonic())
            await conn.send(HEARTBEAT_ACK, None)
        elif op == IDENTIFY:
            await self._identify(conn, d or {})
        elif op == RESUME:
            await self._resume(conn, d or {})
        elif op == REQUEST_MEMBERS:
            await self._members_chunk(conn, d or {})
        elif op == PRESENCE:
            pass
        else:
            _log.debug("ignoring gateway op %s", op)

    async def _identify(self, conn: Connection, d: dict[str, Any]) -> None:
        self.identify_count += 1
        self.identify_payloads.append({k: v for k, v in d.items() if k != "token"})
        self.emu.seen_tokens.add(str(d.get("token")))
        if self.emu.strict_token and d.get("token") != self.emu.token:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        session = Session(secrets.token_hex(16))
        self.sessions[session.id] = session
        conn.session = session
        emu = self.emu
        ready = {
            "v": 10,
            "user": emu.bot_user.payload() | {"verified": True, "mfa_enabled": False},
            "guilds": [{"id": str(gid), "unavailable": True} for gid in emu.guilds],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": emu.resume_gateway_url,
            "shard": d.get("shard") or [0, 1],
            "application": {"id": str(emu.application_id), "flags": emu.application_flags},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "user_settings": {},
            "geo_ordered_rtc_regions": ["us-east"],
        }
        self._take_over(conn)
        await self._dispatch_on(conn, "READY", ready)
        for guild in emu.guilds.values():
            await self._dispatch_on(conn, "GUILD_CREATE", guild.create_payload())
        self._mark_ready(conn)

    async def _resume(self, conn: Connection, d: dict[str, Any]) -> None:
        session = self.sessions.get(str(d.get("session_id")))
        if session is None:
            await conn.send(INVALID_SESSION, False)
            return
        self.resume_count += 1
        conn.session = session
        self._take_over(conn)
        last = d.get("seq") or 0
        async with conn.lock:
            for seq, frame in session.history:
                if seq > last:
                    await conn.send_raw(frame)
        await self._dispatch_on(conn, "RESUMED", {})
        self._mark_ready(conn)

    async def _members_chunk(self, conn: Connection, d: dict[str, Any]) -> None:
        guild = self.emu.guilds.get(int(d.get("guild_id") or 0))
        members = [m.payload() for m in guild.members.values()] if guild else []
        await self._dispatch_on(conn, "GUILD_MEMBERS_CHUNK", {
            "guild_id": str(d.get("guild_id")), "members": members, "chunk_index": 0, "chunk_count": 1,
            "not_found": [], "presences": [], "nonce": d.get("nonce")})

    def _take_over(self, conn: Connection) -> None:
        # A session has one live connection; an older one left open would double-dispatch.
        self.current = conn
        self._ready.clear()

    def _mark_ready(self, conn: Connection) -> None:
        conn.ready = True
        if self.current is conn:
            self._ready.set()

    # -- dispatching ------------------------------------------------------------------------
    async def _dispatch_on(self, conn: Connection, event: str, data: dict[str, Any]) -> None:
        session = conn.session
        assert session is not None
        async with conn.lock:
            session.seq += 1
            frame = json.dumps({"op": DISPATCH, "d": data, "t": event, "s": session.seq})
            session.history.append((session.seq, frame))
            if len(session.history) > 5000:
                del session.history[:1000]
            await conn.send_raw(frame)

    async def wait_ready(self, timeout: float = 5.0) -> None:
        """Wait until a connection is identified (or resumed) and has its guilds."""
        await asyncio.wait_for(self._ready.wait(), timeout)

    async def dispatch(self, event: str, data: dict[str, Any], timeout: float = 5.0) -> None:
        """Send a dispatch to the bot, waiting for a live connection first (e.g. mid-reconnect)."""
        await self.wait_ready(timeout)
        conn = self.current
        assert conn is not None
        try:
            await self._dispatch_on(conn, event, data)
        except ConnectionResetError:
            pass  # kept in the session history: a RESUME replays it

    def post(self, event: str, data: dict[str, Any]) -> None:
        """Dispatch an event caused by a REST call without delaying the HTTP answer."""
        async def send() -> None:
            try:
                await self.dispatch(event, data, timeout=10.0)
            except (asyncio.TimeoutError, ConnectionError):
                _log.debug("dropped %s: the bot was not connected", event)

        task = asyncio.create_task(send())
        self._posts.add(task)
        task.add_done_callback(self._posts.discard)

    # -- faults -----------------------------------------------------------------------------
    async def _expect_reconnect(self, send: Any, wait: bool, timeout: float) -> None:
        conn = self.current
        if conn is None:
            raise RuntimeError("the bot is not connected to the gateway")
        self._ready.clear()
        await send(conn)
        if wait:
            deadline = time.monotonic() + timeout
            while self.current is conn or not self._ready.is_set():
                if time.monotonic() > deadline:
                    raise TimeoutError("the bot did not come back to the gateway")
                try:
                    await asyncio.wait_for(self._ready.wait(), 0.05)
                except asyncio.TimeoutError:
                    pass

    async def send_reconnect(self, *, wait: bool = True, timeout: float = 10.0) -> None:
        """Op 7: the bot must close and RESUME on `resume_gateway_url`."""
        await self._expect_reconnect(lambda c: c.send(RECONNECT, None), wait, timeout)

    async def send_invalid_session(self, resumable: bool, *, wait: bool = True, timeout: float = 10.0) -> None:
        """Op 9: d=true lets the bot RESUME, d=false forces a fresh IDENTIFY."""
        async def send(conn: Connection) -> None:
            if not resumable and conn.session is not None:
                self.sessions.pop(conn.session.id, None)
            await conn.send(INVALID_SESSION, resumable)

        await self._expect_reconnect(send, wait, timeout)

    async def drop_connection(self, code: int = 4000, *, wait: bool = True, timeout: float = 15.0) -> None:
        """Close the socket abruptly, as a network hiccup would; discord.py then RESUMEs."""
        await self._expect_reconnect(lambda c: c.ws.close(code=code), wait, timeout)

    async def close(self) -> None:
        for task in list(self._posts):
            task.cancel()
        for conn in list(self.connections):
            await conn.ws.close(code=1001)
