"""Speed plumbing: the few places where caseapp does more than Django does by default.

Each piece earns its place on `make bench` (see bench/README.md for the runs); anything whose
gain was within a run's noise has been removed.

- prepared.py: ORM queries compiled once per thread (the attempt with its answers, the
  signed-in user) instead of on every request. MEASURED
- redis_cache.py: Django's Redis cache keeping one redis-py client per connection pool
  instead of building one per call. MEASURED
- sessions.py and users.py: with Redis, cached_db sessions bring their signed-in user along
  in one round trip, and users are kept in the shared cache. MEASURED

PostgreSQL's prepared statements and generic plans are database settings (caseapp/settings.py)
and the garbage collector's freeze is the WSGI entry point's (caseapp/wsgi.py).
"""
