"""Gunicorn for Hyoka: `gunicorn -c deploy/gunicorn.conf.py` (the systemd unit and the Dockerfile use it).

Every value can be changed by the environment, so one file serves a VM behind nginx and a container.
"""

import multiprocessing
import os

wsgi_app = "hyoka.wsgi:application"
bind = os.environ.get("HYOKA_BIND", "127.0.0.1:8000")  # nginx in front; the container binds 0.0.0.0:8000
# Pages are database-bound: two workers per core and a few threads each.
workers = int(os.environ.get("HYOKA_WORKERS", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("HYOKA_THREADS", "4"))
# Reports and imports of large documents take a while; nginx waits as long (proxy_read_timeout).
timeout = int(os.environ.get("HYOKA_TIMEOUT", "120"))
graceful_timeout = 30
# A worker is replaced now and then, so that memory held after a big import is given back.
max_requests = 1000
max_requests_jitter = 100
# Load Django before forking: bad settings (no SECRET_KEY, a misspelt DEBUG) stop the start at once.
preload_app = True
# Both logs to stderr: the journal (systemd) or `docker logs` keep them beside Django's.
accesslog = "-"
errorlog = "-"
# X-Forwarded-For is read by Hyoka itself (HYOKA_TRUSTED_PROXIES); gunicorn trusts the local nginx only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
