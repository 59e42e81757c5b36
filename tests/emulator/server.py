"""`Emulator`: a loopback Discord (REST + gateway) that a real discord.py client logs in to.

Tests drive it through `slash()`, `autocomplete()`, `press_button()` and `submit_modal()`,
read what the bot did from the returned `InteractionRecord`, and check `violations`.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any, Sequence

from aiohttp import web

from . import openapi
from .builders import Upload
from .driver import Driver
from .gateway import Gateway
from .messages import error, json_response, read_body
from .records import InteractionRecord, MessageStore, RequestRecord, Violation
from .rest import RestRoutes
from .webhooks import InteractionWebhooks
from .world import ADMINISTRATOR, DEFAULT_PERMISSIONS, Channel, Guild, Member, Role, Snowflakes, User

API_PREFIX = "/api/v10"


@dataclass
class RateLimitFault:
    """The next `remaining` requests whose "METHOD /path" matches `pattern` get a 429."""

    pattern: re.Pattern[str]
    remaining: int
    retry_after: float
    is_global: bool = False
    hits: list[str] = field(default_factory=list)


class Emulator(Driver):
    """One emulated Discord: a bot user, its application, a guild with a text channel,
    an admin member (`admin`) and a plain member (`member`)."""

    def __init__(self, *, token: str = "emulator-token", strict_token: bool = False,
                 heartbeat_interval: float = 41.25, ack_deadline: float | None = 3.0,
                 admin_role_id: int | None = None, guild_name: str = "Emulated Guild",
                 validate_openapi: bool = True, host: str = "127.0.0.1") -> None:
        self.token, self.strict_token, self.host = token, strict_token, host
        self.ack_deadline = ack_deadline
        self.openapi_enabled = validate_openapi
        self.snowflakes = Snowflakes()
        self.seen_tokens: set[str] = set()
        self.requests: list[RequestRecord] = []
        self.unhandled: list[RequestRecord] = []
        self.violations: list[Violation] = []
        self.faults: list[RateLimitFault] = []
        self.messages = MessageStore()
        self.interactions: dict[int, InteractionRecord] = {}
        self.interactions_by_token: dict[str, InteractionRecord] = {}
        self.commands: dict[int | None, list[dict[str, Any]]] = {None: []}
        self.attachments: dict[int, tuple[str, bytes, str]] = {}
        self.users: dict[int, User] = {}
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self.gateway = Gateway(self, heartbeat_interval)
        self.port: int | None = None
        self._runner: web.AppRunner | None = None

        self.bot_user = self._user("factbot", bot=True)
        self.application_id = self.bot_user_id = self.bot_user.id  # modern apps share the id
        self.application_flags = 1 << 19  # GATEWAY_MESSAGE_CONTENT_LIMITED
        self.owner = self._user("owner")
        self.guild = self.add_guild(guild_name, owner=self.owner)
        self.guild_id = self.guild.id
        self.admin_role = self.add_role("Admin", ADMINISTRATOR, role_id=admin_role_id)
        self.admin_role_id = self.admin_role.id
        self.channel = self.add_channel("general")
        self.channel_id = self.channel.id
        self.admin = self.add_member(self.owner, roles=[self.admin_role_id])
        self.member = self.add_member("member")
        bot_role = self.add_role("factbot", DEFAULT_PERMISSIONS)
        self.bot_member = self.add_member(self.bot_user, roles=[bot_role.id])

    # -- world ------------------------------------------------------------------------------
    def _user(self, username: str, *, bot: bool = False, user_id: int | None = None) -> User:
        user = User(user_id or self.snowflakes.next(), username, bot=bot)
        self.users[user.id] = user
        return user

    def add_guild(self, name: str, *, owner: User | None = None) -> Guild:
        gid = self.snowflakes.next()
        guild = Guild(gid, name, (owner or self.owner).id)
        guild.roles[gid] = Role(gid, "@everyone", DEFAULT_PERMISSIONS)  # @everyone shares the guild id
        self.guilds[gid] = guild
        return guild

    def add_role(self, name: str, permissions: int = 0, *, role_id: int | None = None,
                 guild_id: int | None = None) -> Role:
        guild = self.guilds[guild_id or self.guild_id]
        role = Role(role_id or self.snowflakes.next(), name, permissions, position=len(guild.roles))
        guild.roles[role.id] = role
        return role

    def add_channel(self, name: str, *, guild_id: int | None = None, type: int = 0) -> Channel:
        gid = guild_id or self.guild_id
        channel = Channel(self.snowflakes.next(), name, gid, type=type, position=len(self.guilds[gid].channels))
        self.guilds[gid].channels[channel.id] = channel
        self.channels[channel.id] = channel
        return channel

    def add_member(self, user: User | str, *, roles: Sequence[int] = (), permissions: int | None = None,
                   guild_id: int | None = None, user_id: int | None = None, nick: str | None = None) -> Member:
        """A guild member; `permissions` defaults to what @everyone plus `roles` grant."""
        guild = self.guilds[guild_id or self.guild_id]
        if isinstance(user, str):
            user = self._user(user, user_id=user_id)
        role_ids = [int(r) for r in roles]
        perms = guild.resolve_permissions(role_ids) if permissions is None else permissions
        member = Member(user, guild.id, role_ids, perms, nick)
        guild.members[user.id] = member
        return member

    def application_payload(self) -> dict[str, Any]:
        return {
            "id": str(self.application_id), "name": self.bot_user.username, "icon": None,
            "description": "", "summary": "", "type": None, "bot_public": True,
            "bot_require_code_grant": False, "verify_key": "0" * 64, "flags": self.application_flags,
            "owner": self.owner.payload(), "team": None, "bot": self.bot_user.payload(),
            "interactions_endpoint_url": None, "redirect_uris": [], "tags": [],
            "install_params": None, "integration_types_config": {"0": {}}, "approximate_guild_count": len(self.guilds),
        }

    # -- addresses --------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        if self.port is None:
            raise RuntimeError("the emulator is not started")
        return f"http://{self.host}:{self.port}"

    @property
    def api_base(self) -> str:
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return f"ws://{self.host}:{self.port}/"

    @property
    def resume_gateway_url(self) -> str:
        return f"ws://{self.host}:{self.port}/resume/"

    # -- lifecycle --------------------------------------------------------------------------
    async def start(self) -> "Emulator":
        if self.openapi_enabled:
            openapi.load_spec()  # off the first callback's 3-second budget
        app = web.Application(middlewares=[self._middleware], client_max_size=64 * 1024 * 1024)
        app.add_routes(RestRoutes(self).routes(API_PREFIX))
        app.add_routes(InteractionWebhooks(self).routes(API_PREFIX))
        app.add_routes([web.get("/attachments/{attachment_id}/{filename}", self._attachment),
                        web.get("/", self.gateway.handle), web.get("/resume/", self.gateway.handle),
                        web.get("/gateway", self.gateway.handle)])
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        # A burst of interactions opens many connections at once; aiohttp's default backlog is 128.
        site = web.TCPSite(self._runner, self.host, 0, backlog=1024)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def close(self) -> None:
        await self.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> "Emulator":
        return await self.start()

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    # -- HTTP plumbing ----------------------------------------------------------------------
    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if not request.path.startswith(API_PREFIX):
            try:
                return await handler(request)
            except web.HTTPException as exc:
                if exc.status not in (404, 405):
                    raise
                self.unhandled.append(RequestRecord(request.method, request.path, dict(request.query), {}, status=404))
                return error(404, 10000, f"Unknown route {request.method} {request.path} (not emulated)")
        rel = request.path[len(API_PREFIX):]
        headers = {k: v for k, v in request.headers.items() if k.lower() != "authorization"}
        record = RequestRecord(request.method, rel, dict(request.query), headers)
        self.requests.append(record)
        auth = request.headers.get("Authorization", "")
        if auth.startswith("Bot "):
            self.seen_tokens.add(auth[4:])
        if not rel.startswith(("/interactions/", "/webhooks/")) and (
                not auth.startswith("Bot ") or (self.strict_token and auth[4:] != self.token)):
            response: web.StreamResponse = json_response({"message": "401: Unauthorized", "code": 0}, 401)
        elif (fault := self._take_fault(f"{request.method} {rel}")) is not None:
            response = self._rate_limited(fault)
        else:
            try:
                response = await handler(request)
            except web.HTTPException as exc:
                if exc.status not in (404, 405):
                    raise
                self.unhandled.append(record)
                response = error(404, 10000, f"Unknown route {request.method} {rel} (not emulated)")
        if request.body_exists:
            record.json, record.files = await read_body(request)
        record.status = response.status
        return response

    def _take_fault(self, key: str) -> RateLimitFault | None:
        for fault in self.faults:
            if fault.remaining > 0 and fault.pattern.search(key):
                fault.remaining -= 1
                fault.hits.append(key)
                return fault
        return None

    def _rate_limited(self, fault: RateLimitFault) -> web.Response:
        # discord.py only retries a 429 that came through Discord's proxy (a `Via` header).
        return json_response(
            {"message": "You are being rate limited.", "retry_after": fault.retry_after, "global": fault.is_global},
            429, {"Via": "1.1 google", "Retry-After": str(max(1, round(fault.retry_after))),
                  "X-RateLimit-Limit": "5", "X-RateLimit-Remaining": "0",
                  "X-RateLimit-Reset-After": str(fault.retry_after),
                  "X-RateLimit-Scope": "global" if fault.is_global else "user"})

    async def _attachment(self, request: web.Request) -> web.Response:
        found = self.attachments.get(int(request.match_info["attachment_id"]))
        if found is None:
            return web.Response(status=404)
        return web.Response(body=found[1], content_type=found[2])

    def store_attachment(self, att_id: int, upload: Upload | tuple, *, description: str | None = None) -> dict:
        """Serve `upload` at /attachments/{id}/{filename}; returns Discord's attachment object."""
        upload = upload if isinstance(upload, Upload) else Upload(*upload)
        self.attachments[att_id] = (upload.filename, upload.data, upload.content_type)
        url = f"{self.base_url}/attachments/{att_id}/{upload.filename}"
        return {"id": str(att_id), "filename": upload.filename, "size": len(upload.data), "url": url,
                "proxy_url": url, "content_type": upload.content_type, "description": description,
                "ephemeral": False}

    def attachment_bytes(self, attachment: dict[str, Any] | int) -> bytes:
        """The bytes behind an attachment object (or id) the bot uploaded or a test provided."""
        att_id = int(attachment["id"]) if isinstance(attachment, dict) else int(attachment)
        return self.attachments[att_id][1]

    def violation(self, kind: str, request: web.Request, details: list[str]) -> None:
        self.violations.append(Violation(kind, request.method, request.path[len(API_PREFIX):], details))

    def validate_openapi(self, operation_id: str, request: web.Request, body: Any) -> None:
        """Record (never reject) spec violations: the spec can be stricter than Discord."""
        if self.openapi_enabled:
            problems = openapi.validate(operation_id, body)
            if problems:
                self.violation("openapi", request, problems)

    def on_interaction_changed(self, record: InteractionRecord) -> None:
        """Hook for subclasses/tests; the record itself already notified its waiters."""

    # -- commands ---------------------------------------------------------------------------
    def registered_commands(self, guild_id: int | None = None) -> list[dict[str, Any]]:
        """Commands the bot registered globally (None) or for one guild, as Discord returns them."""
        return copy.deepcopy(self.commands.get(guild_id, []))

    def store_commands(self, guild_id: int | None, payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
        old = {(c["name"], c.get("type", 1)): c for c in self.commands.get(guild_id, [])}
        stored = []
        for body in payloads:
            prev = old.get((body["name"], body.get("type", 1)))
            cmd = {"type": 1, "description": "", "options": [], "default_member_permissions": None,
                   "nsfw": False, "contexts": None, "integration_types": [0], **copy.deepcopy(body)}
            cmd["id"] = prev["id"] if prev else str(self.snowflakes.next())  # same name keeps its id
            cmd["application_id"] = str(self.application_id)
            cmd["version"] = str(self.snowflakes.next())
            if guild_id is not None:
                cmd["guild_id"] = str(guild_id)
            stored.append(cmd)
        self.commands[guild_id] = stored
        return copy.deepcopy(stored)

