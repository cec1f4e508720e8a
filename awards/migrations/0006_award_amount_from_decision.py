"""The awarded amount is kept only on the decision: Award.amount goes.

Before the column is dropped, every award without a decision gets one with the award's amount
(awards loaded before decisions were kept here, such as the illustrative 2015 awards). Where an
award and its decision disagree, the decision's amount stands: it is the one the decision service
checked against the budget and the call's maximum, and the one the letter states.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def decisions_for_awards_without_one(apps, schema_editor):
    Award = apps.get_model("awards", "Award")
    Decision = apps.get_model("awards", "Decision")
    HistoricalAward = apps.get_model("awards", "HistoricalAward")
    for award in Award.objects.filter(application__decision__isnull=True).iterator():
        first = (
            HistoricalAward.objects.filter(id=award.pk, history_user__isnull=False)
            .order_by("history_date")
            .first()
        )
        Decision.objects.create(
            application_id=award.application_id,
            outcome="award",
            amount=award.amount,
            decided_by_id=first.history_user_id if first else None,
            decided_at=award.decided_at,
            # A published award has been made known; its letter is not sent again.
            letter_sent_at=award.decided_at if award.is_published else None,
        )


def amounts_back_on_awards(apps, schema_editor):
    Award = apps.get_model("awards", "Award")
    for award in Award.objects.select_related("application__decision"):
        award.amount = award.application.decision.amount or 0
        award.save(update_fields=["amount"])


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0005_award_project_period_public_data_version"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="decision",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                help_text="Tomt for vedtak som ble registrert før vedtakene ble ført her.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="vedtatt av",
            ),
        ),
        migrations.AlterField(
            model_name="historicaldecision",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="Tomt for vedtak som ble registrert før vedtakene ble ført her.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="vedtatt av",
            ),
        ),
        migrations.AlterField(
            model_name="award",
            name="amount",
            field=models.BigIntegerField(default=0, verbose_name="tildelt beløp (kr)"),
        ),
        migrations.RunPython(decisions_for_awards_without_one, amounts_back_on_awards),
        migrations.RemoveConstraint(model_name="award", name="award_amount_not_negative"),
        migrations.RemoveField(model_name="award", name="amount"),
        migrations.RemoveField(model_name="historicalaward", name="amount"),
    ]
