"""Build INTERACTION_CREATE payloads the way Discord's client would send them.

Slash-command options are typed from the *registered* command, so a test writes plain Python
values and gets exactly what Discord would deliver (or a ValueError for input Discord's client
would never let a user send).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from .world import Channel, Member, Role, User

if TYPE_CHECKING:
    from .server import Emulator

SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = 3, 4, 5, 6, 7, 8, 9, 10, 11
ATTACHMENT_SIZE_LIMIT = 25 * 1024 * 1024


@dataclass
class Upload:
    """A file a user attaches to an ATTACHMENT option."""

    filename: str
    data: bytes
    content_type: str = "application/octet-stream"


def find_command(commands: Iterable[dict[str, Any]], name: str) -> tuple[dict[str, Any], list[str]]:
    """The registered chat-input command for "cmd [group] [sub]" and the remaining path."""
    parts = name.split()
    for cmd in commands:
        if cmd.get("type", 1) == 1 and cmd["name"] == parts[0]:
            return cmd, parts[1:]
    raise LookupError(f"no registered command /{parts[0]}; registered: {sorted(c['name'] for c in commands)}")


def _descend(cmd: dict[str, Any], path: list[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Walk subcommand groups; returns (wrapper chain, leaf option definitions)."""
    chain: list[dict[str, Any]] = []
    defs = cmd.get("options") or []
    for part in path:
        match = next((o for o in defs if o["name"] == part and o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)), None)
        if match is None:
            raise LookupError(f"/{cmd['name']} has no subcommand {part!r}")
        chain.append(match)
        defs = match.get("options") or []
    if any(o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in defs):
        subs = [o["name"] for o in defs if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)]
        raise LookupError(f"/{' '.join([cmd['name'], *path])} needs a subcommand, one of {subs}")
    return chain, defs


class OptionEncoder:
    """Turns test values into typed option payloads plus `resolved` entries."""

    def __init__(self, emu: "Emulator", guild_id: int | None):
        self.emu = emu
        self.guild_id = guild_id
        self.resolved: dict[str, dict[str, Any]] = {}

    def _resolve(self, kind: str, obj_id: int, payload: dict[str, Any]) -> None:
        self.resolved.setdefault(kind, {})[str(obj_id)] = payload

    def _user(self, value: Any) -> int:
        if isinstance(value, Member):
            member, user = value, value.user
        else:
            user_id = value.id if isinstance(value, User) else int(value)
            member = self.emu.guilds[self.guild_id].members.get(user_id) if self.guild_id else None
            user = member.user if member else (value if isinstance(value, User) else self.emu.users[user_id])
        self._resolve("users", user.id, user.payload())
        if member is not None:
            self._resolve("members", user.id, member.payload(with_user=False, with_permissions=True))
        return user.id

    def _role(self, value: Any) -> int:
        role_id = value.id if isinstance(value, Role) else int(value)
        self._resolve("roles", role_id, self.emu.guilds[self.guild_id].roles[role_id].payload())
        return role_id

    def _channel(self, value: Any) -> int:
        channel = value if isinstance(value, Channel) else self.emu.channels[int(value)]
        self._resolve("channels", channel.id, {**channel.payload(), "permissions": str((1 << 51) - 1)})
        return channel.id

    def _attachment(self, value: Any) -> int:
        if isinstance(value, bytes):
            value = Upload("file.bin", value)
        elif isinstance(value, tuple):
            value = Upload(*value)
        att_id = self.emu.snowflakes.next()
        self._resolve("attachments", att_id, self.emu.store_attachment(att_id, value))
        return att_id

    def encode(self, opt: dict[str, Any], value: Any) -> Any:
        t, name = opt["type"], opt["name"]
        if t == STRING:
            value = str(value)
            lo, hi = opt.get("min_length", 0), opt.get("max_length", 6000)
            if not lo <= len(value) <= hi:
                raise ValueError(f"option {name!r}: length {len(value)} outside [{lo}, {hi}]")
        elif t in (INTEGER, NUMBER):
            if isinstance(value, bool) or (t == INTEGER and int(value) != value):
                raise ValueError(f"option {name!r} needs an {'integer' if t == INTEGER else 'number'}")
            value = int(value) if t == INTEGER else float(value)
            lo, hi = opt.get("min_value"), opt.get("max_value")
            if (lo is not None and value < lo) or (hi is not None and value > hi):
                raise ValueError(f"option {name!r}: {value} outside [{lo}, {hi}]")
        elif t == BOOLEAN:
            value = bool(value)
        elif t == USER:
            return str(self._user(value))
        elif t == CHANNEL:
            return str(self._channel(value))
        elif t == ROLE:
            return str(self._role(value))
        elif t == MENTIONABLE:
            is_role = isinstance(value, Role) or (
                self.guild_id is not None and int(getattr(value, "id", value)) in self.emu.guilds[self.guild_id].roles)
            return str(self._role(value) if is_role else self._user(value))
        elif t == ATTACHMENT:
            return str(self._attachment(value))
        choices = opt.get("choices")
        if choices and value not in [c["value"] for c in choices]:
            raise ValueError(f"option {name!r}: {value!r} is not one of {[c['value'] for c in choices]}")
        return value

    def options(self, defs: list[dict[str, Any]], values: Mapping[str, Any], focused: str | None) -> list[dict]:
        known = {o["name"]: o for o in defs}
        unknown = set(values) - set(known)
        if unknown:
            raise ValueError(f"unknown option(s) {sorted(unknown)}; the command has {sorted(known)}")
        if focused is not None and not known.get(focused, {}).get("autocomplete"):
            raise ValueError(f"option {focused!r} was not registered with autocomplete")
        if focused is None:
            missing = [o["name"] for o in defs if o.get("required") and o["name"] not in values]
            if missing:
                raise ValueError(f"required option(s) missing: {missing}")
        out = []
        for name, value in values.items():
            opt = known[name]
            if name == focused:  # Discord sends what the user has typed so far, as a string
                out.append({"type": opt["type"], "name": name, "value": str(value), "focused": True})
            else:
                out.append({"type": opt["type"], "name": name, "value": self.encode(opt, value)})
        return out


def command_data(emu: "Emulator", name: str, values: Mapping[str, Any] | None, *, guild_id: int | None,
                 focused: str | None = None) -> dict[str, Any]:
    """The `data` of an APPLICATION_COMMAND(_AUTOCOMPLETE) interaction."""
    # Read the stored definitions in place (no deep copy per call): nothing below changes them, and the
    # data built from them is new.
    guild_cmds = emu.commands.get(guild_id, []) if guild_id is not None else []
    cmd, path = find_command([*guild_cmds, *emu.commands.get(None, [])], name)
    chain, defs = _descend(cmd, path)
    encoder = OptionEncoder(emu, guild_id)
    options = encoder.options(defs, dict(values or {}), focused)
    for wrapper in reversed(chain):
        options = [{"type": wrapper["type"], "name": wrapper["name"], "options": options}]
    data: dict[str, Any] = {"id": cmd["id"], "name": cmd["name"], "type": 1, "options": options}
    if encoder.resolved:
        data["resolved"] = encoder.resolved
    if cmd.get("guild_id"):
        data["guild_id"] = cmd["guild_id"]
    return data


def find_component(components: list[dict[str, Any]], custom_id: str) -> dict[str, Any] | None:
    for c in components:
        if c.get("custom_id") == custom_id:
            return c
        for key in ("components", "accessory", "component"):
            kids = c.get(key)
            kids = [kids] if isinstance(kids, dict) else kids or []
            found = find_component(kids, custom_id)
            if found is not None:
                return found
    return None


def component_data(message: dict[str, Any], custom_id: str, values: list[str] | None) -> dict[str, Any]:
    """The `data` of a MESSAGE_COMPONENT interaction; refuses what a user could not click."""
    comp = find_component(message.get("components") or [], custom_id)
    if comp is None:
        raise LookupError(f"message {message['id']} has no component {custom_id!r}")
    if comp.get("disabled"):
        raise ValueError(f"component {custom_id!r} is disabled")
    data: dict[str, Any] = {"custom_id": custom_id, "component_type": comp["type"]}
    if comp["type"] != 2:
        data["values"] = list(values or [])
    return data


def modal_submit_data(modal: dict[str, Any], values: Mapping[str, str]) -> dict[str, Any]:
    """The `data` of a MODAL_SUBMIT for a modal the bot showed (rows or labels)."""

    def answer(comp: dict[str, Any]) -> dict[str, Any]:
        cid = comp.get("custom_id")
        if comp.get("type") == 4:
            return {"type": 4, "custom_id": cid, "value": str(values.get(cid, comp.get("value") or ""))}
        picked = values.get(cid, [])
        return {"type": comp.get("type"), "custom_id": cid, "values": [picked] if isinstance(picked, str) else list(picked)}

    rows = []
    for comp in modal.get("components") or []:
        if comp.get("type") == 1:
            rows.append({"type": 1, "components": [answer(c) for c in comp.get("components") or []]})
        elif comp.get("type") == 18 and comp.get("component"):
            rows.append({"type": 18, "component": answer(comp["component"])})
    return {"custom_id": modal["custom_id"], "components": rows}
