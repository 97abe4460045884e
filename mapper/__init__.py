"""mapper: news articles about armed-conflict incidents -> a sourced, linked incident map."""

__version__ = "0.1.0"
