"""The real path: spawned worker processes that load the pipeline themselves."""

from bot.extract import process
from bot.ingest import reload
from bot.ingest.workers import chunks, worker_count
from bot.parse import parse_file
from tests.ingest.conftest import corpus_article


async def test_worker_processes_extract_the_same_facts_as_in_process(store, seeds, settings, nlp):
    import shutil

    shutil.copy(corpus_article("102_ai_alliance_launch.txt"), seeds)
    two_workers = settings.model_copy(update={"factbot_workers": 2})
    progress: list[tuple[int, int]] = []
    report = await reload(store, seeds, two_workers, progress=lambda done, total: progress.append((done, total)))
    assert len(report.added) == 3 and report.rejected == []
    assert progress[-1] == (3, 3)
    files = sorted(seeds.iterdir())
    expected = {p.article.file: p for p in process(nlp, [parse_file(f) for f in files])}
    for article_id in await store.article_ids():
        loaded = await store.load_processed(article_id)
        assert loaded == expected[loaded.article.file]


def test_worker_count_and_chunks():
    assert worker_count(0, 1) == 1 and worker_count(0, 2) == 1  # one or two files: never two spawns
    assert worker_count(2, 100) == 2 and worker_count(4, 3) == 3
    parts = chunks(list(range(1000)), 2)
    assert max(map(len, parts)) <= 64 and sum(map(len, parts)) == 1000
    assert len(chunks(list(range(10)), 2)) == 2
