"""What a Django team would reach for: django-import-export loading the same books file
into the same Book model, with the bulk settings its documentation recommends for large
imports (use_bulk, batch_size, skip_diff, a cached instance loader).

    DATABASE_URL=... python bench/intake_import_export.py books.csv

Run on a freshly migrated database. The employers the file names are created before the
clock starts (import-export would need them as foreign keys); the timing covers reading
the CSV into a dataset and the import itself. It writes books only: no events, no
counters, no periods, no per-cell checks beyond the widgets' own, so it does less than
`import_books` does.
"""

import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sobhxh.settings")

import django

django.setup()

import tablib  # noqa: E402
from import_export import fields, resources, widgets  # noqa: E402
from import_export.instance_loaders import CachedInstanceLoader  # noqa: E402

from sobhxh.books.models import Book  # noqa: E402
from sobhxh.books.text import fold  # noqa: E402
from sobhxh.units.models import Employer, Office  # noqa: E402


class BirthWidget(widgets.DateWidget):
    """dd/mm/yyyy, or a year alone (kept as 1 January: import-export has no precision)."""

    def clean(self, value, row=None, **kwargs):
        if value and len(str(value)) == 4:
            return date(int(value), 1, 1)
        return super().clean(value, row, **kwargs)


class BookResource(resources.ModelResource):
    number = fields.Field(attribute="number", column_name="Mã số BHXH")
    full_name = fields.Field(attribute="full_name", column_name="Họ và tên")
    birth_date = fields.Field(
        attribute="birth_date", column_name="Ngày sinh", widget=BirthWidget(format="%d/%m/%Y")
    )
    sex = fields.Field(attribute="sex", column_name="Giới tính")
    identity_number = fields.Field(attribute="identity_number", column_name="Số CCCD")
    employer = fields.Field(
        attribute="employer",
        column_name="Mã đơn vị",
        widget=widgets.ForeignKeyWidget(Employer, field="code"),
    )
    issued_on = fields.Field(
        attribute="issued_on", column_name="Ngày cấp sổ", widget=widgets.DateWidget("%d/%m/%Y")
    )

    class Meta:
        model = Book
        import_id_fields = ("number",)
        fields = ("number", "full_name", "birth_date", "sex", "identity_number", "employer",
                  "issued_on")  # fmt: skip
        use_bulk = True
        batch_size = 1000
        skip_diff = True
        instance_loader_class = CachedInstanceLoader

    def before_save_instance(self, instance, row, **kwargs):
        instance.sex = "male" if instance.sex == "Nam" else "female"
        instance.search_name = fold(instance.full_name)
        instance.office_id = instance.employer.office_id
        instance.state_on = date.today()


def create_employers(path: Path) -> None:
    offices = dict(Office.objects.values_list("code", "pk"))
    employers = {}
    with path.open(encoding="utf-8-sig") as handle:
        data = tablib.Dataset().load(handle.read(), format="csv")
    for row in data.dict:
        employers.setdefault(
            row["Mã đơn vị"],
            Employer(
                code=row["Mã đơn vị"],
                name=row["Tên đơn vị"],
                office_id=offices[row["Mã cơ quan BHXH"]],
            ),
        )
    Employer.objects.bulk_create(employers.values(), batch_size=1000)


def main() -> None:
    path = Path(sys.argv[1])
    create_employers(path)
    started = time.perf_counter()
    with path.open(encoding="utf-8-sig") as handle:
        dataset = tablib.Dataset().load(handle.read(), format="csv")
    result = BookResource().import_data(dataset, raise_errors=False)
    seconds = time.perf_counter() - started
    rows = len(dataset)
    errors = len(result.row_errors()) + len(result.invalid_rows)
    print(
        f"django-import-export: {rows} books in {seconds:.1f} s ({rows / seconds:,.0f} rows/s), "
        f"{Book.objects.count()} stored, {errors} rows with errors"
    )


if __name__ == "__main__":
    main()
