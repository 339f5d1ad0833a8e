"""Django's Redis cache, keeping its redis-py client instead of building one per call.

Django builds a new `redis.Redis` object (about 170 small dictionary writes) for every cache
call, and a cached_db session costs a cache call on every request. A client object holds no
connection of its own (its pool does), so one per pool serves every call.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
        self._scripts = {}

    def get_with_pointed(self, key: str, pointer: str, prefix: str):
        """The value at `key` and, in the same round trip, the value at `prefix` + the value
        at `pointer` (stored with set_pointer). Either is None when missing; the second is
        not read when the first is missing."""
        client = self._cache.get_client(key)
        script = self._scripts.get(id(client))
        if script is None:
            script = self._scripts[id(client)] = client.register_script(_GET_WITH_POINTED)
        first = self.make_and_validate_key(key)
        pointer = self.make_and_validate_key(pointer)
        head, _mark, tail = self.make_and_validate_key(prefix + _MARK).partition(_MARK)
        value, pointed = script(keys=[first, pointer], args=[head, tail])
        loads = self._cache._serializer.loads
        return (
            None if value is None else loads(value),
            None if pointed is None else loads(pointed),
        )

    def set_pointer(self, pointer: str, target: int, timeout: int) -> None:
        """Store an integer that get_with_pointed appends to its prefix (stored as digits)."""
        self.set(pointer, int(target), timeout)


_MARK = "@pointed@"
# Keys: the value's, the pointer's. Arguments: the pointed key around the pointer's value
# (a key not named up front, which a standalone Redis allows and a cluster would not).
_GET_WITH_POINTED = """
local value = redis.call('GET', KEYS[1])
if not value then return {false, false} end
local target = redis.call('GET', KEYS[2])
if not target then return {value, false} end
return {value, redis.call('GET', ARGV[1] .. target .. ARGV[2])}
"""
