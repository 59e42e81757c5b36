"""The read queries behind every command: one indexed statement each, bounded by LIMIT, one thread hop."""

from __future__ import annotations

import json
import sqlite3
from typing import Any, Iterable

_ARTICLE_COLS = "a.id AS article_id, a.file, a.title, a.date"
# A fact's sources are the `backing` of the sentence it came from (sentence.(article_id, idx) is unique).
_BACKING = "JOIN sentence s ON s.article_id = {t}.article_id AND s.idx = {t}.sentence"


class FactQueries:
    """Mixed into `FactStore`; every method returns plain rows (sqlite3.Row)."""

    async def fetch(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        raise NotImplementedError

    async def article(self, article_id: int) -> sqlite3.Row | None:
        rows = await self.fetch(
            "SELECT id, file, title, date, topic, location, sources_header, sha256 FROM article WHERE id = ?",
            (article_id,),
        )
        return rows[0] if rows else None

    async def recent_articles(self, limit: int = 25) -> list[sqlite3.Row]:
        return await self.fetch(
            """SELECT a.id, a.file, a.title, a.date, a.location,
                      (SELECT count(*) FROM sentence s WHERE s.article_id = a.id) AS sentences,
                      (SELECT count(*) FROM partner p WHERE p.article_id = a.id) AS partners
               FROM article a ORDER BY a.sort_date DESC, a.seq DESC LIMIT ?""",
            (limit,),
        )

    async def partners_of(self, *, article_id: int | None = None, initiative_key: str | None = None,
                          limit: int = 500) -> list[sqlite3.Row]:
        """Partner facts of one article and/or one initiative (across articles), most recent article first."""
        where, params = _filters(("p.article_id", article_id), ("p.initiative_key", initiative_key))
        return await self.fetch(
            f"""SELECT {_ARTICLE_COLS}, p.org, p.role, p.initiative, p.initiative_key, p.entity_id,
                       e.name AS entity, s.backing
                FROM partner p JOIN article a ON a.id = p.article_id JOIN entity e ON e.id = p.entity_id
                {_BACKING.format(t='p')}
                WHERE {where} ORDER BY a.sort_date DESC, a.seq DESC, p.pos LIMIT ?""",
            (*params, limit),
        )

    async def initiatives_of(self, *, article_id: int | None = None, initiative_key: str | None = None,
                             limit: int = 100) -> list[sqlite3.Row]:
        where, params = _filters(("i.article_id", article_id), ("i.key", initiative_key))
        return await self.fetch(
            f"""SELECT {_ARTICLE_COLS}, i.name, i.acronym, i.key, i.led_by, e.name AS leader, s.backing
                FROM initiative i JOIN article a ON a.id = i.article_id
                LEFT JOIN entity e ON e.id = i.led_by_entity {_BACKING.format(t='i')}
                WHERE {where} ORDER BY a.sort_date DESC, a.seq DESC, i.pos LIMIT ?""",
            (*params, limit),
        )

    async def partners_and_initiatives(self, *, article_id: int | None = None, initiative_key: str | None = None,
                                       limit: int = 500, initiatives_limit: int = 100,
                                       ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """`partners_of` and `initiatives_of` (same columns, same order, as dicts) in one row of JSON.

        Under load a hop to aiosqlite's thread costs more than either query, and so does each row it
        builds there (the thread and the event loop trade the GIL at every step): one statement, one row."""
        p_where, p_params = _filters(("p.article_id", article_id), ("p.initiative_key", initiative_key))
        i_where, i_params = _filters(("i.article_id", article_id), ("i.key", initiative_key))
        row = await self.fetch_one(
            f"""SELECT
                 (SELECT json_group_array(json_array(n, article_id, file, title, date, org, role, initiative,
                                                     initiative_key, entity_id, entity, backing)) FROM (
                    SELECT row_number() OVER (ORDER BY a.sort_date DESC, a.seq DESC, p.pos) AS n, {_ARTICLE_COLS},
                           p.org, p.role, p.initiative, p.initiative_key, p.entity_id, e.name AS entity, s.backing
                    FROM partner p JOIN article a ON a.id = p.article_id JOIN entity e ON e.id = p.entity_id
                    {_BACKING.format(t='p')}
                    WHERE {p_where} ORDER BY a.sort_date DESC, a.seq DESC, p.pos LIMIT ?)),
                 (SELECT json_group_array(json_array(n, article_id, file, title, date, name, acronym, key, led_by,
                                                     leader, backing)) FROM (
                    SELECT row_number() OVER (ORDER BY a.sort_date DESC, a.seq DESC, i.pos) AS n, {_ARTICLE_COLS},
                           i.name, i.acronym, i.key, i.led_by, e.name AS leader, s.backing
                    FROM initiative i JOIN article a ON a.id = i.article_id
                    LEFT JOIN entity e ON e.id = i.led_by_entity {_BACKING.format(t='i')}
                    WHERE {i_where} ORDER BY a.sort_date DESC, a.seq DESC, i.pos LIMIT ?))""",
            (*p_params, limit, *i_params, initiatives_limit),
        )
        return _json_rows(row[0], _PARTNER_COLS), _json_rows(row[1], _INITIATIVE_COLS)

    async def summary_sentences(self, article_id: int, count: int) -> list[sqlite3.Row]:
        """The extractor's summary sentences, else the article's first sentences."""
        rows = await self.fetch(
            """SELECT s.idx, s.text, s.backing, 1 AS chosen FROM summary m
                 JOIN sentence s ON s.article_id = m.article_id AND s.idx = m.sentence
               WHERE m.article_id = ?1 ORDER BY m.pos LIMIT ?2""",
            (article_id, count),
        )
        if rows:
            return rows
        return await self.fetch(
            "SELECT idx, text, backing, 0 AS chosen FROM sentence WHERE article_id = ? ORDER BY idx LIMIT ?",
            (article_id, count),
        )

    async def sources_of(self, article_id: int) -> list[sqlite3.Row]:
        """Every listed or cited source number with its title/URL and how many sentences/markers cite it."""
        return await self.fetch(
            """WITH c AS (SELECT n, count(*) AS sentences, sum(markers) AS markers FROM citation
                          WHERE article_id = ?1 GROUP BY n),
                    l AS (SELECT n, pos, title, url FROM source WHERE article_id = ?1)
               SELECT l.n, l.title, l.url, 1 AS listed, coalesce(c.sentences, 0) AS sentences,
                      coalesce(c.markers, 0) AS markers FROM l LEFT JOIN c USING (n)
               UNION ALL
               SELECT c.n, NULL, NULL, 0, c.sentences, c.markers FROM c WHERE c.n NOT IN (SELECT n FROM l)
               ORDER BY 1""",
            (article_id,),
        )

    async def people_of(self, article_id: int) -> list[sqlite3.Row]:
        return await self.fetch(
            f"""SELECT p.name, p.role, p.org, o.name AS org_entity, s.backing FROM person p
                LEFT JOIN entity o ON o.id = p.org_entity_id {_BACKING.format(t='p')}
                WHERE p.article_id = ? ORDER BY p.pos""",
            (article_id,),
        )

    async def domains_of(self, article_id: int) -> list[sqlite3.Row]:
        return await self.fetch(
            "SELECT name, min(sentence) AS sentence FROM domain WHERE article_id = ? GROUP BY name ORDER BY min(pos)",
            (article_id,),
        )

    async def search_sentences(self, match: str, limit: int) -> list[sqlite3.Row]:
        """FTS5 search; `match` must already be a quoted expression (see bot.store.fts). Newest sentences
        first rather than bm25: ranking costs time per matching row, unranked stays fast on common words."""
        return await self.fetch(
            f"""SELECT {_ARTICLE_COLS}, s.idx, s.backing,
                       snippet(sentence_fts, 0, '**', '**', '…', 24) AS snippet
                FROM sentence_fts f JOIN sentence s ON s.id = f.rowid JOIN article a ON a.id = s.article_id
                WHERE sentence_fts MATCH ? ORDER BY f.rowid DESC LIMIT ?""",
            (match, limit),
        )

    async def facts_about(self, entity_id: int, limit: int = 60) -> list[sqlite3.Row]:
        """Facts naming an organisation or person, tagged by `what`, from its most recently stored articles.

        Each kind of fact is cut at `limit` along its (entity, article) index before the join, so an
        organisation named in thousands of articles costs no more than one named in a few."""
        branches = (
            "SELECT 'partner' AS what, article_id, pos, role AS detail, initiative AS target, NULL AS extra, sentence"
            " FROM partner WHERE entity_id = ?1",
            "SELECT 'leads', article_id, pos, NULL, name, acronym, sentence FROM initiative WHERE led_by_entity = ?1",
            "SELECT 'member', article_id, pos, role, name, NULL, sentence FROM person WHERE org_entity_id = ?1",
            "SELECT 'role', article_id, pos, role, org, NULL, sentence FROM person WHERE entity_id = ?1",
            "SELECT 'named', article_id, min(pos), NULL, min(name), NULL, min(sentence) FROM organisation"
            " WHERE entity_id = ?1 GROUP BY article_id",
        )
        union = " UNION ALL ".join(f"SELECT * FROM ({b} ORDER BY article_id DESC LIMIT ?2)" for b in branches)
        return await self.fetch(
            f"""SELECT f.what, {_ARTICLE_COLS}, f.detail, f.target, f.extra, s.backing
                FROM ({union}) f JOIN article a ON a.id = f.article_id {_BACKING.format(t='f')}
                ORDER BY a.sort_date DESC, a.seq DESC, f.pos LIMIT ?2""",
            (entity_id, limit),
        )


_PARTNER_COLS = ("article_id", "file", "title", "date", "org", "role", "initiative", "initiative_key", "entity_id",
                 "entity", "backing")
_INITIATIVE_COLS = ("article_id", "file", "title", "date", "name", "acronym", "key", "led_by", "leader", "backing")


def _json_rows(text: str | None, columns: tuple[str, ...]) -> list[dict[str, Any]]:
    """Rows sent as a JSON array of [n, *columns] arrays, back in their order `n`, as dicts."""
    items = sorted(json.loads(text or "[]"), key=lambda item: item[0])
    return [dict(zip(columns, item[1:])) for item in items]


def _filters(*pairs: tuple[str, Any]) -> tuple[str, tuple[Any, ...]]:
    clauses = [f"{column} = ?" for column, value in pairs if value is not None]
    return (" AND ".join(clauses) or "1"), tuple(value for _, value in pairs if value is not None)
