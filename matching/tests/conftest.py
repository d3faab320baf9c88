import pytest

from matching import index
from matching.choices import Kind
from matching.services import embeddings_refresh


@pytest.fixture(autouse=True)
def _fresh_index():
    index.reset()
    yield
    index.reset()


@pytest.fixture
def embed_all():
    """Embed every row now (tests don't run on_commit callbacks unless asked)."""
    def run():
        for kind in Kind.values:
            embeddings_refresh(kind=kind)
            index.invalidate(kind)
    return run
