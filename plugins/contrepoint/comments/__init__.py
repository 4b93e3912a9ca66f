"""Comment threads: comment files -> a Thread on every article, comment feeds."""

from .plugin import register  # noqa: F401
