"""Errors raised by the knowledge package."""


class KnowledgeBaseError(Exception):
    """Raise when the knowledge base cannot be opened or queried."""


class BuildError(KnowledgeBaseError):
    """Raise when a build cannot turn its inputs into a knowledge base."""
