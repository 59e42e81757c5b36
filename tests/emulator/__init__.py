"""A loopback Discord (REST + gateway) for driving a real discord.py bot in tests.

    async with Emulator() as emu:
        bot = MyBot(..., guild_ready_timeout=0.05)
        async with running_bot(emu, bot):          # login + connect + on_ready
            await bot.tree.sync()
            record = await emu.slash("partners", {"initiative": "INM"}, user=emu.admin)
            await record.wait_final()
            assert "INM" in record.text
            emu.assert_no_violations()
"""

from .builders import Upload
from .harness import point_discord_at, running_bot
from .records import InteractionRecord, RequestRecord, Violation
from .server import Emulator, RateLimitFault
from .world import Channel, Guild, Member, Role, User

__all__ = [
    "Channel", "Emulator", "Guild", "InteractionRecord", "Member", "RateLimitFault", "RequestRecord",
    "Role", "Upload", "User", "Violation", "point_discord_at", "running_bot",
]
