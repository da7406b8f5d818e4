"""Deployment checks: résumés must never sit where a web server serves files."""

from pathlib import Path

from django.conf import settings
from django.core import checks

from applications.storage import private_media_root


def _inside(child: Path, parent: Path) -> bool:
    try:
        child.resolve().relative_to(parent.resolve())
    except ValueError:
        return False
    return True


@checks.register(checks.Tags.security)
def check_private_media_root(app_configs, **kwargs):
    errors = []
    private = private_media_root()
    for setting in ("MEDIA_ROOT", "STATIC_ROOT"):
        public = getattr(settings, setting, None)
        if public and (_inside(private, Path(public)) or _inside(Path(public), private)):
            errors.append(
                checks.Error(
                    f"PRIVATE_MEDIA_ROOT ({private}) overlaps {setting} ({public}); "
                    "résumés would be publicly served.",
                    hint="Point PRIVATE_MEDIA_ROOT at a directory outside every public one.",
                    id="applications.E001",
                )
            )
    return errors
