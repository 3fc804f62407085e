"""The one error hierarchy of communique."""

from __future__ import annotations


class CommuniqueError(Exception):
    """Base of every error communique raises on purpose."""


def brief(exc: BaseException) -> str:
    """An exception as 'Type: first line of its message', short enough for a status line or a summary."""
    first = (str(exc).strip().splitlines() or [""])[0][:200]
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


class ModelNotFoundError(CommuniqueError):
    """No usable spaCy English model is installed."""


class DataFileError(CommuniqueError):
    """A knowledge file (gazetteer, patterns, ontology table) is missing or malformed."""


class InputError(CommuniqueError):
    """An input path or document cannot be read at all."""


class GoldFileError(CommuniqueError):
    """A gold-standard file for evaluation is malformed."""


class OutputError(CommuniqueError):
    """An output file cannot be written (disk full, no permission): what was written is whole lines."""
