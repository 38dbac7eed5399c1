# The English interface keeps the agency's own date and number conventions (dd/mm/yyyy).
from sobhxh.formats.vi.formats import *  # noqa: F403
