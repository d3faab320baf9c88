from django.db import models


class ReportReason(models.TextChoices):
    SPAM = "spam", "Spam or advertising"
    HARASSMENT = "harassment", "Harassment or bullying"
    HATE = "hate", "Hate or discrimination"
    SEXUAL = "sexual", "Sexual content"
    VIOLENCE = "violence", "Violence or threats"
    SCAM = "scam", "Scam or fraud"
    IMPERSONATION = "impersonation", "Impersonation"
    PRIVACY = "privacy", "Shares private information"
    OTHER = "other", "Something else"


class ReportStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACTIONED = "actioned", "Action taken"
    DISMISSED = "dismissed", "Dismissed"


class ModerationKind(models.TextChoices):
    """What a curator (or the trusted-reports rule) did: the audit log's verbs."""

    HIDE = "hide", "Hid the content"
    UNHIDE = "unhide", "Restored the content"
    AUTO_HIDE = "auto_hide", "Held the content pending review (trusted reports)"
    WARN = "warn", "Warned the member"
    SUSPEND = "suspend", "Suspended the member"
    BAN = "ban", "Suspended the member for good"
    UNSUSPEND = "unsuspend", "Lifted the suspension"
    DISMISS = "dismiss", "Dismissed the reports"


class MemberAction(models.TextChoices):
    """The member half of a curator's decision on a report."""

    NONE = "none", "No action on the member"
    WARN = "warn", "Warn the member"
    SUSPEND = "suspend", "Suspend for a number of days"
    BAN = "ban", "Suspend for good"


class ExportStatus(models.TextChoices):
    PENDING = "pending", "Being prepared"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"
