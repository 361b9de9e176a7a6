"""Signing in to the admin: a role is enough, and a refusal says what is missing.

Django's admin lets in staff accounts only, and a person added to Editors or Contributors without
the staff box ticked was refused with "enter the correct username and password for a staff
account", which reads as a wrong password. Being given a role now makes the account staff, and an
account with the right password but no access is told so.
"""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import WorkingLanguage
from .roles import CONTRIBUTORS, EDITORS


def staff_with_a_role(sender, instance, action, reverse, pk_set, **kwargs):
    """m2m_changed on User.groups: whoever is added to a role group becomes staff."""
    if action != "post_add" or not pk_set:
        return
    roles = set(Group.objects.filter(name__in=[EDITORS, CONTRIBUTORS]).values_list("pk", flat=True))
    users = get_user_model()._default_manager
    if reverse:  # group.user_set.add(...): the instance is the group
        if instance.pk in roles:
            users.filter(pk__in=pk_set, is_staff=False).update(is_staff=True)
    elif pk_set & roles and not instance.is_staff:
        instance.is_staff = True
        users.filter(pk=instance.pk).update(is_staff=True)


def remember_language(sender, request, user, **kwargs):
    """user_logged_in: the language someone signs in to the admin in is the one the workflow mails them in."""
    if user.is_staff:
        WorkingLanguage.remember(user, getattr(request, "LANGUAGE_CODE", None))


class SignInForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "no_role": _(
            "This account has no access to the admin yet. Ask an administrator to add it to Editors or Contributors."
        ),
    }

    def confirm_login_allowed(self, user):
        if user.is_active and not user.is_staff:
            raise ValidationError(self.error_messages["no_role"], code="no_role")
        super().confirm_login_allowed(user)
