"""The Content Security Policy, with the one place that needs a wider one.

Every page of sobhxh satisfies the strict policy of settings.CONTENT_SECURITY_POLICY: no
inline script or style. Wagtail's admin (/cms/, editors only, behind a login) writes
inline styles and scripts of its own, so its pages get those two sources and images from
data: and blob: URLs (its image previews), and nothing else more: still no other site.
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

CMS_PREFIX = "/cms/"
CMS_POLICY_UPDATE = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "frame-src": [SELF],
}


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(CMS_PREFIX):
            parts.update = {**CMS_POLICY_UPDATE, **(parts.update or {})}
        return parts
