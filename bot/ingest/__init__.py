"""Ingestion: seed files -> parse -> spaCy extraction in worker processes -> one store transaction."""

from bot.ingest.reload import ingest_upload, reload, safe_file_name
from bot.ingest.report import IngestError, IngestReport

__all__ = ["IngestError", "IngestReport", "ingest_upload", "reload", "safe_file_name"]
