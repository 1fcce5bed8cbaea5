from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectKindChoices(models.TextChoices):
    PROJECT = "project", _("Project")
    PROGRAMME = "programme", _("Programme")
    EVENT = "event", _("Event")
    PLATFORM = "platform", _("Platform")
    JOINT_INSTITUTION = "joint-institution", _("Joint institution or campus")
    NETWORK = "network", _("Network")


class ProjectSectorChoices(models.TextChoices):
    HIGHER_EDUCATION = "higher-education", _("Higher education")
    SCIENCE_TECHNOLOGY = "science-technology", _("Science and technology")
    PEOPLE_TO_PEOPLE = "people-to-people", _("People-to-people exchange")
    ENERGY = "energy", _("Energy")
    LOGISTICS = "logistics", _("Logistics and transport")
    TRADE = "trade", _("Trade and investment")


class ProjectStatusChoices(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown")
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")


class ParticipantRoleChoices(models.TextChoices):
    LEAD = "lead", _("Lead")
    PARTNER = "partner", _("Partner")
    ORGANISER = "organiser", _("Organiser")
    HOST = "host", _("Host")
    FUNDER = "funder", _("Funder")


class ProblemCategoryChoices(models.TextChoices):
    MECHANISM = "mechanism", _("Cooperation mechanism")
    INTERACTION = "interaction", _("Two-way interaction")
    LANGUAGE = "language", _("Language")
    STANDARDS = "standards", _("Standards and recognition")
    MOBILITY = "mobility", _("Mobility and visas")
    FUNDING = "funding", _("Funding")
    GEOPOLITICS = "geopolitics", _("Geopolitics and competition")
    INNOVATION = "innovation", _("Innovation inputs")
    TALENT = "talent", _("Talent supply")
    SECURITY = "security", _("Security and risk")
    PUBLIC_HEALTH = "public-health", _("Public health")


class ProblemScopeChoices(models.TextChoices):
    HIGHER_EDUCATION = "higher-education", _("Higher education")
    SCIENCE_TECHNOLOGY = "science-technology", _("Science and technology")
    TRADE = "trade", _("Trade")
    GENERAL = "general", _("General")


class MilestoneKindChoices(models.TextChoices):
    MOU = "mou", _("Memorandum of understanding")
    JOINT_STATEMENT = "joint-statement", _("Joint statement")
    PARTNERSHIP_UPGRADE = "partnership-upgrade", _("Partnership upgrade")
    QUALIFICATION_RECOGNITION = "qualification-recognition", _("Qualification recognition")
    AGREEMENT = "agreement", _("Agreement or contract")
    DECLARATION = "declaration", _("Declaration or initiative")
    VISIT = "visit", _("State visit")
    MEETING = "meeting", _("Summit or meeting")
    SPEECH = "speech", _("Speech")
