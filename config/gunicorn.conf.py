"""Gunicorn settings for production (README "Deploy"); every value comes from the environment.

    .venv/bin/gunicorn -c config/gunicorn.conf.py config.wsgi:application

Workers are processes (the app holds no state of its own between requests: sessions and the
catalogue live in the database, shared counts in the cache), so several servers can run side
by side behind one load balancer.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
# A request running longer than this is killed and its worker replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Caps on a request's head (request line, number and size of header fields); bodies are
# capped by the proxy (client_max_body_size) and by the app (REQUEST_MAX_BYTES), unread.
limit_request_line = int(os.environ.get("GUNICORN_LIMIT_REQUEST_LINE", "4094"))
limit_request_fields = int(os.environ.get("GUNICORN_LIMIT_REQUEST_FIELDS", "50"))
limit_request_field_size = int(os.environ.get("GUNICORN_LIMIT_REQUEST_FIELD_SIZE", "8190"))
# Recycling workers now and then bounds any slow growth of their memory.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "0"))
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # "-" logs to standard output
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Behind a reverse proxy on another host, list its address so X-Forwarded-* are trusted.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "regentrials"


def post_worker_init(worker):
    """Before a worker takes requests, read what every facet question shares (the catalogue's
    facet index, trials/catalogue/facet_bitmaps.py), so no visitor waits for it."""
    from trials.catalogue.facet_bitmaps import warm

    warm()
