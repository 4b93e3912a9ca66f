"""French typography and dates for Contrepoint (Pelican plugin)."""

from .plugin import register

__all__ = ["register"]
