"""REST routes other than interactions: identity, application commands, channels, guilds."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import limits
from .messages import apply_edit, build_message, error, json_response, read_body

if TYPE_CHECKING:
    from .server import Emulator

UNKNOWN_CHANNEL = (404, 10003, "Unknown Channel")
UNKNOWN_MESSAGE = (404, 10008, "Unknown Message")
UNKNOWN_GUILD = (404, 10004, "Unknown Guild")
UNKNOWN_APPLICATION = (404, 10002, "Unknown Application")
UNKNOWN_COMMAND = (404, 10063, "Unknown application command")
UNKNOWN_USER = (404, 10013, "Unknown User")
UNKNOWN_MEMBER = (404, 10007, "Unknown Member")


class RestRoutes:
    def __init__(self, emu: "Emulator") -> None:
        self.emu = emu

    def routes(self, prefix: str) -> list[web.RouteDef]:
        p = prefix
        cmds, guild_cmds = p + "/applications/{app_id}/commands", p + "/applications/{app_id}/guilds/{guild_id}/commands"
        return [
            web.get(p + "/users/@me", self.me),
            web.get(p + "/users/{user_id}", self.user),
            web.get(p + "/oauth2/applications/@me", self.application),
            web.get(p + "/applications/@me", self.application),
            web.get(p + "/gateway", self.gateway),
            web.get(p + "/gateway/bot", self.gateway_bot),
            web.get(cmds, self.list_commands),
            web.put(cmds, self.put_commands),
            web.post(cmds, self.upsert_command),
            web.get(cmds + "/{command_id}", self.get_command),
            web.delete(cmds + "/{command_id}", self.delete_command),
            web.get(guild_cmds, self.list_commands),
            web.put(guild_cmds, self.put_commands),
            web.post(guild_cmds, self.upsert_command),
            web.get(guild_cmds + "/{command_id}", self.get_command),
            web.delete(guild_cmds + "/{command_id}", self.delete_command),
            web.get(p + "/channels/{channel_id}", self.channel),
            web.post(p + "/channels/{channel_id}/typing", self.typing),
            web.get(p + "/channels/{channel_id}/messages", self.list_messages),
            web.post(p + "/channels/{channel_id}/messages", self.create_message),
            web.get(p + "/channels/{channel_id}/messages/{message_id}", self.get_message),
            web.patch(p + "/channels/{channel_id}/messages/{message_id}", self.edit_message),
            web.delete(p + "/channels/{channel_id}/messages/{message_id}", self.delete_message),
            web.get(p + "/guilds/{guild_id}", self.guild),
            web.get(p + "/guilds/{guild_id}/channels", self.guild_channels),
            web.get(p + "/guilds/{guild_id}/roles", self.guild_roles),
            web.get(p + "/guilds/{guild_id}/members/{user_id}", self.guild_member),
        ]

    # -- identity ---------------------------------------------------------------------------
    async def me(self, request: web.Request) -> web.Response:
        return json_response(self.emu.bot_user.payload() | {"verified": True, "mfa_enabled": False})

    async def user(self, request: web.Request) -> web.Response:
        user = self.emu.users.get(int(request.match_info["user_id"]))
        return json_response(user.payload()) if user else error(*UNKNOWN_USER)

    async def application(self, request: web.Request) -> web.Response:
        return json_response(self.emu.application_payload())

    async def gateway(self, request: web.Request) -> web.Response:
        return json_response({"url": self.emu.gateway_url.rstrip("/")})

    async def gateway_bot(self, request: web.Request) -> web.Response:
        return json_response({"url": self.emu.gateway_url.rstrip("/"), "shards": 1, "session_start_limit": {
            "total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}})

    # -- application commands ---------------------------------------------------------------
    def _scope(self, request: web.Request) -> tuple[int | None, web.Response | None]:
        if request.match_info["app_id"] != str(self.emu.application_id):
            return None, error(*UNKNOWN_APPLICATION)
        raw = request.match_info.get("guild_id")
        if raw is None:
            return None, None
        if int(raw) not in self.emu.guilds:
            return None, error(*UNKNOWN_GUILD)
        return int(raw), None

    async def list_commands(self, request: web.Request) -> web.Response:
        guild_id, err = self._scope(request)
        return err or json_response(self.emu.registered_commands(guild_id))

    async def put_commands(self, request: web.Request) -> web.Response:
        guild_id, err = self._scope(request)
        if err:
            return err
        body, _ = await read_body(request)
        body = body if isinstance(body, list) else []
        op = "bulk_set_guild_application_commands" if guild_id else "bulk_set_application_commands"
        self.emu.validate_openapi(op, request, body)
        errs = limits.check_commands(body)
        if errs:
            self.emu.violation("limit", request, errs.lines())
            return json_response(errs.body(), 400)
        return json_response(self.emu.store_commands(guild_id, body))

    async def upsert_command(self, request: web.Request) -> web.Response:
        guild_id, err = self._scope(request)
        if err:
            return err
        body, _ = await read_body(request)
        body = body if isinstance(body, dict) else {}
        op = "create_guild_application_command" if guild_id else "create_application_command"
        self.emu.validate_openapi(op, request, body)
        current = [c for c in self.emu.registered_commands(guild_id)
                   if (c["name"], c.get("type", 1)) != (body.get("name"), body.get("type", 1))]
        errs = limits.check_commands([body])
        if errs:
            self.emu.violation("limit", request, errs.lines())
            return json_response(errs.body(), 400)
        stored = self.emu.store_commands(guild_id, current + [body])
        return json_response(stored[-1], 201)

    def _find_command(self, request: web.Request, guild_id: int | None) -> dict[str, Any] | None:
        cid = request.match_info["command_id"]
        return next((c for c in self.emu.registered_commands(guild_id) if c["id"] == cid), None)

    async def get_command(self, request: web.Request) -> web.Response:
        guild_id, err = self._scope(request)
        cmd = None if err else self._find_command(request, guild_id)
        return err or (json_response(cmd) if cmd else error(*UNKNOWN_COMMAND))

    async def delete_command(self, request: web.Request) -> web.Response:
        guild_id, err = self._scope(request)
        if err:
            return err
        cmd = self._find_command(request, guild_id)
        if cmd is None:
            return error(*UNKNOWN_COMMAND)
        self.emu.commands[guild_id] = [c for c in self.emu.commands[guild_id] if c["id"] != cmd["id"]]
        return web.Response(status=204)

    # -- channels and messages --------------------------------------------------------------
    def _channel_id(self, request: web.Request) -> int | None:
        cid = int(request.match_info["channel_id"])
        return cid if cid in self.emu.channels else None

    def _message(self, request: web.Request, channel_id: int) -> dict[str, Any] | None:
        msg = self.emu.messages.live(int(request.match_info["message_id"]))
        if msg is None or int(msg["channel_id"]) != channel_id or msg["flags"] & 64:
            return None  # ephemeral messages exist only for the interaction webhook
        return msg

    async def channel(self, request: web.Request) -> web.Response:
        cid = self._channel_id(request)
        return json_response(self.emu.channels[cid].payload()) if cid else error(*UNKNOWN_CHANNEL)

    async def typing(self, request: web.Request) -> web.Response:
        return web.Response(status=204) if self._channel_id(request) else error(*UNKNOWN_CHANNEL)

    async def list_messages(self, request: web.Request) -> web.Response:
        cid = self._channel_id(request)
        if cid is None:
            return error(*UNKNOWN_CHANNEL)
        limit = int(request.query.get("limit", 50))
        msgs = [m for m in self.emu.messages.in_channel(cid) if not m["flags"] & 64]
        return json_response(list(reversed(msgs))[:limit])

    async def create_message(self, request: web.Request) -> web.Response:
        emu = self.emu
        cid = self._channel_id(request)
        if cid is None:
            return error(*UNKNOWN_CHANNEL)
        body, files = await read_body(request)
        body = body if isinstance(body, dict) else {}
        emu.validate_openapi("create_message", request, body)
        errs = limits.check_message(body, files=len(files))
        if errs:
            emu.violation("limit", request, errs.lines())
            return json_response(errs.body(), 400)
        msg = emu.messages.add(build_message(emu, cid, body, files))
        emu.gateway.post("MESSAGE_CREATE", copy.deepcopy(msg))
        return json_response(msg)

    async def get_message(self, request: web.Request) -> web.Response:
        cid = self._channel_id(request)
        msg = self._message(request, cid) if cid else None
        return json_response(msg) if msg else error(*UNKNOWN_MESSAGE)

    async def edit_message(self, request: web.Request) -> web.Response:
        emu = self.emu
        cid = self._channel_id(request)
        msg = self._message(request, cid) if cid else None
        if msg is None:
            return error(*UNKNOWN_MESSAGE)
        body, files = await read_body(request)
        body = body if isinstance(body, dict) else {}
        emu.validate_openapi("update_message", request, body)
        errs = limits.check_message(body, files=len(files), require_content=False)
        if errs:
            emu.violation("limit", request, errs.lines())
            return json_response(errs.body(), 400)
        apply_edit(emu, msg, body, files)
        emu.messages._changed()
        emu.gateway.post("MESSAGE_UPDATE", copy.deepcopy(msg))
        return json_response(msg)

    async def delete_message(self, request: web.Request) -> web.Response:
        cid = self._channel_id(request)
        msg = self._message(request, cid) if cid else None
        if msg is None:
            return error(*UNKNOWN_MESSAGE)
        self.emu.messages.delete(int(msg["id"]))
        return web.Response(status=204)

    # -- guilds -----------------------------------------------------------------------------
    def _guild(self, request: web.Request) -> Any:
        return self.emu.guilds.get(int(request.match_info["guild_id"]))

    async def guild(self, request: web.Request) -> web.Response:
        guild = self._guild(request)
        if guild is None:
            return error(*UNKNOWN_GUILD)
        data = guild.create_payload()
        for key in ("channels", "members", "threads", "presences", "voice_states"):
            data.pop(key, None)
        return json_response(data)

    async def guild_channels(self, request: web.Request) -> web.Response:
        guild = self._guild(request)
        return json_response([c.payload() for c in guild.channels.values()]) if guild else error(*UNKNOWN_GUILD)

    async def guild_roles(self, request: web.Request) -> web.Response:
        guild = self._guild(request)
        return json_response([r.payload() for r in guild.roles.values()]) if guild else error(*UNKNOWN_GUILD)

    async def guild_member(self, request: web.Request) -> web.Response:
        guild = self._guild(request)
        if guild is None:
            return error(*UNKNOWN_GUILD)
        member = guild.members.get(int(request.match_info["user_id"]))
        return json_response(member.payload()) if member else error(*UNKNOWN_MEMBER)
