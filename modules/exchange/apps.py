from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "modules.exchange"
    label = "exchange"
