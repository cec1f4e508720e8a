from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0003_applying_online"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="outcome_announced_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Da søkeren fikk vite utfallet, med brevet om vedtaket.",
                null=True,
                verbose_name="utfall kunngjort",
            ),
        ),
        migrations.AddField(
            model_name="historicalapplication",
            name="outcome_announced_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Da søkeren fikk vite utfallet, med brevet om vedtaket.",
                null=True,
                verbose_name="utfall kunngjort",
            ),
        ),
    ]
