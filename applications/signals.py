"""However an application is deleted (admin, erasure, retention), its résumé goes with it."""

from django.db import transaction
from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver

from applications.models import Application
from applications.services import delete_file


@receiver(pre_delete, sender=Application, dispatch_uid="applications.relink_repeats")
def relink_repeats(sender, instance, **kwargs):
    """Keep a deleted first application's repeats together: the oldest becomes their first.

    Runs before the ForeignKey's SET_NULL, which then clears only the new first's link.
    """
    repeats = list(
        Application.objects.filter(repeat_of=instance)
        .order_by("submitted_at", "pk")
        .values_list("pk", flat=True)
    )
    if len(repeats) > 1:
        Application.objects.filter(pk__in=repeats[1:]).update(repeat_of_id=repeats[0])


@receiver(post_delete, sender=Application, dispatch_uid="applications.delete_resume")
def delete_resume_file(sender, instance, **kwargs):
    name = instance.resume.name
    # After commit: a rolled-back delete must leave the file in place.
    transaction.on_commit(lambda: delete_file(name), robust=True)
