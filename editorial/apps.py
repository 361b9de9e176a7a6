from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Editorial")

    def ready(self):
        from django.contrib import admin
        from django.contrib.auth import get_user_model, user_logged_in
        from django.db.models.signals import m2m_changed

        from . import accounts, cleaning, roles

        # After every migrate (and every test-database flush) the role groups are brought in
        # step with the models that exist then, so a new model is covered without a new migration.
        post_migrate.connect(roles.sync_roles_after_migrate, dispatch_uid="editorial.sync_roles")
        cleaning.connect_signals()
        m2m_changed.connect(
            accounts.staff_with_a_role, sender=get_user_model().groups.through, dispatch_uid="editorial.staff"
        )
        user_logged_in.connect(accounts.remember_language, dispatch_uid="editorial.working_language")
        admin.site.login_form = accounts.SignInForm
