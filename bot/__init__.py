"""factbot: news articles in, sourced facts out, answered in Discord and on the command line."""

__version__ = "0.1.0"
