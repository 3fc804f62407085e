"""A local web view of a communique database or Parquet dataset."""

from .app import create_app

__all__ = ["create_app"]
