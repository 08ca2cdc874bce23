"""The extractors: each reads one parsed article and returns its mentions
(kg.extract.article runs them all on one article)."""
