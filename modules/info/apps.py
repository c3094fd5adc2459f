from django.apps import AppConfig


class InfoConfig(AppConfig):
    name = "modules.info"
    label = "info"
