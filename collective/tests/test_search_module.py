"""collective.search: the lexical ranking the discovery pages and the API share (and hybrid search builds on)."""
import pytest
from django.conf import settings

from collective import search, selectors
from collective.choices import OfferStatus
from collective.factories import AskFactory, OfferFactory, TaxonomyFactory, ToolTaxonomyFactory
from collective.models import Offer
from members.factories import UserFactory

pytestmark = pytest.mark.django_db
on_postgres = pytest.mark.skipif("postgresql" not in settings.DATABASES["default"]["ENGINE"],
                                 reason="stored vectors are PostgreSQL's")


def test_ranking_returns_ids_best_first_within_the_queryset():
    best = OfferFactory(title="Notion templates", description="Notion workspace setup.")
    other = OfferFactory(title="Weekly planner", description="Works inside notion.")
    OfferFactory(title="Notion draft", status=OfferStatus.DRAFT)
    assert search.lexical_ranking(selectors.offers_public(), "notion", 10) == [best.pk, other.pk]
    assert search.lexical_ranking(selectors.offers_public().exclude(pk=best.pk), "notion", 10) == [other.pk]
    assert search.lexical_ranking(selectors.offers_public(), "notion", 1) == [best.pk]
    assert search.lexical_ranking(selectors.offers_public(), "", 10) == []


@on_postgres
@pytest.mark.parametrize("sentence", ["pitch deck feedback", "my pitch, I don't like the feedback"])
def test_a_sentence_ranks_rows_with_two_of_its_words_before_rows_with_one(sentence):
    # The title weighs most, so by ts_rank alone the one-word title match would come first. In the second
    # sentence "don" and "like" are PostgreSQL stop words, which must not pair up with "pitch".
    one_word = OfferFactory(title="Pitch", description="Practice.")
    two_words = OfferFactory(title="Slides", description="Feedback on your pitch before investors see it.")
    OfferFactory(title="Unrelated", description="Something else entirely.")
    assert search.lexical_ranking(selectors.offers_public(), sentence, 10) == [two_words.pk, one_word.pk]
    assert search.lexical_ranking(selectors.offers_public(), sentence, 1) == [two_words.pk]


def test_ranked_results_slice_count_and_say_when_capped():
    made = [OfferFactory(title=f"Prompt clinic {n}") for n in range(5)]
    results = selectors.offers_search(query="prompt")
    assert results.count() == len(results) == 5 and not results.capped
    assert {o.pk for o in results[1:3]} <= {o.pk for o in made}
    assert results[0] == list(results)[0]
    ids = search.lexical_ranking(selectors.offers_public(), "prompt", 3)
    assert search.RankedResults(Offer.objects.all(), ids, limit=3).capped


def test_the_vector_follows_tags_renames_and_owner_names():
    tag = TaxonomyFactory(name="Spreadsheets")
    offer = OfferFactory(title="Budget help")
    offer.tags.add(tag)
    assert search.lexical_ranking(Offer.objects.all(), "spreadsheets", 5) == [offer.pk]
    tag.name = "Accounting"
    tag.save()
    assert search.lexical_ranking(Offer.objects.all(), "accounting", 5) == [offer.pk]
    tool = ToolTaxonomyFactory(name="Airtable")
    tool.tool_offers.add(offer)  # from the taxonomy's side
    assert search.lexical_ranking(Offer.objects.all(), "airtable", 5) == [offer.pk]


def test_asks_are_ranked_alike():
    ask = AskFactory(title="Need churn analysis help")
    AskFactory(title="Logo feedback")
    assert search.lexical_ranking(selectors.asks_public(), "churn analysis", 5) == [ask.pk]


@on_postgres
def test_owner_names_are_searched_below_everything_else():
    owner = UserFactory(username="zapata", display_name="Rosa Zapata")
    by_name = OfferFactory(user=owner, title="Bookkeeping")
    in_title = OfferFactory(title="Zapata-style murals")
    assert search.lexical_ranking(Offer.objects.all(), "zapata", 5) == [in_title.pk, by_name.pk]
    owner.display_name = "Rosa Martinez"
    owner.save()
    assert search.lexical_ranking(Offer.objects.all(), "martinez", 5) == [by_name.pk]


def test_capped_count_stops_at_the_cap():
    for n in range(4):
        OfferFactory(title=f"Row {n}")
    assert search.capped_count(Offer.objects.all(), 3) == 3
    assert search.capped_count(Offer.objects.all(), 10) == 4
