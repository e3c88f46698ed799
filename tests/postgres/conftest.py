"""The PostgreSQL fixtures (``pg_server``, ``pg_url``) live in tests/conftest.py, shared with the province and
interchange tests so that one session starts one throw-away cluster (tests/pg_cluster.py)."""
