"""Partners in the admin: invite one in a single step, see each partner's work, deactivate one. API tokens:
an administrator creates one (its key is shown once, on the page that answers the creation, and never stored)
and revokes it by deleting it."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Subquery
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.choices import PublicationStatusChoices
from core.models import ImportRecord
from core.roles import may_review

from .models import APIToken, PartnerProfile
from .onboarding import deactivate_partner, invite_partner, reactivate_partner
from .pending import PendingChangeAdmin  # noqa: F401 - registered with the admin where it is defined
from .review import partner_models


class InvitePartnerForm(forms.ModelForm):
    """Everything a new partner needs, in one form: the user and the organisation they speak for."""

    username = forms.CharField(label=_("user name"), max_length=150)
    email = forms.EmailField(label=_("e-mail address"), help_text=_("The invitation is sent here."))
    first_name = forms.CharField(label=_("first name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("last name"), max_length=150, required=False)

    class Meta:
        model = PartnerProfile
        fields = ["institution", "alliance", "language"]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("A user with this name already exists."))
        return username

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("institution")) == bool(cleaned.get("alliance")):
            raise forms.ValidationError(_("A partner speaks for one organisation: an institution or an alliance."))
        return cleaned


@admin.action(description=_("Deactivate the selected partners (they can no longer sign in; nothing is deleted)"))
def deactivate(modeladmin, request, queryset):
    for profile in queryset.select_related("user"):
        deactivate_partner(profile)
    count = queryset.count()
    modeladmin.message_user(request, ngettext("%d partner deactivated.", "%d partners deactivated.", count) % count)


@admin.action(description=_("Reactivate the selected partners"))
def reactivate(modeladmin, request, queryset):
    for profile in queryset.select_related("user"):
        reactivate_partner(profile)
    count = queryset.count()
    modeladmin.message_user(request, ngettext("%d partner reactivated.", "%d partners reactivated.", count) % count)


@admin.register(PartnerProfile)
class PartnerProfileAdmin(admin.ModelAdmin):
    """The Partners page: each partner, their organisation, last sign-in, records, drafts and imports."""

    list_display = ["user", "organisation", "email", "language", "active", "last_login", "records", "drafts", "imports"]
    list_filter = ["user__is_active", "language"]
    list_select_related = ["user", "institution", "alliance"]
    search_fields = [
        "user__username",
        "user__email",
        "institution__name_en",
        "institution__name_zh",
        "alliance__name_en",
    ]
    autocomplete_fields = ["institution", "alliance"]
    actions = [deactivate, reactivate]
    list_per_page = 25

    def has_module_permission(self, request):
        return may_review(request.user)

    def has_view_permission(self, request, obj=None):
        return may_review(request.user)

    def has_add_permission(self, request):
        return may_review(request.user)

    def has_change_permission(self, request, obj=None):
        return may_review(request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: the partner's history stays

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = InvitePartnerForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["username", "email", "first_name", "last_name", "language", "institution", "alliance"]
        return ["user", "institution", "alliance", "language"]

    def get_readonly_fields(self, request, obj=None):
        return ["user"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        data = form.cleaned_data
        profile = invite_partner(
            request,
            **{name: data[name] for name in ("username", "email", "first_name", "last_name", "language")},
            institution=data["institution"],
            alliance=data["alliance"],
        )
        obj.pk, obj.user = profile.pk, profile.user
        messages.info(
            request, _("An invitation to choose a password was sent to %(email)s.") % {"email": data["email"]}
        )

    def get_queryset(self, request):
        imports = ImportRecord.objects.filter(user=OuterRef("user")).values("user").annotate(n=Count("pk")).values("n")
        return super().get_queryset(request).annotate(import_count=Subquery(imports))

    @admin.display(description=_("organisation"))
    def organisation(self, profile):
        return profile.organisation

    @admin.display(description=_("e-mail address"), ordering="user__email")
    def email(self, profile):
        return profile.user.email

    @admin.display(description=_("active"), boolean=True, ordering="user__is_active")
    def active(self, profile):
        return profile.user.is_active

    @admin.display(description=_("last sign-in"), ordering="user__last_login")
    def last_login(self, profile):
        return profile.user.last_login

    @admin.display(description=_("records"))
    def records(self, profile):
        return sum(model.objects.for_organisation(profile).count() for model in partner_models())

    @admin.display(description=_("drafts"))
    def drafts(self, profile):
        unpublished = {"publication_status": PublicationStatusChoices.PUBLISHED}
        return sum(model.objects.for_organisation(profile).exclude(**unpublished).count() for model in partner_models())

    @admin.display(description=_("imports"))
    def imports(self, profile):
        return profile.import_count or 0


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
