"""Role pages remember whether their title was typed by an editor or follows the role and year."""

from django.db import migrations, models


def generated_title(role_name, year):
    # The default title as it was when this migration was written (careers.facts.language).
    return f"{role_name} Jobs & Internships {year}" if year else f"{role_name} Jobs & Internships"


def mark_custom_titles(apps, schema_editor):
    """A page whose title is not its generated default keeps that title: it is custom."""
    role_page = apps.get_model("careers", "RolePage")
    custom = [
        page.pk
        for page in role_page.objects.only("pk", "title", "role_name", "year").iterator()
        if page.title != generated_title(page.role_name, page.year)
    ]
    role_page.objects.filter(pk__in=custom).update(custom_title=True)


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0006_salary_figure_limit"),
    ]

    operations = [
        migrations.AddField(
            model_name="rolepage",
            name="custom_title",
            field=models.BooleanField(
                default=False,
                help_text="Set when an editor typed the title; otherwise the title follows the "
                "role name and year. Clearing the title makes it follow them again.",
            ),
        ),
        migrations.RunPython(mark_custom_titles, migrations.RunPython.noop),
    ]
