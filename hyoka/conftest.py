import pytest

from hyoka.interchange import parse_document
from hyoka.plans.demo import demo_files
from hyoka.plans.loader import load_document


@pytest.fixture
def demo_plans(db):
    """The five demo plans, loaded; a dict from file stem to Plan."""
    return {path.stem: load_document(parse_document(path.read_bytes(), source=path.name)).plan for path in demo_files()}


@pytest.fixture
def settings_fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings
