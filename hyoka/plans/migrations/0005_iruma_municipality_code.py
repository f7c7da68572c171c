"""入間市 was stored under 112097, which is 飯能市's 全国地方公共団体コード; 入間市's is 112259.

The demo data carried the wrong code, so databases loaded from it hold 入間市 as 112097. Left alone, the
next demo load (now with 112259) would make a second 入間市 beside the first, and 飯能市's own import
would find its code taken. Only a row that is both 112097 and named 入間市 moves, and only when
112259 is free.
"""

from django.db import migrations


def move_iruma(apps, schema_editor):
    municipality = apps.get_model("plans", "Municipality")
    if municipality.objects.filter(code="112259").exists():
        return
    municipality.objects.filter(code="112097", name="入間市").update(code="112259")


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_data_load_outlives_plan")]

    operations = [migrations.RunPython(move_iruma, migrations.RunPython.noop)]
