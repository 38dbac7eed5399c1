"""Make the book files the intake benchmark imports: BOOKS books with PERIODS periods each,
as CSV (books.csv + periods.csv) or as one .xlsx workbook with both sheets, in the layout
`export_books` writes (IMPORT-FORMAT.md). Seeded, so the same arguments give the same
files; needs no database.

    python bench/intake_files.py OUT_DIR --books 1000000 [--periods-per-book 5] [--xlsx]
    python bench/intake_files.py OUT_DIR --books 100000 --shuffle   # CSV not in number order

Names follow the demo's frequencies (sobhxh/books/demo/names.py); employers (about one per
60 books) are spread over the 2017 district offices; no handover dates (a list of books
to load, before the campaign has handed any over).
"""

import argparse
import csv
import json
import random
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sobhxh.books.demo.names import (  # noqa: E402
    FEMALE_GIVEN,
    FEMALE_MIDDLE,
    MALE_GIVEN,
    MALE_MIDDLE,
    SURNAMES,
    zipf_weights,
)

BOOK_HEADER = ("Mã số BHXH", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Mã đơn vị",
               "Tên đơn vị", "Mã cơ quan BHXH", "Ngày cấp sổ", "Ngày bàn giao")  # fmt: skip
PERIOD_HEADER = (
    "Mã số BHXH",
    "Từ tháng",
    "Đến tháng",
    "Cấp bậc, chức vụ, chức danh nghề, điều kiện, nơi làm việc",
    "Tiền lương",
    "Tỷ lệ đóng",
    "Loại",
)
JOBS = ("Công nhân may", "Công nhân lắp ráp", "Nhân viên kế toán", "Kỹ sư cơ khí",
        "Tổ trưởng sản xuất", "Nhân viên bán hàng", "Lái xe", "Thủ kho")  # fmt: skip
KINDS = ("Công ty TNHH", "Công ty Cổ phần", "Doanh nghiệp tư nhân", "Hợp tác xã")
WORDS = ("Phúc Lộc", "Bình Minh", "Thành Công", "Hòa Phát", "Việt Tiến", "Đông Á", "Sài Gòn",
         "Thăng Long", "Hưng Thịnh", "An Khang", "Trường Sơn", "Đại Việt")  # fmt: skip
FUNDS = ("BHXH", "BHXH", "BHXH", "BHTN", "BHTNLĐ-BNN")
RATES = {"BHXH": "22", "BHTN": "2", "BHTNLĐ-BNN": "0.5"}


def districts() -> list[str]:
    data = json.loads((ROOT / "sobhxh/units/data/offices-2017.json").read_text())
    return [d["code"] for p in data["provinces"] for d in p["districts"]]


def rows(count: int, per_book: int, seed: int):
    rng = random.Random(seed)
    surnames, surname_weights = zip(*SURNAMES, strict=True)
    offices = districts()
    employers: list[tuple[str, str, str]] = []
    names = {
        sex: (middle, zipf_weights(len(middle)), given, zipf_weights(len(given)))
        for sex, middle, given in (
            ("Nam", MALE_MIDDLE, MALE_GIVEN),
            ("Nữ", FEMALE_MIDDLE, FEMALE_GIVEN),
        )
    }
    for index in range(count):
        if index % 60 == 0:
            code = f"BE{len(employers) + 1:07d}"
            name = f"{rng.choice(KINDS)} {rng.choice(WORDS)} {len(employers) + 1}"
            employers.append((code, name, rng.choice(offices)))
        employer = employers[-1] if rng.random() < 0.8 else rng.choice(employers)
        sex = rng.choice(("Nam", "Nữ"))
        middle, middle_weights, given, given_weights = names[sex]
        full_name = " ".join(
            (
                rng.choices(surnames, surname_weights)[0],
                rng.choices(middle, middle_weights)[0],
                rng.choices(given, given_weights)[0],
            )
        )
        year = rng.randint(1960, 1998)
        birth = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}"
        if rng.random() < 0.1:
            birth = str(year)  # many records carry only the year
        number = f"{index + 1:010d}"
        identity = f"{rng.randint(1, 96):03d}{rng.randint(0, 10**9 - 1):09d}"
        issued = date(rng.randint(max(year + 18, 1995), 2016), rng.randint(1, 12), 1)
        book = (number, full_name, birth, sex, identity, *employer, f"{issued:%d/%m/%Y}", "")
        periods = []
        start = min(max(year + 18, 1995), 2008) * 12
        for part in range(per_book):
            end = min(start + rng.randint(6, 24), 2016 * 12 + 11)
            fund = FUNDS[part % len(FUNDS)]
            periods.append(
                (
                    number,
                    f"{start % 12 + 1:02d}/{start // 12}",
                    f"{end % 12 + 1:02d}/{end // 12}",
                    f"{rng.choice(JOBS)}, {employer[1]}",
                    str(rng.randint(30, 200) * 50_000),
                    RATES[fund],
                    fund,
                )
            )
            start = end + 1 if fund == "BHXH" else start
        yield book, periods


def write_csv(out: Path, count: int, per_book: int, seed: int, shuffle: bool = False) -> None:
    out.mkdir(parents=True, exist_ok=True)
    if shuffle:
        _write_shuffled_csv(out, count, per_book, seed)
        return
    with (
        (out / "books.csv").open("w", encoding="utf-8-sig", newline="") as books_handle,
        (out / "periods.csv").open("w", encoding="utf-8-sig", newline="") as periods_handle,
    ):
        books, periods = csv.writer(books_handle), csv.writer(periods_handle)
        books.writerow(BOOK_HEADER)
        periods.writerow(PERIOD_HEADER)
        for book, its_periods in rows(count, per_book, seed):
            books.writerow(book)
            periods.writerows(its_periods)


def _write_shuffled_csv(out: Path, count: int, per_book: int, seed: int) -> None:
    """Both tables in an arbitrary order, not by number (held in memory: a bench size)."""
    books, periods = [], []
    for book, its_periods in rows(count, per_book, seed):
        books.append(book)
        periods += its_periods
    shuffler = random.Random(seed + 1)
    shuffler.shuffle(books)
    shuffler.shuffle(periods)
    for name, header, table in (
        ("books.csv", BOOK_HEADER, books),
        ("periods.csv", PERIOD_HEADER, periods),
    ):
        with (out / name).open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(table)


def write_xlsx(out: Path, count: int, per_book: int, seed: int) -> None:
    import xlsxwriter

    out.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(out / "books.xlsx"), {"constant_memory": True})
    # Two passes over the same seeded rows: constant_memory writes a sheet row by row.
    books_sheet = workbook.add_worksheet("Sổ")
    books_sheet.write_row(0, 0, BOOK_HEADER)
    for index, (book, _periods) in enumerate(rows(count, per_book, seed), start=1):
        books_sheet.write_row(index, 0, book)
    periods_sheet = workbook.add_worksheet("Quá trình đóng")
    periods_sheet.write_row(0, 0, PERIOD_HEADER)
    line = 0
    for _book, its_periods in rows(count, per_book, seed):
        for period in its_periods:
            line += 1
            periods_sheet.write_row(line, 0, period)
    workbook.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--books", type=int, required=True)
    parser.add_argument("--periods-per-book", type=int, default=5)
    parser.add_argument("--seed", type=int, default=112)
    parser.add_argument("--xlsx", action="store_true")
    parser.add_argument(
        "--shuffle", action="store_true", help="CSV tables in an arbitrary order, not by number"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    if args.xlsx:
        write_xlsx(args.out, args.books, args.periods_per_book, args.seed)
    else:
        write_csv(args.out, args.books, args.periods_per_book, args.seed, args.shuffle)
    print(
        f"files in {args.out}: {args.books} books, {args.books * args.periods_per_book} "
        f"periods, {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
