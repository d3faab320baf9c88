"""Reads for threads, messages, connection pages and ratings. Every list has a fixed number of queries."""
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Avg, Case, Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.utils.functional import SimpleLazyObject

from collective.choices import ConnectionStatus, ConnectionType
from collective.models import ACTIVE_CONNECTION, Connection, DirectMessageThread
from collective.selectors import connections_for_display, connections_of
from core.errors import NotFound
from members.models import User

from .models import Message, ThreadReadState

MESSAGES_PER_PAGE = 50
UPDATES_LIMIT = 100

# Tabs of /connections/: (slug, label, statuses); "all" has no filter.
CONNECTION_TABS = (
    ("all", "All", ()),
    ("pending", "Pending", (ConnectionStatus.INITIATED, ConnectionStatus.DISCUSSING)),
    ("active", "Active", (ConnectionStatus.ACCEPTED, ConnectionStatus.IN_PROGRESS)),
    ("completed", "Completed", (ConnectionStatus.COMPLETED,)),
    ("closed", "Closed", (ConnectionStatus.DECLINED, ConnectionStatus.CANCELLED)),
)


# --- Unread state ---------------------------------------------------------------------------------


def _last_read_id(user, thread_ref: str = "thread"):
    """The id of the last message `user` has read in the outer row's thread (0 when never opened)."""
    return Coalesce(
        Subquery(ThreadReadState.objects.filter(thread=OuterRef(thread_ref), user=user)
                 .values("last_read_message_id")[:1]),
        0,
        output_field=IntegerField(),
    )


def _unread_in_thread(user, thread_ref: str):
    """A subquery counting the messages from others after `user`'s read marker in the outer row's thread."""
    unread = (
        Message.objects.filter(thread=OuterRef(thread_ref))
        .exclude(sender=user)
        .annotate(last_read=_last_read_id(user))
        .filter(id__gt=F("last_read"))
        .order_by()
        .values("thread")
        .annotate(n=Count("id"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(unread, output_field=IntegerField()), 0)


def attach_unread_messages_count(user):
    """Give the signed-in member a lazy `unread_messages_count` (idempotent; one COUNT, only when read).

    The header (home.context_processors) and the Connect tabs share it, so a page counts at most once.
    """
    if user is not None and user.is_authenticated and not hasattr(user, "unread_messages_count"):
        # SimpleLazyObject proxies bool(), str() and comparisons, so templates use it like an int.
        user.unread_messages_count = SimpleLazyObject(lambda: unread_messages_count(user))
    return user


def unread_messages_count(user) -> int:
    """Messages from others that `user` hasn't read, over all their threads (one query; the nav badge)."""
    if not user.is_authenticated:
        return 0
    return (
        Message.objects.filter(thread__participants=user)
        .exclude(sender=user)
        .annotate(last_read=_last_read_id(user))
        .filter(id__gt=F("last_read"))
        .count()
    )


# --- Threads --------------------------------------------------------------------------------------


@dataclass
class ThreadRow:
    thread: DirectMessageThread
    other: User | None
    connection: Connection | None
    last_message: Message | None
    unread_count: int


def _connections_prefetch() -> Prefetch:
    return Prefetch("connections", queryset=connections_for_display(Connection.objects.order_by("-id")),
                    to_attr="thread_connections")


def threads_of(user) -> QuerySet[DirectMessageThread]:
    """The threads `user` takes part in, most recent activity first, with their unread count."""
    last_message = Message.objects.filter(thread=OuterRef("pk")).order_by("-id").values("id")[:1]
    return (
        DirectMessageThread.objects.filter(participants=user)
        .annotate(unread_count=_unread_in_thread(user, "pk"), last_message_id=Subquery(last_message))
        .filter(last_message_id__isnull=False)
        .prefetch_related("participants", _connections_prefetch())
        .order_by("-updated_at", "-id")
    )


def thread_rows(threads, user) -> list[ThreadRow]:
    """One row per thread of a page from threads_of(): the other member, its connection and last message."""
    threads = list(threads)
    last_messages = Message.objects.in_bulk([t.last_message_id for t in threads if t.last_message_id])
    rows = []
    for thread in threads:
        others = [p for p in thread.participants.all() if p.pk != user.pk]
        rows.append(ThreadRow(
            thread=thread,
            other=others[0] if others else None,
            connection=thread.thread_connections[0] if thread.thread_connections else None,
            last_message=last_messages.get(thread.last_message_id),
            unread_count=thread.unread_count,
        ))
    return rows


def thread_for_participant(*, pk: int, user) -> DirectMessageThread:
    """A thread `user` takes part in; for anyone else it doesn't exist."""
    if not user.is_authenticated:
        raise NotFound("No such conversation.")
    thread = (DirectMessageThread.objects.filter(pk=pk, participants=user)
              .prefetch_related("participants", _connections_prefetch()).first())
    if thread is None:
        raise NotFound("No such conversation.")
    return thread


def thread_connection(thread: DirectMessageThread, *, fresh: bool = False) -> Connection | None:
    """The connection a thread belongs to (prefetched by the thread selectors unless `fresh`)."""
    connections = getattr(thread, "thread_connections", None)
    if connections is None or fresh:
        return connections_for_display(Connection.objects.filter(dm_thread=thread)).order_by("-id").first()
    return connections[0] if connections else None


def thread_other(thread: DirectMessageThread, user) -> User | None:
    return next((p for p in thread.participants.all() if p.pk != user.pk), None)


def thread_messages(thread: DirectMessageThread, *, before: int | None = None,
                    limit: int = MESSAGES_PER_PAGE) -> tuple[list[Message], bool]:
    """The latest `limit` messages (before message id `before`), oldest first, and whether earlier ones exist."""
    queryset = Message.objects.filter(thread=thread).select_related("sender")
    if before:
        queryset = queryset.filter(id__lt=before)
    newest_first = list(queryset.order_by("-id")[:limit + 1])
    has_earlier = len(newest_first) > limit
    return list(reversed(newest_first[:limit])), has_earlier


def messages_after(thread: DirectMessageThread, *, after: int) -> list[Message]:
    """Messages posted after message id `after` (the live updates of an open thread)."""
    return list(Message.objects.filter(thread=thread, id__gt=after).select_related("sender")
                .order_by("id")[:UPDATES_LIMIT])


def message_created_at(thread: DirectMessageThread, message_id: int) -> datetime | None:
    return Message.objects.filter(thread=thread, pk=message_id).values_list("created_at", flat=True).first()


def thread_messages_for_api(thread: DirectMessageThread) -> QuerySet[Message]:
    return Message.objects.filter(thread=thread).select_related("sender").order_by("id")


def last_message_id(thread: DirectMessageThread) -> int:
    return Message.objects.filter(thread=thread).order_by("-id").values_list("id", flat=True).first() or 0


# --- Connections ----------------------------------------------------------------------------------


def active_direct_connection(a, b) -> Connection | None:
    """An open direct conversation between two members, whoever started it."""
    return (Connection.objects.filter(ACTIVE_CONNECTION, connection_type=ConnectionType.DIRECT)
            .filter(Q(initiator=a, responder=b) | Q(initiator=b, responder=a)).order_by("-id").first())


def active_connection_about(*, initiator, offer=None, ask=None) -> Connection | None:
    """The member's open connection about this offer or ask, if they already have one."""
    return Connection.objects.filter(ACTIVE_CONNECTION, initiator=initiator, offer=offer, ask=ask).first()


def connection_tab_counts(user) -> dict[str, int]:
    """How many of the member's connections fall under each tab (one query)."""
    aggregates = {slug: Count("id", filter=Q(status__in=statuses) if statuses else None)
                  for slug, _, statuses in CONNECTION_TABS}
    return Connection.objects.filter(Q(initiator=user) | Q(responder=user)).aggregate(**aggregates)


def connections_for_tab(user, tab: str) -> QuerySet[Connection]:
    statuses = dict((slug, s) for slug, _, s in CONNECTION_TABS).get(tab, ())
    return connections_of(user, status=list(statuses) or None).annotate(
        unread_count=_unread_in_thread(user, "dm_thread"))


# --- Ratings --------------------------------------------------------------------------------------


@dataclass
class RatingRow:
    rater: User
    rating: int
    feedback: str
    context_title: str
    completed_at: datetime | None


@dataclass
class RatingsSummary:
    average: float | None
    count: int
    recent: list[RatingRow]

    @property
    def rounded(self) -> int:
        return round(self.average or 0)


def ratings_received(member, *, limit: int = 3) -> RatingsSummary:
    """What others said about `member` after completed connections: average stars, count, latest few.

    `initiator_rating` is what the initiator said about the responder and vice versa (collective.services).
    """
    queryset = Connection.objects.filter(status=ConnectionStatus.COMPLETED).filter(
        Q(initiator=member, responder_rating__isnull=False) | Q(responder=member, initiator_rating__isnull=False)
    ).annotate(
        rating_about=Case(When(initiator=member, then=F("responder_rating")), default=F("initiator_rating")),
    )
    totals = queryset.aggregate(average=Avg("rating_about"), count=Count("id"))
    recent = []
    if totals["count"]:
        for c in (queryset.select_related("initiator", "responder")
                  .order_by(F("completed_at").desc(nulls_last=True), "-id")[:limit]):
            about_initiator = c.initiator_id == member.pk
            recent.append(RatingRow(
                rater=c.responder if about_initiator else c.initiator,
                rating=c.responder_rating if about_initiator else c.initiator_rating,
                feedback=c.responder_feedback if about_initiator else c.initiator_feedback,
                context_title=c.context_title, completed_at=c.completed_at,
            ))
    average = round(float(totals["average"]), 1) if totals["average"] is not None else None
    return RatingsSummary(average=average, count=totals["count"], recent=recent)


def ratings_for_offer(offer, *, limit: int = 3) -> RatingsSummary:
    """What the people who connected about an offer said about its owner (the initiators' ratings)."""
    queryset = Connection.objects.filter(offer=offer, status=ConnectionStatus.COMPLETED,
                                         initiator_rating__isnull=False)
    totals = queryset.aggregate(average=Avg("initiator_rating"), count=Count("id"))
    recent = []
    if totals["count"]:
        for c in (queryset.select_related("initiator")
                  .order_by(F("completed_at").desc(nulls_last=True), "-id")[:limit]):
            recent.append(RatingRow(rater=c.initiator, rating=c.initiator_rating, feedback=c.initiator_feedback,
                                    context_title=c.context_title, completed_at=c.completed_at))
    average = round(float(totals["average"]), 1) if totals["average"] is not None else None
    return RatingsSummary(average=average, count=totals["count"], recent=recent)
