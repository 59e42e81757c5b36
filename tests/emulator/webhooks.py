"""Interaction callbacks and the interaction webhook (followups, @original edits)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import limits
from .messages import apply_edit, build_message, error, json_response, read_body
from .records import EPHEMERAL, InteractionRecord

if TYPE_CHECKING:
    from .server import Emulator

# Callback types each interaction type may answer with (PING=1, COMMAND=2, COMPONENT=3,
# AUTOCOMPLETE=4, MODAL_SUBMIT=5).
ALLOWED_CALLBACKS = {1: {1}, 2: {4, 5, 9}, 3: {4, 5, 6, 7, 9}, 4: {8}, 5: {4, 5, 6, 7}}
UNKNOWN_INTERACTION = (404, 10062, "Unknown interaction")
UNKNOWN_WEBHOOK = (404, 10015, "Unknown Webhook")
UNKNOWN_MESSAGE = (404, 10008, "Unknown Message")


class InteractionWebhooks:
    """Handlers bound to one emulator."""

    def __init__(self, emu: "Emulator") -> None:
        self.emu = emu

    def routes(self, prefix: str) -> list[web.RouteDef]:
        return [
            web.post(prefix + "/interactions/{interaction_id}/{token}/callback", self.callback),
            web.post(prefix + "/webhooks/{app_id}/{token}", self.followup),
            web.get(prefix + "/webhooks/{app_id}/{token}/messages/{message_id}", self.get_message),
            web.patch(prefix + "/webhooks/{app_id}/{token}/messages/{message_id}", self.edit_message),
            web.delete(prefix + "/webhooks/{app_id}/{token}/messages/{message_id}", self.delete_message),
        ]

    def _fail(self, record: InteractionRecord | None, status: int, code: int, message: str) -> web.Response:
        if record is not None:
            record.errors.append({"status": status, "code": code, "message": message})
            record._changed()
        return error(status, code, message)

    # -- POST /interactions/{id}/{token}/callback ---------------------------------------------
    async def callback(self, request: web.Request) -> web.Response:
        emu = self.emu
        record = emu.interactions.get(int(request.match_info["interaction_id"]))
        if record is None or record.token != request.match_info["token"]:
            return error(*UNKNOWN_INTERACTION)
        body, files = await read_body(request)
        body = body if isinstance(body, dict) else {}
        cb_type, data = body.get("type"), body.get("data") or {}
        if record.acknowledged:
            emu.violation("protocol", request, ["interaction acknowledged twice (40060)"])
            return self._fail(record, 400, 40060, "Interaction has already been acknowledged.")
        late = time.monotonic() - record.dispatched_at
        if emu.ack_deadline is not None and late > emu.ack_deadline:
            emu.violation("protocol", request, [f"callback {late:.2f}s after dispatch (limit {emu.ack_deadline}s)"])
            return self._fail(record, *UNKNOWN_INTERACTION)
        emu.validate_openapi("create_interaction_response", request, body)
        if cb_type not in ALLOWED_CALLBACKS.get(record.type, set()):
            errs = limits.FormErrors()
            errs.add(("type",), "INTERACTION_CALLBACK_TYPE_INVALID",
                     f"Callback type {cb_type} is not valid for interaction type {record.type}")
        elif cb_type in (4, 7):
            errs = limits.check_message(data, prefix=("data",), files=len(files), require_content=cb_type == 4)
        elif cb_type == 8:
            errs = limits.check_autocomplete(data)
        elif cb_type == 9:
            errs = limits.check_modal(data)
        else:
            errs = limits.FormErrors()
        if errs:
            return self._limit_error(request, record, errs)

        message = None
        if cb_type in (4, 5):
            msg = build_message(emu, record.channel_id, data if cb_type == 4 else {"flags": data.get("flags")},
                                files if cb_type == 4 else [], interaction=record.payload, loading=cb_type == 5)
            message = emu.messages.add(msg)
            record.original_id = int(msg["id"])
        elif cb_type == 7:
            target = emu.messages.live(record.original_id or 0)
            if target is None:
                return self._fail(record, *UNKNOWN_MESSAGE)
            apply_edit(emu, target, data, files)
            emu.messages._changed()
            message = target
        record.acknowledge(cb_type, body)
        emu.on_interaction_changed(record)
        interaction = {"id": str(record.id), "type": record.type}
        if message is not None:
            interaction |= {"response_message_id": message["id"], "response_message_loading": cb_type == 5,
                            "response_message_ephemeral": bool(message["flags"] & EPHEMERAL)}
        reply: dict[str, Any] = {"interaction": interaction}
        if message is not None:
            reply["resource"] = {"type": cb_type, "message": message}
        return json_response(reply)

    def _limit_error(self, request: web.Request, record: InteractionRecord | None,
                     errs: limits.FormErrors) -> web.Response:
        self.emu.violation("limit", request, errs.lines())
        body = errs.body()
        if record is not None:
            record.errors.append({"status": 400, **body})
            record._changed()
        return json_response(body, 400)

    # -- the interaction webhook ------------------------------------------------------------
    def _record(self, request: web.Request) -> InteractionRecord | None:
        if request.match_info["app_id"] != str(self.emu.application_id):
            return None
        return self.emu.interactions_by_token.get(request.match_info["token"])

    def _message_id(self, record: InteractionRecord, raw: str) -> int | None:
        if raw == "@original":
            return record.original_id
        mid = int(raw) if raw.isdigit() else None
        return mid if mid in (record.original_id, *record.followup_ids) else None

    async def followup(self, request: web.Request) -> web.Response:
        emu = self.emu
        record = self._record(request)
        if record is None:
            return error(*UNKNOWN_WEBHOOK)
        body, files = await read_body(request)
        body = body if isinstance(body, dict) else {}
        if not record.acknowledged:
            emu.violation("protocol", request, ["followup sent before the interaction was acknowledged"])
            return self._fail(record, *UNKNOWN_WEBHOOK)
        emu.validate_openapi("execute_webhook", request, body)
        errs = limits.check_message(body, files=len(files))
        if errs:
            return self._limit_error(request, record, errs)
        record.followups.append(body)
        original = emu.messages.live(record.original_id or 0)
        if record.callback_type == 5 and original is not None and original["flags"] & 128:
            # Discord turns the first followup after a "thinking" defer into the original message.
            apply_edit(emu, original, body, files)
            msg = original
        else:
            msg = build_message(emu, record.channel_id, body, files, interaction=record.payload)
            emu.messages.add(msg)
        record.followup_ids.append(int(msg["id"]))
        emu.messages._changed()
        record.touched()
        emu.on_interaction_changed(record)
        if request.query.get("wait") in ("1", "true", "True"):
            return json_response(msg)
        return web.Response(status=204)

    async def get_message(self, request: web.Request) -> web.Response:
        record = self._record(request)
        if record is None:
            return error(*UNKNOWN_WEBHOOK)
        msg = self.emu.messages.get(self._message_id(record, request.match_info["message_id"]))
        return json_response(msg) if msg is not None else self._fail(record, *UNKNOWN_MESSAGE)

    async def edit_message(self, request: web.Request) -> web.Response:
        emu = self.emu
        record = self._record(request)
        if record is None:
            return error(*UNKNOWN_WEBHOOK)
        body, files = await read_body(request)
        body = body if isinstance(body, dict) else {}
        raw_id = request.match_info["message_id"]
        op = "update_original_webhook_message" if raw_id == "@original" else "update_webhook_message"
        emu.validate_openapi(op, request, body)
        errs = limits.check_message(body, files=len(files), require_content=False)
        if errs:
            return self._limit_error(request, record, errs)
        msg = emu.messages.live(self._message_id(record, raw_id) or 0)
        if msg is None or not record.acknowledged:
            return self._fail(record, *UNKNOWN_MESSAGE)
        apply_edit(emu, msg, body, files)
        if raw_id == "@original" or int(raw_id) == record.original_id:
            record.edits.append(body)
        emu.messages._changed()
        record.touched()
        emu.on_interaction_changed(record)
        return json_response(msg)

    async def delete_message(self, request: web.Request) -> web.Response:
        record = self._record(request)
        if record is None:
            return error(*UNKNOWN_WEBHOOK)
        mid = self._message_id(record, request.match_info["message_id"])
        if mid is None or self.emu.messages.live(mid) is None:
            return self._fail(record, *UNKNOWN_MESSAGE)
        self.emu.messages.delete(mid)
        record.touched()
        return web.Response(status=204)
