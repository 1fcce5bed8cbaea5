"""Releases in the admin: publishing is adding one (the form's save publishes), and a list action that
publishes the next release in one click; a release is read-only once published."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.roles import CURATOR, role_of

from .models import Release
from .publish import publish_release


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = ["version", "title", "published_at", "published_by"]
    fields = ["version", "title", "summary"]
    readonly_fields = []
    actions = ["publish_next"]

    def has_change_permission(self, request, obj=None):
        return obj is None and self.has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return role_of(request.user) == CURATOR

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff

    def get_readonly_fields(self, request, obj=None):
        return ["version", "title", "summary", "published_at", "published_by", "notes", "counts"] if obj else []

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj) if obj else self.fields

    def save_model(self, request, obj, form, change):
        release = publish_release(obj.version or None, obj.title, obj.summary, request.user)
        obj.pk = release.pk

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None and "version" in form.base_fields:
            form.base_fields["version"].required = False
        return form

    @admin.action(description=_("Publish a new release of every public record now"))
    def publish_next(self, request, queryset):
        try:
            release = publish_release(user=request.user)
        except ValidationError as error:
            self.message_user(request, "; ".join(error.messages), messages.ERROR)
            return
        count = release.record_count
        self.message_user(
            request,
            ngettext(
                "Published release %(version)s: %(count)s record.",
                "Published release %(version)s: %(count)s records.",
                count,
            )
            % {"version": release.version, "count": count},
        )

    def changelist_view(self, request, extra_context=None):
        # The action publishes a new release whatever is ticked: let it run without a selection.
        if request.POST.get("action") == "publish_next" and not request.POST.getlist(
            admin.helpers.ACTION_CHECKBOX_NAME
        ):
            post = request.POST.copy()
            post.setlist(
                admin.helpers.ACTION_CHECKBOX_NAME, list(Release.objects.values_list("pk", flat=True)[:1]) or ["0"]
            )
            request._set_post(post)
        return super().changelist_view(request, extra_context)

    def has_module_permission(self, request):
        return request.user.is_staff
