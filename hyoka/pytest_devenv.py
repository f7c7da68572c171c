"""A pytest plugin loaded before Django's settings (pyproject: `-p hyoka.pytest_devenv`).

Hyoka's settings refuse to start without a SECRET_KEY unless DEBUG=1; the tests run as a developer's
machine does, DEBUG=1 unless the environment says otherwise (pytest-django still runs each test with
settings.DEBUG False). Tests of the production settings start their own process with their own variables.
"""

import os

os.environ.setdefault("DEBUG", "1")
