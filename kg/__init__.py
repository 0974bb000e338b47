"""defense-kg: a knowledge graph of defense-industry deals built from news articles."""

__version__ = "0.1.0"
