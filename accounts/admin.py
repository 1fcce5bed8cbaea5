"""API tokens in the admin: an administrator creates one (its key is shown once, on the page that
answers the creation, and never stored) and revokes it by deleting it."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from accounts.models import APIToken


@admin.register(APIToken)
class APITokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "expires_at", "last_used_at")
    list_select_related = ("user",)
    search_fields = ("prefix", "user__username", "name")
    readonly_fields = ("prefix", "created_at", "last_used_at")
    actions = ["delete_selected"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("user", "name", "expires_at")
        return ("user", "prefix", "name", "created_at", "expires_at", "last_used_at")

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields + (("user",) if obj else ())

    def save_model(self, request, obj, form, change):
        if not change:
            request.new_token_key = obj.new_key()
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        """The key, once: neither a redirect nor a message, so it is never written to a session or a cookie."""
        context = {
            **self.admin_site.each_context(request),
            "title": _("API token created"),
            "opts": self.opts,
            "token": obj,
            "key": request.new_token_key,
        }
        return TemplateResponse(request, "admin/accounts/apitoken/created.html", context)  # never_cache: no-store
