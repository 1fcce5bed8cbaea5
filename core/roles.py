"""Who a user is to the portal, and what each role may do: the one place that answers it.

Four roles: ``anonymous``; ``reader`` (signed in, no staff role); ``partner`` (a user with a partner
profile, which ties them to one organisation); ``curator`` (the Curators group, or a superuser).
A partner profile decides, whatever the groups: a partner in the Curators group is a partner. The
Partners group alone makes no partner: without a profile (onboarding unfinished, or the partner left)
there is no organisation to scope to, so the user is a reader (fail closed).

Which records each role sees is written once, on the querysets (``core.models.PortalQuerySet``:
``public()``, ``visible_to(user)``, ``for_organisation(profile)``); every door asks them.

The groups are created by a migration (``accounts.0001_groups``) and kept in step with this
module by ``sync_role_permissions`` after every migrate, so a model added later
never ends up without its permissions.
"""

from django.conf import settings

from .registry import domain_apps

ANONYMOUS, READER, PARTNER, CURATOR = "anonymous", "reader", "partner", "curator"

CURATORS = "Curators"
PARTNERS = "Partners"

# Outside the domain, curators alone: the import history, and undo (the change right);
# the import presets (saved column mappings), which curators edit in the admin.
CURATOR_PERMISSIONS = {
    "core": (
        "view_importrecord",
        "change_importrecord",
        *(f"{action}_importpreset" for action in ("add", "change", "delete", "view")),
    )
}


def role_grants(app_label, codename):
    """The roles that hold a permission."""
    if app_label in CURATOR_PERMISSIONS:
        return [CURATORS] if codename in CURATOR_PERMISSIONS[app_label] else []
    roles = [CURATORS]
    if codename.startswith("view_"):
        roles.append(PARTNERS)
    return roles


def sync_role_permissions(apps, **kwargs):
    """Create the groups if missing and give each exactly its permissions."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    granted = {CURATORS: [], PARTNERS: []}
    for pk, app_label, codename in Permission.objects.filter(
        content_type__app_label__in=[*domain_apps(), *CURATOR_PERMISSIONS]
    ).values_list("pk", "content_type__app_label", "codename"):
        for role in role_grants(app_label, codename):
            granted[role].append(pk)
    for name, permission_ids in granted.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permission_ids)


def role_of(user):
    """The user's role, worked out once per request and kept on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    role = getattr(user, "_portal_role", None)
    if role is None:
        if user.is_superuser:
            role = CURATOR
        elif partner_profile_of(user, checked=False) is not None:
            role = PARTNER
        elif user.groups.filter(name=CURATORS).exists():
            role = CURATOR
        else:
            role = READER
        user._portal_role = role
    return role


def partner_profile_of(user, checked=True):
    """The partner profile that scopes ``user``, or None (not a partner: anonymous, reader, curator)."""
    if checked and role_of(user) != PARTNER:
        return None
    try:
        return user.partner_profile
    except (AttributeError, user._meta.model.partner_profile.RelatedObjectDoesNotExist):
        return None


def is_curator(user):
    return role_of(user) == CURATOR


def open_to_partners(model):
    """The models partners may write (their organisation's records): ``PARTNER_IMPORT_MODELS``."""
    return model._meta.label_lower in settings.PARTNER_IMPORT_MODELS


def may_import(user, model):
    """Curators (the model's add and change permissions) and partners (the models open to them)."""
    if user is None:
        return True  # the command line
    role = role_of(user)
    if role == PARTNER:
        return open_to_partners(model)
    opts = model._meta
    return role == CURATOR and (
        user.is_superuser
        or (
            user.has_perm(f"{opts.app_label}.add_{opts.model_name}")
            and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        )
    )


def may_export(user, model):
    if user is None:
        return True
    role = role_of(user)
    if role == PARTNER:
        return open_to_partners(model)
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")  # of the records they may see


def may_write(user, model):
    """Create and update through the API: curators, and partners for the models open to them."""
    role = role_of(user)
    return role == CURATOR or (role == PARTNER and may_import(user, model))


def may_review(user):
    """Publish and reject others' records, revert a version, undo an import: curators only."""
    return is_curator(user)
