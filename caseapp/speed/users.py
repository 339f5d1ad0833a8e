"""Django's model backend, with the user lookup behind every request made cheaper.

The lookup is compiled once (caseapp.speed.prepared) and, when the cache is shared by every
worker (Redis), the user is kept there: a signed-in request then reads its session and its
user from Redis and nothing from the database. Saving or deleting a user forgets the cached
copy at once, so deactivating an account or changing a password takes effect on the next
request; a change that bypasses save() (a queryset update()) shows within
CASEAPP_USER_CACHE_SECONDS.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .prepared import Prepared


def _user_query(user_id):
    model = get_user_model()
    return model._default_manager.filter(pk=user_id).values_list(
        *(f.attname for f in model._meta.concrete_fields)
    )


_USER = Prepared(_user_query, ["user_id"])


KEY_PREFIX = "caseapp:user:"


def _key(user_id) -> str:
    return f"{KEY_PREFIX}{user_id}"


def _load(user_id):
    model = get_user_model()
    db = model._default_manager.db
    rows = _USER.rows(db, user_id=user_id)
    if not rows:
        return None
    return model.from_db(db, [f.attname for f in model._meta.concrete_fields], rows[0])


class ModelBackend(DjangoModelBackend):
    """Signs in and checks permissions exactly as Django's ModelBackend does."""

    def get_user(self, user_id):
        user_id = get_user_model()._meta.pk.to_python(user_id)
        seconds = settings.CASEAPP_USER_CACHE_SECONDS
        user = cache.get(_key(user_id)) if seconds else None
        if user is None:
            user = _load(user_id)
            if user is None:
                return None
            if seconds:
                cache.set(_key(user_id), user, seconds)
        return user if self.user_can_authenticate(user) else None


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
@receiver(post_delete, sender=settings.AUTH_USER_MODEL)
def _forget(sender, instance, **kwargs):
    if settings.CASEAPP_USER_CACHE_SECONDS:
        cache.delete(_key(instance.pk))
