from django.apps import AppConfig


class MailLogConfig(AppConfig):
    name = "portal.mail_log"
    label = "mail_log"
    verbose_name = "Sent e-mail"
