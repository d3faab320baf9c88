"""Re-embed rows after their transaction commits, and drop vectors with their rows.

Model signals rather than calls from each service because offers, asks, tools and profiles are also saved by
the Wagtail editor, the admin, course publishing and fixtures; the same reason Wagtail's own search index
follows post_save. Saves in one transaction are collected and embedded in one Celery task per kind after
commit; unchanged text is not re-embedded (services.embeddings_refresh compares hashes).
"""
import threading

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from collective.choices import TaxonomyType
from collective.models import Ask, Offer, Taxonomy
from members.models import User

from . import typos
from .choices import Kind

# Saves of only these fields (log-ins, counters) don't change what a member's vector says.
MEMBER_FIELDS_NOT_EMBEDDED = {"last_login", "password", "points", "credit_balance", "helped_count",
                              "followers_count", "following_count", "avatar_frame", "tier",
                              "points_gifted_total", "credits_gifted_total"}
ROW_FIELDS_NOT_EMBEDDED = {"view_count", "connection_count", "response_count", "updated_at"}

_pending = threading.local()


def _flush() -> None:
    from .tasks import embed_rows

    batch, _pending.rows = getattr(_pending, "rows", {}), {}
    for kind, ids in batch.items():
        embed_rows.delay(kind, sorted(ids))


def schedule(kind: str, object_id: int) -> None:
    rows = getattr(_pending, "rows", None)
    if rows is None:
        rows = _pending.rows = {}
    rows.setdefault(kind, set()).add(object_id)
    # Registered per save: the first flush after commit takes everything, the others find nothing left.
    # Rows of a rolled-back write ride along with the next commit (harmless: their text hash is unchanged).
    transaction.on_commit(_flush)


def _counters_only(update_fields, ignored: set[str]) -> bool:
    return bool(update_fields) and set(update_fields) <= ignored


def offer_saved(sender, instance: Offer, raw: bool = False, update_fields=None, **kwargs) -> None:
    if raw or _counters_only(update_fields, ROW_FIELDS_NOT_EMBEDDED):
        return
    schedule(Kind.OFFER, instance.pk)
    schedule(Kind.MEMBER, instance.user_id)  # a member's vector includes their offers' titles


def ask_saved(sender, instance: Ask, raw: bool = False, update_fields=None, **kwargs) -> None:
    if not raw and not _counters_only(update_fields, ROW_FIELDS_NOT_EMBEDDED):
        schedule(Kind.ASK, instance.pk)


def member_saved(sender, instance: User, raw: bool = False, update_fields=None, **kwargs) -> None:
    if not raw and not _counters_only(update_fields, MEMBER_FIELDS_NOT_EMBEDDED):
        schedule(Kind.MEMBER, instance.pk)


def tool_saved(sender, instance: Taxonomy, raw: bool = False, **kwargs) -> None:
    cache.delete(typos.VOCABULARY_KEY)  # a new or renamed tool, tag or category is a word to correct towards
    if not raw and instance.taxonomy_type == TaxonomyType.TOOL:
        schedule(Kind.TOOL, instance.pk)


def terms_changed(sender, instance, action: str, reverse: bool = False, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear") or reverse:
        return
    schedule(Kind.OFFER if isinstance(instance, Offer) else Kind.ASK, instance.pk)


def _deleted(kind: str):
    def receiver(sender, instance, **kwargs) -> None:
        if kind != Kind.TOOL or instance.taxonomy_type == TaxonomyType.TOOL:
            schedule(kind, instance.pk)  # embeddings_refresh drops vectors of rows that are gone
    return receiver


post_save.connect(offer_saved, sender=Offer, dispatch_uid="matching.offer_saved")
post_save.connect(ask_saved, sender=Ask, dispatch_uid="matching.ask_saved")
post_save.connect(member_saved, sender=User, dispatch_uid="matching.member_saved")
post_save.connect(tool_saved, sender=Taxonomy, dispatch_uid="matching.tool_saved")
for _model in (Offer, Ask):
    for _field in ("tools", "tags"):
        m2m_changed.connect(terms_changed, sender=getattr(_model, _field).through,
                            dispatch_uid=f"matching.{_model.__name__}.{_field}")
_DELETE_RECEIVERS = {Kind.OFFER: _deleted(Kind.OFFER), Kind.ASK: _deleted(Kind.ASK),
                     Kind.MEMBER: _deleted(Kind.MEMBER), Kind.TOOL: _deleted(Kind.TOOL)}
post_delete.connect(_DELETE_RECEIVERS[Kind.OFFER], sender=Offer, dispatch_uid="matching.offer_deleted")
post_delete.connect(_DELETE_RECEIVERS[Kind.ASK], sender=Ask, dispatch_uid="matching.ask_deleted")
post_delete.connect(_DELETE_RECEIVERS[Kind.MEMBER], sender=User, dispatch_uid="matching.member_deleted")
post_delete.connect(_DELETE_RECEIVERS[Kind.TOOL], sender=Taxonomy, dispatch_uid="matching.tool_deleted")
