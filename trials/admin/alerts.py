"""Alert subscriptions in the admin: every member of staff sees how many addresses follow
each saved search; only those allowed to view the subscriptions themselves (editors-in-chief,
who hold every catalogue permission, and superusers) see the addresses, to deal with abuse
or a person's request. Subscriptions are made only by their owners' confirmation links."""

from django.contrib import admin
from django.template.response import TemplateResponse

from trials.models import AlertSubscription


@admin.register(AlertSubscription)
class AlertSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("email", "description", "confirmed_at", "sent_up_to", "last_mailed_at")
    list_filter = ("confirmed_at",)
    search_fields = ("email", "description")
    readonly_fields = ("email", "query", "description", "confirmed_at", "sent_up_to",
                       "last_mailed_at")  # fmt: skip
    ordering = ("-confirmed_at", "-id")

    @staticmethod
    def may_see_addresses(request) -> bool:
        return request.user.has_perm("trials.view_alertsubscription")

    def has_view_permission(self, request, obj=None):
        if obj is None:  # the list: counts for every member of staff
            return request.user.is_active and request.user.is_staff
        return self.may_see_addresses(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        counts = AlertSubscription.objects.counts_by_query()
        if not self.may_see_addresses(request):
            context = {
                **self.admin_site.each_context(request),
                "title": "Alert subscriptions per search",
                "opts": self.model._meta,
                "counts": counts,
                "total": sum(row["count"] for row in counts),
            }
            return TemplateResponse(request, "admin/trials/alertsubscription/counts.html", context)
        return super().changelist_view(request, {**(extra_context or {}), "counts": counts})
