"""Delivery state of a letter's e-mail. Letters sent before it count as handed to the mail
server when they had recipients (their e-mail went out in the request that sent them), and as
failed with the reason when nobody could get them."""

from django.db import migrations, models
from django.db.models import F


def mark_earlier_letters(apps, schema_editor):
    Letter = apps.get_model("awards", "Letter")
    Letter.objects.exclude(recipients="").update(
        delivery_status="sent", delivered_at=F("sent_at"), delivery_attempts=1
    )
    Letter.objects.filter(recipients="").update(
        delivery_status="failed",
        delivery_error="Organisasjonen hadde ingen aktive medlemmer med e-postadresse.",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0008_letter_appeal_deadline_only_for_decisions"),
    ]

    operations = [
        migrations.AddField(
            model_name="letter",
            name="delivered_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="e-post sendt"),
        ),
        migrations.AddField(
            model_name="letter",
            name="delivery_attempts",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="forsøk"),
        ),
        migrations.AddField(
            model_name="letter",
            name="delivery_error",
            field=models.TextField(blank=True, verbose_name="siste feil"),
        ),
        migrations.AddField(
            model_name="letter",
            name="delivery_status",
            field=models.CharField(
                choices=[("queued", "I kø"), ("sent", "Sendt"), ("failed", "Feilet")],
                default="queued",
                max_length=10,
                verbose_name="e-post",
            ),
        ),
        migrations.RunPython(mark_earlier_letters, migrations.RunPython.noop),
    ]
