"""The categories every town starts with (its administrators can rename, add and retire them).

Town content, so in German: the portal's towns are German municipalities."""

from django.db import migrations

DEFAULT_CATEGORIES = [
    ("haus-handwerk", "Haus und Handwerk"),
    ("garten", "Garten und Außenanlagen"),
    ("reinigung", "Reinigung"),
    ("fahrrad-mobilitaet", "Fahrrad, Auto und Fahrdienste"),
    ("haare-kosmetik", "Haare und Kosmetik"),
    ("gesundheit-pflege", "Gesundheit und Pflege"),
    ("computer-telefon", "Computer und Telefon"),
    ("essen-trinken", "Essen und Trinken"),
    ("sonstiges", "Sonstige Dienste"),
]


def create(apps, schema_editor):
    Category = apps.get_model("shop", "Category")
    for position, (slug, name) in enumerate(DEFAULT_CATEGORIES):
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_offers_orders")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
