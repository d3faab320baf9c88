"""Keep each tool's Taxonomy row in step with its page: publishing, unpublishing and deleting it."""
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .models import ToolPage
from .services import tool_taxonomy_deactivate, tool_taxonomy_sync


@receiver(page_published, sender=ToolPage)
@receiver(page_unpublished, sender=ToolPage)
def sync_tool_taxonomy(sender, instance: ToolPage, **kwargs) -> None:
    tool_taxonomy_sync(page=instance)


@receiver(post_delete, sender=ToolPage)
def deactivate_tool_taxonomy(sender, instance: ToolPage, **kwargs) -> None:
    tool_taxonomy_deactivate(taxonomy_id=instance.taxonomy_id)
