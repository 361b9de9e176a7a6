from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def after_migrate(sender, using="default", verbosity=1, stdout=None, **kwargs):
    """Put back any full-text structure a table rebuild dropped, and build an empty index once.

    A site that had content before the search app arrived gets its index on its next `migrate`;
    after that, signals keep it current (search/signals.py).
    """
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    from . import schema
    from .indexing import rebuild
    from .models import SearchEntry

    connection = connections[using]
    if SearchEntry._meta.db_table not in connection.introspection.table_names():
        return
    schema.ensure(connection)
    if SearchEntry.objects.using(using).exists():
        return
    from .documents import SOURCES

    if not any(source.model.objects.using(using).exists() for source in SOURCES.values()):
        return
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return  # a partial migrate: the models may not match their tables yet
    counts = rebuild()
    if stdout is not None and verbosity >= 1:
        stdout.write(f"  Built the search index: {sum(counts.values())} entries.\n")


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")
    editorial_content = "derived"  # built from the other apps' entries; nobody writes it by hand

    def ready(self):
        from news import filters

        from . import signals  # noqa: F401  (connects the receivers that keep the index current)
        from .selectors import article_ids_matching

        filters.word_index = article_ids_matching  # the news list's words, found through the index

        post_migrate.connect(after_migrate, sender=self, dispatch_uid="search.after_migrate")
