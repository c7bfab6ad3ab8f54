from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_delete, post_migrate


class TrialsConfig(AppConfig):
    name = "trials"
    verbose_name = "Trials"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from simple_history.signals import pre_create_historical_record

        from trials import sessions
        from trials.catalogue import facet_keys, stored_records, versions
        from trials.curation import roles
        from trials.importing.collections import record_related_rows
        from trials.models import Trial

        pre_create_historical_record.connect(
            record_related_rows, sender=Trial.history.model, dispatch_uid="trial_related_rows"
        )
        post_migrate.connect(roles.after_migrate, sender=self, dispatch_uid="trials_roles")
        user_logged_in.connect(sessions.record_login_time, dispatch_uid="trials_login_time")
        post_migrate.connect(facet_keys.fill_missing, sender=self, dispatch_uid="trials_facet_keys")
        post_migrate.connect(stored_records.fill, sender=self, dispatch_uid="trials_records")
        post_delete.connect(
            versions.bump_generation, sender=Trial, dispatch_uid="trials_generation"
        )
        facet_keys.connect()


class SecureAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin whose default site asks staff for a one-time code (admin_site.py)."""

    default = False  # TrialsConfig stays the default configuration of this module
    default_site = "trials.admin_site.SecureAdminSite"
