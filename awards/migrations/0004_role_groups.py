"""The role groups Adviser, Partner reviewer and Administrator with their permissions."""

from django.db import migrations


def create_role_groups(apps, schema_editor):
    from awards.roles import sync_roles

    sync_roles(apps)


def remove_role_groups(apps, schema_editor):
    from awards.roles import ROLE_PERMISSIONS

    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLE_PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("applications", "0002_historicalapplication_historicalorganisation_and_more"),
        ("calls", "0002_historicalcall_historicalcriterion"),
        ("awards", "0003_assessment"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
