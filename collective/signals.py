"""Counter updates for connections (F() updates, safe under concurrent writes)."""
from django.db.models import F
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from members.models import User

from .choices import ConnectionStatus
from .models import Ask, Connection, Offer


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


@receiver(pre_delete, sender=Ask)
@receiver(pre_delete, sender=Offer)
def keep_connection_history(sender, instance, **kwargs) -> None:
    """Connections outlive the ask/offer they were about (on_delete=SET_NULL); mark them first."""
    field = "ask" if sender is Ask else "offer"
    Connection.objects.filter(**{field: instance}).update(context_removed=True)
