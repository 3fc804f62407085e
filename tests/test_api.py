"""The public API is small and pinned; what leaves the coder is plain and picklable."""

from __future__ import annotations

import pickle

import communique


def test_public_api_is_pinned():
    assert sorted(communique.__all__) == sorted([
        "Actor", "Article", "Coder", "CodedArticle", "CommuniqueError", "DataFileError", "DocStatus", "Event",
        "GoldFileError", "InputError", "Knowledge", "Location", "ModelNotFoundError", "ReadOptions", "RunSummary",
        "Scores", "__version__", "code_inputs", "evaluate_file", "load_knowledge", "read_inputs"])
    for name in communique.__all__:
        assert hasattr(communique, name)


def test_errors_share_one_base():
    for name in ("DataFileError", "GoldFileError", "InputError", "ModelNotFoundError"):
        assert issubclass(getattr(communique, name), communique.CommuniqueError)


def test_coded_articles_pickle(code_text):
    _, coded = code_text("Chile and Peru signed a trade agreement in Lima.")
    again = pickle.loads(pickle.dumps(coded))
    assert again.events == coded.events and again.status == coded.status


def test_missing_model_is_a_clear_error():
    import pytest

    with pytest.raises(communique.ModelNotFoundError, match="pip install"):
        communique.Coder(model="no_such_model_xx")
