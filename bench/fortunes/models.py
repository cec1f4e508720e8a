from django.db import models


class Fortune(models.Model):
    message = models.CharField(max_length=2048)

    class Meta:
        app_label = "fortunes"
        db_table = "bench_fortune"

    def __str__(self) -> str:
        return self.message
