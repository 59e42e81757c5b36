"""A loopback Discord (REST + gateway) for driving a real discord.py bot in tests."""

from .builders import Upload
from .harness import point_discord_at, running_bot
from .records import InteractionRecord, RequestRecord, Violation
from .server import Emulator, RateLimitFault
from .world import Channel, Guild, Member, Role, User

__all__ = [
    "Channel", "Emulator", "Guild", "InteractionRecord", "Member", "RateLimitFault", "RequestRecord",
    "Role", "Upload", "User", "Violation", "point_discord_at", "running_bot",
]
