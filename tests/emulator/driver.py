"""The test-facing half of `Emulator`: play a user (slash commands, autocomplete, buttons,
modals), inject faults, and check what the bot did."""

from __future__ import annotations

import re
import secrets
import time
from typing import TYPE_CHECKING, Any, Mapping

from .builders import ATTACHMENT_SIZE_LIMIT, command_data, component_data, modal_submit_data
from .records import InteractionRecord, Violation
from .world import Channel, Member, User

if TYPE_CHECKING:
    from .server import Emulator, RateLimitFault

    _Base = Emulator
else:
    _Base = object

APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5


class Driver(_Base):
    """Mixed into `Emulator`."""

    # -- gateway ----------------------------------------------------------------------------
    async def wait_ready(self, timeout: float = 5.0) -> None:
        """Wait until the bot has identified (or resumed) and received its guilds."""
        await self.gateway.wait_ready(timeout)

    async def dispatch_event(self, event: str, data: dict[str, Any], timeout: float = 5.0) -> None:
        """Send any gateway dispatch (e.g. "GUILD_MEMBER_ADD") to the bot."""
        await self.gateway.dispatch(event, data, timeout)

    async def send_reconnect(self, *, wait: bool = True, timeout: float = 10.0) -> None:
        await self.gateway.send_reconnect(wait=wait, timeout=timeout)

    async def send_invalid_session(self, resumable: bool, *, wait: bool = True, timeout: float = 10.0) -> None:
        await self.gateway.send_invalid_session(resumable, wait=wait, timeout=timeout)

    async def drop_connection(self, code: int = 4000, *, wait: bool = True, timeout: float = 15.0) -> None:
        await self.gateway.drop_connection(code, wait=wait, timeout=timeout)

    @property
    def identify_count(self) -> int:
        return self.gateway.identify_count

    @property
    def resume_count(self) -> int:
        return self.gateway.resume_count

    @property
    def heartbeats(self) -> list[float]:
        """`time.monotonic()` of every heartbeat the bot sent."""
        return self.gateway.heartbeats

    # -- faults -----------------------------------------------------------------------------
    def inject_429(self, route: str, count: int = 1, retry_after: float = 0.05, *,
                   is_global: bool = False) -> "RateLimitFault":
        """Answer the next `count` requests matching regex `route` with 429 + retry_after.

        `route` is searched in "METHOD /path" (path without /api/v10), e.g. r"POST /interactions/"."""
        from .server import RateLimitFault

        fault = RateLimitFault(re.compile(route), count, retry_after, is_global)
        self.faults.append(fault)
        return fault

    # -- playing a user ---------------------------------------------------------------------
    def _member(self, user: Member | User | int | None, guild_id: int) -> Member:
        if isinstance(user, Member):
            return user
        guild = self.guilds[guild_id]
        uid = self.member.id if user is None else (user.id if isinstance(user, User) else int(user))
        if uid not in guild.members:
            raise ValueError(f"user {uid} is not a member of guild {guild_id}")
        return guild.members[uid]

    def _dm_channel(self, user: User) -> Channel:
        for channel in self.channels.values():
            if channel.type == 1 and channel.name == f"dm-{user.id}":
                return channel
        channel = Channel(self.snowflakes.next(), f"dm-{user.id}", None, type=1)
        self.channels[channel.id] = channel
        return channel

    def _interaction_payload(self, itype: int, data: dict[str, Any], *, user: Any, guild_id: int | None,
                             channel_id: int | None, locale: str, message: dict[str, Any] | None) -> dict:
        payload: dict[str, Any] = {
            "id": str(self.snowflakes.next()), "application_id": str(self.application_id), "type": itype,
            "token": "itok-" + secrets.token_urlsafe(32), "version": 1, "data": data, "locale": locale,
            "entitlements": [], "entitlement_sku_ids": [], "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        }
        if guild_id is None:  # a DM with the bot
            u = user.user if isinstance(user, Member) else (user if isinstance(user, User) else self.member.user)
            channel = self._dm_channel(u)
            payload |= {
                "user": u.payload(), "channel_id": str(channel.id), "context": 1,
                "channel": {"id": str(channel.id), "type": 1, "recipients": [u.payload()], "flags": 0,
                            "last_message_id": None},
                "app_permissions": str(self.bot_member.permissions), "authorizing_integration_owners": {"0": "0"},
            }
        else:
            member = self._member(user, guild_id)
            guild = self.guilds[guild_id]
            channel = self.channels[channel_id] if channel_id else next(
                c for c in guild.channels.values() if c.type == 0)
            bot = guild.members.get(self.bot_user_id)
            payload |= {
                "guild_id": str(guild_id), "guild": guild.partial_payload(), "guild_locale": "en-US",
                "channel_id": str(channel.id), "channel": channel.payload() | {"permissions": str(member.permissions)},
                "member": member.payload(with_permissions=True), "context": 0,
                "app_permissions": str(bot.permissions if bot else self.bot_member.permissions),
                "authorizing_integration_owners": {"0": str(guild_id)},
            }
        if message is not None:
            payload["message"] = message
        return payload

    async def _send_interaction(self, itype: int, data: dict[str, Any], *, user: Any, guild_id: int | None,
                                channel_id: int | None, locale: str = "en-US", message: dict | None = None,
                                timeout: float = 5.0) -> InteractionRecord:
        payload = self._interaction_payload(itype, data, user=user, guild_id=guild_id, channel_id=channel_id,
                                            locale=locale, message=message)
        record = InteractionRecord(payload, self.messages, int(message["id"]) if message else None)
        self.interactions[record.id] = record
        self.interactions_by_token[record.token] = record
        await self.gateway.wait_ready(timeout)  # a reconnect in progress must not eat the 3 s budget
        record.dispatched_at = time.monotonic()
        await self.gateway.dispatch("INTERACTION_CREATE", payload, timeout)
        return record

    def _scope(self, guild_id: int | None, channel_id: int | None, dm: bool) -> int | None:
        if dm:
            return None
        if guild_id is None and channel_id is not None:
            return self.channels[channel_id].guild_id
        return guild_id or self.guild_id

    async def slash(self, name: str, options: Mapping[str, Any] | None = None, *, user: Any = None,
                    guild_id: int | None = None, channel_id: int | None = None, locale: str = "en-US",
                    dm: bool = False) -> InteractionRecord:
        """Invoke `/name` ("group sub" for subcommands) as `user` (default: `member`).

        Option values are typed from the registered command: str/int/float/bool, a Member/User/id
        for USER, a Role/id for ROLE, `Upload`/(filename, bytes)/bytes for ATTACHMENT.
        Returns at once; await `record.wait_response()` / `wait_final()` for the bot's answer."""
        gid = self._scope(guild_id, channel_id, dm)
        data = command_data(self, name, options, guild_id=gid)
        return await self._send_interaction(APPLICATION_COMMAND, data, user=user, guild_id=gid,
                                            channel_id=channel_id, locale=locale)

    async def autocomplete(self, name: str, options: Mapping[str, Any] | None = None, *, focused: str,
                           user: Any = None, guild_id: int | None = None, channel_id: int | None = None,
                           dm: bool = False, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Type into option `focused` of `/name`; returns the choices the bot offered."""
        gid = self._scope(guild_id, channel_id, dm)
        values = {focused: "", **dict(options or {})}
        data = command_data(self, name, values, guild_id=gid, focused=focused)
        record = await self._send_interaction(AUTOCOMPLETE, data, user=user, guild_id=gid, channel_id=channel_id)
        await record.wait_response(timeout)
        if record.callback_type != 8:
            raise AssertionError(f"autocomplete answered with callback type {record.callback_type}: {record!r}")
        return list(record.choices or [])

    def _message_of(self, message: Any) -> dict[str, Any]:
        if isinstance(message, InteractionRecord):
            message = message.original_id
        mid = int(message["id"]) if isinstance(message, dict) else int(message)
        msg = self.messages.get(mid)
        if msg is None:
            raise LookupError(f"message {mid} does not exist (or was deleted)")
        return msg

    async def press_button(self, message: Any, custom_id: str, *, user: Any = None,
                           values: list[str] | None = None) -> InteractionRecord:
        """Click component `custom_id` on `message` (a message dict, record or id) as `user`
        (default: whoever invoked the interaction that created the message)."""
        msg = self._message_of(message)
        data = component_data(msg, custom_id, values)
        if user is None:
            invoker = (msg.get("interaction_metadata") or {}).get("user")
            user = int(invoker["id"]) if invoker else None
        channel = self.channels[int(msg["channel_id"])]
        return await self._send_interaction(MESSAGE_COMPONENT, data, user=user, guild_id=channel.guild_id,
                                            channel_id=channel.id, message=msg)

    async def select(self, message: Any, custom_id: str, values: list[str], *, user: Any = None) -> InteractionRecord:
        """Pick `values` in select menu `custom_id`."""
        return await self.press_button(message, custom_id, user=user, values=values)

    async def submit_modal(self, record: InteractionRecord, values: Mapping[str, Any], *,
                           user: Any = None) -> InteractionRecord:
        """Fill in and submit the modal the bot opened in answer to `record`."""
        if record.modal is None:
            raise ValueError(f"the bot answered {record!r} without a modal")
        data = modal_submit_data(record.modal, values)
        message = self.messages.get(record.original_id) if record.type == MESSAGE_COMPONENT else None
        return await self._send_interaction(MODAL_SUBMIT, data, user=user or record.user_id,
                                            guild_id=record.guild_id, channel_id=record.channel_id, message=message)

    # -- checking ---------------------------------------------------------------------------
    def channel_messages(self, channel_id: int | None = None) -> list[dict[str, Any]]:
        """Live messages in a channel (default: the default channel), oldest first."""
        return self.messages.in_channel(channel_id or self.channel_id)

    async def wait_for_message(self, predicate: Any = None, *, channel_id: int | None = None,
                               timeout: float = 5.0) -> dict[str, Any]:
        """Wait for a message in a channel (default: the default channel) matching `predicate`,
        e.g. one the bot posts from a background task."""
        found: list[dict[str, Any]] = []

        def match() -> bool:
            found[:] = [m for m in self.channel_messages(channel_id) if predicate is None or predicate(m)]
            return bool(found)

        await self.messages._wait(match, timeout, "a matching channel message")
        return found[-1]

    def take_violations(self) -> list[Violation]:
        """Return and forget the violations so far (for tests that provoke them on purpose)."""
        taken, self.violations[:] = list(self.violations), []
        return taken

    def assert_no_violations(self, *, unhandled: bool = True) -> None:
        """Fail with every recorded violation (and request to an unemulated route)."""
        lines = [str(v) for v in self.violations]
        if unhandled:
            lines += [f"[unhandled] {r.method} {r.path}" for r in self.unhandled]
        if lines:
            raise AssertionError("Discord emulator saw problems:\n  " + "\n  ".join(lines))
