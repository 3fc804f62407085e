"""The one error hierarchy of communique."""

from __future__ import annotations


class CommuniqueError(Exception):
    """Base of every error communique raises on purpose."""


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
