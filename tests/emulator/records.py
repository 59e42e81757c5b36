"""What the emulator remembers: requests, violations, messages and interactions.

`InteractionRecord` is what a test gets back from `Emulator.slash()` and friends: it fills
in as the bot acknowledges, edits and follows up, and can be awaited at each stage.
"""

from __future__ import annotations

import asyncio
import copy
import time
from dataclasses import dataclass, field
from typing import Any, Callable

EPHEMERAL = 1 << 6
LOADING = 1 << 7

CALLBACK_NAMES = {
    1: "PONG", 4: "CHANNEL_MESSAGE_WITH_SOURCE", 5: "DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE",
    6: "DEFERRED_UPDATE_MESSAGE", 7: "UPDATE_MESSAGE", 8: "APPLICATION_COMMAND_AUTOCOMPLETE_RESULT", 9: "MODAL",
}


@dataclass
class Violation:
    """A request that broke one of Discord's rules (limits, OpenAPI schema, interaction protocol)."""

    kind: str  # "limit", "openapi", "protocol"
    method: str
    path: str
    details: list[str]

    def __str__(self) -> str:
        return f"[{self.kind}] {self.method} {self.path}: " + "; ".join(self.details)


@dataclass
class RequestRecord:
    """One HTTP request the bot made (the Authorization header is never kept)."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    json: Any = None
    files: list[tuple[str, bytes]] = field(default_factory=list)
    status: int | None = None
    at: float = field(default_factory=time.monotonic)


class Waitable:
    """Lets tests await a predicate over state that changes when `_changed()` is called."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def _changed(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def _wait(self, predicate: Callable[[], bool], timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"timed out after {timeout}s waiting for {what}: {self!r}")
            event = self._event
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except asyncio.TimeoutError:
                pass


class InteractionRecord(Waitable):
    """One interaction sent to the bot and everything the bot did in answer."""

    def __init__(self, payload: dict[str, Any], messages: "MessageStore", target_message_id: int | None = None):
        super().__init__()
        self.payload = payload
        self.id = int(payload["id"])
        self.token: str = payload["token"]
        self.type: int = payload["type"]
        self.channel_id = int(payload.get("channel_id") or payload["channel"]["id"])
        self.guild_id = int(payload["guild_id"]) if payload.get("guild_id") else None
        self.user_id = int((payload.get("member") or {}).get("user", payload.get("user"))["id"])
        self._messages = messages
        self.dispatched_at = time.monotonic()
        self.responded_at: float | None = None
        self.callback_type: int | None = None
        self.callback: dict[str, Any] | None = None  # raw callback body
        self.original_id: int | None = target_message_id  # component interactions edit their message
        self.followup_ids: list[int] = []
        self.followups: list[dict[str, Any]] = []  # bodies as posted
        self.edits: list[dict[str, Any]] = []  # bodies PATCHed to @original
        self.errors: list[dict[str, Any]] = []  # error bodies the emulator answered for this interaction
        self._deferred_pending = False  # a type-5 "thinking" message awaiting its first edit/followup

    def __repr__(self) -> str:
        name = CALLBACK_NAMES.get(self.callback_type or 0, self.callback_type)
        what = (self.payload.get("data") or {}).get("name") or (self.payload.get("data") or {}).get("custom_id")
        return (f"<InteractionRecord {what!r} id={self.id} type={self.type} callback={name} "
                f"edits={len(self.edits)} followups={len(self.followups)} errors={self.errors!r}>")

    # -- state transitions, called by the REST layer ------------------------------------------
    def acknowledge(self, cb_type: int, body: dict[str, Any]) -> None:
        self.responded_at = time.monotonic()
        self.callback_type = cb_type
        self.callback = body
        self._deferred_pending = cb_type in (5, 6)
        self._changed()

    def touched(self) -> None:
        self._deferred_pending = False
        self._changed()

    # -- what tests read --------------------------------------------------------------------
    @property
    def acknowledged(self) -> bool:
        return self.callback_type is not None

    @property
    def latency(self) -> float | None:
        """Seconds from dispatch to the callback (Discord allows 3)."""
        return None if self.responded_at is None else self.responded_at - self.dispatched_at

    @property
    def response(self) -> dict[str, Any]:
        """The `data` of the callback (message payload, autocomplete choices or modal)."""
        return (self.callback or {}).get("data") or {}

    @property
    def ephemeral(self) -> bool:
        msg = self.original
        flags = msg["flags"] if msg else int(self.response.get("flags") or 0)
        return bool(flags & EPHEMERAL)

    @property
    def choices(self) -> list[dict[str, Any]] | None:
        return self.response.get("choices") if self.callback_type == 8 else None

    @property
    def modal(self) -> dict[str, Any] | None:
        return self.response if self.callback_type == 9 else None

    @property
    def original(self) -> dict[str, Any] | None:
        """Current state of the interaction's original message (None if it has none)."""
        return self._messages.get(self.original_id) if self.original_id else None

    @property
    def message(self) -> dict[str, Any] | None:
        """Alias of `original`: the message to pass to `Emulator.press_button`."""
        return self.original

    @property
    def messages(self) -> list[dict[str, Any]]:
        """Final state of every live message this interaction produced, original first."""
        ids = ([self.original_id] if self.original_id else []) + self.followup_ids
        seen: list[int] = []
        for mid in ids:
            if mid not in seen:
                seen.append(mid)
        return [m for m in (self._messages.get(i) for i in seen) if m is not None]

    @property
    def content(self) -> str | None:
        msg = self.original
        return msg.get("content") if msg else None

    @property
    def embeds(self) -> list[dict[str, Any]]:
        msg = self.original
        return list(msg.get("embeds") or []) if msg else []

    @property
    def text(self) -> str:
        """All visible text of all messages (content, embed titles, descriptions, fields, footers)."""
        parts: list[str] = []
        for msg in self.messages:
            parts.append(msg.get("content") or "")
            for e in msg.get("embeds") or []:
                parts += [e.get("title") or "", e.get("description") or ""]
                for f in e.get("fields") or []:
                    parts += [f.get("name") or "", f.get("value") or ""]
                parts.append((e.get("footer") or {}).get("text") or "")
        return "\n".join(p for p in parts if p)

    @property
    def finished(self) -> bool:
        return self.acknowledged and not self._deferred_pending

    async def wait_response(self, timeout: float = 5.0) -> "InteractionRecord":
        """Wait until the bot has acknowledged the interaction (any callback type)."""
        await self._wait(lambda: self.acknowledged, timeout, "the interaction callback")
        return self

    async def wait_final(self, timeout: float = 5.0) -> "InteractionRecord":
        """Wait until the answer is complete: a deferral has been edited or followed up."""
        await self._wait(lambda: self.finished, timeout, "the deferred answer")
        return self

    async def wait_followups(self, count: int, timeout: float = 5.0) -> "InteractionRecord":
        await self._wait(lambda: len(self.followups) >= count, timeout, f"{count} followup(s)")
        return self


class MessageStore(Waitable):
    """Every message the bot created, by id, in its latest state."""

    def __init__(self) -> None:
        super().__init__()
        self.by_id: dict[int, dict[str, Any]] = {}
        self.deleted: set[int] = set()

    def add(self, message: dict[str, Any]) -> dict[str, Any]:
        self.by_id[int(message["id"])] = message
        self._changed()
        return message

    def get(self, message_id: int | None) -> dict[str, Any] | None:
        if message_id is None or message_id in self.deleted:
            return None
        msg = self.by_id.get(int(message_id))
        return copy.deepcopy(msg) if msg is not None else None

    def live(self, message_id: int) -> dict[str, Any] | None:
        """The stored (mutable) message, for the REST layer."""
        return None if message_id in self.deleted else self.by_id.get(int(message_id))

    def delete(self, message_id: int) -> None:
        self.deleted.add(int(message_id))
        self._changed()

    def in_channel(self, channel_id: int) -> list[dict[str, Any]]:
        return [copy.deepcopy(m) for mid, m in self.by_id.items()
                if mid not in self.deleted and int(m["channel_id"]) == channel_id]
