"""Loading the office tree from the data derived from `vietnam-provinces`.

The files in data/ are written by scripts/derive_offices.py; nothing is typed by hand.
"""

import json
from pathlib import Path

from django.db import transaction

DATA_DIR = Path(__file__).resolve().parent / "data"
CENTRE = {"code": "VN", "name": "BHXH Việt Nam"}
STRUCTURES = ("2017", "2025")


def read_structure(structure: str) -> dict:
    return json.loads((DATA_DIR / f"offices-{structure}.json").read_text("utf-8"))


@transaction.atomic
def load_offices(office_model, structure: str = "2017") -> int:
    """Create the offices of a structure that are not there yet; return how many were made.

    Takes the model as an argument so that the data migration can pass its historical one.
    """
    data = read_structure(structure)
    existing = set(office_model.objects.values_list("code", flat=True))
    centre, made = office_model.objects.get_or_create(
        code=CENTRE["code"], defaults={"name": CENTRE["name"], "level": "centre"}
    )
    created = int(made)
    for item in data["provinces"]:
        province, made = office_model.objects.get_or_create(
            code=item["code"],
            defaults={"name": item["name"], "level": "province", "parent": centre},
        )
        if made:
            province.province = province
            province.save(update_fields=["province"])
            created += 1
        districts = [
            office_model(
                code=d["code"],
                name=d["name"],
                level="district",
                parent=province,
                province=province,
            )
            for d in item["districts"]
            if d["code"] not in existing
        ]
        office_model.objects.bulk_create(districts)
        created += len(districts)
    return created
