from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "modules.directory"
    label = "directory"

    def ready(self) -> None:
        from portal.moderation.queue import register_provider

        from .moderation_queue import DirectoryQueue

        register_provider(DirectoryQueue())
