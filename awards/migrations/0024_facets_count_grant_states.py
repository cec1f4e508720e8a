"""The facets row also counts the grants of published awards by state (the statistics read
them there): written once here for the awards published before."""

from django.db import migrations


def rewrite_facets(apps, schema_editor):
    # The SQL that writes the facets lives with the tables; it reads only tables that exist here.
    from awards.public.listing import award_facets_refresh

    award_facets_refresh()


class Migration(migrations.Migration):
    dependencies = [("awards", "0023_award_list_rows_and_facets")]

    operations = [migrations.RunPython(rewrite_facets, migrations.RunPython.noop)]
