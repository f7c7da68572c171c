#!/usr/bin/env python
"""Django's manage.py for developers in a checkout (makemigrations, makemessages): DEBUG=1 unless the
environment says otherwise. A server uses `hyoka manage …`, which reads its environment as it is."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hyoka.settings")
    os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
