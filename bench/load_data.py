"""Fill the bench database: the site skeleton and N live role pages with full, linked content.

Run inside the bench environment (DJANGO_SETTINGS_MODULE and DATABASE_URL set by bench/run.py).
Idempotent: a database that already holds the pages is left as it is.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(count: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from wagtail.models import Site

    from careers.models import CareersIndexPage, CareersSettings, RolePage
    from careers.testing.factories import sample_body

    call_command("setup_site", "--no-admin", verbosity=0)
    index = CareersIndexPage.objects.get()
    CareersSettings.for_site(Site.objects.get(is_default_site=True))
    existing = RolePage.objects.child_of(index).live().count()
    if existing >= count:
        print(f"bench data: {existing} live role pages already present")
        return
    started = time.perf_counter()
    now = timezone.now()
    ids = list(RolePage.objects.child_of(index).values_list("id", flat=True))
    with transaction.atomic():
        for n in range(existing, count):
            name = f"Bench Role {n:03d}"
            # Three internal links per rich-text field, to pages that exist, as real roles have.
            page = RolePage(
                title=f"{name} Jobs & Internships 2026",
                slug=f"bench-role-{n:03d}",
                role_name=name,
                year=2026,
                intro=f"{name}s build dependable systems that many people rely on.",
                body=sample_body(name, tuple(ids[-3:])),
                live=True,
                first_published_at=now,
                last_published_at=now,
            )
            index.add_child(instance=page)
            ids.append(page.id)
    print(
        f"bench data: created {count - existing} role pages in {time.perf_counter() - started:.1f}s"
    )


if __name__ == "__main__":
    main(int(os.environ.get("BENCH_ROLES", "200")))
