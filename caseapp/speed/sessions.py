"""Cached database sessions (Django's cached_db) that bring their signed-in user along.

With Redis, a signed-in request used to make two round trips before its view ran: the
session, then the user it names (caseapp.speed.users keeps users in Redis). Here the session's
cache entry has a small companion, the user's id as plain digits, and one Redis script reads
the session, that id and the cached user together. The user is handed to the backend, which
uses it only for that id and only once; Django's checks (the session's auth hash, an active
account) run on it as before, and saving or deleting a user still forgets it at once.
Everything else (logout, key cycling, expiry, the database copy) is Django's.
"""

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import cached_db

from . import users


class SessionStore(cached_db.SessionStore):
    def _pointer(self, session_key: str) -> str:
        return f"{self.cache_key_prefix}{session_key}:user"

    @property
    def _user_pointer(self) -> str:
        return self._pointer(self._get_or_create_session_key())

    def load(self):
        fetch = getattr(self._cache, "get_with_pointed", None)
        if fetch is None or settings.SESSION_CACHE_ALIAS != "default":  # users are in "default"
            return super().load()
        try:
            data, user = fetch(self.cache_key, self._user_pointer, users.KEY_PREFIX)
        except Exception:  # as Django: a cache that fails means reading the database
            data, user = None, None
        if data is None:
            # Not cached: Django's own load reads the database and fills the cache again.
            data = super().load()
            self._point_to_user(data, self.get_expiry_age(expiry=data.get("_session_expiry")))
        users.offer(data.get(SESSION_KEY), user)
        return data

    def save(self, must_create=False):
        super().save(must_create)
        self._point_to_user(self._session, self.get_expiry_age())

    def delete(self, session_key=None):
        super().delete(session_key)
        key = session_key or self.session_key
        if key is not None:
            self._cache.delete(self._pointer(key))

    def _point_to_user(self, data: dict, timeout: int) -> None:
        user_id = data.get(SESSION_KEY)
        if hasattr(self._cache, "set_pointer") and user_id and str(user_id).isdigit():
            self._cache.set_pointer(self._user_pointer, int(user_id), timeout)
