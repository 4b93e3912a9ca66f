"""Stance detection, reply detection and position suggestions (see docs/stance.md)."""

from .plugin import register  # noqa: F401
