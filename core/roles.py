"""The staff roles and what each may do.

The groups are created by a migration (``0001_groups``) and kept in step with this
module by ``sync_role_permissions`` after every migrate, so a model added later
never ends up without its permissions.

Partners only view for now: they get add and change rights together with the
scoping that limits those rights to their own organisation's records.
"""

DOMAIN_APPS = ["reference", "alliances", "cooperation", "trade"]

CURATORS = "Curators"
PARTNERS = "Partners"

# Outside the domain, curators alone: the import history, and undo (the change right).
CURATOR_PERMISSIONS = {"core": ("view_importrecord", "change_importrecord")}


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
        content_type__app_label__in=[*DOMAIN_APPS, *CURATOR_PERMISSIONS]
    ).values_list("pk", "content_type__app_label", "codename"):
        for role in role_grants(app_label, codename):
            granted[role].append(pk)
    for name, permission_ids in granted.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permission_ids)
