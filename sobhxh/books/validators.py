from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

validate_book_number = RegexValidator(
    r"^[0-9]{10}\Z", _("A social insurance number is exactly 10 digits, e.g. 0123456789.")
)
validate_identity_number = RegexValidator(
    r"^([0-9]{9}|[0-9]{12})\Z", _("An identity number has 9 digits (CMND) or 12 digits (CCCD).")
)
