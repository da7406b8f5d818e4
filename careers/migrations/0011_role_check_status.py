from django.db import migrations, models


class Migration(migrations.Migration):
    """Each role page's stored check status, and the index /careers/ and API v3 order by.

    Existing pages start as "not checked yet" (NULL): `manage.py check_content --store` fills
    them in one pass, which is cheaper to run deliberately than inside a migration.
    """

    dependencies = [
        ("careers", "0010_role_skill_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="rolepage",
            name="check_errors",
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="rolepage",
            name="check_warnings",
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="rolepage",
            index=models.Index(fields=["role_name", "page_ptr"], name="careers_role_name_order"),
        ),
    ]
