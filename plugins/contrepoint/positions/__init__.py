"""Positions: annotated passages, the position graph and its pages (Pelican plugin)."""

from .plugin import register

__all__ = ["register"]
