"""The curation roles: Django groups with exactly the permissions each role needs.

- curator: view, add and change trials and their related rows (deleting a wrong row inside a
  trial included), add conditions, organisations and vocabulary terms from the trial page,
  resolve review flags, publish/unpublish/withdraw, import documents from the admin, read the
  history. No deleting trials, no user or group management.
- editor-in-chief: everything a curator can, plus deleting trials (and anything else in the
  catalogue) and managing users and groups.

Created or brought up to date by ``manage.py setup_roles`` and after every ``migrate``.
Running either again resets the groups' permissions to these lists; members are kept.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

CURATOR = "curator"
EDITOR_IN_CHIEF = "editor-in-chief"

# Rows that belong to one trial and are edited inline on its page.
TRIAL_ROWS = ("registryid", "trialcondition", "trialphase", "trialcountry", "intervention",
              "arm", "criterion", "outcome", "location", "contact")  # fmt: skip
# Shared lists a curator may add to (autocomplete "+"), not change or delete.
SHARED_LISTS = ("condition", "organisation", "producttype", "celltype", "sourcetissue", "route")

CURATOR_PERMISSIONS: tuple[str, ...] = (
    "trials.view_trial",
    "trials.add_trial",
    "trials.change_trial",
    "trials.publish_trial",
    "trials.view_historicaltrial",
    "trials.view_sourcedocument",
    "trials.view_reviewflag",
    "trials.change_reviewflag",
    *(f"trials.{action}_{model}" for model in TRIAL_ROWS for action in ("view", "add", "change",
                                                                        "delete")),
    *(f"trials.{action}_{model}" for model in SHARED_LISTS for action in ("view", "add")),
    # The search thesaurus is curators' to extend.
    *(f"trials.{action}_searchsynonym" for action in ("view", "add", "change", "delete")),
)  # fmt: skip

USER_MANAGEMENT: tuple[str, ...] = tuple(
    f"auth.{action}_{model}"
    for model in ("user", "group")
    for action in ("view", "add", "change", "delete")
)


def _permissions(names) -> list[Permission]:
    query = Q()
    for name in names:
        app_label, codename = name.split(".")
        query |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(query))


def role_permissions() -> dict[str, list[Permission]]:
    every_trials_permission = Permission.objects.filter(content_type__app_label="trials")
    return {
        CURATOR: _permissions(CURATOR_PERMISSIONS),
        EDITOR_IN_CHIEF: [*every_trials_permission, *_permissions(USER_MANAGEMENT)],
    }


def setup_roles() -> dict[str, tuple[bool, int]]:
    """Create or update the groups; returns {group: (created, number of permissions)}."""
    report = {}
    for name, permissions in role_permissions().items():
        group, created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
        report[name] = (created, len(permissions))
    return report


def after_migrate(sender, **kwargs) -> None:
    """post_migrate receiver: keep the roles in step with the permissions that exist."""
    setup_roles()
