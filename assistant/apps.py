from django.apps import AppConfig


class AssistantConfig(AppConfig):
    """Ava: the conversational onboarding (/onboarding/), the assistant (/ava/) and URL import.

    It sits above `collective`, `discover`, `tools_directory` and `economy`: Ava's answers come from
    their selectors and everything she creates goes through their services.
    """

    name = "assistant"
    verbose_name = "Ava"
