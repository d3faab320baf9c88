"""Write operations of the collective. Views, the API and commands call these, never the ORM directly."""
from .choices import TaxonomyType
from .models import Taxonomy

# Spec: "Seed Data for offer_category".
OFFER_CATEGORIES = [
    ("marketing-content", "Marketing & Content", "Content creation, copywriting, social media"),
    ("sales-outreach", "Sales & Outreach", "Lead gen, sales automation, CRM"),
    ("customer-support", "Customer Support", "Chatbots, helpdesk, support automation"),
    ("operations", "Operations & Productivity", "Workflow automation, project management"),
    ("creative-design", "Creative & Design", "Image generation, video, design tools"),
    ("development", "Development & Technical", "Coding, APIs, technical tools"),
    ("learning-education", "Learning & Education", "Courses, tutorials, coaching"),
    ("other", "Other", "Doesn't fit other categories"),
]


def offer_categories_seed() -> int:
    """Create missing offer categories and refresh names/descriptions; returns how many were created."""
    created = 0
    for slug, name, description in OFFER_CATEGORIES:
        _, was_created = Taxonomy.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "is_active": True,
                      "taxonomy_type": TaxonomyType.OFFER_CATEGORY},
        )
        created += was_created
    return created
