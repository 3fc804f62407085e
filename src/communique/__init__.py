"""communique: political event data from news text, coded in CAMEO and PLOVER with evidence."""

from __future__ import annotations

from .about import __version__
from .coder import Coder  # noqa: E402
from .errors import (  # noqa: E402
    CommuniqueError,
    DataFileError,
    GoldFileError,
    InputError,
    ModelNotFoundError,
)
from .evaluate import Scores, evaluate_file  # noqa: E402
from .ingest import ReadOptions, read_inputs  # noqa: E402
from .knowledge import Knowledge, load_knowledge  # noqa: E402
from .models import Actor, Article, CodedArticle, DocStatus, Event, Location  # noqa: E402
from .run import RunSummary, code_inputs  # noqa: E402

__all__ = [
    "Actor",
    "Article",
    "Coder",
    "CodedArticle",
    "CommuniqueError",
    "DataFileError",
    "DocStatus",
    "Event",
    "GoldFileError",
    "InputError",
    "Knowledge",
    "Location",
    "ModelNotFoundError",
    "ReadOptions",
    "RunSummary",
    "Scores",
    "__version__",
    "code_inputs",
    "evaluate_file",
    "load_knowledge",
    "read_inputs",
]
