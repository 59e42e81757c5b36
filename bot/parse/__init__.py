"""Article files -> `bot.model.Article`."""

from bot.parse.article import ArticleError, decode_article, parse_article, parse_file

__all__ = ["ArticleError", "decode_article", "parse_article", "parse_file"]
