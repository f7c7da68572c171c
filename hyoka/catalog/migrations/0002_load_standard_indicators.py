"""The catalogue file as shipped, loaded once; `hyoka catalog load` loads it again after an upgrade."""

from django.db import migrations


def load(apps, schema_editor):
    from hyoka.catalog.load import load_catalogue

    load_catalogue(apps.get_model("catalog", "StandardIndicator"))


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_standard_indicators_and_links")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
