"""The editorial roles, defined here once and written to two auth groups.

Editors run the site's content: they add, change, delete, publish and unpublish everything in
the catalog and the news, import articles, make and revoke shareable preview links, and read
(never rewrite) the history. Contributors write: they add drafts and change their own while they are
drafts, upload pictures and manage the credits, links and mentions of their drafts; they read
everything else. Neither role has any permission on users, groups or permissions.

`sync_roles` grants exactly what the rules below say for the models that exist when it runs. It
runs in a data migration and again after every `migrate`, so a model added later (a search index,
a new kind of catalog entry) is covered as soon as its migration is applied.

The content apps say what they hold on their AppConfig (this layer names none of them):
`editorial_content` is "written" for apps whose entries people write, "derived" for apps built from
those (the search index); `contributor_inlines` and `contributor_uploads` name the models a
contributor edits through one of their drafts, and the pictures they may upload.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

from .publishing import is_history_model

EDITORS = "Editors"
CONTRIBUTORS = "Contributors"


def _configs():
    return [config for config in global_apps.get_app_configs() if getattr(config, "editorial_content", None)]


def content_apps() -> list[str]:
    return ["editorial", *(config.label for config in _configs())]


def written_apps() -> set[str]:
    return {config.label for config in _configs() if config.editorial_content == "written"}


def _declared(attribute: str) -> set[tuple[str, str]]:
    return {(config.label, name) for config in _configs() for name in getattr(config, attribute, ())}


def is_publishable(model) -> bool:
    """Publishable models carry a status and a publish time (true of historical migration models too)."""
    names = {field.name for field in model._meta.get_fields()}
    return {"status", "publish_at"} <= names


def action_of(codename: str) -> str:
    """“add”, “change”, “delete”, “view”, or a custom one such as “publish” or “import”."""
    return codename.split("_", 1)[0]


def editor_may(model, action: str) -> bool:
    if is_history_model(model):
        return action == "view"  # history is restored through the admin, never edited row by row
    return True


def contributor_may(model, action: str) -> bool:
    key = (model._meta.app_label, model._meta.model_name)
    if is_history_model(model) or key[0] == "editorial":
        return False
    if action == "view":
        return True
    if is_publishable(model) and key[0] in written_apps():
        return action in {"add", "change"}  # the admin limits “change” to their own drafts
    if key in _declared("contributor_uploads"):  # pictures for a draft, not changing those in use
        return action == "add"
    if key in _declared("contributor_inlines"):  # rows edited through one of their drafts
        return action in {"add", "change", "delete"}
    return False


RULES = {EDITORS: editor_may, CONTRIBUTORS: contributor_may}


def content_models(apps) -> dict[tuple[str, str], type]:
    models = {}
    for label in content_apps():
        try:
            app_config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in app_config.get_models():
            models[(model._meta.app_label, model._meta.model_name)] = model
    return models


def sync_roles(*, apps=global_apps, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Create the groups if missing and set their permissions; returns the count per group."""
    from django.contrib.auth.management import create_permissions

    for label in content_apps():
        if global_apps.is_installed(label):
            # The real app config answers “has models?”; `apps` supplies the models themselves.
            create_permissions(global_apps.get_app_config(label), verbosity=0, using=using, apps=apps)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    models = content_models(apps)
    granted = {name: [] for name in RULES}
    permissions = Permission.objects.using(using).filter(content_type__app_label__in=content_apps())
    for permission in permissions.select_related("content_type"):
        model = models.get((permission.content_type.app_label, permission.content_type.model))
        if model is None:
            continue  # a permission left behind by a deleted model
        action = action_of(permission.codename)
        for name, may in RULES.items():
            if may(model, action):
                granted[name].append(permission)
    for name, permissions in granted.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(permissions)
    return {name: len(permissions) for name, permissions in granted.items()}


def sync_roles_after_migrate(sender, app_config=None, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    if app_config is None or app_config.label != "editorial":
        return  # post_migrate is sent once per app; once is enough
    sync_roles(apps=apps, using=using)
