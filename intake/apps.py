from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    """The newsroom's intake: imports that run as background jobs on the task queue."""

    name = "intake"
    verbose_name = _("Intake")
