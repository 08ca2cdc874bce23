"""diplomatic-kg: a knowledge graph of who stands where, built from diplomatic news."""

__version__ = "0.1.0"
