"""Message objects as Discord returns them, built from create/edit request bodies."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .records import EPHEMERAL, LOADING
from .world import iso_now

if TYPE_CHECKING:
    from .server import Emulator

# Flags a bot may set when creating a message (suppress embeds, ephemeral, suppress notifications,
# components v2); the rest are Discord's own.
SETTABLE_FLAGS = (1 << 2) | EPHEMERAL | (1 << 12) | (1 << 15)
_BODY = web.RequestKey("emulator_body", tuple)


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """JSON with a bare `application/json` content type: discord.py parses nothing else as JSON."""
    return web.Response(body=json.dumps(data).encode(), status=status,
                        headers={"Content-Type": "application/json", **(headers or {})})


def error(status: int, code: int, message: str) -> web.Response:
    return json_response({"message": message, "code": code}, status)


def _attachments(emu: "Emulator", body: dict[str, Any], files: list[tuple[str, bytes]],
                 existing: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """New attachment list: kept ones named in `attachments` plus uploaded files."""
    declared = body.get("attachments")
    keep_ids = {str(a.get("id")) for a in declared or []}
    kept = [a for a in existing if declared is None or a["id"] in keep_ids]
    uploaded = []
    for filename, data in files:
        att_id = emu.snowflakes.next()
        meta = next((a for a in declared or [] if str(a.get("filename")) == filename and "description" in a), {})
        uploaded.append(emu.store_attachment(att_id, (filename, data), description=meta.get("description")))
    return kept + uploaded


def build_message(emu: "Emulator", channel_id: int, body: dict[str, Any], files: list[tuple[str, bytes]], *,
                  interaction: dict[str, Any] | None = None, loading: bool = False) -> dict[str, Any]:
    """A new message authored by the bot (as the application's webhook for interactions)."""
    flags = int(body.get("flags") or 0) & SETTABLE_FLAGS
    if loading:
        flags |= LOADING
    msg: dict[str, Any] = {
        "id": str(emu.snowflakes.next()),
        "channel_id": str(channel_id),
        "author": emu.bot_user.payload(),
        "content": body.get("content") or "",
        "timestamp": iso_now(),
        "edited_timestamp": None,
        "tts": bool(body.get("tts")),
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": _attachments(emu, body, files, []),
        "embeds": body.get("embeds") or [],
        "components": body.get("components") or [],
        "pinned": False,
        "type": 0,
        "flags": flags,
        "allowed_mentions": body.get("allowed_mentions"),
    }
    channel = emu.channels.get(channel_id)
    if channel is not None and channel.guild_id is not None:
        msg["guild_id"] = str(channel.guild_id)
    if interaction is not None:
        user = interaction.get("member", {}).get("user") or interaction.get("user")
        msg["webhook_id"] = str(emu.application_id)
        msg["application_id"] = str(emu.application_id)
        msg["type"] = 20 if interaction["type"] == 2 else 19
        msg["interaction_metadata"] = {
            "id": interaction["id"], "type": interaction["type"], "user": user,
            "authorizing_integration_owners": interaction.get("authorizing_integration_owners", {}),
        }
    return msg


def apply_edit(emu: "Emulator", msg: dict[str, Any], body: dict[str, Any], files: list[tuple[str, bytes]]) -> None:
    """Apply a PATCH body (or an UPDATE_MESSAGE callback) to a stored message in place."""
    for key in ("content", "embeds", "components", "allowed_mentions"):
        if key in body:
            msg[key] = body[key] if body[key] is not None else ([] if key != "content" else "")
    if "flags" in body and body["flags"] is not None:
        # Ephemerality cannot change after creation; only the settable display flags can.
        keep = msg["flags"] & EPHEMERAL
        msg["flags"] = (int(body["flags"]) & SETTABLE_FLAGS & ~EPHEMERAL) | keep
    msg["flags"] &= ~LOADING
    if "attachments" in body or files:
        msg["attachments"] = _attachments(emu, body, files, msg["attachments"])
    msg["edited_timestamp"] = iso_now()


async def read_body(request: web.Request) -> tuple[Any, list[tuple[str, bytes]]]:
    """JSON body, or multipart `payload_json` plus `files[n]` parts, as discord.py sends them.

    Parsed once per request (a multipart stream cannot be read twice) and cached on it."""
    if _BODY not in request:
        request[_BODY] = await _parse_body(request)
    return request[_BODY]


async def _parse_body(request: web.Request) -> tuple[Any, list[tuple[str, bytes]]]:
    if request.content_type == "multipart/form-data":
        payload: Any = None
        files: list[tuple[str, bytes]] = []
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            name = getattr(part, "name", None)
            data = await part.read()  # type: ignore[union-attr]
            if name == "payload_json":
                payload = json.loads(data)
            elif name and name.startswith("files"):
                files.append((getattr(part, "filename", None) or name, bytes(data)))
        return payload, files
    if request.can_read_body:
        raw = await request.read()
        if raw:
            try:
                return json.loads(raw), []
            except ValueError:
                return raw.decode(errors="replace"), []
    return None, []
