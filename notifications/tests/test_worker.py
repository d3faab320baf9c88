"""End to end with a real Celery worker and Redis: a connection request is written, committed, queued on
Redis, picked up by a worker and delivered (in-app entry + email), with no eager shortcut anywhere.

The worker runs in this process (celery.contrib.testing.worker.start_worker) on its own thread and its own
database connection, so it must see committed rows of the test database: that needs PostgreSQL (SQLite's
in-memory test database is private to one connection). CI runs it on PostgreSQL with Redis (see .ci/run).
"""
import os
import threading
import time
import uuid
from contextlib import contextmanager

import celery
import pytest
import redis
from celery import Celery
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connection

from collective.services import connection_create
from config.celery_app import app as project_app
from notifications.choices import Channel, DeliveryStatus
from notifications.models import Delivery, Notification

REDIS_URL = os.environ.get("NOTIFICATIONS_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def _redis_reachable() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def worker_app():
    if connection.vendor != "postgresql":
        pytest.skip("A Celery worker thread can't see SQLite's in-memory test database; this runs on PostgreSQL.")
    if not _redis_reachable():
        if os.environ.get("CI"):
            pytest.fail(f"Redis isn't reachable at {REDIS_URL}; CI must provide it (.ci/run starts it).")
        pytest.skip(f"Redis isn't reachable at {REDIS_URL}.")
    import notifications.tasks  # noqa: F401 — registers the shared tasks on the app below

    app = Celery("allthrive-notifications-e2e", set_as_current=False)
    queue = f"notifications-e2e-{uuid.uuid4().hex[:8]}"  # never picks up leftovers of another run
    app.conf.update(broker_url=REDIS_URL, result_backend=None, task_always_eager=False, task_ignore_result=True,
                    task_default_queue=queue, task_acks_late=True, worker_prefetch_multiplier=1,
                    broker_connection_retry_on_startup=True)
    app.set_current()  # shared tasks (notifications.deliver) now send through this app's broker
    try:
        yield app
    finally:
        project_app.set_current()
        with app.connection_for_write() as conn:
            conn.default_channel.queue_delete(queue)
        app.close()


@contextmanager
def running_worker(app):
    """Run a worker thread; afterwards every thread is back on the project's app. start_worker makes its app
    the process-wide default, and a thread without its own current app (the live server's, in browser tests
    that run later in this process) would otherwise queue tasks on this test's Redis instead of running them."""
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10, loglevel="WARNING"):
            yield
    finally:
        project_app.set_default()
        project_app.set_current()


WORKER_THREADS: set[int] = set()


def _after_task(**kwargs):
    WORKER_THREADS.add(threading.get_ident())
    # The worker thread's connection would otherwise outlive the test and block the flush.
    connection.close()


def test_a_real_worker_delivers_a_notification_end_to_end(worker_app, helper, asker, ask, mailoutbox):
    WORKER_THREADS.clear()
    task_postrun.connect(_after_task, weak=False)
    try:
        with running_worker(worker_app):
            connection_create(initiator=helper, ask=ask, initial_message="I can help, end to end.")
            email = Delivery.objects.get(channel=Channel.EMAIL)
            deadline = time.monotonic() + 30
            while email.status == DeliveryStatus.PENDING and time.monotonic() < deadline:
                time.sleep(0.2)
                email.refresh_from_db()
    finally:
        task_postrun.disconnect(_after_task)

    assert email.status == DeliveryStatus.SENT, email.last_error
    assert WORKER_THREADS and threading.get_ident() not in WORKER_THREADS  # the worker sent it, not this thread
    assert email.attempts == 1 and email.to == "bea@example.com"
    assert [m.subject for m in mailoutbox] == ["@abe offered to help with your ask “Feedback on my landing page”"]
    assert Notification.objects.get(recipient=asker).text == email.subject


def test_a_stopped_worker_leaves_every_thread_on_the_project_app(worker_app):
    with running_worker(worker_app):
        pass
    seen = []
    other = threading.Thread(target=lambda: seen.append(celery.current_app._get_current_object()))
    other.start()
    other.join()
    assert seen == [project_app]
