"""Writes of the organisation app: the departments of the centre and of each province."""

from collections.abc import Iterable

from .models import Department, Function

# The names of the departments, as the agency calls them: the centre's (Ban Sổ - Thẻ…)
# and their counterparts in each provincial office (phòng Cấp sổ, thẻ…).
CENTRAL_NAMES = {
    Function.BOOK_CARD: "Ban Sổ - Thẻ",
    Function.IT: "Trung tâm Công nghệ thông tin",
    Function.FINANCE: "Vụ Tài chính - Kế toán",
    Function.REVENUE: "Ban Thu",
    Function.BENEFITS: "Ban Thực hiện chính sách BHXH",
}
PROVINCIAL_NAMES = {
    Function.BOOK_CARD: "Phòng Cấp sổ, thẻ",
    Function.IT: "Phòng Công nghệ thông tin",
    Function.FINANCE: "Phòng Kế hoạch - Tài chính",
    Function.REVENUE: "Phòng Quản lý thu",
    Function.BENEFITS: "Phòng Chế độ BHXH",
}
NAMES = {"centre": CENTRAL_NAMES, "province": PROVINCIAL_NAMES}


def create_departments(offices: Iterable, department_model=Department) -> int:
    """Give the centre and each provincial office among `offices` the departments it lacks
    (district offices have none); return how many were made. Set-based and idempotent.

    Takes the model as an argument so that the data migration can pass its historical one.
    """
    wanted = {
        (office.pk, function): name
        for office in offices
        for function, name in NAMES.get(office.level, {}).items()
    }
    if not wanted:
        return 0
    existing = set(
        department_model.objects.filter(
            office_id__in={office_id for office_id, _ in wanted}
        ).values_list("office_id", "function")
    )
    new = [
        department_model(office_id=office_id, function=str(function), name=name)
        for (office_id, function), name in wanted.items()
        if (office_id, str(function)) not in existing
    ]
    department_model.objects.bulk_create(new, batch_size=1000)
    return len(new)
