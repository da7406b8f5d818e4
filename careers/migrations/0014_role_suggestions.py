# The related roles each role page suggests, stored so a render reads them (careers.find.related).
# Existing pages start with None: each computes its suggestions at its first render, or when
# `manage.py refresh_related` runs.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0013_keyword_search_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="rolepage",
            name="suggested_roles",
            field=models.JSONField(
                blank=True,
                default=None,
                editable=False,
                help_text="Suggested related roles as last computed: ids and why, best first.",
                null=True,
            ),
        ),
    ]
