"""drf-spectacular hooks: the public schema documents /api/v1/ only (not Wagtail's internal admin API)."""


def only_public_api(endpoints, **kwargs):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
