"""Seed the role families and fill the derived finder columns of existing role pages."""

from django.db import migrations

# O*NET-SOC 2019 codes. "Design & research" has no single occupation (interface design and
# user research are separate ones), so it carries none and structured data omits it.
FAMILIES = [
    (
        "Machine learning",
        "machine-learning",
        "Roles that build, train and ship machine-learned models.",
        "15-1221.00",
        "Computer and Information Research Scientists",
    ),
    (
        "Data",
        "data",
        "Roles that collect, model and analyse data.",
        "15-2051.00",
        "Data Scientists",
    ),
    (
        "Infrastructure",
        "infrastructure",
        "Roles that run the platforms, networks and systems other teams build on.",
        "15-1299.08",
        "Computer Systems Engineers/Architects",
    ),
    (
        "Software engineering",
        "software-engineering",
        "Roles that design, build and maintain software products.",
        "15-1252.00",
        "Software Developers",
    ),
    (
        "Design & research",
        "design-research",
        "Roles that shape how products look and work, and study the people who use them.",
        "",
        "",
    ),
]


def seed_families(apps, schema_editor):
    RoleFamily = apps.get_model("careers", "RoleFamily")
    for name, slug, description, code, code_name in FAMILIES:
        RoleFamily.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "occupational_category": code,
                "occupational_category_name": code_name,
            },
        )


def unseed_families(apps, schema_editor):
    RoleFamily = apps.get_model("careers", "RoleFamily")
    RoleFamily.objects.filter(slug__in=[slug for _, slug, *_ in FAMILIES]).delete()


def backfill_finder_columns(apps, schema_editor):
    from careers.columns import finder_columns

    RolePage = apps.get_model("careers", "RolePage")
    for page in RolePage.objects.all().iterator():
        for name, value in finder_columns(page.body.raw_data).items():
            setattr(page, name, value)
        page.save(update_fields=["skills_text", "faq_text", "ladder_length"])


class Migration(migrations.Migration):
    dependencies = [("careers", "0003_role_family_finder_columns")]

    operations = [
        migrations.RunPython(seed_families, unseed_families),
        migrations.RunPython(backfill_finder_columns, migrations.RunPython.noop),
    ]
