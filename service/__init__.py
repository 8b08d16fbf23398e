"""news-entities: a Faust stream processor that extracts entities and casualty figures from news."""

__version__ = "0.1.0"
