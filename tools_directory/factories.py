"""Factories for tool pages. A created ToolPage is added under the directory and published through a revision,
so its Taxonomy row exists exactly as it would after a curator clicks Publish."""
import factory
from django.utils.text import slugify

from .choices import ToolPricing, ToolStatus
from .models import ToolPage
from .services import tools_index_ensure


class ToolPageFactory(factory.Factory):
    title = factory.Sequence(lambda n: f"Tool {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title))
    tagline = factory.LazyAttribute(lambda page: f"{page.title} helps you do more with AI")
    website = factory.LazyAttribute(lambda page: f"https://{page.slug}.example.com")
    pricing = ToolPricing.FREEMIUM
    status = ToolStatus.ACTIVE
    description = factory.LazyAttribute(
        lambda page: [{"type": "paragraph", "value": f"<p>{page.title} is an AI tool for testing.</p>"}]
    )
    best_for = factory.LazyFunction(lambda: [("use", "Drafting text"), ("use", "Brainstorming")])
    usage_tips = factory.LazyFunction(lambda: [("tip", "Say what you want and in which format.")])

    class Meta:
        model = ToolPage

    @classmethod
    def _create(cls, model_class, *args, parent=None, categories=(), publish=True, **kwargs):
        page = model_class(**kwargs)
        page.categories = list(categories)
        page.live = False
        (parent or tools_index_ensure()).add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        return ToolPage.objects.get(pk=page.pk)
