"""Who may manage whom: the admins of users, groups and OTP devices.

Django's stock user admin shows "Superuser status", every group and every permission to anyone
who may change users, and lets them set anyone's password; an editor-in-chief (who may change
users, curation/roles.py) could so make itself superuser. Here only superusers grant
privileges, set other people's passwords, edit groups' permissions or see OTP devices (their
secrets log anyone in); an editor-in-chief manages curators: adds them, gives or takes the
curator role, staff status and activity, and cannot touch superusers or other editors-in-chief.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from trials.curation.roles import CURATOR, EDITOR_IN_CHIEF

User = get_user_model()

# The groups someone who is not a superuser may give or take away.
DELEGABLE_ROLES = (CURATOR,)


class AccountAdmin(UserAdmin):
    delegated_fieldsets = (
        (None, {"fields": ("username",)}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        ("Role", {"fields": ("is_active", "is_staff", "groups")}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )

    def get_fieldsets(self, request, obj=None):
        if obj is None or request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.delegated_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ("last_login", "date_joined")

    def get_list_filter(self, request):
        if request.user.is_superuser:
            return super().get_list_filter(request)
        return ("is_staff", "is_active")

    def get_queryset(self, request):
        users = super().get_queryset(request)
        if request.user.is_superuser:
            return users
        return users.exclude(pk__in=unmanageable_users(request.user))

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=DELEGABLE_ROLES)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and manages(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and manages(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and manages(request.user, obj)

    def save_related(self, request, form, formsets, change):
        # The form offers only the delegable roles; keep the groups it did not show.
        kept = []
        if change and not request.user.is_superuser:
            kept = list(form.instance.groups.exclude(name__in=DELEGABLE_ROLES))
        super().save_related(request, form, formsets, change)
        form.instance.groups.add(*kept)

    def user_change_password(self, request, id, form_url=""):
        # Setting a password without the old one: superusers only (others change their own
        # at the admin's "Change password", which asks for the old one).
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


def unmanageable_users(user):
    """Users only a superuser may see or change: superusers and the other editors-in-chief."""
    editors = User.objects.filter(groups__name=EDITOR_IN_CHIEF).exclude(pk=user.pk)
    return User.objects.filter(Q(is_superuser=True) | Q(pk__in=editors.values("pk"))).values("pk")


def manages(user, account) -> bool:
    if user.is_superuser or account is None:
        return True
    if account.is_superuser:
        return False
    return account.pk == user.pk or not account.groups.filter(name=EDITOR_IN_CHIEF).exists()


class RoleGroupAdmin(GroupAdmin):
    """A group's permissions are the role's (``setup_roles``): only superusers change them."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class SuperusersOnly:
    """An OTP device holds the secret of a second factor: only superusers see one."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request, *args):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class SuperusersTOTPDeviceAdmin(SuperusersOnly, TOTPDeviceAdmin):
    pass


class SuperusersStaticDeviceAdmin(SuperusersOnly, StaticDeviceAdmin):
    pass


for model, model_admin in (
    (User, AccountAdmin),
    (Group, RoleGroupAdmin),
    (TOTPDevice, SuperusersTOTPDeviceAdmin),
    (StaticDevice, SuperusersStaticDeviceAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
