"""Helpers for admin tests: users in roles, and change-form data as a browser would post it."""

from django.contrib.auth.models import Group

from tests.conftest import SAMPLE_SOURCES
from trials.curation.roles import CURATOR, EDITOR_IN_CHIEF

CHANGELIST = "/admin/trials/trial/"
IMPORT_URL = "/admin/trials/trial/import/"
DOC_001 = SAMPLE_SOURCES / "001_d4c0c229a9acb573.txt"  # NCT04382547, enrollment 32


def reimport(path, import_documents, old: str, new: str) -> None:
    """Import again the file at ``path`` with ``old`` replaced by ``new``."""
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    import_documents(path)


def change_url(trial) -> str:
    return f"/admin/trials/trial/{trial.pk}/change/"


def make_user(django_user_model, username: str, *, role: str | None = None, staff=True):
    user = django_user_model.objects.create_user(username, password="pw", is_staff=staff)
    if role is not None:
        user.groups.add(Group.objects.get(name=role))
    return user


def curator(django_user_model, username="cora"):
    return make_user(django_user_model, username, role=CURATOR)


def editor(django_user_model, username="eddie"):
    return make_user(django_user_model, username, role=EDITOR_IN_CHIEF)


def change_form_data(response) -> dict:
    """Every value of a rendered change form and its inline formsets, unchanged."""
    data: dict = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        if not field.disabled:
            _put(data, name, form.initial.get(name, field.initial))
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management.initial.get(name, 0)
        for inline_form in formset.forms:
            for name, field in inline_form.fields.items():
                if not field.disabled:
                    value = inline_form.initial.get(name, field.initial)
                    _put(data, f"{inline_form.prefix}-{name}", value)
    return data


def _put(data: dict, key: str, value) -> None:
    if value is None:
        return
    if isinstance(value, list | tuple):
        data[key] = [getattr(item, "pk", item) for item in value]
    elif isinstance(value, bool):
        data[key] = str(value)
    else:
        data[key] = getattr(value, "pk", value)


def inline_prefix(response, model_name: str) -> str:
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model._meta.model_name == model_name:
            return inline.formset.prefix
    raise KeyError(model_name)
