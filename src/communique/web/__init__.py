"""A local web view of a communique database or Parquet dataset."""

from .app import create_app
from .guard import bound_hosts

__all__ = ["bound_hosts", "create_app"]
