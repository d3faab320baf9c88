"""The tabs of /settings/. Features add their own tab from their AppConfig.ready():

    from members.settings_nav import register_settings_tab
    register_settings_tab("Notifications", "/settings/notifications/", icon="bell", order=30)

and their page extends "members/settings/base.html" (fill `{% block settings_content %}`), so every
settings page shares the same header and tab bar.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class SettingsTab:
    label: str
    url: str
    icon: str = ""
    order: int = 50


_TABS: dict[str, SettingsTab] = {}


def register_settings_tab(label: str, url: str, *, icon: str = "", order: int = 50) -> None:
    """Add (or replace, by URL) a tab; lower `order` comes first. Profile is 10, Account 20."""
    _TABS[url] = SettingsTab(label=label, url=url, icon=icon, order=order)


def settings_tabs(current_path: str) -> list[dict]:
    """Tabs in order, shaped for components/tabs.html; the longest matching URL is the current one."""
    tabs = sorted(_TABS.values(), key=lambda tab: (tab.order, tab.label))
    matches = [tab.url for tab in tabs if current_path.startswith(tab.url)]
    current = max(matches, key=len) if matches else None
    return [{"label": tab.label, "url": tab.url, "icon": tab.icon, "active": tab.url == current} for tab in tabs]


register_settings_tab("Profile", "/settings/", icon="user", order=10)
register_settings_tab("Account", "/settings/account/", icon="settings", order=20)
