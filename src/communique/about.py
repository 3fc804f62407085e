"""The package's version, in one place that every module can import."""

from __future__ import annotations

__version__ = "0.1.0"
