"""However an application is deleted (admin, erasure, retention), its résumé goes with it."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from applications.models import Application


@receiver(post_delete, sender=Application, dispatch_uid="applications.delete_resume")
def delete_resume_file(sender, instance, **kwargs):
    from applications.services import delete_file

    name = instance.resume.name
    # After commit: a rolled-back delete must leave the file in place.
    transaction.on_commit(lambda: delete_file(name), robust=True)
