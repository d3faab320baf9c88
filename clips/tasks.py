from celery import shared_task

from . import rendering


@shared_task(name="clips.render", acks_late=True, ignore_result=True)
def render_clip(clip_id: int) -> None:
    """Render one clip; a clip that is already ready or failed is left alone, so a retry is harmless."""
    rendering.clip_render(clip_id)
