"""Create the site skeleton, a local admin account and the missing demo pages; safe to run again."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wagtail.models import Page, Site

from careers.editorial.workflow import ensure_review_workflow
from careers.management.commands.import_roles import read_documents
from careers.models import CareersIndexPage, CareersSettings, RolePage
from careers.pipeline.load import CREATED, KEPT, Importer
from cms.siteurl import base_url, site_address, sync_default_site
from home.models import HomeFeaturedRole, HomePage

ADMIN_PASSWORD_FILE = settings.BASE_DIR / "var" / "admin-password.txt"
# How many of the demo roles the home page features (it shows three cards by default).
DEMO_FEATURED = 3


class Command(BaseCommand):
    help = "Create the home page, /careers/, the site record and a local admin account."

    def add_arguments(self, parser):
        parser.add_argument("--admin-username", default="admin")
        parser.add_argument("--no-admin", action="store_true", help="Do not create an admin.")
        parser.add_argument(
            "--demo",
            metavar="PATH",
            help="Also create (and publish) the demo role pages from the documents in PATH, "
            "only those whose page does not exist yet: an existing page is never re-imported, "
            "so an editor's changes stay.",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        home = self.ensure_home()
        self.ensure_careers(home)
        # The workflow migration cannot assign /careers/ on a fresh database: it didn't exist yet.
        if ensure_review_workflow()["assigned"]:
            self.stdout.write("Role pages are reviewed by the Career content reviewers group.")
        if not options["no_admin"]:
            self.ensure_admin(options["admin_username"])
        if options["demo"]:
            self.load_demo(options["demo"])

    def load_demo(self, path: str) -> None:
        """Create the demo pages that are missing; never touch one that exists."""
        documents, problems = read_documents([path])
        report = Importer(publish=True, create_only=True).run(documents)
        for warning in report.warnings:
            self.stderr.write(f"{warning.source}:{warning.line}: warning: {warning.message}")
        problems = problems + report.errors
        if problems:
            # handle() is one transaction: the site is not half set up either.
            raise CommandError(
                "The demo documents have problems; nothing was set up:\n"
                + "\n".join(str(problem) for problem in problems)
            )
        created = [item.slug for item in report.items if item.action == CREATED]
        for slug in created:
            self.stdout.write(f"Created the demo page /careers/{slug}/.")
        if created:
            self.feature_demo_roles(created)
        kept = report.count(KEPT)
        if kept:
            self.stdout.write(
                f"Kept {kept} existing demo page(s) as they are (they are created only once)."
            )

    def feature_demo_roles(self, slugs: list[str]) -> None:
        """Put the first new demo roles on a home page no editor has chosen roles for yet."""
        home = HomePage.objects.first()
        if home is None or home.featured_roles.exists():
            return
        chosen = slugs[:DEMO_FEATURED]
        # Role pages live only under the one /careers/, so a slug names one page.
        roles = {role.slug: role for role in RolePage.objects.filter(slug__in=chosen)}
        home.featured_roles = [
            HomeFeaturedRole(role=roles[slug]) for slug in chosen if slug in roles
        ]
        home.save_revision().publish()
        self.stdout.write(f"Featured {len(roles)} demo role(s) on the home page.")

    def ensure_home(self) -> HomePage:
        home = HomePage.objects.first()
        root = Page.get_first_root_node()
        if home is None:
            # Wagtail's initial migration makes a placeholder "Welcome" page; replace it.
            for child in root.get_children():
                if child.specific_class is Page:
                    Site.objects.filter(root_page=child).delete()
                    child.delete()
            home = root.add_child(
                instance=HomePage(
                    title="Careers in tech, explained",
                    slug="home",
                    intro="What the roles are, what they pay, and how to get one.",
                )
            )
            home.save_revision().publish()
            self.stdout.write("Created the home page.")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            hostname, port = site_address()
            site = Site.objects.create(
                hostname=hostname,
                port=port,
                root_page=home,
                is_default_site=True,
                site_name=settings.WAGTAIL_SITE_NAME,
            )
            self.stdout.write("Created the default site.")
        elif site.root_page_id != home.id:
            site.root_page = home
            site.save()
        # Wagtail's own links (admin "View live", page.full_url) read the Site record.
        if sync_default_site(site):
            self.stdout.write(f"The default site now answers at {base_url()} (SITE_URL).")
        CareersSettings.for_site(site)
        return home

    def ensure_careers(self, home: HomePage) -> CareersIndexPage:
        index = CareersIndexPage.objects.first()
        if index is None:
            index = home.add_child(
                instance=CareersIndexPage(
                    title="Careers",
                    slug="careers",
                    intro="Every role we cover: what the work is, what it pays, how to apply.",
                )
            )
            index.save_revision().publish()
            self.stdout.write("Created /careers/.")
        return index

    def ensure_admin(self, username: str) -> None:
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            if ADMIN_PASSWORD_FILE.exists():
                password = ADMIN_PASSWORD_FILE.read_text().strip()
                self.stdout.write(
                    f"Admin account: {username} / {password} (from {ADMIN_PASSWORD_FILE})"
                )
            else:
                self.stdout.write(
                    f"Admin account {username} exists; "
                    f"reset its password with: python manage.py changepassword {username}"
                )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        ADMIN_PASSWORD_FILE.parent.mkdir(parents=True, exist_ok=True)
        ADMIN_PASSWORD_FILE.write_text(password + "\n")
        ADMIN_PASSWORD_FILE.chmod(0o600)
        self.stdout.write(self.style.SUCCESS(f"Admin account: {username} / {password}"))
