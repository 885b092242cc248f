"""How much one document may expand to while it is read: each limit a setting.

A small file can expand enormously (a zip of repeated XML, a PDF of thousands of
pages); the readers check these limits before doing the expensive work, so one
hostile or broken file costs seconds, not the machine.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadLimits:
    """The most one document may expand to (0 means no limit)."""

    unpacked_bytes: int = 200_000_000  # QUIPU_MAX_UNPACKED_BYTES
    pages: int = 3_000  # QUIPU_MAX_PAGES
    text_chars: int = 20_000_000  # QUIPU_MAX_TEXT_CHARS


DEFAULT_LIMITS = ReadLimits()
