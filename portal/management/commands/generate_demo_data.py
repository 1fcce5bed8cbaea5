"""Fill the database with generated records, to see and measure the portal at scale.

Every generated record cites the source ``demo-data`` ("Demo data — generated, not real"),
has a slug starting with ``demo-`` and never changes a seed record; ``--delete`` removes
exactly them. The same options always give the same records.

    python manage.py generate_demo_data                   # 100,000 trade records, 10,000 institutions, 2,000 projects
    python manage.py generate_demo_data --each 1000       # 1,000 records of every kind (the query-count tests)
    python manage.py generate_demo_data --delete
"""

import itertools
import random
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from alliances.models import Alliance, AllianceFigure, Institution, Membership
from cooperation.models import (
    CooperationForm,
    CooperationMode,
    CooperationProject,
    PartnershipMilestone,
    PolicyProblem,
    ProjectParticipant,
    Recommendation,
)
from core.cache import bulk_changes
from portal.search.index import paused as paused_search_index
from reference.models import Country, Source
from trade.models import REPORTER_DEFAULT_ISO3, Indicator, Observation, TradeRecord

DEMO_SOURCE = "demo-data"
BATCH = 5000
YEARS = range(1990, 2025)
PUBLISHED = "published"
NOTE_EN = "Generated for performance testing; not a real record."
NOTE_ZH = "为性能测试生成的记录，并非真实数据。"

# Deleted in this order (children first); every model cites the demo source.
DEMO_MODELS = (
    ProjectParticipant,
    Membership,
    AllianceFigure,
    Observation,
    TradeRecord,
    CooperationProject,
    Recommendation,
    PolicyProblem,
    PartnershipMilestone,
    Alliance,
    Institution,
    CooperationForm,
    CooperationMode,
    Indicator,
)


def choices_of(model, field):
    return [value for value, _label in model._meta.get_field(field).choices]


class Command(BaseCommand):
    help = "Generate deterministic demo records (citing the source demo-data) for benchmarks; --delete removes them."

    def add_arguments(self, parser):
        parser.add_argument("--trade-records", type=int, default=100_000)
        parser.add_argument("--institutions", type=int, default=10_000)
        parser.add_argument("--projects", type=int, default=2_000)
        parser.add_argument(
            "--each", type=int, help="this many records of every kind (overrides the three counts above)"
        )
        parser.add_argument("--seed", type=int, default=2015, help="random seed: the same seed, the same records")
        parser.add_argument("--delete", action="store_true", help="only delete the demo records")
        parser.add_argument("--allow-production", action="store_true", help="run even when DJANGO_ENV=production")

    def handle(self, *args, **options):
        if getattr(settings, "PRODUCTION", False) and not options["allow_production"]:
            raise CommandError("Refusing to write demo records in production (see --allow-production).")
        with paused_search_index(), bulk_changes(), transaction.atomic():
            deleted = self.delete()
            if options["delete"]:
                self.stdout.write(f"Deleted {deleted} demo records.")
                return
            counts = self.generate(options)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh planner statistics now rather than at autovacuum's next round
        self.stdout.write(", ".join(f"{count:,} {name}" for name, count in counts.items()))

    def delete(self):
        source = Source.objects.filter(slug=DEMO_SOURCE).first()
        if source is None:
            return 0
        total = 0
        for model in DEMO_MODELS:
            total += model.objects.filter(source=source).delete()[0]
        return total

    def counts(self, options):
        each = options["each"]
        if each is not None:
            return dict.fromkeys(
                (
                    "institutions",
                    "alliances",
                    "memberships",
                    "figures",
                    "modes",
                    "forms",
                    "projects",
                    "participants",
                    "problems",
                    "recommendations",
                    "milestones",
                    "indicators",
                    "observations",
                    "trade_records",
                ),
                each,
            )
        institutions, projects = options["institutions"], options["projects"]
        return {
            "institutions": institutions,
            "alliances": 20,
            "memberships": institutions // 2,
            "figures": 120,
            "modes": 3,
            "forms": 9,
            "projects": projects,
            "participants": projects * 2,
            "problems": 200,
            "recommendations": 200,
            "milestones": 500,
            "indicators": 20,
            "observations": 2_000,
            "trade_records": options["trade_records"],
        }

    def generate(self, options):
        self.rng = random.Random(options["seed"])
        self.source, _created = Source.objects.update_or_create(
            slug=DEMO_SOURCE,
            defaults={
                "title_original": "[Demo data — generated, not real]",
                "title_en": "[Demo data — generated, not real]",
                "title_zh": "[演示数据——生成的，并非真实]",
                "language": "en",
                "summary_en": "Records made by the generate_demo_data command to see and measure the portal at scale. "
                "They are not facts.",
                "summary_zh": "由 generate_demo_data 命令生成的记录，用于在大数据量下查看和测试门户，并非事实。",
            },
        )
        self.countries = list(Country.objects.order_by("iso3"))
        wanted = self.counts(options)
        made = {}
        made["institutions"] = self.institutions(wanted["institutions"])
        made["alliances"] = self.alliances(wanted["alliances"])
        made["memberships"] = self.memberships(wanted["memberships"])
        made["alliance figures"] = self.figures(wanted["figures"])
        made["modes"], made["sub-forms"] = self.modes(wanted["modes"], wanted["forms"])
        made["projects"] = self.projects(wanted["projects"])
        made["participants"] = self.participants(wanted["participants"])
        made["problems"], made["recommendations"] = self.problems(wanted["problems"], wanted["recommendations"])
        made["milestones"] = self.milestones(wanted["milestones"])
        made["indicators"], made["observations"] = self.indicators(wanted["indicators"], wanted["observations"])
        made["trade records"] = self.trade(wanted["trade_records"])
        return made

    def sourced(self, **fields):
        return {"source": self.source, "source_locator": "generated", "publication_status": PUBLISHED, **fields}

    def create(self, model, objects):
        return model.objects.bulk_create(objects, batch_size=BATCH)

    def institutions(self, count):
        kinds = choices_of(Institution, "kind")
        self.demo_institutions = self.create(
            Institution,
            [
                Institution(
                    **self.sourced(
                        slug=f"demo-institution-{i:05d}",
                        name_en=f"Demo Institution {i:05d}",
                        name_zh=f"演示机构{i:05d}",
                        kind=kinds[i % len(kinds)],
                        country=self.rng.choice(self.countries),
                        city_en="Demo City",
                        city_zh="演示城市",
                        description_en=NOTE_EN,
                        description_zh=NOTE_ZH,
                    )
                )
                for i in range(1, count + 1)
            ],
        )
        return len(self.demo_institutions)

    def alliances(self, count):
        self.demo_alliances = self.create(
            Alliance,
            [
                Alliance(
                    **self.sourced(
                        slug=f"demo-alliance-{i:04d}",
                        name_en=f"Demo Alliance {i:04d}",
                        name_zh=f"演示联盟{i:04d}",
                        founded_year=2000 + i % 24,
                        founding_city_en="Demo City",
                        founding_city_zh="演示城市",
                        initiator=self.rng.choice(self.demo_institutions) if self.demo_institutions else None,
                        mission_en=NOTE_EN,
                        mission_zh=NOTE_ZH,
                    )
                )
                for i in range(1, count + 1)
            ],
        )
        return len(self.demo_alliances)

    def memberships(self, count):
        """Institution i joins alliance i (mod the number of alliances), then the next one, and so on."""
        alliances, institutions = self.demo_alliances, self.demo_institutions
        pairs = (
            (alliances[(i + turn) % len(alliances)], institution)
            for turn in range(len(alliances))
            for i, institution in enumerate(institutions)
        )
        return len(
            self.create(
                Membership,
                [
                    Membership(**self.sourced(alliance=alliance, institution=institution, joined_year=2015))
                    for alliance, institution in itertools.islice(pairs, count)
                ],
            )
        )

    def figures(self, count):
        if not self.demo_alliances:
            return 0
        figures = []
        for i in range(count):
            alliance = self.demo_alliances[i % len(self.demo_alliances)]
            whole = i < len(self.demo_alliances)
            figures.append(
                AllianceFigure(
                    **self.sourced(
                        alliance=alliance,
                        slug=f"demo-figure-{i:05d}",
                        as_of_year=2015 + i % 9,
                        country=None if whole else self.countries[i % len(self.countries)],
                        member_count=self.rng.randint(5, 300),
                        country_count=self.rng.randint(2, 40) if whole else None,
                        note_en=NOTE_EN,
                        note_zh=NOTE_ZH,
                    )
                )
            )
        return len(self.create(AllianceFigure, figures))

    def modes(self, modes, forms):
        self.demo_modes = self.create(
            CooperationMode,
            [
                CooperationMode(
                    **self.sourced(
                        slug=f"demo-mode-{i:04d}",
                        title_en=f"Demo mode {i:04d}",
                        title_zh=f"演示模式{i:04d}",
                        description_en=NOTE_EN,
                        description_zh=NOTE_ZH,
                        sort_order=100 + i,
                    )
                )
                for i in range(1, modes + 1)
            ],
        )
        self.demo_forms = []
        if self.demo_modes:
            self.demo_forms = self.create(
                CooperationForm,
                [
                    CooperationForm(
                        **self.sourced(
                            slug=f"demo-form-{i:04d}",
                            mode=self.demo_modes[i % len(self.demo_modes)],
                            title_en=f"Demo sub-form {i:04d}",
                            title_zh=f"演示子形式{i:04d}",
                            description_en=NOTE_EN,
                            description_zh=NOTE_ZH,
                            sort_order=i,
                        )
                    )
                    for i in range(1, forms + 1)
                ],
            )
        return len(self.demo_modes), len(self.demo_forms)

    def projects(self, count):
        kinds = choices_of(CooperationProject, "kind")
        sectors = choices_of(CooperationProject, "sector")
        projects = []
        for i in range(1, count + 1):
            form = self.demo_forms[i % len(self.demo_forms)] if self.demo_forms else None
            start = self.rng.choice(YEARS)
            projects.append(
                CooperationProject(
                    **self.sourced(
                        slug=f"demo-project-{i:05d}",
                        title_en=f"Demo project {i:05d}",
                        title_zh=f"演示项目{i:05d}",
                        description_en=NOTE_EN,
                        description_zh=NOTE_ZH,
                        kind=kinds[i % len(kinds)],
                        sector=sectors[i % len(sectors)],
                        mode=form.mode if form else None,
                        form=form,
                        start_year=start,
                        end_year=start + self.rng.randint(0, 5),
                        status="ongoing",
                    )
                )
            )
        self.demo_projects = self.create(CooperationProject, projects)
        through = CooperationProject.countries.through
        links = {
            (project.pk, country.pk)
            for project in self.demo_projects
            for country in self.rng.sample(self.countries, self.rng.randint(1, 3))
        }
        self.create(through, [through(cooperationproject_id=p, country_id=c) for p, c in sorted(links)])
        return len(self.demo_projects)

    def participants(self, count):
        if not self.demo_projects or not self.demo_institutions:
            return 0
        pairs = itertools.islice(
            (
                (project, self.demo_institutions[(i * 7 + offset) % len(self.demo_institutions)])
                for offset in range(len(self.demo_institutions))
                for i, project in enumerate(self.demo_projects)
            ),
            count,
        )
        roles = choices_of(ProjectParticipant, "role")
        return len(
            self.create(
                ProjectParticipant,
                [
                    ProjectParticipant(
                        project=project,
                        institution=institution,
                        role=roles[i % len(roles)],
                        source=self.source,
                        source_locator="generated",
                    )
                    for i, (project, institution) in enumerate(pairs)
                ],
            )
        )

    def problems(self, problems, recommendations):
        categories = choices_of(PolicyProblem, "category")
        scopes = choices_of(PolicyProblem, "scope")
        demo_problems = self.create(
            PolicyProblem,
            [
                PolicyProblem(
                    **self.sourced(
                        slug=f"demo-problem-{i:05d}",
                        title_en=f"Demo problem {i:05d}",
                        title_zh=f"演示问题{i:05d}",
                        description_en=NOTE_EN,
                        description_zh=NOTE_ZH,
                        category=categories[i % len(categories)],
                        scope=scopes[i % len(scopes)],
                    )
                )
                for i in range(1, problems + 1)
            ],
        )
        demo_recommendations = self.create(
            Recommendation,
            [
                Recommendation(
                    **self.sourced(
                        slug=f"demo-recommendation-{i:05d}",
                        number=f"({i})",
                        title_en=f"Demo recommendation {i:05d}",
                        title_zh=f"演示建议{i:05d}",
                        description_en=NOTE_EN,
                        description_zh=NOTE_ZH,
                        scope=scopes[i % len(scopes)],
                    )
                )
                for i in range(1, recommendations + 1)
            ],
        )
        through = Recommendation.problems.through
        if demo_problems:
            links = {
                (recommendation.pk, self.rng.choice(demo_problems).pk)
                for recommendation in demo_recommendations
                for _ in range(2)
            }
            self.create(through, [through(recommendation_id=r, policyproblem_id=p) for r, p in sorted(links)])
        return len(demo_problems), len(demo_recommendations)

    def milestones(self, count):
        kinds = choices_of(PartnershipMilestone, "kind")
        return len(
            self.create(
                PartnershipMilestone,
                [
                    PartnershipMilestone(
                        **self.sourced(
                            slug=f"demo-milestone-{i:05d}",
                            title_en=f"Demo milestone {i:05d}",
                            title_zh=f"演示里程碑{i:05d}",
                            description_en=NOTE_EN,
                            description_zh=NOTE_ZH,
                            country=self.rng.choice(self.countries),
                            kind=kinds[i % len(kinds)],
                            year=self.rng.choice(YEARS),
                        )
                    )
                    for i in range(1, count + 1)
                ],
            )
        )

    def indicators(self, indicators, observations):
        demo_indicators = self.create(
            Indicator,
            [
                Indicator(
                    **self.sourced(
                        slug=f"demo-indicator-{i:04d}",
                        name_en=f"Demo indicator {i:04d}",
                        name_zh=f"演示指标{i:04d}",
                        unit_en="units",
                        unit_zh="个",
                        description_en=NOTE_EN,
                        description_zh=NOTE_ZH,
                    )
                )
                for i in range(1, indicators + 1)
            ],
        )
        if not demo_indicators:
            return 0, 0
        # Distinct (indicator, country, year) for every observation, spread over every country.
        keys = itertools.islice(itertools.product(YEARS, self.countries, demo_indicators), observations)
        made = self.create(
            Observation,
            [
                Observation(
                    **self.sourced(
                        indicator=indicator,
                        country=country,
                        year=year,
                        value=Decimal(self.rng.randint(1, 1_000_000)),
                    )
                )
                for year, country, indicator in keys
            ],
        )
        return len(demo_indicators), len(made)

    def trade(self, count):
        """China's trade with every partner, then other reporters', never on a seed record's key."""
        existing = set(TradeRecord.objects.values_list("reporter_id", "partner_id", "year", "flow"))
        china = next(country for country in self.countries if country.iso3 == REPORTER_DEFAULT_ISO3)
        reporters = [china] + [country for country in self.countries if country != china]
        flows = choices_of(TradeRecord, "flow")

        def keys():
            for reporter in reporters:
                for partner in self.countries:
                    if partner == reporter:
                        continue
                    for year in YEARS:
                        for flow in flows:
                            if (reporter.pk, partner.pk, year, flow) not in existing:
                                yield reporter, partner, year, flow

        made = 0
        batch = []
        for reporter, partner, year, flow in itertools.islice(keys(), count):
            value = Decimal(self.rng.randint(1, 2_000_000)) / 100
            batch.append(
                TradeRecord(
                    **self.sourced(reporter=reporter, partner=partner, year=year, flow=flow, value=value),
                    note_en=NOTE_EN,
                    note_zh=NOTE_ZH,
                )
            )
            if len(batch) == BATCH:
                made += len(self.create(TradeRecord, batch))
                batch = []
        made += len(self.create(TradeRecord, batch))
        return made
