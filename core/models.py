"""Model helpers shared by several apps."""


class ProtectedCountersMixin:
    """Keep a full `save()` of a stale instance from overwriting counters maintained with F() updates.

    On updates without explicit `update_fields`, every concrete field except `protected_counter_fields`
    is written, so `offer.title = "…"; offer.save()` can't put back an old `connection_count`.
    """

    protected_counter_fields: tuple[str, ...] = ()

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None and self.protected_counter_fields:
            kwargs["update_fields"] = [
                field.name for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.protected_counter_fields
            ]
        super().save(*args, **kwargs)
