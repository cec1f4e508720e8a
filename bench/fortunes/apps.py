from django.apps import AppConfig


class FortunesConfig(AppConfig):
    name = "bench.fortunes"
    label = "fortunes"
