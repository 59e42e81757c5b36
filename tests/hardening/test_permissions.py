"""Only configured admins run /admin, whatever Discord permissions a server hands out; refusals are quiet and logged."""

from __future__ import annotations

import logging

import pytest

from tests.emulator import Upload
from tests.emulator.world import ADMINISTRATOR, ALL_PERMISSIONS
from tests.hardening.hostile import article
from tests.hardening.serving import SEED, copy_seed, ingest_folder, serving, settings_for

REFUSAL = "Only factbot's admins can use /admin."
WAITING = "300_waiting.txt"
UPLOAD = "301_upload.txt"
ARTICLE = article("Leuven chip pilot line opens", [
    "The Leuven Chip Pilot Line was launched by imec [1].", "ASML joined it as a founding member [1]."],
    ["[1] imec - https://imec.example/pilot"])
ADMIN_COMMANDS = (
    ("admin reload", {}),
    ("admin ingest", {"file": Upload(UPLOAD, ARTICLE.encode(), "text/plain")}),
    ("admin reload-cogs", {}),
    ("admin sync", {}),
    ("admin stats", {}),
)


@pytest.fixture(scope="module")
async def env(tmp_path_factory, nlp):
    settings = settings_for(tmp_path_factory.mktemp("permissions"))
    copy_seed(settings.factbot_seeds)
    await ingest_folder(settings, nlp)
    people = {}

    def prepare(emu):
        trusted_role = emu.add_role("factbot admins")  # no Discord permissions at all
        # The server made /admin visible to these two: ADMINISTRATOR through a role, or granted outright.
        people["role admin"] = emu.add_member("mallory", roles=[emu.admin_role_id])
        people["permission admin"] = emu.add_member("oscar", permissions=ALL_PERMISSIONS)
        people["trusted role"] = emu.add_member("trent", roles=[trusted_role.id])
        people["listed user"] = emu.add_member("lisa")
        return {"admin_role_ids": (trusted_role.id,), "admin_user_ids": (people["listed user"].id,)}

    async with serving(settings, prepare=prepare) as (emu, bot):
        # A new article waits in the seeds folder: any reload that slipped through would ingest it.
        (settings.factbot_seeds / WAITING).write_text(ARTICLE, encoding="utf-8")
        yield emu, bot, people, await bot.store.file_hashes()


def test_discord_is_told_admin_is_for_administrators_in_servers_only(env):
    emu = env[0]
    [admin] = [c for c in emu.registered_commands() if c["name"] == "admin"]
    assert int(admin["default_member_permissions"]) == ADMINISTRATOR
    assert admin.get("contexts") == [0] or admin.get("dm_permission") is False


@pytest.mark.parametrize("who", ["role admin", "permission admin"])
@pytest.mark.parametrize(("command", "options"), ADMIN_COMMANDS, ids=[c for c, _ in ADMIN_COMMANDS])
async def test_server_administrators_who_are_not_factbot_admins_are_refused(env, caplog, who, command, options):
    emu, bot, people, hashes = env
    member = people[who]
    assert member.permissions & ADMINISTRATOR  # Discord would let them see and invoke the command
    syncs = sum(1 for r in emu.requests if r.method == "PUT" and r.path.endswith("/commands"))
    with caplog.at_level(logging.INFO, logger="bot"):
        record = await (await emu.slash(command, options, user=member)).wait_final(timeout=10)
    assert record.ephemeral and record.content == REFUSAL and not record.embeds
    refusals = [r for r in caplog.records if r.levelno == logging.WARNING and "refused" in r.getMessage()]
    assert [r.getMessage() for r in refusals] == [f"refused /{command} for user {member.id}: NotAllowed"]
    # Nothing happened: no file saved or ingested, no command sync.
    assert await bot.store.file_hashes() == hashes and list(hashes) == [SEED.name]
    assert not (bot.settings.factbot_seeds / UPLOAD).exists()
    assert sum(1 for r in emu.requests if r.method == "PUT" and r.path.endswith("/commands")) == syncs
    emu.assert_no_violations()


@pytest.mark.parametrize("who", ["trusted role", "listed user"])
async def test_configured_admins_are_let_through(env, who):
    emu, _, people, _ = env
    record = await (await emu.slash("admin stats", user=people[who])).wait_final()
    assert record.ephemeral and record.content != REFUSAL
    assert record.embeds[0]["title"] == "Database"

