"""In-app denormalisation: connection counters (F() updates, safe under concurrent writes), the search vectors
of offers and asks (collective/search.py) and the people search index; and the bridge that turns saves of
connections and offers into domain events for the rooms above (core.events; who reacts is in config/events.py)."""
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from wagtail.search import index
from wagtail.search.tasks import insert_or_update_object_task

from core import events
from members.models import User

from . import search
from .cache import content_changed
from .choices import ConnectionStatus
from .events import ConnectionSaved, OfferSaved
from .models import Ask, Connection, Offer, SearchableMember, Taxonomy


@receiver(post_save, sender=Connection)
def update_connection_counts(sender, instance: Connection, created: bool, raw: bool = False, **kwargs) -> None:
    if raw or not created:
        return
    if instance.offer_id:
        Offer.objects.filter(pk=instance.offer_id).update(connection_count=F("connection_count") + 1)
    if instance.ask_id:
        Ask.objects.filter(pk=instance.ask_id).update(response_count=F("response_count") + 1)


@receiver(post_save, sender=Connection)
def update_helped_count(sender, instance: Connection, raw: bool = False, **kwargs) -> None:
    if raw or instance.status != ConnectionStatus.COMPLETED:
        return
    # The conditional UPDATE claims this completion exactly once, however often the row is saved
    # and however many requests race to complete it.
    claimed = Connection.objects.filter(pk=instance.pk, status=ConnectionStatus.COMPLETED,
                                        helped_counted=False).update(helped_counted=True)
    if claimed:
        instance.helped_counted = True
        User.objects.filter(pk=instance.helper_id).update(helped_count=F("helped_count") + 1)


@receiver(post_save, sender=Connection, dispatch_uid="collective_connection_saved_event")
def announce_connection_saved(sender, instance: Connection, created: bool, raw: bool = False, **kwargs) -> None:
    # After the counters above (receivers run in connection order), so handlers see them updated.
    if not raw:
        events.publish(ConnectionSaved(connection=instance, created=created))


@receiver(post_save, sender=Offer, dispatch_uid="collective_offer_saved_event")
def announce_offer_saved(sender, instance: Offer, raw: bool = False, **kwargs) -> None:
    if not raw:
        events.publish(OfferSaved(offer=instance))


@receiver(pre_delete, sender=Ask)
@receiver(pre_delete, sender=Offer)
def keep_connection_history(sender, instance, **kwargs) -> None:
    """Connections outlive the ask/offer they were about (on_delete=SET_NULL); mark them first."""
    field = "ask" if sender is Ask else "offer"
    Connection.objects.filter(**{field: instance}).update(context_removed=True)


# Saving only these fields (log-ins, counters) doesn't change what people search looks at.
MEMBER_FIELDS_NOT_SEARCHED = {"last_login", "password", "points", "credit_balance", "helped_count",
                              "followers_count", "following_count", "avatar_frame", "tier"}


@receiver(post_save, sender=User)
def index_member(sender, instance: User, raw: bool = False, update_fields=None, **kwargs) -> None:
    """SearchableMember is a proxy, so saves of the User arrive here rather than through Wagtail's own handler."""
    if raw or (update_fields and set(update_fields) <= MEMBER_FIELDS_NOT_SEARCHED):
        return
    if not kwargs.get("created"):
        content_changed()  # e.g. deactivated: their offers leave the public lists
        search.refresh_for_member(instance.pk)  # their name is in their offers' and asks' vectors
    insert_or_update_object_task.enqueue(SearchableMember._meta.app_label, SearchableMember._meta.model_name,
                                         str(instance.pk))


@receiver(post_save, sender=Offer)
@receiver(post_save, sender=Ask)
def refresh_search_vector(sender, instance, raw: bool = False, update_fields=None, **kwargs) -> None:
    """The row's words changed (or may have): recompute its vector in SQL, relations included."""
    if raw:
        return
    content_changed()
    if not (update_fields and not set(update_fields) & SEARCHED_FIELDS):
        search.refresh(sender, [instance.pk])


@receiver(post_delete, sender=Offer)
@receiver(post_delete, sender=Ask)
def forget_cached_content(sender, **kwargs) -> None:
    content_changed()


# Saving only these fields (counters, status) leaves an offer's or ask's words as they were.
SEARCHED_FIELDS = {"title", "description", "category", "category_id", "user", "user_id"}


@receiver(m2m_changed, sender=Offer.tools.through)
@receiver(m2m_changed, sender=Offer.tags.through)
@receiver(m2m_changed, sender=Ask.tools.through)
@receiver(m2m_changed, sender=Ask.tags.through)
def refresh_search_vector_terms(sender, instance, action: str, reverse: bool, model, pk_set, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    content_changed()
    if not reverse:
        search.refresh(type(instance), [instance.pk])
    elif pk_set:  # terms added to offers/asks from the taxonomy's side
        search.refresh(model, pk_set)
    else:
        search.refresh_for_taxonomy(instance.pk)


@receiver(pre_save, sender=Taxonomy)
def remember_taxonomy_name(sender, instance: Taxonomy, raw: bool = False, **kwargs) -> None:
    instance._name_before = None if raw or instance.pk is None else (
        Taxonomy.objects.filter(pk=instance.pk).values_list("name", flat=True).first())


@receiver(post_save, sender=Taxonomy)
def refresh_search_vectors_of_taxonomy(sender, instance: Taxonomy, created: bool, raw: bool = False, **kwargs) -> None:
    if not raw and not created and getattr(instance, "_name_before", instance.name) != instance.name:
        search.refresh_for_taxonomy(instance.pk)


@receiver(post_delete, sender=User)
def unindex_member(sender, instance: User, **kwargs) -> None:
    index.remove_object(SearchableMember(pk=instance.pk))
