"""Pagination for every list: `?page=2&page_size=50` (at most 100 per page), counts cached.

The large lists (offers, asks) also page by keyset: in their default order (newest first) each answer
carries `next_cursor`, and `?cursor=<it>` returns the rows after it, as fast at row 10,000 as at row 1
(an index range on `(created_at, id)`, no OFFSET). `?page=` keeps working as documented.

Counts are exact but cached (collective.pagination.CachedCountPaginator), so a list costs no COUNT(*)
per request; ranked search results carry their own capped count.
"""
import base64
import binascii
from datetime import datetime

from django.db.models import Q, QuerySet
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from collective.pagination import CachedCountPaginator

KEYSET_ORDERING = ("-created_at", "-id")


def offer_cursor_for(created_at: datetime, pk: int) -> str:
    """The cursor that continues after the row (created_at, pk) in newest-first order."""
    return base64.urlsafe_b64encode(f"{created_at.isoformat()}|{pk}".encode()).decode().rstrip("=")


def _decode_cursor(token: str) -> tuple[datetime, int]:
    try:
        created, pk = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode().split("|")
        return datetime.fromisoformat(created), int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise ValidationError({"cursor": ["Use the next_cursor of a previous page."]}) from error


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError({self.page_size_query_param: [f"Use a whole number from 1 to {self.max_page_size}."]})
        return size

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and not (raw.isdigit() and int(raw) >= 1):
            raise ValidationError({self.page_query_param: ["Use a page number from 1."]})
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as error:
            raise NotFound(f"There is no page {raw} of this list.") from error

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_page_size})
        return parameters


class KeysetPagination(PageNumberPagination):
    """Page numbers, plus `next_cursor`/`?cursor=` in the default newest-first order (offers, asks)."""

    cursor_query_param = "cursor"
    django_paginator_class = CachedCountPaginator  # offers and asks only: their writes reset the cached counts

    def paginate_queryset(self, queryset, request, view=None):
        self.next_cursor = None
        self.keyset = isinstance(queryset, QuerySet) and tuple(queryset.query.order_by) == KEYSET_ORDERING
        token = request.query_params.get(self.cursor_query_param)
        if token is None:
            rows = super().paginate_queryset(queryset, request, view)
            if self.keyset and rows and self.page.has_next():
                self.next_cursor = offer_cursor_for(rows[-1].created_at, rows[-1].pk)
            return rows
        if not self.keyset:
            raise ValidationError({self.cursor_query_param: ["Cursors follow the default order (newest first), "
                                                             "without q or ordering."]})
        if self.page_query_param in request.query_params:
            raise ValidationError({self.cursor_query_param: ["Use either cursor or page."]})
        created, pk = _decode_cursor(token)
        self.request, self.page = request, None
        self.total = self.django_paginator_class(queryset, 1).count
        size = self.get_page_size(request)
        # created_at <= c bounds the index range; the OR then only skips the rows tied with the cursor's.
        after = queryset.filter(created_at__lte=created).filter(Q(created_at__lt=created) | Q(id__lt=pk))
        rows = list(after[: size + 1])
        if len(rows) > size:
            rows = rows[:size]
            self.next_cursor = offer_cursor_for(rows[-1].created_at, rows[-1].pk)
        return rows

    def get_paginated_response(self, data):
        if self.page is not None:
            response = super().get_paginated_response(data)
            response.data["next_cursor"] = self.next_cursor
            return response
        next_url = None
        if self.next_cursor:
            next_url = replace_query_param(self.request.build_absolute_uri(), self.cursor_query_param, self.next_cursor)
        return Response({"count": self.total, "next": next_url, "previous": None, "results": data,
                         "next_cursor": self.next_cursor})

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["next_cursor"] = {
            "type": "string", "nullable": True,
            "description": "In the default order: pass as `cursor` for the rows after this page (fast at any depth).",
        }
        return schema

    def get_schema_operation_parameters(self, view):
        return [*super().get_schema_operation_parameters(view), {
            "name": self.cursor_query_param, "required": False, "in": "query",
            "description": "`next_cursor` of the previous page (default order only; not with `page`).",
            "schema": {"type": "string"},
        }]

