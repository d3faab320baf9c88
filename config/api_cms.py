"""Wagtail API v2 for headless clients, mounted at /api/cms/v2/ (pages, images, documents).

Only live, public pages are served; tool pages expose the fields in `ToolPage.api_fields`, e.g.
/api/cms/v2/pages/?type=tools_directory.ToolPage&fields=*
"""
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
