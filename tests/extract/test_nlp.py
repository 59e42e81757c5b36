"""Loading the pipeline, and keeping spaCy out of the serving modules."""

import subprocess
import sys

import pytest

import bot.nlp


def test_falls_back_to_an_installed_model(caplog):
    with caplog.at_level("WARNING", logger="bot.nlp"):
        nlp = bot.nlp.load_pipeline("not_a_model_xyz")
    assert "parser" in nlp.pipe_names and "ner" in nlp.pipe_names
    assert "not_a_model_xyz" in caplog.text


def test_clear_error_when_no_model(monkeypatch):
    monkeypatch.setattr(bot.nlp, "KNOWN_MODELS", ("nope_one",))
    with pytest.raises(bot.nlp.PipelineError, match="no spaCy model found"):
        bot.nlp.load_pipeline("nope_two")


def test_serving_modules_do_not_import_spacy():
    code = (
        "import importlib, sys\n"
        "for name in ['bot', 'bot.model', 'bot.parse', 'bot.render', 'bot.names', 'bot.export', 'bot.evaluate',"
        " 'bot.store', 'cogs']:\n"
        "    try:\n        importlib.import_module(name)\n"
        "    except ModuleNotFoundError as exc:\n        if exc.name not in (name, name.split('.')[0]): raise\n"
        "assert 'spacy' not in sys.modules, [m for m in sys.modules if m.startswith('spacy')]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=str(__import__("pathlib").Path(__file__).parents[2]))
