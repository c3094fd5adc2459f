"""django-tenants' PostgreSQL backend, minus a `SET search_path` the server already has."""
