"""Django's model backend, with the user lookup behind every request compiled once."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from .prepared import Prepared


def _user_query(user_id):
    model = get_user_model()
    return model._default_manager.filter(pk=user_id).values_list(
        *(f.attname for f in model._meta.concrete_fields)
    )


_USER = Prepared(_user_query, ["user_id"])


class ModelBackend(DjangoModelBackend):
    """Signs in and checks permissions exactly as Django's ModelBackend does."""

    def get_user(self, user_id):
        model = get_user_model()
        db = model._default_manager.db
        rows = _USER.rows(db, user_id=model._meta.pk.to_python(user_id))
        if not rows:
            return None
        user = model.from_db(db, [f.attname for f in model._meta.concrete_fields], rows[0])
        return user if self.user_can_authenticate(user) else None
