"""Event finding: trigger lookup, modality, arguments, frames and the pairing of actors into events."""

from .common import Found, distinct, lemmas_of, phrase_tokens
from .finder import EventFinder

__all__ = ["EventFinder", "Found", "distinct", "lemmas_of", "phrase_tokens"]
