"""Bringing a partner on board and letting one go: the one path that does every step together.

A partner needs four things set at once: a user, the staff flag (to reach the admin), the Partners group
(its view rights) and a partner profile naming their organisation. ``invite_partner`` sets them in one
transaction and e-mails the partner, in their language, a link to choose their password (Django's
password-reset tokens: single use, and void once the password is set). ``deactivate_partner`` signs a
partner out for good without deleting anything: their records, imports and history stay.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.roles import PARTNERS

from .models import PartnerProfile


def password_link(request, user):
    """An absolute, single-use link where ``user`` chooses a password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return request.build_absolute_uri(reverse("password_reset_confirm", args=[uid, token]))


@transaction.atomic
def invite_partner(request, *, username, email, language, institution=None, alliance=None, first_name="", last_name=""):
    """Create the partner's user, profile, group and staff flag, and send the invitation. Returns the profile."""
    user = get_user_model().objects.create_user(
        username, email=email, first_name=first_name, last_name=last_name, is_staff=True
    )  # no password: unusable until the partner chooses one through the link
    user.groups.add(Group.objects.get(name=PARTNERS))
    profile = PartnerProfile.objects.create(user=user, institution=institution, alliance=alliance, language=language)
    transaction.on_commit(lambda: send_invitation(request, profile))
    return profile


def send_invitation(request, profile):
    """The invitation e-mail, in the partner's language."""
    with translation.override(profile.language):
        context = {
            "profile": profile,
            "link": password_link(request, profile.user),
            "admin": request.build_absolute_uri(reverse("admin:index")),
        }
        subject = render_to_string("accounts/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/invitation.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [profile.user.email])


@transaction.atomic
def deactivate_partner(profile):
    """The partner can no longer sign in (nor use API tokens: they belong to an inactive user); nothing is deleted."""
    user = profile.user
    user.is_active = False
    user.save(update_fields=["is_active"])


@transaction.atomic
def reactivate_partner(profile):
    user = profile.user
    user.is_active = True
    user.save(update_fields=["is_active"])
