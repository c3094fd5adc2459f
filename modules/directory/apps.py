from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "modules.directory"
    label = "directory"
