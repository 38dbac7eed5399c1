"""Derive the office tree shipped in sobhxh/units/data/ from the vietnam-provinces package.

The data migration loads the derived JSON, so that a fresh database has the offices right
after `migrate` without the package (or the network) at run time. Run once per structure,
each with the package version that carries it, in a throw-away virtualenv:

    pip install 'vietnam-provinces==0.6.0'    && python scripts/derive_offices.py 2017
    pip install 'vietnam-provinces==2025.10.1' && python scripts/derive_offices.py 2025

0.6.0 is the last release with the 63 provinces and their districts (data of 2025-01-04,
before the July 2025 reform); 2025.10.1 has the 34 provinces and no districts.
"""

import json
import sys
from pathlib import Path

import vietnam_provinces

OUT_DIR = Path(__file__).resolve().parent.parent / "sobhxh" / "units" / "data"


def derive(structure: str) -> dict:
    divisions = json.loads(Path(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH).read_text("utf-8"))
    provinces = []
    for province in divisions:
        districts = [
            {"code": f"{district['code']:03d}", "name": district["name"]}
            for district in province.get("districts", [])
        ]
        provinces.append(
            {"code": f"{province['code']:02d}", "name": province["name"], "districts": districts}
        )
    return {
        "structure": structure,
        "source": f"vietnam-provinces {vietnam_provinces.__version__}",
        "data_version": vietnam_provinces.__data_version__,
        "provinces": provinces,
    }


def main() -> None:
    structure = sys.argv[1]
    data = derive(structure)
    out = OUT_DIR / f"offices-{structure}.json"
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
    districts = sum(len(p["districts"]) for p in data["provinces"])
    print(f"{out}: {len(data['provinces'])} provinces, {districts} districts")


if __name__ == "__main__":
    main()
