from django.apps import AppConfig


class DiscoverConfig(AppConfig):
    """Member-facing discovery: /discover/ and its offers, asks and people lists.

    It sits above `collective` and `tools_directory` and only composes their selectors.
    """

    name = "discover"
    verbose_name = "Discover"
