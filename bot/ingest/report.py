"""What a reload did, for the CLI, the logs and `/admin reload`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(slots=True)
class IngestReport:
    """File names per outcome; `processed` are the files that went through spaCy in this run."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    processed: list[str] = field(default_factory=list)
    # seconds: scan (read, hash, parse), extract (until the last chunk is back; writes overlap it), write
    # (the rest: last chunk, index, commit), total, first_chunk (worker start-up plus one chunk)
    durations: dict[str, float] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """1 when any file was rejected, else 0 (the CLI's exit status)."""
        return 1 if self.rejected else 0

    @property
    def nothing_changed(self) -> bool:
        return not (self.added or self.changed or self.removed)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["rejected"] = [{"file": f, "reason": r} for f, r in self.rejected]
        data["exit_code"] = self.exit_code
        return data


class IngestError(RuntimeError):
    """A reload failed as a whole; the database still holds the previous facts."""
