"""Fixtures for the tools directory: a small page tree (home → discover → tools) and offer categories."""
import pytest

from collective.choices import TaxonomyType
from collective.models import Taxonomy
from collective.services import offer_categories_seed
from home.services import editorial_pages_seed
from tools_directory.services import tools_index_ensure


@pytest.fixture
def tools_index(db):
    editorial_pages_seed()
    offer_categories_seed()
    return tools_index_ensure()


@pytest.fixture
def categories(tools_index):
    return {c.slug: c for c in Taxonomy.objects.filter(taxonomy_type=TaxonomyType.OFFER_CATEGORY)}
