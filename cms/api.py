"""The headless APIs: Wagtail API v2 (read) and the careers API v3 (typed, token writes).

Both live in ``careers.api``; this module only names what ``cms.urls`` mounts.
"""

from careers.api.v2 import router as api_v2_router
from careers.api.v3 import api as api_v3

__all__ = ["api_v2_router", "api_v3"]
