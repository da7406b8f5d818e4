"""Create the "Career content reviewers" group and the review workflow for /careers/."""

from django.db import migrations


def forwards(apps, schema_editor):
    from careers.editorial.workflow import ensure_review_workflow

    ensure_review_workflow(apps)


def backwards(apps, schema_editor):
    from careers.editorial.workflow import REVIEWERS_GROUP, TASK_NAME, WORKFLOW_NAME

    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK_NAME).delete()
    apps.get_model("auth", "Group").objects.filter(name=REVIEWERS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
