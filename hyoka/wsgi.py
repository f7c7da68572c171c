"""The WSGI application gunicorn serves (deploy/gunicorn.conf.py: ``hyoka.wsgi:application``)."""

import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hyoka.settings")
application = get_wsgi_application()
import_module(settings.ROOT_URLCONF)  # every view and form module imported now, not by the first request

# What is loaded now (about 110,000 objects: Django, Hyoka's modules, the URLs) lives as long as the process.
# Frozen, the garbage collector stops walking it at every full collection: 40 uncached national plan pages set
# off two, which cost 4.1 ms a page on average (docs/scale.md). With gunicorn's preload_app the workers forked
# from this process also keep these memory pages shared instead of copying them as the collector touches them.
gc.freeze()
