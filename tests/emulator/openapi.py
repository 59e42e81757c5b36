"""Validate request bodies against Discord's published OpenAPI spec, when it is beside the repo.

The spec lives in `<repo>/../shared/discord-api-spec/openapi.json` (never copied into the repo).
It is loaded lazily once per process, and one validator per operation is built and cached.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path
from typing import Any

_log = logging.getLogger(__name__)

SPEC_ENV = "DISCORD_OPENAPI_SPEC"
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SPEC = REPO_ROOT.parent / "shared" / "discord-api-spec" / "openapi.json"
SPEC_URI = "urn:discord-openapi"

_lock = threading.Lock()
_spec: dict[str, Any] | None = None
_spec_loaded = False
_validators: dict[str, Any] = {}


def spec_path() -> Path:
    return Path(os.environ.get(SPEC_ENV) or DEFAULT_SPEC)


def load_spec() -> dict[str, Any] | None:
    """The parsed spec, or None (logged once) when the file is absent."""
    global _spec, _spec_loaded
    with _lock:
        if not _spec_loaded:
            _spec_loaded = True
            path = spec_path()
            if path.is_file():
                _spec = json.loads(path.read_text(encoding="utf-8"))
            else:
                _log.warning("Discord OpenAPI spec not found at %s; request bodies are not validated", path)
        return _spec


def available() -> bool:
    return load_spec() is not None


def _validator_class() -> Any:
    """Draft 2020-12 (OpenAPI 3.1's dialect), tolerant of what Discord itself accepts.

    Discord parses integer fields from numeric strings (discord.py sends permissions that way)
    and snowflakes from JSON integers, so neither is reported as a violation. That leniency
    makes a numeric string match both branches of e.g. `nonce: oneOf[string, integer]`, so
    `oneOf` is checked as `anyOf` (the spec's oneOfs are discriminated or `null | X` anyway).
    """
    from jsonschema import Draft202012Validator, validators

    base_type = Draft202012Validator.VALIDATORS["type"]

    def is_integer(checker: Any, instance: Any) -> bool:
        if isinstance(instance, str):
            return instance.lstrip("-").isdigit()
        return Draft202012Validator.TYPE_CHECKER.is_type(instance, "integer")

    def type_(validator: Any, types: Any, instance: Any, schema: dict[str, Any]) -> Any:
        if schema.get("format") == "snowflake" and isinstance(instance, int) and not isinstance(instance, bool):
            return
        yield from base_type(validator, types, instance, schema)

    checker = Draft202012Validator.TYPE_CHECKER.redefine("integer", is_integer)
    return validators.extend(Draft202012Validator, validators={"type": type_, "oneOf": Draft202012Validator.VALIDATORS["anyOf"]}, type_checker=checker)


def _pointer_escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def validator_for(operation_id: str) -> Any | None:
    """A cached validator for the JSON request body of `operation_id`, or None."""
    spec = load_spec()
    if spec is None:
        return None
    with _lock:
        if operation_id in _validators:
            return _validators[operation_id]
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        pointer = None
        for path, item in spec["paths"].items():
            for method, op in item.items():
                if isinstance(op, dict) and op.get("operationId") == operation_id:
                    if "application/json" in op.get("requestBody", {}).get("content", {}):
                        pointer = "/".join(map(_pointer_escape, [
                            "paths", path, method, "requestBody", "content", "application/json", "schema"]))
        validator = None
        if pointer is not None:
            resource = Resource.from_contents(spec, default_specification=DRAFT202012)
            registry = Registry().with_resource(SPEC_URI, resource)
            validator = _validator_class()({"$ref": f"{SPEC_URI}#/{pointer}"}, registry=registry)
        _validators[operation_id] = validator
        return validator


def _leaves(error: Any) -> list[Any]:
    if not error.context:
        return [error]
    return [leaf for sub in error.context for leaf in _leaves(sub)]


def _explain(error: Any) -> Any:
    """The most telling leaf of an anyOf/oneOf failure: the deepest one that is not a
    mismatched `type` discriminator of a union branch that was never meant."""
    leaves = _leaves(error)
    meant = [e for e in leaves if not (e.validator in ("enum", "const") and list(e.absolute_path)[-1:] == ["type"])]
    return max(meant or leaves, key=lambda e: len(e.absolute_path))


def validate(operation_id: str, body: Any) -> list[str]:
    """Human-readable violations of the spec by `body` (empty when valid or no spec)."""
    validator = validator_for(operation_id)
    if validator is None:
        return []
    lines = []
    for error in validator.iter_errors(body):
        leaf = _explain(error)
        where = "/".join(map(str, leaf.absolute_path)) or "<body>"
        lines.append(f"{operation_id}: {where}: {leaf.message[:300]}")
    return lines
