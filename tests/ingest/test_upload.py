import pytest

from bot.ingest import ingest_upload, safe_file_name
from bot.parse import ArticleError
from tests.ingest.conftest import SEED


@pytest.mark.parametrize("name", ["../evil.txt", "a/b.txt", "..\\x.txt", "/etc/passwd.txt", ".hidden.txt",
                                  "notes.exe", "x\x00.txt", ""])
def test_unsafe_upload_names_are_refused(name):
    with pytest.raises(ArticleError):
        safe_file_name(name)


async def test_an_invalid_upload_writes_nothing(store, seeds, settings, nlp, tmp_path):
    before = sorted(p.name for p in seeds.iterdir())
    report = await ingest_upload(store, seeds, "bad.txt", b"\x00\x01\x02 binary", settings, nlp=nlp)
    assert report.rejected and "binary" in report.rejected[0][1] and report.exit_code == 1
    report = await ingest_upload(store, seeds, "../../escape.txt", SEED.read_bytes(), settings, nlp=nlp)
    assert report.rejected and report.exit_code == 1
    assert sorted(p.name for p in seeds.iterdir()) == before
    assert not (tmp_path / "escape.txt").exists()
    assert (await store.fetch_one("SELECT count(*) FROM article"))[0] == 0


async def test_a_valid_upload_is_saved_and_ingested(store, seeds, settings, nlp):
    data = SEED.read_bytes().replace(b"designed in Asia", b"designed in Lisbon")
    report = await ingest_upload(store, seeds, "upload 1.txt", data, settings, nlp=nlp)
    assert report.added == ["upload 1.txt"] and report.exit_code == 0
    assert (seeds / "upload 1.txt").read_bytes() == data
    assert [r[0] for r in await store.fetch("SELECT file FROM article")] == ["upload 1.txt"]  # others untouched
    again = await ingest_upload(store, seeds, "upload 1.txt", data, settings, nlp=nlp)
    assert again.unchanged == ["upload 1.txt"] and again.processed == []
