"""The Discord emulator, driven end to end by a real discord.py `commands.Bot` (no mocks)."""

from __future__ import annotations

import asyncio
import io
import time

import aiohttp
import discord
import pytest
import pytest_asyncio
from discord import app_commands
from discord.ext import commands

from tests.emulator import Emulator, Upload, openapi, point_discord_at, running_bot

PARTNERS = ["INM", "Inditex", "Indra", "Iberdrola", "Mapfre", "Repsol"]
HEARTBEAT = 0.1  # seconds; small so a test can watch heartbeats during slow work


class Pages(discord.ui.View):
    """Embed pagination that only the invoker may turn."""

    def __init__(self, owner_id: int, pages: list[str]) -> None:
        super().__init__(timeout=60)
        self.owner_id, self.pages, self.index = owner_id, pages, 0
        self._sync()

    def embed(self) -> discord.Embed:
        return discord.Embed(title=f"Page {self.index + 1}/{len(self.pages)}", description=self.pages[self.index])

    def _sync(self) -> None:
        self.prev.disabled = self.index == 0
        self.next.disabled = self.index == len(self.pages) - 1

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message("Not your menu.", ephemeral=True)
            return False
        return True

    async def _turn(self, interaction: discord.Interaction, step: int) -> None:
        self.index += step
        self._sync()
        await interaction.response.edit_message(embed=self.embed(), view=self)

    @discord.ui.button(label="Prev", custom_id="pages:prev")
    async def prev(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        await self._turn(interaction, -1)

    @discord.ui.button(label="Next", custom_id="pages:next")
    async def next(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        await self._turn(interaction, +1)


class Feedback(discord.ui.Modal, title="Feedback"):
    text = discord.ui.TextInput(label="What do you think?", custom_id="feedback:text")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"thanks for: {self.text.value}", ephemeral=True)


class QuickBot(commands.Bot):
    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """discord.py waits 5 s before every re-IDENTIFY (Discord's identify rate limit)."""


def build_bot() -> commands.Bot:
    bot = QuickBot(command_prefix="!", intents=discord.Intents.default(), guild_ready_timeout=0.05)
    bot.http_errors = []  # HTTPExceptions the bot saw, for assertions

    @bot.tree.command(description="Reply at once")
    async def ping(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pong")

    @bot.tree.command(description="Defer, work, then follow up")
    async def slow(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await asyncio.sleep(0.05)
        await interaction.followup.send("done")

    @bot.tree.command(description="Export as a file")
    async def export(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True)
        await interaction.followup.send("here", file=discord.File(io.BytesIO(b"id,fact\n1,x\n"), "facts.csv"))

    @bot.tree.command(description="Work off the event loop for a while")
    async def busy(interaction: discord.Interaction) -> None:
        await interaction.response.defer()
        await asyncio.to_thread(time.sleep, 4 * HEARTBEAT)
        await interaction.edit_original_response(content="finished")

    @bot.tree.command(description="An embed reply")
    @app_commands.describe(title="Embed title", length="Description length")
    async def card(interaction: discord.Interaction, title: str, length: int = 10) -> None:
        try:
            await interaction.response.send_message(embed=discord.Embed(title=title, description="x" * length))
        except discord.HTTPException as exc:
            bot.http_errors.append(exc)
            await interaction.response.send_message("That card is too long.", ephemeral=True)

    @bot.tree.command(description="Paginated embed")
    async def pages(interaction: discord.Interaction) -> None:
        view = Pages(interaction.user.id, ["alpha", "beta", "gamma"])
        await interaction.response.send_message(embed=view.embed(), view=view)

    @bot.tree.command(description="Look up a partner")
    @app_commands.describe(initiative="Partner name")
    async def partners(interaction: discord.Interaction, initiative: str) -> None:
        await interaction.response.send_message(f"partner {initiative}")

    @partners.autocomplete("initiative")
    async def partners_complete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=p, value=p) for p in PARTNERS if p.lower().startswith(current.lower())]

    @bot.tree.command(description="Only you can see this")
    async def secret(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("hush", ephemeral=True)

    @bot.tree.command(description="Count to n")
    async def count(interaction: discord.Interaction, n: app_commands.Range[int, 1, 10]) -> None:
        await interaction.response.send_message(" ".join(str(i) for i in range(1, n + 1)))

    @bot.tree.command(description="Describe an uploaded file")
    async def upload(interaction: discord.Interaction, file: discord.Attachment) -> None:
        data = await file.read()
        first = data.decode().splitlines()[0]
        await interaction.response.send_message(f"{file.filename}: {len(data)} bytes, {first}")

    @bot.tree.command(description="Who is that")
    async def whois(interaction: discord.Interaction, target: discord.Member) -> None:
        admin = target.guild_permissions.administrator
        await interaction.response.send_message(f"{target.name} admin={admin}")

    @bot.tree.command(description="Open a feedback form")
    async def feedback(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(Feedback())

    admin = app_commands.Group(name="admin", description="Admin tools", guild_only=True,
                               default_permissions=discord.Permissions(administrator=True))

    @admin.command(description="Reload the data")
    async def reload(interaction: discord.Interaction) -> None:
        if not interaction.user.guild_permissions.administrator:
            await interaction.response.send_message("Admins only.", ephemeral=True)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        await asyncio.sleep(0.01)
        await interaction.edit_original_response(content="reloaded")

    bot.tree.add_command(admin)
    return bot


@pytest_asyncio.fixture(scope="module")
async def env():
    async with Emulator(heartbeat_interval=HEARTBEAT) as emu:
        bot = build_bot()
        async with running_bot(emu, bot):
            synced = await bot.tree.sync()
            yield emu, bot, synced


@pytest.fixture
def emu(env) -> Emulator:
    return env[0]


@pytest.fixture
def bot(env) -> commands.Bot:
    return env[1]


@pytest.fixture(autouse=True)
def no_violations(env):
    yield
    env[0].assert_no_violations()


async def test_login_and_sync_register_every_command(env):
    emu, bot, synced = env
    names = {c["name"] for c in emu.registered_commands()}
    assert names == {c.name for c in synced} == {
        "ping", "slow", "export", "busy", "card", "pages", "partners", "secret", "count", "upload", "whois", "feedback",
        "admin"}
    admin = next(c for c in emu.registered_commands() if c["name"] == "admin")
    assert [(o["name"], o["type"]) for o in admin["options"]] == [("reload", 1)]
    partners = next(c for c in emu.registered_commands() if c["name"] == "partners")
    assert partners["options"][0]["autocomplete"] is True
    assert {r.path for r in emu.requests} >= {"/users/@me", "/oauth2/applications/@me",
                                               f"/applications/{emu.application_id}/commands"}
    assert "authorization" not in {k.lower() for r in emu.requests for k in r.headers}
    assert emu.seen_tokens == {emu.token}
    assert bot.user.id == emu.bot_user_id and emu.identify_count >= 1
    assert emu.gateway.current.compress == "zlib-stream"  # what discord.py asks for without zstandard


def test_openapi_spec_is_found_beside_the_repo():
    if not openapi.spec_path().is_file():
        pytest.skip("shared/discord-api-spec is not checked out beside the repo")
    assert openapi.validator_for("bulk_set_application_commands") is not None
    assert openapi.validate("create_interaction_response", {"type": 4, "data": {"embeds": [{"title": 5}]}})


async def test_slash_command_round_trip(emu):
    record = await emu.slash("ping")
    await record.wait_response()
    assert record.callback_type == 4
    assert record.content == "pong" and not record.ephemeral
    assert record.latency < 3
    assert record.original["interaction_metadata"]["user"]["id"] == str(emu.member.id)


async def test_deferred_reply_then_followup(emu):
    record = await emu.slash("slow")
    await record.wait_final()
    assert record.callback_type == 5
    assert len(record.followups) == 1
    # Discord turns the first followup after a "thinking" defer into the original message.
    assert [m["content"] for m in record.messages] == ["done"]


async def test_file_followup_is_stored_and_served(emu):
    record = await (await emu.slash("export")).wait_final()
    [message] = record.messages
    assert message["content"] == "here" and record.ephemeral
    [attachment] = message["attachments"]
    assert attachment["filename"] == "facts.csv"
    assert emu.attachment_bytes(attachment) == b"id,fact\n1,x\n"
    async with aiohttp.ClientSession() as session, session.get(attachment["url"]) as resp:
        assert await resp.read() == b"id,fact\n1,x\n"


async def test_embed_reply(emu):
    record = await (await emu.slash("card", {"title": "Facts", "length": 20})).wait_response()
    assert record.embeds[0]["title"] == "Facts"
    assert record.embeds[0]["description"] == "x" * 20


async def test_too_long_embed_is_rejected_like_discord(emu, bot):
    record = await (await emu.slash("card", {"title": "Long", "length": 5000})).wait_response()
    assert bot.http_errors and bot.http_errors[-1].status == 400 and bot.http_errors[-1].code == 50035
    assert "data.embeds.0.description" in str(bot.http_errors[-1])
    assert record.errors[0]["errors"]["data"]["embeds"]["0"]["description"]["_errors"][0]["code"] == \
        "BASE_TYPE_MAX_LENGTH"
    assert record.content == "That card is too long." and record.ephemeral
    kinds = [v.kind for v in emu.take_violations()]
    assert "limit" in kinds and set(kinds) <= {"limit", "openapi"}  # the spec knows the limit too


async def test_autocomplete_returns_choices(emu):
    choices = await emu.autocomplete("partners", {"initiative": "in"}, focused="initiative")
    assert [c["name"] for c in choices] == ["INM", "Inditex", "Indra"]


async def test_button_pages_only_for_invoker(emu):
    record = await (await emu.slash("pages", user=emu.member)).wait_response()
    assert record.embeds[0]["title"] == "Page 1/3"
    press = await (await emu.press_button(record.message, "pages:next")).wait_response()
    assert press.callback_type == 7
    assert record.embeds[0]["title"] == "Page 2/3"
    intruder = await (await emu.press_button(record.message, "pages:next", user=emu.admin)).wait_response()
    assert intruder.callback_type == 4 and intruder.ephemeral and intruder.content == "Not your menu."
    assert record.embeds[0]["title"] == "Page 2/3"
    await (await emu.press_button(record, "pages:next")).wait_response()
    assert record.embeds[0]["title"] == "Page 3/3"
    with pytest.raises(ValueError, match="disabled"):
        await emu.press_button(record, "pages:next")


async def test_ephemeral_reply(emu):
    record = await (await emu.slash("secret")).wait_response()
    assert record.ephemeral and record.content == "hush"


async def test_group_subcommand_deferred_edit(emu):
    record = await (await emu.slash("admin reload", user=emu.admin)).wait_final()
    assert record.callback_type == 5 and record.ephemeral
    assert record.content == "reloaded" and len(record.edits) == 1
    denied = await (await emu.slash("admin reload", user=emu.member)).wait_final()
    assert denied.content == "Admins only."


async def test_attachment_and_member_options(emu):
    record = await (await emu.slash("upload", {"file": Upload("notes.txt", b"hello\nworld", "text/plain")}))\
        .wait_response()
    assert record.content == "notes.txt: 11 bytes, hello"
    record = await (await emu.slash("whois", {"target": emu.admin})).wait_response()
    assert record.content == f"{emu.admin.user.username} admin=True"


async def test_modal_round_trip(emu):
    opened = await (await emu.slash("feedback")).wait_response()
    assert opened.callback_type == 9 and opened.modal["title"] == "Feedback"
    submitted = await (await emu.submit_modal(opened, {"feedback:text": "great"})).wait_response()
    assert submitted.content == "thanks for: great" and submitted.ephemeral


async def test_input_discord_would_refuse_is_refused(emu):
    with pytest.raises(ValueError, match="outside"):
        await emu.slash("count", {"n": 11})
    with pytest.raises(ValueError, match="missing"):
        await emu.slash("card", {})
    with pytest.raises(LookupError, match="no registered command"):
        await emu.slash("nope")
    with pytest.raises(LookupError, match="needs a subcommand"):
        await emu.slash("admin")


async def test_two_hundred_concurrent_interactions(emu):
    started = time.monotonic()
    records = await asyncio.gather(*(emu.slash("count", {"n": 1 + i % 10}) for i in range(200)))
    await asyncio.gather(*(r.wait_response(timeout=10) for r in records))
    assert all(r.content.endswith(str(1 + i % 10)) for i, r in enumerate(records))
    assert max(r.latency for r in records) < 3
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("fault", ["reconnect", "dropped connection"])
async def test_reconnect_is_resumed(emu, fault):
    resumes = emu.resume_count
    await (emu.send_reconnect() if fault == "reconnect" else emu.drop_connection())
    assert emu.resume_count == resumes + 1
    assert (await (await emu.slash("ping")).wait_response()).content == "pong"


@pytest.mark.parametrize("resumable", [True, False])
async def test_invalid_session_is_survived(emu, resumable):
    identifies, resumes = emu.identify_count, emu.resume_count
    await emu.send_invalid_session(resumable)
    assert (emu.resume_count, emu.identify_count) == (
        (resumes + 1, identifies) if resumable else (resumes, identifies + 1))
    assert (await (await emu.slash("ping")).wait_response()).content == "pong"


async def test_rate_limited_callback_is_retried(emu):
    fault = emu.inject_429(r"^POST /interactions/", count=1, retry_after=0.2)
    record = await (await emu.slash("ping")).wait_response()
    assert len(fault.hits) == 1 and record.content == "pong"
    assert record.latency >= 0.2
    statuses = [r.status for r in emu.requests if r.path.startswith(f"/interactions/{record.id}/")]
    assert statuses == [429, 200]


async def test_rate_limited_rest_call_is_retried(emu, bot):
    fault = emu.inject_429(r"^PUT /applications/\d+/commands$", count=2, retry_after=0.05)
    started = time.monotonic()
    synced = await bot.tree.sync()
    assert len(fault.hits) == 2 and time.monotonic() - started >= 0.1
    assert {c.name for c in synced} == {c["name"] for c in emu.registered_commands()}


async def test_heartbeat_continues_while_bot_works_off_loop(emu):
    record = await emu.slash("busy")
    await record.wait_response()
    start = time.monotonic()
    await record.wait_final(timeout=5)
    beats = [t for t in emu.heartbeats if start <= t <= time.monotonic()]
    assert record.content == "finished" and len(beats) >= 2


async def test_double_acknowledgement_is_refused(emu):
    record = await (await emu.slash("ping")).wait_response()
    url = f"{emu.api_base}/interactions/{record.id}/{record.token}/callback"
    async with aiohttp.ClientSession() as session:
        async with session.post(url, json={"type": 4, "data": {"content": "again"}}) as resp:
            assert resp.status == 400 and (await resp.json())["code"] == 40060
    assert [v.kind for v in emu.take_violations()] == ["protocol"]


async def test_unknown_route_is_404_and_recorded(emu, bot):
    with pytest.raises(discord.NotFound):
        await bot.http.request(discord.http.Route("GET", "/voice/regions"))
    assert [r.path for r in emu.unhandled] == ["/voice/regions"]
    emu.unhandled.clear()


async def test_invalid_command_registration_is_rejected(emu, bot):
    bad = [{"name": "Bad Name", "description": "", "type": 1}]
    with pytest.raises(discord.HTTPException) as caught:
        await bot.http.bulk_upsert_global_commands(emu.application_id, bad)
    assert caught.value.code == 50035
    assert "ping" in {c["name"] for c in emu.registered_commands()}
    kinds = {v.kind for v in emu.take_violations()}
    assert "limit" in kinds


async def test_channel_message_from_a_background_task(emu, bot):
    task = asyncio.create_task(bot.get_channel(emu.channel_id).send("hello channel"))
    message = await emu.wait_for_message(lambda m: m["content"] == "hello channel")
    assert message["author"]["id"] == str(emu.bot_user_id)
    assert (await task).id == int(message["id"])


async def test_command_in_a_direct_message(emu):
    record = await (await emu.slash("ping", dm=True, user=emu.admin)).wait_response()
    assert record.content == "pong" and record.guild_id is None
    assert emu.channels[record.channel_id].type == 1


async def test_wrong_token_fails_login_when_strict(emu):
    client = discord.Client(intents=discord.Intents.none())
    emu.strict_token = True
    try:
        with point_discord_at(emu), pytest.raises(discord.LoginFailure):
            await client.login("not-the-token")
    finally:
        emu.strict_token = False
        await client.close()
    emu.seen_tokens.discard("not-the-token")
