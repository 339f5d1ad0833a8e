"""Speed plumbing: the few places where caseapp does more than Django does by default.

Each piece stays because it earns its place; what it earns, from `make bench` on
2026-12-04 (its in-process table: Django's test client against PostgreSQL and Redis, one
request at a time; throughput ratios of those short runs moved by more than these gains):

- prepared.py: ORM queries compiled once per thread (the attempt with its answers, the
  signed-in user on a cache miss) instead of built on every request. Building the attempt's
  query costs about 0.5 ms, running the compiled one 0.04 ms: a third of a step page's time
  in process (1.6 ms).
- redis_cache.py: Django's Redis cache keeping one redis-py client per connection pool
  instead of building one per call: a step page's cache time in process 0.31 ms with it,
  0.52 ms without (the session and the user are a cache call each).
- users.py: signed-in users kept in the shared cache, forgotten when saved: one query fewer
  on every signed-in request (the step page, with Django's cached_db sessions, 1.70 ms in
  process with it, 1.82 ms without).

Removed after measuring: a session engine that fetched the session and its user in one
Redis round trip, handing the user to the backend through a ContextVar (0.07 ms a page in
process; the step page's throughput the same with and without it); the one-statement
answer (the README measured it within noise), and step pages rendered once per version
and patched per request (now Django's template fragment cache).

PostgreSQL's prepared statements and generic plans are database settings
(caseapp/settings.py); the garbage collector's freeze belongs to the WSGI entry point
(caseapp/wsgi.py).
"""
