"""Admin wiring for the tools directory: a menu entry that opens the tool pages in the page explorer."""
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .models import ToolsIndexPage


def tools_explorer(request):
    """Curators edit tools as pages; send them to the directory's children (or the tree root if it's missing)."""
    index_page = ToolsIndexPage.objects.first()
    if index_page is None:
        return redirect("wagtailadmin_explore_root")
    return redirect("wagtailadmin_explore", index_page.pk)


@hooks.register("register_admin_urls")
def register_tools_urls():
    return [path("tools-directory/", tools_explorer, name="tools_directory_explorer")]


@hooks.register("register_admin_menu_item")
def register_tools_menu_item():
    return MenuItem("Tools directory", reverse("tools_directory_explorer"), icon_name="pick", order=210)
