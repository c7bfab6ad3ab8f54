from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_delete, post_migrate, post_save, pre_migrate


class TrialsConfig(AppConfig):
    name = "trials"
    verbose_name = "Trials"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from simple_history.signals import pre_create_historical_record

        from trials import search_index, sessions, wording_index
        from trials.catalogue import facet_keys, search_words, stored_records, versions
        from trials.curation import roles
        from trials.importing.collections import record_related_rows
        from trials.models import SearchSynonym, Trial, forget_search_synonyms

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
        pre_migrate.connect(search_index.detach, sender=self, dispatch_uid="trials_fts_detach")
        post_migrate.connect(search_index.ensure, sender=self, dispatch_uid="trials_fts")
        pre_migrate.connect(wording_index.detach, sender=self, dispatch_uid="trials_words_detach")
        post_migrate.connect(wording_index.ensure, sender=self, dispatch_uid="trials_words")
        for signal in (post_save, post_delete):
            signal.connect(forget_search_synonyms, sender=SearchSynonym, dispatch_uid="synonyms")
            # Cached pages of results were found with the old synonyms.
            signal.connect(versions.bump_generation, sender=SearchSynonym, dispatch_uid="syn_gen")
        post_save.connect(search_words.trial_saved, sender=Trial, dispatch_uid="search_words")
        facet_keys.connect()


class SecureAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin whose default site asks staff for a one-time code (admin_site.py)."""

    default = False  # TrialsConfig stays the default configuration of this module
    default_site = "trials.admin_site.SecureAdminSite"
