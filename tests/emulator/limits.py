"""The payload limits Discord enforces, reported the way Discord reports them.

Every check returns a `FormErrors`; when it is not empty the emulator answers
HTTP 400 `{"code": 50035, "message": "Invalid Form Body", "errors": {...}}`.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

Path = tuple[str | int, ...]

# Command and option names: lowercase letters/digits in any script, '-', '_' and "'".
NAME_RE = re.compile(r"^[-_'\w]{1,32}$")
COMPONENTS_V2 = 1 << 15
MAX_MESSAGE_COMPONENTS_V2 = 40


class FormErrors:
    """Errors keyed by the JSON path of the offending field."""

    def __init__(self, prefix: Path = ()) -> None:
        self.prefix = prefix
        self.items: list[tuple[Path, str, str]] = []

    def __bool__(self) -> bool:
        return bool(self.items)

    def add(self, path: Path, code: str, message: str) -> None:
        self.items.append((self.prefix + tuple(path), code, message))

    def extend(self, other: "FormErrors") -> None:
        self.items.extend(other.items)

    def payload(self) -> dict[str, Any]:
        """Discord's nested `errors` object."""
        root: dict[str, Any] = {}
        for path, code, message in self.items:
            node = root
            for part in path:
                node = node.setdefault(str(part), {})
            node.setdefault("_errors", []).append({"code": code, "message": message})
        return root

    def body(self) -> dict[str, Any]:
        return {"code": 50035, "message": "Invalid Form Body", "errors": self.payload()}

    def lines(self) -> list[str]:
        return [f"{'.'.join(map(str, p)) or '<root>'}: {m} ({c})" for p, c, m in self.items]


def _max_len(errs: FormErrors, path: Path, value: Any, limit: int, *, minimum: int = 0) -> None:
    if value is None:
        if minimum:
            errs.add(path, "BASE_TYPE_REQUIRED", "This field is required")
        return
    n = len(value) if isinstance(value, str) else len(str(value))
    if minimum and n < minimum:
        if minimum == 1 and n == 0:
            errs.add(path, "BASE_TYPE_REQUIRED", "This field is required")
        else:
            errs.add(path, "BASE_TYPE_BAD_LENGTH", f"Must be between {minimum} and {limit} in length.")
    elif n > limit:
        errs.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")


def _max_items(errs: FormErrors, path: Path, items: list[Any] | None, limit: int) -> None:
    if items is not None and len(items) > limit:
        errs.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")


def check_embeds(errs: FormErrors, embeds: list[dict[str, Any]] | None) -> None:
    if not embeds:
        return
    _max_items(errs, ("embeds",), embeds, 10)
    total = 0
    for i, e in enumerate(embeds):
        p: Path = ("embeds", i)
        for key, limit in (("title", 256), ("description", 4096)):
            if e.get(key) is not None:
                _max_len(errs, p + (key,), e[key], limit)
                total += len(e[key])
        fields = e.get("fields") or []
        _max_items(errs, p + ("fields",), fields, 25)
        for j, f in enumerate(fields):
            _max_len(errs, p + ("fields", j, "name"), f.get("name"), 256, minimum=1)
            _max_len(errs, p + ("fields", j, "value"), f.get("value"), 1024, minimum=1)
            total += len(str(f.get("name") or "")) + len(str(f.get("value") or ""))
        footer, author = e.get("footer") or {}, e.get("author") or {}
        if footer:
            _max_len(errs, p + ("footer", "text"), footer.get("text"), 2048, minimum=1)
            total += len(footer.get("text") or "")
        if author:
            _max_len(errs, p + ("author", "name"), author.get("name"), 256, minimum=1)
            total += len(author.get("name") or "")
    if total > 6000:
        errs.add(("embeds",), "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000")


def _check_select(errs: FormErrors, p: Path, c: dict[str, Any]) -> None:
    _max_len(errs, p + ("placeholder",), c.get("placeholder"), 150)
    options = c.get("options")
    if c.get("type") == 3:
        if not options:
            errs.add(p + ("options",), "BASE_TYPE_REQUIRED", "This field is required")
        _max_items(errs, p + ("options",), options, 25)
        for k, o in enumerate(options or []):
            _max_len(errs, p + ("options", k, "label"), o.get("label"), 100, minimum=1)
            _max_len(errs, p + ("options", k, "value"), o.get("value"), 100, minimum=1)
            _max_len(errs, p + ("options", k, "description"), o.get("description"), 100)
    for key in ("min_values", "max_values"):
        v = c.get(key)
        if v is not None and not (0 <= v <= 25):
            errs.add(p + (key,), "NUMBER_TYPE_MAX", "int value should be between 0 and 25.")


def _check_component(errs: FormErrors, p: Path, c: dict[str, Any], seen: set[str]) -> None:
    ctype = c.get("type")
    custom_id = c.get("custom_id")
    if custom_id is not None:
        _max_len(errs, p + ("custom_id",), custom_id, 100, minimum=1)
        if custom_id in seen:
            errs.add(p + ("custom_id",), "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated")
        seen.add(custom_id)
    if ctype == 2:  # button
        _max_len(errs, p + ("label",), c.get("label"), 80)
        link = c.get("style") in (5, 6)  # link and premium buttons carry no custom_id
        if not link and custom_id is None:
            errs.add(p + ("custom_id",), "BASE_TYPE_REQUIRED", "This field is required")
        if c.get("style") == 5 and not c.get("url"):
            errs.add(p + ("url",), "BASE_TYPE_REQUIRED", "This field is required")
    elif ctype in (3, 5, 6, 7, 8):
        _check_select(errs, p, c)
    elif ctype == 4:  # text input (modals)
        _max_len(errs, p + ("label",), c.get("label"), 45)
        _max_len(errs, p + ("placeholder",), c.get("placeholder"), 100)
        _max_len(errs, p + ("value",), c.get("value"), 4000)
    for key in ("components",):
        for k, child in enumerate(c.get(key) or []):
            _check_component(errs, p + (key, k), child, seen)
    for key in ("accessory", "component"):
        if isinstance(c.get(key), dict):
            _check_component(errs, p + (key,), c[key], seen)


def _count_components(components: Iterable[dict[str, Any]]) -> int:
    n = 0
    for c in components:
        n += 1 + _count_components(c.get("components") or [])
        for key in ("accessory", "component"):
            if isinstance(c.get(key), dict):
                n += _count_components([c[key]])
    return n


def check_components(errs: FormErrors, components: list[dict[str, Any]] | None, flags: int = 0) -> None:
    if not components:
        return
    seen: set[str] = set()
    if flags & COMPONENTS_V2:
        if _count_components(components) > MAX_MESSAGE_COMPONENTS_V2:
            errs.add(("components",), "BASE_TYPE_MAX_LENGTH", f"Must be {MAX_MESSAGE_COMPONENTS_V2} or fewer in length.")
    else:
        _max_items(errs, ("components",), components, 5)
    for i, row in enumerate(components):
        p: Path = ("components", i)
        if row.get("type") == 1:
            children = row.get("components") or []
            if not children:
                errs.add(p + ("components",), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.")
            _max_items(errs, p + ("components",), children, 5)
            if len(children) > 1 and any(ch.get("type") != 2 for ch in children):
                errs.add(p + ("components",), "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                         "The specified component exceeds the maximum width")
        elif not flags & COMPONENTS_V2:
            errs.add(p + ("type",), "UNION_TYPE_CHOICES", "Value of field \"type\" must be one of (1,).")
        _check_component(errs, p, row, seen)


def check_message(payload: dict[str, Any] | None, *, prefix: Path = (), files: int = 0,
                  require_content: bool = True) -> FormErrors:
    """Limits of a message create/edit body (content, embeds, components, attachments)."""
    errs = FormErrors(prefix)
    payload = payload or {}
    _max_len(errs, ("content",), payload.get("content"), 2000)
    check_embeds(errs, payload.get("embeds"))
    check_components(errs, payload.get("components"), int(payload.get("flags") or 0))
    _max_items(errs, ("attachments",), payload.get("attachments"), 10)
    if files > 10:
        errs.add(("files",), "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
    if require_content and not errs and not any(
        payload.get(k) for k in ("content", "embeds", "components", "attachments", "poll", "sticker_ids")
    ) and not files:
        errs.add((), "MESSAGE_EMPTY", "Cannot send an empty message")
    return errs


def check_autocomplete(data: dict[str, Any] | None) -> FormErrors:
    errs = FormErrors(("data",))
    choices = (data or {}).get("choices")
    if choices is None:
        errs.add(("choices",), "BASE_TYPE_REQUIRED", "This field is required")
        return errs
    _max_items(errs, ("choices",), choices, 25)
    for i, c in enumerate(choices):
        _max_len(errs, ("choices", i, "name"), c.get("name"), 100, minimum=1)
        if isinstance(c.get("value"), str):
            _max_len(errs, ("choices", i, "value"), c["value"], 100)
    return errs


def check_modal(data: dict[str, Any] | None) -> FormErrors:
    errs = FormErrors(("data",))
    data = data or {}
    _max_len(errs, ("title",), data.get("title"), 45, minimum=1)
    _max_len(errs, ("custom_id",), data.get("custom_id"), 100, minimum=1)
    comps = data.get("components") or []
    if not 1 <= len(comps) <= 5:
        errs.add(("components",), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.")
    seen: set[str] = set()
    for i, c in enumerate(comps):
        _check_component(errs, ("components", i), c, seen)
    return errs


def _check_option(errs: FormErrors, p: Path, opt: dict[str, Any]) -> int:
    """Check one command option; returns the characters it adds to the command's total."""
    name, desc = opt.get("name"), opt.get("description")
    if not isinstance(name, str) or not NAME_RE.match(name) or name != name.lower():
        errs.add(p + ("name",), "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
    _max_len(errs, p + ("description",), desc, 100, minimum=1)
    total = len(name or "") + len(desc or "")
    choices = opt.get("choices") or []
    _max_items(errs, p + ("choices",), choices, 25)
    for k, c in enumerate(choices):
        _max_len(errs, p + ("choices", k, "name"), c.get("name"), 100, minimum=1)
        if isinstance(c.get("value"), str):
            _max_len(errs, p + ("choices", k, "value"), c["value"], 100, minimum=1)
        total += len(c.get("name") or "") + len(str(c.get("value")))
    if choices and opt.get("autocomplete"):
        errs.add(p + ("autocomplete",), "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID",
                 "Autocomplete cannot be set on an option with choices")
    total += _check_options(errs, p + ("options",), opt.get("options"))
    return total


def _check_options(errs: FormErrors, p: Path, options: list[dict[str, Any]] | None) -> int:
    options = options or []
    _max_items(errs, p, options, 25)
    total, names, optional_seen = 0, set(), False
    for i, opt in enumerate(options):
        total += _check_option(errs, p + (i,), opt)
        if opt.get("name") in names:
            errs.add(p + (i, "name"), "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Option names must be unique")
        names.add(opt.get("name"))
        if opt.get("type") not in (1, 2):
            if opt.get("required") and optional_seen:
                errs.add(p + (i, "required"), "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                         "Required options must be placed before non-required options")
            optional_seen = optional_seen or not opt.get("required")
    return total


def check_commands(commands: list[dict[str, Any]] | None) -> FormErrors:
    """Limits of a bulk overwrite of application commands."""
    errs = FormErrors()
    commands = commands or []
    seen: set[tuple[Any, Any]] = set()
    for i, cmd in enumerate(commands):
        p: Path = (i,)
        ctype = cmd.get("type", 1)
        name, desc = cmd.get("name"), cmd.get("description")
        if ctype == 1:
            if not isinstance(name, str) or not NAME_RE.match(name) or name != name.lower():
                errs.add(p + ("name",), "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
            _max_len(errs, p + ("description",), desc, 100, minimum=1)
        else:  # user/message context menus: free-form name, empty description
            _max_len(errs, p + ("name",), name, 32, minimum=1)
            if desc:
                errs.add(p + ("description",), "APPLICATION_COMMAND_INVALID_DESCRIPTION",
                         "Context menu commands cannot have a description")
        total = len(name or "") + len(desc or "") + _check_options(errs, p + ("options",), cmd.get("options"))
        if total > 4000:
            errs.add(p, "APPLICATION_COMMAND_TOO_LARGE", "Command exceeds maximum size (4000)")
        if (ctype, name) in seen:
            errs.add(p + ("name",), "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique")
        seen.add((ctype, name))
    chat = sum(1 for c in commands if c.get("type", 1) == 1)
    if chat > 100:
        errs.add((), "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.")
    return errs
